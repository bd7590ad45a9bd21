from celery import shared_task


@shared_task(name="units.expire_leases", ignore_result=True, soft_time_limit=50, time_limit=55)
def expire_leases_task(**kwargs) -> None:
    from django.utils import timezone

    from koma.units.services import expire_leases

    expire_leases(now=timezone.now())


@shared_task(
    name="units.warn_expiring_leases", ignore_result=True, soft_time_limit=50, time_limit=55
)
def warn_expiring_leases_task(**kwargs) -> None:
    from django.utils import timezone

    from koma.units.services import warn_expiring_leases

    warn_expiring_leases(now=timezone.now())
