"""ISO 2859-1 / JIS Z 9015-1 single sampling by attributes (docs/domain.md §3).

Normal plans come from the k-rule of §3.2, which reproduces Table 2-A cell by cell. Tightened
plans are an APPROXIMATION (normal plan one AQL column tighter) until Table 2-B is transcribed;
every tightened plan says so in its ``note``. Reduced inspection is left out of v1 (§3.3).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from koma.jp.errors import SamplingError

LETTERS = "ABCDEFGHJKLMNPQR"  # ISO skips I and O
SAMPLE_SIZES: dict[str, int] = dict(
    zip(LETTERS, (2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000), strict=True)
)
AQL_COLUMNS: tuple[Decimal, ...] = tuple(
    Decimal(x)
    for x in "0.010 0.015 0.025 0.040 0.065 0.10 0.15 0.25 0.40 0.65 1.0 1.5 2.5 4.0 6.5".split()
)
_SEQ = (1, 2, 3, 5, 7, 10, 14, 21)  # acceptance numbers along a Table 2-A diagonal

LEVELS = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")
# Table 1 (§3.1 [V]): (upper bound of lot size, letters for S-1 … III).
_CODE_LETTER_TABLE: tuple[tuple[int | None, str], ...] = (
    (8, "AAAAAAB"),
    (15, "AAAAABC"),
    (25, "AABBBCD"),
    (50, "ABBCCDE"),
    (90, "BBCCCEF"),
    (150, "BBCDDFG"),
    (280, "BCDEEGH"),
    (500, "BCDEFHJ"),
    (1200, "CCEFGJK"),
    (3200, "CDEGHKL"),
    (10000, "CDFGJLM"),
    (35000, "CDFHKMN"),
    (150000, "DEGJLNP"),
    (500000, "DEGJMPQ"),
    (None, "DEHKNQR"),
)

NOTE_FULL_INSPECTION = "100% inspection"
NOTE_TIGHTENED_APPROXIMATION = "approximation: tightened = normal plan at the next tighter AQL"

# [K] Reduced sample sizes (about 2/5 of normal); unused until reduced plans are verified.
REDUCED_SAMPLE_SIZES_UNVERIFIED: dict[str, int] = dict(
    zip(LETTERS, (2, 2, 2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800), strict=True)
)


class Severity(StrEnum):
    NORMAL = "normal"
    TIGHTENED = "tightened"
    REDUCED = "reduced"


class SamplingPlan(NamedTuple):
    """``plan(...)`` result. A NamedTuple so it compares equal to the plain tuple docs/domain.md uses:
    ``plan(1000, "II", 1.0, "normal") == ("J", 80, 2, 3, "J", None)``."""

    letter: str  # code letter from Table 1
    n: int  # records to draw (the whole lot when note says 100% inspection)
    ac: int  # accept when nonconformities ≤ ac
    re: int  # reject when nonconformities ≥ re
    resolved_letter: str  # letter whose plan the arrows led to
    note: str | None


def code_letter(lot_size: int, level: str = "II") -> str:
    if lot_size < 2:
        raise SamplingError(
            f"lot size must be at least 2, got {lot_size}", code="SAMPLING_LOT_SIZE"
        )
    if level not in LEVELS:
        raise SamplingError(f"unknown inspection level {level!r}", code="SAMPLING_LEVEL")
    column = LEVELS.index(level)
    for upper, letters in _CODE_LETTER_TABLE:
        if upper is None or lot_size <= upper:
            return letters[column]
    raise AssertionError("unreachable: the last row has no upper bound")


def aql_index(aql: float | Decimal | str) -> int:
    try:
        value = Decimal(str(aql))
    except ArithmeticError:
        raise SamplingError(f"bad AQL {aql!r}", code="SAMPLING_AQL") from None
    for j, column in enumerate(AQL_COLUMNS):
        if column == value:
            return j
    raise SamplingError(f"AQL {aql} is not a Table 2-A column (0.010–6.5)", code="SAMPLING_AQL")


def normal_cell(i: int, j: int) -> tuple[int | None, int]:
    """(resolved letter index, Ac) of Table 2-A for letter ``i`` and AQL column ``j``.

    ``j`` may be −1 (one column tighter than 0.010), which the tightened approximation needs.
    A resolved index of ``None`` means the arrow points below R: inspect 100%.
    """
    k = i + j
    if k < 14:
        return 14 - j, 0
    if k == 14:
        return i, 0
    if k == 15:
        return i - 1, 0
    if k == 16:
        return (i + 1 if i + 1 < len(LETTERS) else None), 1
    if k <= 24:
        return i, _SEQ[k - 17]
    return 24 - j, 21


def plan(
    lot_size: int,
    level: str,
    aql: float | Decimal | str,
    severity: Severity | str = Severity.NORMAL,
) -> SamplingPlan:
    """Single sampling plan for a lot (docs/domain.md §3.5).

    Steps: code letter from Table 1 → resolve the arrows of Table 2-A (tightened: one column
    tighter, labelled as approximation) → n of the resolved letter → 100% when n ≥ lot size.
    """
    sev = Severity(severity)
    if sev is Severity.REDUCED:
        raise SamplingError(
            "reduced inspection is not supported in v1", code="SAMPLING_REDUCED_UNSUPPORTED"
        )
    letter = code_letter(lot_size, level)
    i = LETTERS.index(letter)
    j = aql_index(aql) - (1 if sev is Severity.TIGHTENED else 0)
    resolved, ac = normal_cell(i, j)
    notes = [NOTE_TIGHTENED_APPROXIMATION] if sev is Severity.TIGHTENED else []
    if resolved is None:
        resolved_letter, n = LETTERS[-1], lot_size
        notes.append(NOTE_FULL_INSPECTION)
    else:
        resolved_letter, n = LETTERS[resolved], SAMPLE_SIZES[LETTERS[resolved]]
        if n >= lot_size:
            n = lot_size
            notes.append(NOTE_FULL_INSPECTION)
    return SamplingPlan(letter, n, ac, ac + 1, resolved_letter, "; ".join(notes) or None)


def lot_accepted(nonconformities: int, sampling_plan: SamplingPlan) -> bool:
    return nonconformities <= sampling_plan.ac


# ------------------------------------------------------------------------ seeded sample draw


def new_seed() -> str:
    """A fresh random seed to store with the lot (audit evidence)."""
    return secrets.token_hex(16)


def draw_sample(record_ids: Sequence[str], n: int, *, seed: str) -> tuple[str, ...]:
    """Reproducibly choose ``n`` distinct record ids.

    Each id is ranked by HMAC-SHA256(seed, id) and the ``n`` lowest win: the same seed and ids
    always give the same sample whatever order the ids come in, and without the seed the choice
    cannot be predicted. Returned in rank order.
    """
    ids = list(dict.fromkeys(record_ids))
    if len(ids) != len(record_ids):
        raise SamplingError("record ids must be unique", code="SAMPLING_DUPLICATE_IDS")
    if not 0 <= n <= len(ids):
        raise SamplingError(f"cannot draw {n} of {len(ids)} records", code="SAMPLING_SIZE")
    key = seed.encode()
    ranked = sorted(
        ids, key=lambda rid: (hmac.new(key, rid.encode(), hashlib.sha256).digest(), rid)
    )
    return tuple(ranked[:n])


# ------------------------------------------------------------------------ switching rules (§3.4)

SWITCH_WINDOW = 5  # "2 of 5 or fewer consecutive lots"
SWITCH_REJECTS_TO_TIGHTEN = 2
SWITCH_ACCEPTS_TO_NORMAL = 5
DISCONTINUE_AFTER_TIGHTENED_REJECTIONS = 5
REDUCED_SCORE_THRESHOLD = 30
SCORE_STEP_AC_AT_LEAST_2 = 3
SCORE_STEP_AC_AT_MOST_1 = 2  # [K]


@dataclass(frozen=True, slots=True)
class SwitchingState:
    """Per (municipality, job template). Immutable: every lot gives a new state."""

    severity: Severity = Severity.NORMAL
    recent: tuple[bool, ...] = ()  # results at the current severity, newest last, ≤ 5 kept
    switching_score: int = 0
    tightened_rejections: int = 0  # cumulative while on tightened
    discontinued: bool = False
    last_transition: str | None = None  # e.g. "normal->tightened" for the audit trail

    @property
    def reduced_eligible(self) -> bool:
        """Score ≥ 30 on normal; the coordinator must still approve (and steady production)."""
        return self.severity is Severity.NORMAL and self.switching_score >= REDUCED_SCORE_THRESHOLD


def next_switching_score(
    score: int, *, ac: int, accepted: bool, accepted_at_tighter_aql: bool
) -> int:
    """§3.4: Ac ≥ 2 → +3 if the lot would also pass one AQL step tighter, else 0;
    Ac ≤ 1 → +2 if accepted, else 0."""
    if ac >= 2:
        return score + SCORE_STEP_AC_AT_LEAST_2 if (accepted and accepted_at_tighter_aql) else 0
    return score + SCORE_STEP_AC_AT_MOST_1 if accepted else 0


def record_lot(
    state: SwitchingState,
    *,
    accepted: bool,
    ac: int = 0,
    accepted_at_tighter_aql: bool = False,
    resubmitted: bool = False,
    production_steady: bool = True,
) -> SwitchingState:
    """Apply one lot's FIRST inspection result to the switching state.

    Resubmitted lots are ignored. Raises ``SamplingError`` (``SAMPLING_DISCONTINUED``) while
    inspection is discontinued: call :func:`resume_after_corrective_action` first.
    """
    if state.discontinued:
        raise SamplingError(
            "inspection is discontinued until corrective action", code="SAMPLING_DISCONTINUED"
        )
    if resubmitted:
        return replace(state, last_transition=None)
    recent = (*state.recent, accepted)[-SWITCH_WINDOW:]

    if state.severity is Severity.NORMAL:
        if recent.count(False) >= SWITCH_REJECTS_TO_TIGHTEN:
            return SwitchingState(severity=Severity.TIGHTENED, last_transition="normal->tightened")
        score = next_switching_score(
            state.switching_score,
            ac=ac,
            accepted=accepted,
            accepted_at_tighter_aql=accepted_at_tighter_aql,
        )
        return replace(state, recent=recent, switching_score=score, last_transition=None)

    if state.severity is Severity.TIGHTENED:
        if not accepted:
            rejections = state.tightened_rejections + 1
            if rejections >= DISCONTINUE_AFTER_TIGHTENED_REJECTIONS:
                return replace(
                    state,
                    recent=recent,
                    tightened_rejections=rejections,
                    discontinued=True,
                    last_transition="tightened->discontinued",
                )
            return replace(
                state, recent=recent, tightened_rejections=rejections, last_transition=None
            )
        if len(recent) >= SWITCH_ACCEPTS_TO_NORMAL and all(recent[-SWITCH_ACCEPTS_TO_NORMAL:]):
            return SwitchingState(severity=Severity.NORMAL, last_transition="tightened->normal")
        return replace(state, recent=recent, last_transition=None)

    # Reduced: one lot not accepted or irregular production sends us back to normal.
    if not accepted or not production_steady:
        return SwitchingState(severity=Severity.NORMAL, last_transition="reduced->normal")
    return replace(state, recent=recent, last_transition=None)


def approve_reduced(state: SwitchingState, *, production_steady: bool) -> SwitchingState:
    """Coordinator approval of normal → reduced; only when the score and production allow it."""
    if not (state.reduced_eligible and production_steady):
        raise SamplingError(
            "reduced inspection is not allowed yet", code="SAMPLING_REDUCED_NOT_ELIGIBLE"
        )
    return SwitchingState(severity=Severity.REDUCED, last_transition="normal->reduced")


def leave_reduced(state: SwitchingState) -> SwitchingState:
    """Reduced → normal for "another reason that warrants it" (coordinator's call)."""
    if state.severity is not Severity.REDUCED:
        raise SamplingError("not on reduced inspection", code="SAMPLING_NOT_REDUCED")
    return SwitchingState(severity=Severity.NORMAL, last_transition="reduced->normal")


def resume_after_corrective_action(state: SwitchingState) -> SwitchingState:
    """After discontinuation, deliveries restart on tightened inspection with a fresh count."""
    if not state.discontinued:
        raise SamplingError("inspection is not discontinued", code="SAMPLING_NOT_DISCONTINUED")
    return SwitchingState(severity=Severity.TIGHTENED, last_transition="discontinued->tightened")
