"""Coordinator review: start, then accept, send back for rework, or reject (STYLE A5)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from koma.audit.services import record_event
from koma.billing.services import record_acceptance
from koma.core.errors import Conflict, Invalid
from koma.jobs.models import Job
from koma.quality.models import Review
from koma.realtime.publish import publish_on_commit, user_group
from koma.units.models import Unit
from koma.units.services import compare_and_set_unit, publish_unit_change

MAX_COMMENT_LENGTH = 2000
MAX_DEFECTS = 500
AUDIT_VERBS = {"accept": "unit.accepted", "rework": "unit.reworked", "reject": "unit.rejected"}


@transaction.atomic
def start_review(*, unit: Unit, reviewer, now: datetime) -> Unit:
    if unit.status == Unit.Status.IN_REVIEW and unit.reviewer_id == reviewer.pk:
        return unit
    if unit.status != Unit.Status.SUBMITTED:
        raise Conflict("unit_not_submitted")
    unit = compare_and_set_unit(unit, status=Unit.Status.IN_REVIEW, reviewer=reviewer)
    record_event(actor=reviewer, verb="unit.review_started", obj=unit)
    publish_unit_change(unit)
    return unit


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
        return unit  # a retried accept (STYLE A7)
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
    if decision == Review.Decision.ACCEPT:
        unit = compare_and_set_unit(
            unit, status=Unit.Status.ACCEPTED, accepted_at=now, lease_expires_at=None
        )
        record_acceptance(unit=unit)
        _complete_job_if_done(unit.job_id)
    elif decision == Review.Decision.REWORK:
        # Back to the same worker with a fresh lease; the drafts are theirs to fix.
        unit = compare_and_set_unit(
            unit,
            status=Unit.Status.RESERVED,
            lease_expires_at=now + timedelta(minutes=settings.KOMA_LEASE_MINUTES),
            claimed_at=now,
            submitted_at=None,
        )
    else:
        # Back to the pool for someone else; the first holder may not take it again.
        unit = compare_and_set_unit(
            unit,
            status=Unit.Status.OPEN,
            holder=None,
            claim_key="",
            lease_expires_at=None,
            submitted_at=None,
            excluded_worker_ids=[*unit.excluded_worker_ids, worker_id],
        )
    Review.objects.create(
        unit=unit,
        reviewer=reviewer,
        worker_id=worker_id,
        decision=decision,
        comment=comment,
        defects=clean_defects,
    )
    record_event(actor=reviewer, verb=AUDIT_VERBS[decision], obj=unit)
    publish_unit_change(unit)
    publish_on_commit(user_group(worker_id), "unit.reviewed", unit_id=unit.pk, decision=decision)
    return unit


def _complete_job_if_done(job_id: int) -> None:
    unfinished = Unit.objects.filter(job_id=job_id).exclude(status=Unit.Status.ACCEPTED)
    job = Job.objects.get(pk=job_id)
    if job.split_state == Job.SplitState.DONE and not unfinished.exists():
        Job.objects.filter(
            pk=job_id, status__in=[Job.Status.PUBLISHED, Job.Status.IN_PROGRESS]
        ).update(status=Job.Status.COMPLETED)
