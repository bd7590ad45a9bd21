"""The one clock the API reads, so a test can stand at Tokyo midnight without patching code."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

TOKYO = ZoneInfo("Asia/Tokyo")


def now() -> datetime:
    """The current time, or `settings.KOMA_FIXED_NOW` (tests only; never set in production)."""
    fixed = getattr(settings, "KOMA_FIXED_NOW", None)
    if fixed is None:
        return timezone.now()
    return fixed if isinstance(fixed, datetime) else datetime.fromisoformat(fixed)


def tokyo_day_start(moment: datetime) -> datetime:
    """Midnight in Japan at the start of the day that holds `moment`, whatever the server zone."""
    return moment.astimezone(TOKYO).replace(hour=0, minute=0, second=0, microsecond=0)
