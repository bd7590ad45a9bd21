from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "koma.core"

    def ready(self) -> None:
        # Bind shared tasks to Koma's Celery app (its broker) in every process, not only
        # in the worker: web requests enqueue tasks too.
        import koma_worker.celery_app  # noqa: F401
