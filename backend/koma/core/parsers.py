"""Request parsers that answer hostile bodies with a 4xx instead of failing inside Python."""

from __future__ import annotations

import json

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from koma.core.errors import TooLarge


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a size limit and a depth guard.

    DRF reads JSON bodies without Django's DATA_UPLOAD_MAX_MEMORY_SIZE, and json.loads
    raises RecursionError (a 500) on arrays nested thousands deep.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise TooLarge("request_too_large")
        if not raw:
            return {}
        try:
            return json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            raise ParseError(f"JSON parse error - {type(exc).__name__}") from None
