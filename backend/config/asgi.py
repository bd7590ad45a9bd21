"""One ASGI app: HTTP to Django, websockets to Channels, on the same port."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import django
from asgiref.sync import ThreadSensitiveContext
from django.core.handlers.asgi import ASGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup(set_prefix=False)  # what get_asgi_application() does before making its handler


class _RequestThread(ThreadPoolExecutor):
    """One thread that runs the sync code of one request at a time, request after request."""

    def __init__(self) -> None:
        super().__init__(max_workers=1, thread_name_prefix="koma-request")
        self.pending = 0
        self._lock = threading.Lock()

    def submit(self, fn, /, *args, **kwargs):
        with self._lock:
            self.pending += 1
        future = super().submit(fn, *args, **kwargs)
        # Registered before asyncio's own callback, so it has run when the awaiting request
        # resumes: `pending` is exact by the time the request ends.
        future.add_done_callback(self._done)
        return future

    def _done(self, _future) -> None:
        with self._lock:
            self.pending -= 1


class PooledThreadASGIHandler(ASGIHandler):
    """Django's ASGI handler, with each request's sync code (middleware, view, signals) on a
    thread taken from a pool instead of a new one.

    Django enters a ThreadSensitiveContext per request, for which asgiref starts a thread and,
    at the end, a second one to join it. Thread.start() waits on the event loop until the new
    thread runs, so on a busy machine every request stalled the loop twice (py-spy on the
    lists benchmark: ~8 % of the worker's samples). asgiref lets the context use an executor
    the caller owns; a request thread goes back to the pool once nothing of its request is
    left on it (a request cancelled by a client disconnect may still run there: that thread
    is retired). Threads are reused like a threaded WSGI server's: Django's per-request state
    (the database connection, the active language) is reset by its request signals.
    """

    MAX_IDLE = 32

    def __init__(self) -> None:
        super().__init__()
        self._idle: list[_RequestThread] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        thread = self._idle.pop() if self._idle else _RequestThread()
        try:
            async with ThreadSensitiveContext(executor=thread):
                await self.handle(scope, receive, send)
        finally:
            if thread.pending == 0 and len(self._idle) < self.MAX_IDLE:
                self._idle.append(thread)
            else:
                thread.shutdown(wait=False)  # finishes what it runs, then its thread ends


django_asgi = PooledThreadASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from koma.realtime.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
