from decimal import Decimal

import pytest

from koma.jp.errors import SamplingError
from koma.jp.sampling import (
    AQL_COLUMNS,
    LETTERS,
    NOTE_FULL_INSPECTION,
    NOTE_TIGHTENED_APPROXIMATION,
    SAMPLE_SIZES,
    Severity,
    SwitchingState,
    approve_reduced,
    code_letter,
    draw_sample,
    leave_reduced,
    lot_accepted,
    new_seed,
    next_switching_score,
    plan,
    record_lot,
    resume_after_corrective_action,
)

# ------------------------------------------------------------------ Table 1 (§3.1)


@pytest.mark.parametrize(
    "lot_size, level, letter",
    [
        (2, "II", "A"),
        (8, "II", "A"),
        (9, "II", "B"),
        (15, "II", "B"),
        (16, "II", "C"),
        (50, "II", "D"),
        (51, "II", "E"),
        (90, "II", "E"),
        (91, "II", "F"),
        (280, "II", "G"),
        (500, "II", "H"),
        (1000, "II", "J"),
        (1200, "II", "J"),
        (1201, "II", "K"),
        (3200, "II", "K"),
        (10000, "II", "L"),
        (35000, "II", "M"),
        (150000, "II", "N"),
        (500000, "II", "P"),
        (500001, "II", "Q"),
        (8, "III", "B"),
        (500001, "III", "R"),
        (1000, "I", "G"),
        (1000, "S-1", "C"),
        (1000, "S-2", "C"),
        (1000, "S-3", "E"),
        (1000, "S-4", "F"),
        (40000, "S-4", "J"),
        (500001, "S-4", "K"),
    ],
)
def test_code_letter(lot_size, level, letter):
    assert code_letter(lot_size, level) == letter


@pytest.mark.parametrize("lot_size, level", [(1, "II"), (0, "II"), (100, "IV"), (100, "s-1")])
def test_code_letter_rejects_bad_input(lot_size, level):
    with pytest.raises(SamplingError):
        code_letter(lot_size, level)


def test_sample_sizes():
    assert list(SAMPLE_SIZES.values()) == [
        2,
        3,
        5,
        8,
        13,
        20,
        32,
        50,
        80,
        125,
        200,
        315,
        500,
        800,
        1250,
        2000,
    ]


# ------------------------------------------------------------------ Table 2-A (§3.2)
# The printed table for AQL 0.065–6.5, typed independently of the k-rule: a number is Ac
# (Re = Ac + 1), "v" and "^" are the arrows. The test resolves the arrows by walking them and
# compares every one of the 176 cells with plan().

PRINTED_2A_COLUMNS = (
    "0.065",
    "0.10",
    "0.15",
    "0.25",
    "0.40",
    "0.65",
    "1.0",
    "1.5",
    "2.5",
    "4.0",
    "6.5",
)
PRINTED_2A = {
    "A": "v v v v v v v v v v 0",
    "B": "v v v v v v v v v 0 ^",
    "C": "v v v v v v v v 0 ^ v",
    "D": "v v v v v v v 0 ^ v 1",
    "E": "v v v v v v 0 ^ v 1 2",
    "F": "v v v v v 0 ^ v 1 2 3",
    "G": "v v v v 0 ^ v 1 2 3 5",
    "H": "v v v 0 ^ v 1 2 3 5 7",
    "J": "v v 0 ^ v 1 2 3 5 7 10",
    "K": "v 0 ^ v 1 2 3 5 7 10 14",
    "L": "0 ^ v 1 2 3 5 7 10 14 21",
    "M": "^ v 1 2 3 5 7 10 14 21 ^",
    "N": "v 1 2 3 5 7 10 14 21 ^ ^",
    "P": "1 2 3 5 7 10 14 21 ^ ^ ^",
    "Q": "2 3 5 7 10 14 21 ^ ^ ^ ^",
    "R": "3 5 7 10 14 21 ^ ^ ^ ^ ^",
}


def _resolve_printed(letter: str, column: int) -> tuple[str, int]:
    rows = list(LETTERS)
    i = rows.index(letter)
    while True:
        cell = PRINTED_2A[rows[i]].split()[column]
        if cell == "v":
            i += 1
        elif cell == "^":
            i -= 1
        else:
            return rows[i], int(cell)


# Lot size whose Level II code letter is the given letter (upper bound of the Table 1 row).
LOT_FOR_LETTER = {
    "A": 8, "B": 15, "C": 25, "D": 50, "E": 90, "F": 150, "G": 280, "H": 500, "J": 1200,
    "K": 3200, "L": 10000, "M": 35000, "N": 150000, "P": 500000, "Q": 600000,
}  # fmt: skip

ALL_176_CELLS = [(letter, aql) for letter in LETTERS for aql in PRINTED_2A_COLUMNS]


def test_there_are_176_cells():
    assert len(ALL_176_CELLS) == 176


@pytest.mark.parametrize("letter, aql", ALL_176_CELLS)
def test_normal_plan_matches_printed_table_2a(letter, aql):
    resolved, ac = _resolve_printed(letter, PRINTED_2A_COLUMNS.index(aql))
    # Level III on a huge lot gives R; for other letters use Level II.
    lot, level = (10**7, "III") if letter == "R" else (LOT_FOR_LETTER[letter], "II")
    p = plan(lot, level, aql, "normal")
    assert p.letter == letter
    assert (p.resolved_letter, p.ac, p.re) == (resolved, ac, ac + 1)
    expected_n = SAMPLE_SIZES[resolved]
    if expected_n >= lot:
        assert (p.n, p.note) == (lot, NOTE_FULL_INSPECTION)
    else:
        assert (p.n, p.note) == (expected_n, None)


# docs/domain.md's resolved table, AQL 0.65–6.5 (n / Ac), copied as printed there.
DOMAIN_RESOLVED = {
    "A": ["20/0", "13/0", "8/0", "5/0", "3/0", "2/0"],
    "B": ["20/0", "13/0", "8/0", "5/0", "3/0", "2/0"],
    "C": ["20/0", "13/0", "8/0", "5/0", "3/0", "8/1"],
    "D": ["20/0", "13/0", "8/0", "5/0", "13/1", "8/1"],
    "E": ["20/0", "13/0", "8/0", "20/1", "13/1", "13/2"],
    "F": ["20/0", "13/0", "32/1", "20/1", "20/2", "20/3"],
    "G": ["20/0", "50/1", "32/1", "32/2", "32/3", "32/5"],
    "H": ["80/1", "50/1", "50/2", "50/3", "50/5", "50/7"],
    "J": ["80/1", "80/2", "80/3", "80/5", "80/7", "80/10"],
    "K": ["125/2", "125/3", "125/5", "125/7", "125/10", "125/14"],
    "L": ["200/3", "200/5", "200/7", "200/10", "200/14", "200/21"],
    "M": ["315/5", "315/7", "315/10", "315/14", "315/21", "200/21"],
    "N": ["500/7", "500/10", "500/14", "500/21", "315/21", "200/21"],
    "P": ["800/10", "800/14", "800/21", "500/21", "315/21", "200/21"],
    "Q": ["1250/14", "1250/21", "800/21", "500/21", "315/21", "200/21"],
    "R": ["2000/21", "1250/21", "800/21", "500/21", "315/21", "200/21"],
}


@pytest.mark.parametrize("letter", sorted(DOMAIN_RESOLVED))
def test_normal_plan_matches_domain_resolved_table(letter):
    got = []
    for aql in ("0.65", "1.0", "1.5", "2.5", "4.0", "6.5"):
        p = plan(10**7, "III", aql) if letter == "R" else plan(LOT_FOR_LETTER[letter], "II", aql)
        got.append(f"{SAMPLE_SIZES[p.resolved_letter]}/{p.ac}")
    assert got == DOMAIN_RESOLVED[letter]


@pytest.mark.parametrize(
    "args, expected",
    [
        ((1000, "II", 1.0, "normal"), ("J", 80, 2, 3, "J", None)),
        ((60, "II", 0.65, "normal"), ("E", 20, 0, 1, "F", None)),
        ((10, "II", 2.5, "normal"), ("B", 5, 0, 1, "C", None)),
        ((4, "II", 0.65, "normal"), ("A", 4, 0, 1, "F", NOTE_FULL_INSPECTION)),
        # figshare examples from ISO 2859-1:1999 (S-4, lot 35,001–500,000)
        ((40000, "S-4", 0.65, "normal"), ("J", 80, 1, 2, "J", None)),
        ((40000, "S-4", 0.40, "normal"), ("J", 125, 1, 2, "K", None)),
        ((40000, "S-4", 0.25, "normal"), ("J", 50, 0, 1, "H", None)),
        # AQL given as Decimal or str works the same
        ((1000, "II", Decimal("1.0"), "normal"), ("J", 80, 2, 3, "J", None)),
        ((1000, "II", "1", "normal"), ("J", 80, 2, 3, "J", None)),
    ],
)
def test_plan_domain_vectors(args, expected):
    assert plan(*args) == expected


def test_plan_below_r_is_full_inspection():
    # k = 16 at i = R (AQL 0.015) has no row below
    p = plan(10**6, "III", 0.015)
    assert (p.letter, p.n, p.note) == ("R", 10**6, NOTE_FULL_INSPECTION)


@pytest.mark.parametrize("aql", [str(a) for a in AQL_COLUMNS])
def test_every_aql_column_gives_a_plan_for_every_letter(aql):
    for letter, lot in LOT_FOR_LETTER.items():
        p = plan(lot, "II", aql)
        assert p.re == p.ac + 1 and p.letter == letter and 0 < p.n <= max(lot, 2000)


@pytest.mark.parametrize(
    "aql, ac",
    # remembered K-row tightened values (n = 125): 1 2 3 5 8 12; the approximation is ≤ them
    [("0.65", 1), ("1.0", 2), ("1.5", 3), ("2.5", 5), ("4.0", 7), ("6.5", 10)],
)
def test_tightened_is_labelled_approximation_and_not_looser_than_known_k_row(aql, ac):
    p = plan(3000, "II", aql, "tightened")
    assert p.letter == "K" and p.n == 125
    assert p.ac == ac
    assert p.ac <= {"0.65": 1, "1.0": 2, "1.5": 3, "2.5": 5, "4.0": 8, "6.5": 12}[aql]
    assert NOTE_TIGHTENED_APPROXIMATION in p.note


@pytest.mark.parametrize("letter, aql", ALL_176_CELLS)
def test_tightened_is_the_normal_plan_one_column_tighter(letter, aql):
    lot = 10**7 if letter == "R" else LOT_FOR_LETTER[letter]
    level = "III" if letter == "R" else "II"
    tighter_aql = str(AQL_COLUMNS[AQL_COLUMNS.index(Decimal(aql)) - 1])
    tight, reference = plan(lot, level, aql, Severity.TIGHTENED), plan(lot, level, tighter_aql)
    assert tight[:5] == reference[:5]
    assert tight.note.startswith(NOTE_TIGHTENED_APPROXIMATION)


def test_tightened_at_the_tightest_column_still_resolves():
    p = plan(1000, "II", 0.010, "tightened")
    assert p.ac == 0 and p.n == 1000 and NOTE_FULL_INSPECTION in p.note


@pytest.mark.parametrize("aql", [0.5, 10, "x", 0])
def test_plan_rejects_unknown_aql(aql):
    with pytest.raises(SamplingError) as exc:
        plan(1000, "II", aql)
    assert exc.value.code == "SAMPLING_AQL"


def test_reduced_plans_are_not_offered_in_v1():
    with pytest.raises(SamplingError) as exc:
        plan(1000, "II", 1.0, "reduced")
    assert exc.value.code == "SAMPLING_REDUCED_UNSUPPORTED"


def test_lot_accepted():
    p = plan(1000, "II", 1.0)
    assert lot_accepted(2, p) and not lot_accepted(3, p)


# ------------------------------------------------------------------ seeded draw


def test_draw_sample_is_reproducible_and_order_independent():
    ids = [f"rec-{i}" for i in range(1000)]
    a = draw_sample(ids, 80, seed="lot-42")
    b = draw_sample(list(reversed(ids)), 80, seed="lot-42")
    assert a == b
    assert len(set(a)) == 80 and set(a) <= set(ids)
    assert draw_sample(ids, 80, seed="lot-43") != a


def test_draw_sample_edges():
    assert draw_sample(["a", "b"], 2, seed="s") in {("a", "b"), ("b", "a")}
    assert draw_sample(["a"], 0, seed="s") == ()
    with pytest.raises(SamplingError):
        draw_sample(["a"], 2, seed="s")
    with pytest.raises(SamplingError):
        draw_sample(["a", "a"], 1, seed="s")
    assert len(new_seed()) == 32 and new_seed() != new_seed()


# ------------------------------------------------------------------ switching rules (§3.4)

A, R = True, False


def run(results, state=None, **kwargs):
    state = state or SwitchingState()
    transitions = []
    for accepted in results:
        state = record_lot(state, accepted=accepted, **kwargs)
        transitions.append(state.last_transition)
    return state, transitions


@pytest.mark.parametrize(
    "results, severity",
    [
        ([R, A, A, R], Severity.TIGHTENED),  # docs/domain.md: 2 of 4 → tightened
        ([R, R], Severity.TIGHTENED),
        ([R, A, A, A, R], Severity.TIGHTENED),  # 2 of 5
        ([R, A, A, A, A, R], Severity.NORMAL),  # 2 of 6: the first reject left the window
        ([A, A, A, A, A, A, A, A, A, R], Severity.NORMAL),
        ([R, A, A, A, A, R, A, A, R], Severity.TIGHTENED),  # second window catches it
    ],
)
def test_normal_to_tightened_two_of_five_sliding_window(results, severity):
    state, _ = run(results)
    assert state.severity is severity


def test_tightened_to_normal_after_five_consecutive_acceptances():
    state, _ = run([R, R])
    state, transitions = run([A, A, A, A], state)
    assert state.severity is Severity.TIGHTENED
    state, transitions = run([A], state)
    assert state.severity is Severity.NORMAL
    assert transitions == ["tightened->normal"]
    assert state.switching_score == 0 and state.recent == ()


def test_tightened_acceptance_streak_is_broken_by_a_rejection():
    state, _ = run([R, R])
    state, _ = run([A, A, A, A, R, A, A, A, A], state)
    assert state.severity is Severity.TIGHTENED
    state, _ = run([A], state)
    assert state.severity is Severity.NORMAL


def test_discontinue_after_five_rejections_on_tightened():
    state, _ = run([R, R])
    state, transitions = run([R, A, R, A, R, R], state)
    assert state.tightened_rejections == 4 and not state.discontinued
    state, transitions = run([R], state)
    assert state.discontinued and transitions == ["tightened->discontinued"]
    with pytest.raises(SamplingError) as exc:
        record_lot(state, accepted=True)
    assert exc.value.code == "SAMPLING_DISCONTINUED"
    resumed = resume_after_corrective_action(state)
    assert resumed.severity is Severity.TIGHTENED and resumed.tightened_rejections == 0
    with pytest.raises(SamplingError):
        resume_after_corrective_action(resumed)


def test_tightened_rejection_count_is_cumulative_not_consecutive():
    state, _ = run([R, R])
    state, _ = run([R, A, A, R, A, R, A, A, A, R], state)
    assert state.tightened_rejections == 4
    state, _ = run([A, A, R], state)
    assert state.discontinued


def test_resubmitted_lots_are_ignored():
    state, _ = run([R])
    state = record_lot(state, accepted=False, resubmitted=True)
    assert state.severity is Severity.NORMAL and state.recent == (False,)


@pytest.mark.parametrize(
    "score, ac, accepted, tighter, expected",
    [
        (0, 2, True, True, 3),
        (27, 5, True, True, 30),
        (27, 5, True, False, 0),
        (27, 5, False, False, 0),
        (0, 1, True, False, 2),
        (10, 0, True, False, 12),
        (10, 1, False, False, 0),
    ],
)
def test_switching_score(score, ac, accepted, tighter, expected):
    assert (
        next_switching_score(score, ac=ac, accepted=accepted, accepted_at_tighter_aql=tighter)
        == expected
    )


def test_normal_to_reduced_needs_score_30_and_approval():
    state, _ = run([A] * 9, ac=2, accepted_at_tighter_aql=True)
    assert state.switching_score == 27 and not state.reduced_eligible
    with pytest.raises(SamplingError):
        approve_reduced(state, production_steady=True)
    state, _ = run([A], state, ac=2, accepted_at_tighter_aql=True)
    assert state.reduced_eligible
    with pytest.raises(SamplingError):
        approve_reduced(state, production_steady=False)
    reduced = approve_reduced(state, production_steady=True)
    assert reduced.severity is Severity.REDUCED and reduced.last_transition == "normal->reduced"


def test_score_resets_on_a_lot_not_good_enough_at_the_tighter_aql():
    state, _ = run([A] * 9, ac=2, accepted_at_tighter_aql=True)
    state = record_lot(state, accepted=True, ac=2, accepted_at_tighter_aql=False)
    assert state.switching_score == 0


@pytest.mark.parametrize("accepted, steady", [(False, True), (True, False)])
def test_reduced_to_normal(accepted, steady):
    state = SwitchingState(severity=Severity.REDUCED)
    state = record_lot(state, accepted=accepted, production_steady=steady)
    assert state.severity is Severity.NORMAL and state.last_transition == "reduced->normal"


def test_reduced_stays_reduced_on_acceptance_and_can_be_left_by_decision():
    state = record_lot(SwitchingState(severity=Severity.REDUCED), accepted=True)
    assert state.severity is Severity.REDUCED
    assert leave_reduced(state).severity is Severity.NORMAL
    with pytest.raises(SamplingError):
        leave_reduced(SwitchingState())
