"""Scoped reads for jobs (STYLE A9): the only way views reach a tenant's job."""

from __future__ import annotations

from django.db.models import QuerySet

from koma.accounts.models import Role
from koma.core.errors import NotFound
from koma.jobs.models import Job
from koma.workforce.selectors import coordinated_scope


def jobs_visible_to(*, user) -> QuerySet[Job]:
    roles = user.roles()
    if roles & {Role.COORDINATOR, Role.ADMIN}:
        return Job.objects.filter(coordinated_scope(user=user, municipality_field="municipality"))
    if Role.STAFF in roles:
        return Job.objects.filter(
            municipality__memberships__user=user, municipality__memberships__role=Role.STAFF
        )
    return Job.objects.none()


def get_job_for_viewer(*, user, job_id: int) -> Job:
    """Staff or assigned coordinators of the job's municipality. Missing and foreign: 404."""
    try:
        return jobs_visible_to(user=user).get(pk=job_id)
    except Job.DoesNotExist:
        raise NotFound("job_not_found") from None


def get_job_for_staff(*, user, job_id: int) -> Job:
    """Only the owning municipality's staff may change a job."""
    if Role.STAFF not in user.roles():
        raise NotFound("job_not_found")
    return get_job_for_viewer(user=user, job_id=job_id)


def job_progress(*, job: Job) -> dict:
    from django.db.models import Count

    from koma.units.models import Unit

    counts = {s: 0 for s in Unit.Status.values}
    for row in job.units.values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    items_accepted = job.items.filter(unit__status=Unit.Status.ACCEPTED).count()
    return {
        "job_id": job.id,
        "status": job.status,
        "units": counts,
        "unit_total": sum(counts.values()),
        "items_total": job.items.count(),
        "items_accepted": items_accepted,
        "split": {"state": job.split_state, "done": job.split_done, "total": job.split_total},
    }
