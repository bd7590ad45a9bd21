"""Pure algorithms for jobs: estimation and packing (docs/architecture.md A14). No ORM, no clock."""

from __future__ import annotations

import math

from koma.jobs.fields import KINDS  # per-kind estimates live with the kind

DEFAULT_UNIT_TARGET_MINUTES = 100  # leave slack in a two-hour window for interruptions
MIN_UNIT_TARGET_MINUTES = 15  # a job may ask for smaller units (short windows), not tiny ones
MAX_UNIT_TARGET_MINUTES = 120
TARGET_UNIT_SECONDS = DEFAULT_UNIT_TARGET_MINUTES * 60
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
    documents: list[str] | None = None,
    target_s: int = TARGET_UNIT_SECONDS,
    limit_s: int = LIMIT_UNIT_SECONDS,
) -> list[list[int]]:
    """Pack items, in order, into units near `target_s` and never above `limit_s`.

    Returns lists of indices into `estimates`. No item is split; an item longer than
    the limit gets a unit of its own. A block that would overshoot the target joins the
    current unit only when that lands closer to the target than stopping short.

    `documents` (one key per item, "" for none) keeps a source document's items together:
    the blocks packed are documents, in the order of their first item, each document's
    items in their own order (an item without a key is a document of its own). A document
    whose items alone exceed `limit_s` is the one exception: it is split at item
    boundaries into units of its own (packed like loose items), never mixed with another
    document's items.
    """
    units: list[list[int]] = []
    current: list[int] = []
    current_s = 0
    for block in _blocks(documents, len(estimates)):
        seconds = sum(estimates[i] for i in block)
        if len(block) > 1 and seconds > limit_s:
            if current:
                units.append(current)
                current, current_s = [], 0
            split = _pack_loose([estimates[i] for i in block], target_s, limit_s)
            units.extend([block[i] for i in unit] for unit in split)
            continue
        if not current:
            current, current_s = list(block), seconds
            continue
        after = current_s + seconds
        if after <= target_s:
            current.extend(block)
            current_s = after
        elif after <= limit_s and after - target_s < target_s - current_s:
            current.extend(block)
            units.append(current)
            current, current_s = [], 0
        else:
            units.append(current)
            current, current_s = list(block), seconds
    if current:
        units.append(current)
    return units


def _blocks(documents: list[str] | None, n: int) -> list[list[int]]:
    """Indices grouped by document key, in the order of each document's first item."""
    if documents is None:
        return [[i] for i in range(n)]
    blocks: list[list[int]] = []
    by_key: dict[str, list[int]] = {}
    for index, key in enumerate(documents):
        if not key:
            blocks.append([index])
        elif key in by_key:
            by_key[key].append(index)
        else:
            by_key[key] = [index]
            blocks.append(by_key[key])
    return blocks


def _pack_loose(estimates: list[int], target_s: int, limit_s: int) -> list[list[int]]:
    return pack_items(estimates, target_s=target_s, limit_s=limit_s)


def target_seconds(unit_target_minutes: int) -> int:
    """A job's unit target in seconds (Job.unit_target_minutes, 15..120)."""
    return unit_target_minutes * 60


def drifted(measured: float, estimate: float, *, tolerance: float) -> bool:
    """True when `measured` differs from `estimate` by more than `tolerance` (0.15 = 15 %)."""
    if estimate <= 0:
        return measured > 0
    return abs(measured - estimate) / estimate > tolerance


def scale_seconds(seconds: int, factor: float) -> int:
    """An item's estimate scaled by the calibrated pace: whole seconds, at least 1."""
    return max(1, round(seconds * factor))
