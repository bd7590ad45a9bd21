"""Payment-due rules (docs/domain.md §4.2, §4.3, §4.7).

- Platform → contractor (フリーランス法): pay within 60 days of receiving the deliverable, or
  within 30 days of the upstream (municipal) payment when the re-consignment was disclosed.
- Municipality → platform (支払遅延防止法, applied to local governments by Art. 14): inspect within
  10 days of the completion notice, pay within 30 days of a proper invoice.
"""

from __future__ import annotations

from datetime import date, timedelta

from koma.jp.errors import DueDateError

# Day counts, named so a correction is a one-line change.
CONTRACTOR_PAYMENT_DAYS = 60  # [V] "受け取った日から数えて60日以内"
RECONSIGNMENT_PAYMENT_DAYS = 30  # [K] 法4条3項
# The Act says 給付を受領した日から「起算して」60日: the day of receipt is day 1, so the last
# lawful day is receipt + 59. docs/domain.md writes "≤ received + 60"; the stricter reading is kept
# because paying a day early is always lawful. Set False to use docs/domain.md's literal +60.
RECEIPT_DAY_COUNTS_AS_DAY_ONE = True

INSPECTION_DAYS = 10  # [V] 完了届 → 検査
INSPECTION_DAYS_CONSTRUCTION = 14
MUNICIPAL_PAYMENT_DAYS = 30  # [V] proper invoice → payment
MUNICIPAL_PAYMENT_DAYS_CONSTRUCTION = 40
MUNICIPAL_PAYMENT_DAYS_UNAGREED = 15  # [V] when the contract sets no payment date


def contractor_payment_deadline(
    *,
    received_on: date,
    upstream_paid_on: date | None = None,
    reconsignment_disclosed: bool = False,
) -> date:
    """Latest lawful day to pay a contractor for a deliverable received on ``received_on``."""
    days = CONTRACTOR_PAYMENT_DAYS - (1 if RECEIPT_DAY_COUNTS_AS_DAY_ONE else 0)
    deadline = received_on + timedelta(days=days)
    if reconsignment_disclosed:
        if upstream_paid_on is None:
            raise DueDateError(
                "re-consignment needs the upstream payment date", code="DUE_UPSTREAM_DATE_MISSING"
            )
        # The exception lets the platform wait for the municipality's money; it never shortens
        # the deadline below the 60-day rule.
        deadline = max(deadline, upstream_paid_on + timedelta(days=RECONSIGNMENT_PAYMENT_DAYS))
    return deadline


def check_contractor_payout(
    *,
    received_on: date,
    payout_on: date,
    upstream_paid_on: date | None = None,
    reconsignment_disclosed: bool = False,
) -> None:
    """Raise ``DueDateError`` (code ``PAYOUT_TOO_LATE``) when a scheduled payout breaks the Act."""
    deadline = contractor_payment_deadline(
        received_on=received_on,
        upstream_paid_on=upstream_paid_on,
        reconsignment_disclosed=reconsignment_disclosed,
    )
    if payout_on > deadline:
        raise DueDateError(
            f"payout on {payout_on} is after the deadline {deadline}", code="PAYOUT_TOO_LATE"
        )


def inspection_due(notice_on: date, *, construction: bool = False) -> date:
    """Municipal inspection deadline: completion notice + 10 days (14 for construction)."""
    return notice_on + timedelta(
        days=INSPECTION_DAYS_CONSTRUCTION if construction else INSPECTION_DAYS
    )


def municipal_payment_due(
    invoice_received_on: date,
    *,
    contract_days: int | None = MUNICIPAL_PAYMENT_DAYS,
    construction: bool = False,
) -> date:
    """Municipal payment deadline: proper invoice + the contract's days (at most 30, 40 for
    construction). ``contract_days=None`` means the contract sets no date: 15 days."""
    limit = MUNICIPAL_PAYMENT_DAYS_CONSTRUCTION if construction else MUNICIPAL_PAYMENT_DAYS
    if contract_days is None:
        days = MUNICIPAL_PAYMENT_DAYS_UNAGREED
    elif 0 < contract_days <= limit:
        days = contract_days
    else:
        raise DueDateError(
            f"contract payment days must be 1–{limit}, got {contract_days}",
            code="DUE_CONTRACT_DAYS",
        )
    return invoice_received_on + timedelta(days=days)


def days_overdue(due: date, *, today: date) -> int:
    """0 when not overdue; otherwise how many days past ``due`` ``today`` is."""
    return max(0, (today - due).days)


def is_overdue(due: date, *, today: date) -> bool:
    return today > due
