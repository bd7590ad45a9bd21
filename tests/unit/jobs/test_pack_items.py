import pytest

from koma.jobs.logic import LIMIT_UNIT_SECONDS, estimate_item_seconds, pack_items


@pytest.mark.parametrize(
    "estimates, expected",
    [
        ([], []),
        ([100], [[0]]),
        ([3000, 3000], [[0, 1]]),  # exactly the target
        ([3600, 3600, 100], [[0, 1], [2]]),  # 7200 is closer to the target than 3600
        ([5000, 2200], [[0], [1]]),  # stopping 1000 s short beats overshooting by 1200 s
        ([4000, 3000], [[0, 1]]),  # 7000 is closer to the target than 4000
        ([5000, 1500], [[0, 1]]),  # 6500 is closer to 6000 than stopping at 5000
        ([5000, 2300], [[0], [1]]),  # 7300 would pass the two-hour limit
        ([9000, 10], [[0], [1]]),  # an item above the limit gets a unit of its own
        ([2000] * 7, [[0, 1, 2], [3, 4, 5], [6]]),
    ],
)
def test_pack_items(estimates, expected):
    assert pack_items(estimates) == expected


@pytest.mark.parametrize("n, seconds", [(1000, 95), (333, 140), (50, 1234)])
def test_every_unit_stays_within_the_limit_and_order_is_kept(n, seconds):
    units = pack_items([seconds] * n)
    assert [i for unit in units for i in unit] == list(range(n))
    assert all(len(u) * seconds <= LIMIT_UNIT_SECONDS for u in units)


def test_the_estimate_grows_with_fields():
    one = estimate_item_seconds([{"kind": "text"}])
    two = estimate_item_seconds([{"kind": "text"}, {"kind": "kana"}])
    assert 15 < one < two
    assert estimate_item_seconds([{"kind": "text", "max_length": 2}]) < one
