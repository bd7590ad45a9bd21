"""Consumption tax on a 適格請求書: once per invoice per rate (docs/domain.md §4.1, §4.7).

Per-line rounding is not allowed: 3 × ¥335 at 10% is tax ¥100 (floor of 100.5), not 3 × ¥33.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from koma.jp.errors import MoneyError
from koma.jp.money import Rounding, divide_rounded, require_yen

STANDARD_RATE = 10  # percent
REDUCED_RATE = 8  # percent, 軽減税率 (food, newspapers)
ALLOWED_RATES = frozenset({STANDARD_RATE, REDUCED_RATE, 0})


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    amount: int  # integer yen; tax-exclusive unless the invoice says prices include tax
    rate: int = STANDARD_RATE  # percent


@dataclass(frozen=True, slots=True)
class RateTotal:
    rate: int
    net: int  # tax-exclusive total at this rate
    tax: int
    gross: int  # net + tax


@dataclass(frozen=True, slots=True)
class InvoiceTax:
    by_rate: tuple[RateTotal, ...]  # highest rate first, as invoices usually print them
    rounding: Rounding

    @property
    def net_total(self) -> int:
        return sum(r.net for r in self.by_rate)

    @property
    def tax_total(self) -> int:
        return sum(r.tax for r in self.by_rate)

    @property
    def gross_total(self) -> int:
        return sum(r.gross for r in self.by_rate)


def compute_invoice_tax(
    lines: Iterable[InvoiceLine],
    *,
    rounding: Rounding | str = Rounding.FLOOR,
    prices_include_tax: bool = False,
) -> InvoiceTax:
    """Group ``lines`` by rate and round the tax once per rate.

    Tax-exclusive: tax = round(net × rate / 100). Tax-inclusive: tax = round(gross × rate /
    (100 + rate)) and net = gross − tax. ``rounding`` is per customer; default floor.
    """
    mode = Rounding(rounding)
    sums: dict[int, int] = {}
    for line in lines:
        require_yen(line.amount, name="line amount")
        if type(line.rate) is not int or line.rate not in ALLOWED_RATES:
            raise MoneyError(f"unsupported tax rate {line.rate!r}", code="TAX_RATE")
        sums[line.rate] = sums.get(line.rate, 0) + line.amount
    totals = []
    for rate in sorted(sums, reverse=True):
        amount = sums[rate]
        if prices_include_tax:
            tax = divide_rounded(amount * rate, 100 + rate, rounding=mode)
            totals.append(RateTotal(rate=rate, net=amount - tax, tax=tax, gross=amount))
        else:
            tax = divide_rounded(amount * rate, 100, rounding=mode)
            totals.append(RateTotal(rate=rate, net=amount, tax=tax, gross=amount + tax))
    return InvoiceTax(by_rate=tuple(totals), rounding=mode)


def tax_for(
    amount: int, *, rate: int = STANDARD_RATE, rounding: Rounding | str = Rounding.FLOOR
) -> int:
    """Tax on one tax-exclusive total at one rate (the per-rate step of an invoice)."""
    return compute_invoice_tax([InvoiceLine(amount, rate)], rounding=rounding).tax_total
