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


@shared_task(
    name="units.offer_open_units",  # koma.units.offers.OFFER_TASK
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=50,
    time_limit=55,
)
def offer_open_units_task(
    unit_ids: list[int] | None = None, job_id: int | None = None, **kwargs
) -> None:
    from koma.core import clock
    from koma.units.offers import offer_open_units

    offer_open_units(now=clock.now(), unit_ids=unit_ids, job_id=job_id)


@shared_task(name="units.sweep_offers", ignore_result=True, soft_time_limit=15, time_limit=18)
def sweep_offers_task(**kwargs) -> None:
    from koma.core import clock
    from koma.units.offers import sweep_offers

    sweep_offers(now=clock.now())
