"""The one definition of what a unit pays (integer yen): per-item rate × the unit's items.

The unit screens show it and the ledger accrues it at acceptance; both call these.
Tax is computed once per invoice later (koma.jp), never per unit.
"""

from __future__ import annotations

from koma.units.models import Unit


def unit_quantity(unit: Unit) -> int:
    """Items the unit is paid for: all of them, fixed when the job was split."""
    return unit.item_count


def worker_pay_yen(unit: Unit) -> int:
    """What the worker earns when the unit is accepted."""
    return unit_quantity(unit) * unit.job.worker_rate_yen


def client_charge_yen(unit: Unit) -> int:
    """What the municipality is charged when the unit is accepted."""
    return unit_quantity(unit) * unit.job.client_rate_yen
