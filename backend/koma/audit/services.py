from __future__ import annotations

from django.db import models

from koma.audit.models import AuditEvent
from koma.core.middleware import current_client_ip


def record_event(
    *, actor, verb: str, obj: models.Model, ip: str | None = None, **data
) -> AuditEvent:
    """Write one audit row inside the caller's transaction, so it commits with the change.

    `ip` defaults to the client IP of the request being served (ClientIpMiddleware); tasks
    and commands record none.
    """
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        object_type=obj._meta.model_name or "",
        object_id=obj.pk,
        data=data,
        ip=ip or current_client_ip(),
    )


def record_read(*, actor, verb: str, obj: models.Model, **data) -> AuditEvent:
    """Reading residents' data leaves a trace too: one INSERT, no other query."""
    return record_event(actor=actor, verb=verb, obj=obj, **data)
