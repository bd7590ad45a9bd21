"""Pure rules of keying (docs/architecture.md A14): no ORM, no clock."""

from __future__ import annotations

from collections.abc import Mapping


def stale_fields(
    *,
    stored: Mapping[str, str],
    field_versions: Mapping[str, int],
    incoming: Mapping[str, str],
    base_version: int,
) -> list[str]:
    """The fields a save based on `base_version` may not write (docs/architecture.md, Offline).

    A field conflicts when the save would change its stored value (the incoming value, already
    normalised, differs from what is stored) and the stored value itself was written after the
    version the client last saw. Fields the client leaves as stored, and fields nobody changed
    since `base_version`, never conflict: a save replayed from an outbox, or two saves of one
    draft racing each other, pass.
    """
    return [
        name
        for name, value in incoming.items()
        if value != stored.get(name, "") and field_versions.get(name, 0) > base_version
    ]
