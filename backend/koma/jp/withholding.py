"""源泉徴収 on contractor payments (所得税法204条1項) (docs/domain.md §4.5).

Plain data entry and テープ起こし are not listed items, so no withholding; 校正 (proofreading) and,
by default, 会議録整文 are. Review the category table with a tax adviser (docs/domain.md §8 item 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from koma.jp.errors import MoneyError
from koma.jp.money import require_yen


class WithholdingCategory(StrEnum):
    NONE = "none"
    ART204_1 = "art204_1"


# [K] Rates incl. the 復興特別所得税 (2.1% surcharge), in basis points of a percent: 10.21% and
# 20.42% above ¥1,000,000 per payment. Kept here, named, so a correction is a one-line change.
WITHHOLDING_RATE_LOW_PER_10000 = 1021
WITHHOLDING_RATE_HIGH_PER_10000 = 2042
WITHHOLDING_THRESHOLD_YEN = 1_000_000

# [A] Default category per task type; a template can override it.
DEFAULT_CATEGORY_BY_TASK_TYPE: dict[str, WithholdingCategory] = {
    "data_entry": WithholdingCategory.NONE,
    "transcription": WithholdingCategory.NONE,  # テープ起こし alone
    "survey_coding": WithholdingCategory.NONE,
    "classification": WithholdingCategory.NONE,
    "scanning": WithholdingCategory.NONE,
    "minutes_editing": WithholdingCategory.ART204_1,  # 会議録整文: treated as 校正 until reviewed
    "proofreading": WithholdingCategory.ART204_1,  # 校正
    "ocr_proofreading": WithholdingCategory.ART204_1,  # OCR校正: open item §8.4
    "translation": WithholdingCategory.ART204_1,
    "design": WithholdingCategory.ART204_1,
}


@dataclass(frozen=True, slots=True)
class Withholding:
    gross: int
    tax: int
    net: int  # what is transferred


def withholding_tax(amount: int, *, category: WithholdingCategory | str) -> int:
    """Tax to withhold from one payment, floored to the yen (NTA: 1円未満切捨て).

    art204_1: amount × 10.21% up to ¥1,000,000, plus 20.42% of the excess.
    """
    require_yen(amount)
    if amount < 0:
        raise MoneyError("payment must not be negative")
    if WithholdingCategory(category) is WithholdingCategory.NONE:
        return 0
    low = min(amount, WITHHOLDING_THRESHOLD_YEN)
    high = amount - low
    # One floor over the exact sum, as in the NTA formula (excess × 20.42% + ¥102,100).
    return (low * WITHHOLDING_RATE_LOW_PER_10000 + high * WITHHOLDING_RATE_HIGH_PER_10000) // 10000


def apply_withholding(amount: int, *, category: WithholdingCategory | str) -> Withholding:
    tax = withholding_tax(amount, category=category)
    return Withholding(gross=amount, tax=tax, net=amount - tax)


def category_for_task_type(task_type: str) -> WithholdingCategory:
    """Default category; unknown task types raise so nobody is silently not withheld."""
    try:
        return DEFAULT_CATEGORY_BY_TASK_TYPE[task_type]
    except KeyError:
        raise MoneyError(
            f"no withholding category for {task_type!r}", code="WITHHOLDING_UNKNOWN_TASK_TYPE"
        ) from None
