"""The one way services push websocket events (docs/architecture.md A11): after commit, ids only."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)


def job_group(job_id: int) -> str:
    return f"job.{job_id}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def group_send(group: str, event: str, **ids) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": "koma.event", "event": event, **ids})
    except Exception:  # a lost push must never undo committed work; clients also poll
        log.exception("realtime push to %s failed", group)


def publish_on_commit(group: str, event: str, **ids) -> None:
    transaction.on_commit(lambda: group_send(group, event, **ids))
