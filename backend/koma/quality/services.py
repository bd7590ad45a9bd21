"""Coordinator review: start, then accept, send back for rework, or reject (docs/architecture.md A5)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from koma.billing.services import record_acceptance
from koma.core.errors import Conflict, Invalid
from koma.jobs.calibration import enqueue_calibration_on_commit
from koma.jobs.transitions import complete_job_if_done
from koma.quality.models import Review
from koma.realtime.publish import publish_on_commit, user_group
from koma.units.models import Unit
from koma.units.transitions import lease_end, reset_unit_to_open, transition_unit
from koma.workforce.availability import current_window

MAX_COMMENT_LENGTH = 2000
MAX_DEFECTS = 500
AUDIT_VERBS = {"accept": "unit.accepted", "rework": "unit.reworked", "reject": "unit.rejected"}


@transaction.atomic
def start_review(*, unit: Unit, reviewer, now: datetime) -> Unit:
    if unit.status == Unit.Status.IN_REVIEW and unit.reviewer_id == reviewer.pk:
        return unit
    if unit.status != Unit.Status.SUBMITTED:
        raise Conflict("unit_not_submitted")
    return transition_unit(
        unit,
        from_states=[Unit.Status.SUBMITTED],
        to_state=Unit.Status.IN_REVIEW,
        actor=reviewer,
        verb="unit.review_started",
        reviewer=reviewer,
    )


def _clean_defects(defects: object, unit: Unit) -> list[dict]:
    if defects in (None, []):
        return []
    if not isinstance(defects, list) or len(defects) > MAX_DEFECTS:
        raise Invalid("invalid", fields={"defects": ["invalid_defects"]})
    item_ids = set(unit.items.values_list("id", flat=True))
    names = {f["name"] for f in unit.job.field_schema}
    clean = []
    for d in defects:
        if (
            not isinstance(d, dict)
            or d.get("item_id") not in item_ids
            or d.get("field") not in names
            or not isinstance(d.get("kind", "wrong_value"), str)
        ):
            raise Invalid("invalid", fields={"defects": ["invalid_defect"]})
        clean.append(
            {
                "item_id": d["item_id"],
                "field": d["field"],
                "kind": d.get("kind", "wrong_value")[:40],
            }
        )
    return clean


@transaction.atomic
def review_unit(
    *,
    unit: Unit,
    reviewer,
    decision: str,
    now: datetime,
    comment: str = "",
    defects: object = None,
) -> Unit:
    if unit.status == Unit.Status.ACCEPTED and decision == Review.Decision.ACCEPT:
        return unit  # a retried accept (docs/architecture.md A7)
    if decision not in Review.Decision.values:
        raise Invalid("invalid", fields={"decision": ["invalid_choice"]})
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT_LENGTH:
        raise Invalid("invalid", fields={"comment": ["too_long"]})
    if decision != Review.Decision.ACCEPT and not comment:
        raise Invalid("comment_required", fields={"comment": ["required"]})
    if unit.status != Unit.Status.IN_REVIEW:
        raise Conflict("unit_not_in_review")
    clean_defects = _clean_defects(defects, unit)
    worker_id = unit.holder_id
    assert worker_id is not None  # in review: the unit has the worker who submitted it
    verb = AUDIT_VERBS[decision]
    if decision == Review.Decision.ACCEPT:
        unit = transition_unit(
            unit,
            from_states=[Unit.Status.IN_REVIEW],
            to_state=Unit.Status.ACCEPTED,
            actor=reviewer,
            verb=verb,
            accepted_at=now,
            lease_expires_at=None,
        )
        record_acceptance(unit=unit)
        complete_job_if_done(unit.job_id, actor=reviewer)
        # The measured pace may have moved: calibrate (and maybe re-pack) after commit.
        enqueue_calibration_on_commit(unit.job_id)
    elif decision == Review.Decision.REWORK:
        # Back to the same worker with a fresh lease; the drafts are theirs to fix. The lease
        # is bound to the window she is in now, if any (else claim + 1.5 × estimate).
        assert unit.holder is not None  # in review: held by the worker who submitted it
        window = current_window(unit.holder, now)
        window_end = window.end if window else None
        unit = transition_unit(
            unit,
            from_states=[Unit.Status.IN_REVIEW],
            to_state=Unit.Status.RESERVED,
            actor=reviewer,
            verb=verb,
            lease_expires_at=lease_end(
                now=now,
                claimed_at=now,
                estimated_minutes=unit.estimated_minutes,
                window_ends_at=window_end,
            ),
            window_ends_at=window_end,
            paused_at=None,
            lease_warned_at=None,
            claimed_at=now,
            submitted_at=None,
        )
    else:
        # Back to the pool for someone else; the first holder may not take it again.
        unit = reset_unit_to_open(
            unit,
            from_states=[Unit.Status.IN_REVIEW],
            actor=reviewer,
            verb=verb,
            exclude_holder=True,
        )
    Review.objects.create(
        unit=unit,
        reviewer=reviewer,
        worker_id=worker_id,
        decision=decision,
        comment=comment,
        defects=clean_defects,
    )
    publish_on_commit(user_group(worker_id), "unit.reviewed", unit_id=unit.pk, decision=decision)
    return unit
