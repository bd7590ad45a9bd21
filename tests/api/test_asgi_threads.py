"""The ASGI handler runs each request's sync code on a pooled thread, reused request after
request (Django's own starts a thread per request, and another to join it)."""

from __future__ import annotations

import asyncio
import threading

import pytest
from asgiref.testing import ApplicationCommunicator
from django.core.signals import request_finished

from config.asgi import PooledThreadASGIHandler


async def _get(app, path: str) -> int:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
    }
    communicator = ApplicationCommunicator(app, scope)
    await communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await communicator.receive_output(5)
    await communicator.receive_output(5)  # the body
    await communicator.wait(5)
    return start["status"]


@pytest.mark.django_db
def test_requests_reuse_one_pooled_thread_off_the_event_loop():
    seen: list[int] = []

    def record(**kwargs) -> None:
        seen.append(threading.get_ident())

    request_finished.connect(record, weak=False)
    try:
        app = PooledThreadASGIHandler()

        async def three_requests() -> tuple[list[int], int]:
            statuses = [await _get(app, "/api/v1/auth/csrf") for _ in range(3)]
            return statuses, threading.get_ident()

        statuses, loop_thread = asyncio.run(three_requests())
    finally:
        request_finished.disconnect(record)
    assert statuses == [200, 200, 200]
    assert len(seen) == 3 and len(set(seen)) == 1  # one thread, reused
    assert loop_thread not in seen  # the sync code never runs on the event loop
    assert len(app._idle) == 1


@pytest.mark.django_db
def test_concurrent_requests_get_threads_of_their_own():
    app = PooledThreadASGIHandler()

    async def together() -> list[int]:
        return list(await asyncio.gather(*(_get(app, "/api/v1/auth/csrf") for _ in range(3))))

    assert asyncio.run(together()) == [200, 200, 200]
    assert 1 <= len(app._idle) <= 3  # each back in the pool once its request ended
