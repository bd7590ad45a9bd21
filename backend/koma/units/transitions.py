"""The one way a unit changes state (docs/architecture.md A5): guard, compare-and-set, audit row, event.

Every service that moves a unit calls `transition_unit`; none writes `Unit.status` itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import F

from koma.accounts.models import User
from koma.audit.services import record_event
from koma.core.errors import Conflict
from koma.realtime.publish import job_group, publish_on_commit
from koma.units.models import Unit

# A lease never runs longer than this many times the unit's estimate after the claim.
LEASE_ESTIMATE_FACTOR = 1.5


def lease_limit(
    *, claimed_at: datetime, estimated_minutes: int, window_ends_at: datetime | None
) -> datetime:
    """The latest a lease may ever end: the window's end + KOMA_LEASE_GRACE_MINUTES, and never
    later than the claim + 1.5 × the estimate (no window: a rework outside the worker's hours)."""
    limit = claimed_at + timedelta(minutes=estimated_minutes * LEASE_ESTIMATE_FACTOR)
    if window_ends_at is not None:
        limit = min(limit, window_ends_at + timedelta(minutes=settings.KOMA_LEASE_GRACE_MINUTES))
    return limit


def lease_end(
    *,
    now: datetime,
    claimed_at: datetime,
    estimated_minutes: int,
    window_ends_at: datetime | None,
) -> datetime:
    """THE end of a lease taken or renewed at `now` (docs/architecture.md A25).

    The earliest of: `now` + KOMA_LEASE_MINUTES (an idle phone loses the unit), and
    `lease_limit` (the window's end + grace, the claim + 1.5 × estimate). A claim passes
    `now=claimed_at`; a heartbeat or save passes its own time and extends only up to the limit.
    """
    idle_end = now + timedelta(minutes=settings.KOMA_LEASE_MINUTES)
    return min(
        idle_end,
        lease_limit(
            claimed_at=claimed_at,
            estimated_minutes=estimated_minutes,
            window_ends_at=window_ends_at,
        ),
    )


def publish_unit_change(unit: Unit) -> None:
    publish_on_commit(
        job_group(unit.job_id),
        "unit.changed",
        job_id=unit.job_id,
        unit_id=unit.pk,
        status=unit.status,
        version=unit.version,
    )


def transition_unit(
    unit: Unit,
    *,
    from_states: Iterable[str],
    to_state: str,
    actor: User | None,
    verb: str,
    audit: dict | None = None,
    **fields: Any,
) -> Unit:
    """Move `unit` from one of `from_states` to `to_state`, setting `fields` too.

    The UPDATE matches the version the caller read and the allowed states, so of two
    concurrent transitions exactly one wins; the loser gets 409 `unit_changed_concurrently`.
    Runs inside the caller's transaction: the audit row commits with the change and the
    realtime event is sent only after commit.
    """
    changed = Unit.objects.filter(
        pk=unit.pk, version=unit.version, status__in=list(from_states)
    ).update(status=to_state, version=F("version") + 1, **fields)
    if changed != 1:
        raise Conflict("unit_changed_concurrently")  # someone else got there first
    unit.refresh_from_db()
    record_event(actor=actor, verb=verb, obj=unit, **(audit or {}))
    publish_unit_change(unit)
    return unit


def reset_unit_to_open(
    unit: Unit,
    *,
    from_states: Iterable[str],
    actor: User | None,
    verb: str,
    exclude_holder: bool = False,
) -> Unit:
    """Back to the pool (release, hand-off, lease expiry, reject). Drafts stay with the unit:
    the holder's complete entries are kept and credited to her (`effective_entries`).

    `exclude_holder` bars the last holder from taking it again (after a reject).
    """
    holder_id = unit.holder_id
    excluded = list(unit.excluded_worker_ids)
    if exclude_holder and holder_id is not None and holder_id not in excluded:
        excluded.append(holder_id)
    from koma.units.offers import enqueue_offers_on_commit

    # Open again: offered to the next worker after commit (docs/architecture.md A26).
    enqueue_offers_on_commit(unit_ids=[unit.pk])
    return transition_unit(
        unit,
        from_states=from_states,
        to_state=Unit.Status.OPEN,
        actor=actor,
        verb=verb,
        audit={"holder_id": holder_id},
        holder=None,
        claim_key="",
        lease_expires_at=None,
        window_ends_at=None,
        paused_at=None,
        lease_warned_at=None,
        submitted_at=None,
        excluded_worker_ids=excluded,
    )
