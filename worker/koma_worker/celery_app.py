"""The worker's view of the Celery app: its task modules and the beat schedule.

The app itself (broker, delivery settings) lives in ``config.celery`` so the web process can
enqueue by name without importing this package.
"""

from config.celery import app

__all__ = ["app"]

app.conf.imports = ("koma_worker.tasks.jobs", "koma_worker.tasks.units")
app.conf.beat_schedule = {
    # Every minute (https://crontab.guru/#*_*_*_*_*): leases end at a fixed time after a claim.
    "units.expire_leases": {"task": "units.expire_leases", "schedule": 60.0},
    # Every minute: tell holders whose lease ends within 10 minutes (once per lease end).
    "units.warn_expiring_leases": {"task": "units.warn_expiring_leases", "schedule": 60.0},
    # Every 20 seconds: pass on expired offers (KOMA_OFFER_SECONDS) and offer open units.
    "units.sweep_offers": {"task": "units.sweep_offers", "schedule": 20.0},
    # Every minute (https://crontab.guru/#*_*_*_*_*): re-enqueue splits whose task was lost.
    "jobs.sweep_stale_splits": {"task": "jobs.sweep_stale_splits", "schedule": 60.0},
    # Every 10 minutes (https://crontab.guru/#*/10_*_*_*_*): calibrations whose task was lost.
    "jobs.sweep_calibrations": {"task": "jobs.sweep_calibrations", "schedule": 600.0},
}
