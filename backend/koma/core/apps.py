from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "koma.core"

    def ready(self) -> None:
        # Make Koma's Celery app (its broker) the current app in every process, not only
        # in the worker: web requests enqueue tasks too (by name; see config/celery.py).
        import config.celery  # noqa: F401
