"""Request parsers that answer hostile bodies with a 4xx instead of failing inside Python."""

from __future__ import annotations

import json
import re

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from koma.core.errors import Invalid, TooLarge

# JSON may spell a UTF-16 surrogate as "\ud800"; json.loads turns a lone one into a Python
# str that cannot be encoded as UTF-8, so PostgreSQL, the JSON renderer and the log all fail
# on it later (a 500). No real text contains one.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_lone_surrogate(value: object) -> bool:
    """True if any string in the parsed body, key or value, at any depth, holds a surrogate."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            if _SURROGATE.search(current):
                return True
        elif isinstance(current, dict):
            stack.extend(current.keys())
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a size limit, a depth guard and a text check.

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
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            raise ParseError(f"JSON parse error - {type(exc).__name__}") from None
        if _has_lone_surrogate(data):
            raise Invalid("invalid_text")
        return data
