"""Pure algorithms for jobs: estimation and packing (docs/architecture.md A14). No ORM, no clock."""

from __future__ import annotations

import math

from koma.jobs.fields import KINDS  # per-kind estimates live with the kind

TARGET_UNIT_SECONDS = 100 * 60  # leave slack in a two-hour window for interruptions
LIMIT_UNIT_SECONDS = 120 * 60  # a unit never exceeds two hours of estimated work
BASE_SECONDS_PER_ITEM = 15  # find the item, read the image, move on


def estimate_item_seconds(field_schema: list[dict]) -> int:
    total = float(BASE_SECONDS_PER_ITEM)
    for field in field_schema:
        kind = KINDS[field["kind"]]
        chars, per_char = kind.chars, kind.seconds_per_char
        if field["kind"] == "text" and field.get("max_length"):
            chars = min(chars, int(field["max_length"]))
        total += chars * per_char
    return math.ceil(total)


def pack_items(
    estimates: list[int],
    *,
    target_s: int = TARGET_UNIT_SECONDS,
    limit_s: int = LIMIT_UNIT_SECONDS,
) -> list[list[int]]:
    """Pack items, in order, into units near `target_s` and never above `limit_s`.

    Returns lists of indices into `estimates`. No item is split; an item longer than
    the limit gets a unit of its own. An item that would overshoot the target joins the
    current unit only when that lands closer to the target than stopping short.
    """
    units: list[list[int]] = []
    current: list[int] = []
    current_s = 0
    for index, seconds in enumerate(estimates):
        if not current:
            current, current_s = [index], seconds
            continue
        after = current_s + seconds
        if after <= target_s:
            current.append(index)
            current_s = after
        elif after <= limit_s and after - target_s < target_s - current_s:
            current.append(index)
            units.append(current)
            current, current_s = [], 0
        else:
            units.append(current)
            current, current_s = [index], seconds
    if current:
        units.append(current)
    return units
