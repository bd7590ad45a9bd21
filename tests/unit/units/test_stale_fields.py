"""The offline sync rule: which fields a save based on an older entry version may not write."""

import pytest

from koma.units.logic import stale_fields

STORED = {"name": "山田", "postal_code": "963-8601"}
# name written at version 3 (by another device), postal_code at version 1
CHANGED_AT = {"name": 3, "postal_code": 1}


@pytest.mark.parametrize(
    "incoming, base, stale",
    [
        # the client saw version 3: nothing it sends is stale
        ({"name": "佐藤", "postal_code": "100-0001"}, 3, []),
        # it saw version 2 and would change name, which the server changed at 3
        ({"name": "佐藤"}, 2, ["name"]),
        # it sends name as the server has it: no change, no conflict
        ({"name": "山田", "postal_code": "100-0001"}, 2, []),
        # postal_code changed at 1, before what the client saw
        ({"postal_code": "100-0001"}, 2, []),
        # the client saw no entry (0): every field the server holds and it would change conflicts
        ({"name": "佐藤", "postal_code": "100-0001"}, 0, ["name", "postal_code"]),
        # a field the server never stored is the empty string
        ({"kana": ""}, 0, []),
        ({"kana": "ヤマダ"}, 0, []),
    ],
)
def test_stale_fields(incoming, base, stale):
    assert (
        stale_fields(stored=STORED, field_versions=CHANGED_AT, incoming=incoming, base_version=base)
        == stale
    )
