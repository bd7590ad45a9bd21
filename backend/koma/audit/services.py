from __future__ import annotations

from django.db import models

from koma.audit.models import AuditEvent


def record_event(
    *, actor, verb: str, obj: models.Model, ip: str | None = None, **data
) -> AuditEvent:
    """Write one audit row inside the caller's transaction, so it commits with the change."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        data=data,
        ip=ip,
    )
