"""Job teams (docs/architecture.md A27): a coordinator puts workers (and one leader) on a job;
a job with a team is claimable only by its members.

`jobs_closed_to` is the one definition of "a team job she is not on", read by
`units/selectors.claimable_units` (so the list, the claim and the offers agree).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from koma.accounts.models import User
from koma.core.errors import Invalid, NotFound
from koma.jobs.models import Job
from koma.workforce.models import TeamMember, WorkerProfile
from koma.workforce.selectors import coordinated_scope

MAX_TEAM = 200
MY_JOBS_LIMIT = 5
ACTIVE_JOB_STATES = (Job.Status.PUBLISHED, Job.Status.IN_PROGRESS)


def jobs_closed_to(*, worker: User) -> QuerySet[TeamMember, Any]:
    """Ids of the jobs that have a team without `worker` on it (a subquery, no rows fetched)."""
    mine = TeamMember.objects.filter(worker=worker).values("job_id")
    return TeamMember.objects.exclude(job_id__in=mine).values("job_id")


def get_job_for_coordinator(*, user: User, job_id: int) -> Job:
    """A job of a municipality `user` coordinates (coordinated_scope); else 404."""
    try:
        return Job.objects.filter(
            coordinated_scope(user=user, municipality_field="municipality")
        ).get(pk=job_id)
    except Job.DoesNotExist:
        raise NotFound("job_not_found") from None


def team_of(*, job: Job) -> list[dict[str, Any]]:
    rows = (
        TeamMember.objects.filter(job=job)
        .select_related("worker__worker_profile")
        .order_by("-leader", "worker__display_name", "worker_id")
    )
    return [
        {
            "worker_id": m.worker_id,
            "display_name": str(m.worker),
            "level": m.worker.worker_profile.level,
            "leader": m.leader,
        }
        for m in rows
    ]


def parse_team(payload: object) -> list[tuple[int, bool]]:
    """`{"members": [{"worker_id", "leader"}]}` → [(worker_id, leader)] or 400 `invalid_team`."""
    raw = payload.get("members") if isinstance(payload, dict) else None
    if not isinstance(raw, list):
        raise Invalid("invalid_team", fields={"members": ["not_a_list"]})
    if len(raw) > MAX_TEAM:
        raise Invalid("invalid_team", fields={"members": ["too_many"]})
    errors: dict[str, list[str]] = {}
    members: list[tuple[int, bool]] = []
    seen: set[int] = set()
    for i, row in enumerate(raw):
        path = f"members[{i}]"
        if not isinstance(row, dict):
            errors.setdefault(path, []).append("not_an_object")
            continue
        worker_id = row.get("worker_id")
        leader = row.get("leader", False)
        if isinstance(worker_id, bool) or not isinstance(worker_id, int):
            errors.setdefault(f"{path}.worker_id", []).append("not_an_integer")
            continue
        if not isinstance(leader, bool):
            errors.setdefault(f"{path}.leader", []).append("not_a_boolean")
            continue
        if worker_id in seen:
            errors.setdefault(f"{path}.worker_id", []).append("duplicate_worker")
            continue
        seen.add(worker_id)
        members.append((worker_id, leader))
    if sum(1 for _, leader in members if leader) > 1:
        errors.setdefault("members", []).append("more_than_one_leader")
    known = set(
        WorkerProfile.objects.filter(user_id__in=seen, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )
    for i, row in enumerate(raw):
        if isinstance(row, dict) and row.get("worker_id") in seen - known:
            errors.setdefault(f"members[{i}].worker_id", []).append("not_a_worker")
    if errors:
        raise Invalid("invalid_team", fields=errors)
    return members


@transaction.atomic
def replace_team(*, job: Job, members: list[tuple[int, bool]], by: User) -> list[dict[str, Any]]:
    """The job's whole team (PUT). An empty list opens the job to every eligible worker."""
    from koma.audit.services import record_event

    Job.objects.select_for_update(no_key=True).filter(pk=job.pk).first()  # one change at a time
    TeamMember.objects.filter(job=job).delete()
    TeamMember.objects.bulk_create(
        TeamMember(job=job, worker_id=worker_id, leader=leader) for worker_id, leader in members
    )
    record_event(
        actor=by,
        verb="job.team_set",
        obj=job,
        members=[w for w, _ in members],
        leader=next((w for w, leader in members if leader), None),
    )
    if not members:
        # The job opened to everyone: its open units may now be offered to others.
        from koma.units.offers import enqueue_offers_on_commit

        enqueue_offers_on_commit(job_id=job.pk)
    return team_of(job=job)


def jobs_for_worker(*, worker: User, now: datetime) -> list[dict[str, Any]]:
    """The worker's active jobs: those whose team she is on or with work she may claim now,
    at most MY_JOBS_LIMIT, by deadline; with her counts in each."""
    from koma.units.models import Unit
    from koma.units.selectors import claimable_units

    claimable = claimable_units(worker=worker, now=now)
    team_jobs = TeamMember.objects.filter(worker=worker).values("job_id")
    # EXISTS per active job (an index probe each), not the whole open pool grouped by job.
    has_work = Exists(claimable.order_by().filter(job_id=OuterRef("pk")))
    jobs = list(
        Job.objects.filter(status__in=ACTIVE_JOB_STATES)
        .filter(Q(pk__in=team_jobs) | has_work)
        .order_by("deadline", "-priority", "id")
        .only("id", "title", "deadline", "status")[:MY_JOBS_LIMIT]
    )
    ids = [j.pk for j in jobs]
    can_claim = dict(
        claimable.filter(job_id__in=ids)
        .order_by()
        .values("job_id")
        .annotate(n=Count("id"))
        .values_list("job_id", "n")
    )
    mine = {
        (row["job_id"], row["status"]): row["n"]
        for row in Unit.objects.filter(job_id__in=ids, holder=worker)
        .order_by()
        .values("job_id", "status")
        .annotate(n=Count("id"))
    }
    leads = dict(
        TeamMember.objects.filter(worker=worker, job_id__in=ids).values_list("job_id", "leader")
    )
    return [
        {
            "job_id": j.pk,
            "title": j.title,
            "deadline": j.deadline,
            "status": j.status,
            "team_member": j.pk in leads,
            "leader": leads.get(j.pk, False),
            "claimable_units": can_claim.get(j.pk, 0),
            "held_units": mine.get((j.pk, Unit.Status.RESERVED), 0),
            "submitted_units": mine.get((j.pk, Unit.Status.SUBMITTED), 0)
            + mine.get((j.pk, Unit.Status.IN_REVIEW), 0),
            "accepted_units": mine.get((j.pk, Unit.Status.ACCEPTED), 0),
        }
        for j in jobs
    ]
