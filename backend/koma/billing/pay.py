"""The one definition of what a unit pays (integer yen): per-item rate × the unit's items,
and who earns which share of it (docs/architecture.md A25).

The unit screens show it and the ledger accrues it at acceptance; both call these.
Tax is computed once per invoice later (koma.jp), never per unit.
"""

from __future__ import annotations

from collections.abc import Iterable

from koma.units.models import Entry, Unit


def unit_quantity(unit: Unit) -> int:
    """Items the unit is paid for: all of them, fixed when the job was split."""
    return unit.item_count


def worker_pay_yen(unit: Unit) -> int:
    """What the worker earns when the unit is accepted."""
    return unit_quantity(unit) * unit.job.worker_rate_yen


def client_charge_yen(unit: Unit) -> int:
    """What the municipality is charged when the unit is accepted."""
    return unit_quantity(unit) * unit.job.client_rate_yen


def item_credits(unit: Unit, *, entries: Iterable[Entry] | None = None) -> dict[int, int]:
    """{worker_id: items credited} for `unit` (after a hand-off or an expired lease, several).

    Each item is credited to the worker of its effective entry (`units.selectors.
    effective_entries`): the holder's own entry, else the latest complete entry of a worker
    who held the unit before. Items keyed by nobody go to the holder (the one who handed the
    unit in). The credits sum to `unit_quantity(unit)` exactly.
    """
    from koma.units.selectors import effective_entries

    assert unit.holder_id is not None  # handed in: the unit has a holder
    credits: dict[int, int] = {}
    for entry in effective_entries(unit, entries=entries).values():
        if entry.worker_id != unit.holder_id:
            credits[entry.worker_id] = credits.get(entry.worker_id, 0) + 1
    credits[unit.holder_id] = unit_quantity(unit) - sum(credits.values())
    return credits


def worker_shares_yen(unit: Unit, *, entries: Iterable[Entry] | None = None) -> dict[int, int]:
    """{worker_id: yen} of `worker_pay_yen(unit)`: items credited × the job's per-item rate.

    Pay is per item, so the shares are integer yen and sum to the unit's pay with no
    remainder to round (the rule, if a rate ever stopped being per item: the remainder goes
    to the holder).
    """
    rate = unit.job.worker_rate_yen
    return {
        worker_id: items * rate for worker_id, items in item_credits(unit, entries=entries).items()
    }
