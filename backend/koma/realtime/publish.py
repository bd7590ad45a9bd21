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


def group_send_many(messages: list[tuple[str, str, dict]]) -> None:
    """Many events in one event-loop hop: (group, event, ids) each.

    An offer round pushes one event per offer; one `async_to_sync` per event costs a thread
    hand-off each (about 30 ms under load), so a round of 200 offers waited seconds.
    """
    layer = get_channel_layer()
    if layer is None or not messages:
        return

    async def send_all() -> None:
        # One after the other: the channel layer's connection pool is small, and each send
        # is a few Redis round trips once the loop is running.
        for group, event, ids in messages:
            try:
                await layer.group_send(group, {"type": "koma.event", "event": event, **ids})
            except Exception:
                log.exception("realtime push to %s failed", group)

    try:
        async_to_sync(send_all)()
    except Exception:  # a lost push must never undo committed work; clients also poll
        log.exception("realtime push of %d events failed", len(messages))


def publish_many_on_commit(messages: list[tuple[str, str, dict]]) -> None:
    if messages:
        transaction.on_commit(lambda: group_send_many(messages))
