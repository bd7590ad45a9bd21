"""Scoped reads for jobs (docs/architecture.md A9): the only way views reach a tenant's job."""

from __future__ import annotations

from django.db import connection
from django.db.models import BigIntegerField, QuerySet, Sum
from django.db.models.expressions import RawSQL

from koma.accounts.models import Role
from koma.core.errors import NotFound
from koma.jobs.models import Job, JobCounter
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


def get_job_for_viewer(*, user, job_id: int, counted: bool = False) -> Job:
    """Staff or assigned coordinators of the job's municipality. Missing and foreign: 404.
    `counted`: annotated with `with_counts` in the same query."""
    jobs = jobs_visible_to(user=user)
    try:
        return (with_counts(jobs) if counted else jobs).get(pk=job_id)
    except Job.DoesNotExist:
        raise NotFound("job_not_found") from None


def get_job_for_staff(*, user, job_id: int) -> Job:
    """Only the owning municipality's staff may change a job."""
    if Role.STAFF not in user.roles():
        raise NotFound("job_not_found")
    return get_job_for_viewer(user=user, job_id=job_id)


def _counter_sum(column: str, status_condition: str) -> RawSQL:
    """Sum of one JobCounter column over the outer job's shards (0 when it has none).

    Written as SQL: the same correlated subquery built with the ORM (OuterRef, Sum, Coalesce)
    cost more to compile on every request than the list's whole query takes to run.
    """
    counters = connection.ops.quote_name(JobCounter._meta.db_table)
    jobs = connection.ops.quote_name(Job._meta.db_table)
    return RawSQL(
        f"SELECT COALESCE(SUM({counters}.{connection.ops.quote_name(column)}), 0) FROM {counters} "
        f"WHERE {counters}.job_id = {jobs}.id AND {counters}.status {status_condition}",
        (),
        output_field=BigIntegerField(),
    )


_ITEM_COUNT = _counter_sum("items", "= ''")  # the item totals live in the status "" row
_UNIT_COUNT = _counter_sum("units", "> ''")  # the units, one row per status and shard


def with_counts(qs: QuerySet[Job]) -> QuerySet[Job]:
    """Annotate item_count and unit_count from the trigger-kept counters (no item scan)."""
    return qs.annotate(item_count=_ITEM_COUNT, unit_count=_UNIT_COUNT)


def job_counts(*, job_id: int) -> dict:
    """{"units": {status: n}, "items": {status: n}} plus "items_total", from the counters."""
    from koma.units.models import Unit

    units = dict.fromkeys(Unit.Status.values, 0)
    items = dict.fromkeys(Unit.Status.values, 0)
    items_total = 0
    rows = (
        JobCounter.objects.filter(job_id=job_id)
        .order_by()
        .values("status")
        .annotate(units_sum=Sum("units"), items_sum=Sum("items"))
    )
    for row in rows:
        if row["status"] == "":
            items_total = row["items_sum"]
        else:
            units[row["status"]] = row["units_sum"]
            items[row["status"]] = row["items_sum"]
    return {"units": units, "items": items, "items_total": items_total}


def job_progress(*, job: Job) -> dict:
    from koma.core import clock
    from koma.jobs.forecast import forecast_job
    from koma.units.models import Unit

    counts = job_counts(job_id=job.pk)
    return {
        "job_id": job.id,
        "status": job.status,
        "units": counts["units"],
        "unit_total": sum(counts["units"].values()),
        "items_total": counts["items_total"],
        "items_accepted": counts["items"][Unit.Status.ACCEPTED],
        "split": {"state": job.split_state, "done": job.split_done, "total": job.split_total},
        "forecast": forecast_job(job=job, now=clock.now()),
    }
