import random

import pytest

from koma.jobs.logic import (
    LIMIT_UNIT_SECONDS,
    drifted,
    estimate_item_seconds,
    pack_items,
    scale_seconds,
    target_seconds,
)


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


@pytest.mark.parametrize(
    "estimates, target_min, expected",
    [
        ([600] * 7, 30, [[0, 1, 2], [3, 4, 5], [6]]),  # 30-minute units for short windows
        ([600] * 7, 15, [[0], [1], [2], [3], [4], [5], [6]]),  # 1200 s would pass 900 by more
        ([500] * 4, 15, [[0, 1], [2, 3]]),  # 1000 s: 100 over beats 400 short
        ([2000, 2000], 30, [[0], [1]]),  # an item above the target still gets a unit
    ],
)
def test_pack_items_to_a_job_target(estimates, target_min, expected):
    assert pack_items(estimates, target_s=target_seconds(target_min)) == expected


@pytest.mark.parametrize(
    "estimates, documents, expected",
    [
        # Loose, the third item would join the first unit; as documents a and b stay whole.
        ([2000] * 4, ["a", "a", "b", "b"], [[0, 1], [2, 3]]),
        ([2000] * 4, None, [[0, 1, 2], [3]]),
        ([2000] * 4, ["", "", "", ""], [[0, 1, 2], [3]]),  # no key: each item on its own
        # A document is one block wherever its items are: a's second page joins its first.
        ([1000] * 3, ["a", "b", "a"], [[0, 2, 1]]),
        # A document alone above two hours is split at item boundaries, in units of its own.
        (
            [1000, 3000, 3000, 3000, 3000, 1000],
            ["x", "big", "big", "big", "big", "y"],
            [[0], [1, 2], [3, 4], [5]],
        ),
        # A document that fits stays whole even when it lands above the target (not the limit).
        ([3000, 3500, 3500], ["a", "b", "b"], [[0], [1, 2]]),
    ],
)
def test_pack_items_keeps_a_documents_items_together(estimates, documents, expected):
    assert pack_items(estimates, documents=documents) == expected


@pytest.mark.parametrize("seed", range(20))
def test_documents_are_never_split_unless_alone_above_the_limit(seed):
    rng = random.Random(seed)
    estimates, documents = [], []
    for d in range(rng.randint(1, 40)):
        for _ in range(rng.randint(1, 12)):
            estimates.append(rng.randint(30, 900))
            documents.append(f"doc{d}")
    target = rng.choice([15, 30, 60, 100, 120]) * 60
    units = pack_items(estimates, documents=documents, target_s=target)
    assert sorted(i for unit in units for i in unit) == list(range(len(estimates)))
    unit_of = {i: n for n, unit in enumerate(units) for i in unit}
    for doc in set(documents):
        members = [i for i, d in enumerate(documents) if d == doc]
        if sum(estimates[i] for i in members) <= LIMIT_UNIT_SECONDS:
            assert len({unit_of[i] for i in members}) == 1, doc
        for i in members:  # a unit never mixes a split document with another
            if len({unit_of[j] for j in members}) > 1:
                assert {documents[j] for j in units[unit_of[i]]} == {doc}
    assert all(sum(estimates[i] for i in unit) <= LIMIT_UNIT_SECONDS for unit in units)


@pytest.mark.parametrize(
    "measured, estimate, drift",
    [(46, 40, False), (46.1, 40, True), (34, 40, False), (33.9, 40, True), (80, 40, True)],
)
def test_drift_is_more_than_the_tolerance(measured, estimate, drift):
    assert drifted(measured, estimate, tolerance=0.15) is drift


def test_scaled_estimates_are_whole_seconds_of_at_least_one():
    assert scale_seconds(46, 2.0) == 92
    assert scale_seconds(46, 0.5) == 23
    assert scale_seconds(1, 0.1) == 1
