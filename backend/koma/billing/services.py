from __future__ import annotations

from koma.billing.models import LedgerEntry
from koma.billing.pay import client_charge_yen, item_credits, unit_quantity
from koma.units.models import Unit


def record_acceptance(*, unit: Unit) -> list[LedgerEntry]:
    """Accrue the municipality's charge and one earning per worker share of an accepted unit
    (several after a hand-off or an expired lease: `item_credits`).

    Amounts come from koma.billing.pay, the same functions the unit screens show.
    """
    job = unit.job
    quantity = unit_quantity(unit)
    entries = [
        LedgerEntry(
            kind=LedgerEntry.Kind.CLIENT_CHARGE,
            municipality_id=job.municipality_id,
            job=job,
            unit=unit,
            quantity=quantity,
            unit_price_yen=job.client_rate_yen,
            amount_yen=client_charge_yen(unit),
        ),
    ]
    entries += [
        LedgerEntry(
            kind=LedgerEntry.Kind.WORKER_EARNING,
            municipality_id=job.municipality_id,
            worker_id=worker_id,
            job=job,
            unit=unit,
            quantity=items,
            unit_price_yen=job.worker_rate_yen,
            amount_yen=items * job.worker_rate_yen,
        )
        for worker_id, items in sorted(item_credits(unit).items())
        if items > 0
    ]
    return LedgerEntry.objects.bulk_create(entries)
