from __future__ import annotations

from koma.billing.models import LedgerEntry
from koma.billing.pay import client_charge_yen, unit_quantity, worker_pay_yen
from koma.units.models import Unit


def record_acceptance(*, unit: Unit) -> list[LedgerEntry]:
    """Accrue the municipality's charge and the worker's earning for an accepted unit.

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
        LedgerEntry(
            kind=LedgerEntry.Kind.WORKER_EARNING,
            municipality_id=job.municipality_id,
            worker_id=unit.holder_id,
            job=job,
            unit=unit,
            quantity=quantity,
            unit_price_yen=job.worker_rate_yen,
            amount_yen=worker_pay_yen(unit),
        ),
    ]
    return LedgerEntry.objects.bulk_create(entries)
