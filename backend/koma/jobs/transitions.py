"""The one way a job changes state once published (docs/architecture.md A5): guard, compare-and-set, audit, event."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F

from koma.accounts.models import User
from koma.audit.services import record_event
from koma.jobs.models import Job
from koma.realtime.publish import job_group, publish_on_commit


def transition_job(
    job_id: int,
    *,
    from_states: Iterable[str],
    to_state: str,
    actor: User | None,
    verb: str,
    version: int | None = None,
    **fields: Any,
) -> bool:
    """Move the job to `to_state` if it is in one of `from_states`. True if this call moved it.

    A job already past the transition is a no-op (False): the first claim moves a job into
    progress and later claims do not; the last acceptance completes it once. With `version`,
    the job must also still be the one the caller read (a concurrent edit makes it False).
    """
    guard = {"version": version} if version is not None else {}
    changed = Job.objects.filter(pk=job_id, status__in=list(from_states), **guard).update(
        status=to_state, version=F("version") + 1, **fields
    )
    if changed != 1:
        return False
    record_event(actor=actor, verb=verb, obj=Job(pk=job_id), status=to_state)
    publish_on_commit(job_group(job_id), "job.changed", job_id=job_id, status=to_state)
    return True


def start_job_if_published(job_id: int, *, actor: User | None) -> bool:
    """published → in_progress, on the first claim of one of its units."""
    return transition_job(
        job_id,
        from_states=[Job.Status.PUBLISHED],
        to_state=Job.Status.IN_PROGRESS,
        actor=actor,
        verb="job.started",
    )


def complete_job_if_done(job_id: int, *, actor: User | None) -> bool:
    """→ completed once every unit of a fully split job is accepted. Exactly once.

    The job row is locked first: two reviewers accepting the last two units at once would
    each otherwise see the other's unit still unaccepted and neither would complete the job.
    With the lock the second waits, then sees the first's acceptance.
    """
    from koma.units.models import Unit

    job = Job.objects.select_for_update(no_key=True).get(pk=job_id)
    if job.split_state != Job.SplitState.DONE:
        return False
    if Unit.objects.filter(job_id=job_id).exclude(status=Unit.Status.ACCEPTED).exists():
        return False
    return transition_job(
        job_id,
        from_states=[Job.Status.PUBLISHED, Job.Status.IN_PROGRESS],
        to_state=Job.Status.COMPLETED,
        actor=actor,
        verb="job.completed",
    )
