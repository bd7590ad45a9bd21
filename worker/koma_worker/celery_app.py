"""The Celery application: configuration from Django settings, routing and the beat schedule."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("koma")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.imports = ("koma_worker.tasks.jobs", "koma_worker.tasks.units")
app.conf.beat_schedule = {
    # Every minute (https://crontab.guru/#*_*_*_*_*): leases end at a fixed time after a claim.
    "units.expire_leases": {"task": "units.expire_leases", "schedule": 60.0},
}
