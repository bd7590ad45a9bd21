"""The minutes a worker may claim per Japanese day and week (docs/architecture.md A26).

One definition of a worker's caps: her own override (WorkerProfile.daily_cap_minutes /
weekly_cap_minutes, set by a coordinator), else her level's row (LevelCaps), else the
settings' defaults. `units/selectors.claim_budget` counts claims against these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from koma.core.errors import Invalid
from koma.workforce.models import LevelCaps, WorkerProfile

MAX_CAP_MINUTES = 7 * 24 * 60


@dataclass(frozen=True)
class Caps:
    daily_minutes: int
    weekly_minutes: int


def _default() -> Caps:
    return Caps(settings.KOMA_DAILY_CAP_MINUTES, settings.KOMA_WEEKLY_CAP_MINUTES)


def _level_caps(levels: Iterable[int]) -> dict[int, Caps]:
    return {
        level: Caps(daily, weekly)
        for level, daily, weekly in LevelCaps.objects.filter(level__in=set(levels)).values_list(
            "level", "daily_minutes", "weekly_minutes"
        )
    }


def _resolve(profile: WorkerProfile, by_level: dict[int, Caps]) -> Caps:
    base = by_level.get(profile.level) or _default()
    return Caps(
        daily_minutes=(
            profile.daily_cap_minutes
            if profile.daily_cap_minutes is not None
            else base.daily_minutes
        ),
        weekly_minutes=(
            profile.weekly_cap_minutes
            if profile.weekly_cap_minutes is not None
            else base.weekly_minutes
        ),
    )


def caps_for(profile: WorkerProfile | None) -> Caps:
    """The worker's caps; no query when both are overridden on the profile."""
    if profile is None:
        return _default()
    if profile.daily_cap_minutes is not None and profile.weekly_cap_minutes is not None:
        return _resolve(profile, {})
    return _resolve(profile, _level_caps([profile.level]))


def caps_for_many(profiles: Iterable[WorkerProfile]) -> dict[int, Caps]:
    """{user_id: Caps} in one query (offers read the whole pool)."""
    profiles = list(profiles)
    by_level = _level_caps(p.level for p in profiles)
    return {p.user_id: _resolve(p, by_level) for p in profiles}


# --- coordinators: the levels' table ----------------------------------------------------------


def levels_table() -> list[dict[str, int | str]]:
    """Every level with its caps (the defaults for a level without a row)."""
    rows = _level_caps(WorkerProfile.Level.values)
    return [
        {
            "level": level,
            "label": str(label),
            "daily_minutes": rows.get(level, _default()).daily_minutes,
            "weekly_minutes": rows.get(level, _default()).weekly_minutes,
        }
        for level, label in WorkerProfile.Level.choices
    ]


def _minutes(value: object, path: str, errors: dict[str, list[str]]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        errors.setdefault(path, []).append("not_an_integer")
        return None
    if not 0 <= value <= MAX_CAP_MINUTES:
        errors.setdefault(path, []).append("out_of_range")
        return None
    return value


def parse_levels(payload: object) -> list[tuple[int, int, int]]:
    """`{"levels": [{"level", "daily_minutes", "weekly_minutes"}, ...]}` or 400 `invalid_caps`."""
    raw = payload.get("levels") if isinstance(payload, dict) else None
    if not isinstance(raw, list) or not raw:
        raise Invalid("invalid_caps", fields={"levels": ["not_a_list"]})
    errors: dict[str, list[str]] = {}
    rows: list[tuple[int, int, int]] = []
    seen: set[int] = set()
    for i, row in enumerate(raw):
        path = f"levels[{i}]"
        if not isinstance(row, dict):
            errors.setdefault(path, []).append("not_an_object")
            continue
        level = row.get("level")
        if isinstance(level, bool) or level not in WorkerProfile.Level.values:
            errors.setdefault(f"{path}.level", []).append("invalid_level")
            continue
        if level in seen:
            errors.setdefault(f"{path}.level", []).append("duplicate_level")
            continue
        seen.add(level)
        daily = _minutes(row.get("daily_minutes"), f"{path}.daily_minutes", errors)
        weekly = _minutes(row.get("weekly_minutes"), f"{path}.weekly_minutes", errors)
        if daily is None or weekly is None:
            continue
        if daily > weekly:
            errors.setdefault(f"{path}.daily_minutes", []).append("above_weekly")
            continue
        rows.append((level, daily, weekly))
    if errors:
        raise Invalid("invalid_caps", fields=errors)
    return rows


@transaction.atomic
def set_level_caps(*, by: object, rows: list[tuple[int, int, int]]) -> list[dict[str, int | str]]:
    from koma.audit.services import record_event

    for level, daily, weekly in rows:
        caps, _ = LevelCaps.objects.update_or_create(
            level=level, defaults={"daily_minutes": daily, "weekly_minutes": weekly}
        )
        record_event(
            actor=by, verb="workforce.level_caps_set", obj=caps, daily=daily, weekly=weekly
        )
    return levels_table()
