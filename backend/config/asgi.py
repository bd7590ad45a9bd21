"""One ASGI app: HTTP to Django, websockets to Channels, on the same port."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi = get_asgi_application()

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

# Everything made while loading the app (Django, DRF, the URL and model registries, the
# Japanese data tables) lives as long as the process. Frozen, the collector's full passes skip
# it: a full pass over those ~100,000 objects took 230-300 ms on the 2-core benchmark machine
# and stalled every request queued on the worker (bench/lists, docs/architecture.md).
gc.freeze()
