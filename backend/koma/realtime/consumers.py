from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from koma.realtime.publish import job_group, user_group


class _EventConsumer(AsyncJsonWebsocketConsumer):
    group: str | None = None

    async def disconnect(self, code):
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def koma_event(self, message):
        await self.send_json({k: v for k, v in message.items() if k != "type"})

    async def receive_json(self, content, **kwargs):
        # Clients only listen; a ping keeps proxies from closing idle sockets.
        if content == {"type": "ping"}:
            await self.send_json({"event": "pong"})


class JobConsumer(_EventConsumer):
    """/ws/jobs/{id}/ — the job's municipality staff and coordinators."""

    async def connect(self):
        user = self.scope.get("user")
        job_id = self.scope["url_route"]["kwargs"]["job_id"]
        if not user or not user.is_authenticated or not await _can_watch_job(user, job_id):
            await self.close(code=4403)
            return
        self.group = job_group(job_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()


class MeConsumer(_EventConsumer):
    """/ws/me/ — decisions and lease warnings for the logged-in user."""

    async def connect(self):
        user = self.scope.get("user")
        if not user or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.group = user_group(user.id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()


@database_sync_to_async
def _can_watch_job(user, job_id: int) -> bool:
    from koma.core.errors import NotFound
    from koma.jobs.selectors import get_job_for_viewer

    try:
        get_job_for_viewer(user=user, job_id=job_id)
    except NotFound:
        return False
    return True
