from __future__ import annotations

from koma.billing.models import LedgerEntry
from koma.units.models import Unit


def record_acceptance(*, unit: Unit) -> list[LedgerEntry]:
    """Accrue the municipality's charge and the worker's earning for an accepted unit.

    Integer yen only: per-item rate × item count. Tax is computed once per invoice later
    (koma.jp), never per line.
    """
    job = unit.job
    quantity = unit.items.count()
    entries = [
        LedgerEntry(
            kind=LedgerEntry.Kind.CLIENT_CHARGE,
            municipality_id=job.municipality_id,
            job=job,
            unit=unit,
            quantity=quantity,
            unit_price_yen=job.client_rate_yen,
            amount_yen=quantity * job.client_rate_yen,
        ),
        LedgerEntry(
            kind=LedgerEntry.Kind.WORKER_EARNING,
            municipality_id=job.municipality_id,
            worker_id=unit.holder_id,
            job=job,
            unit=unit,
            quantity=quantity,
            unit_price_yen=job.worker_rate_yen,
            amount_yen=quantity * job.worker_rate_yen,
        ),
    ]
    return LedgerEntry.objects.bulk_create(entries)
