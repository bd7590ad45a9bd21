"""Koma's Celery application, shared by the web process and the worker.

The web process only enqueues, by task name (``app.send_task``), so it never imports the
worker's task modules; the worker (``koma_worker.celery_app``) adds its task modules and the
beat schedule to this same app.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("koma")
app.config_from_object("django.conf:settings", namespace="CELERY")
