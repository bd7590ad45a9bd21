"""User-facing messages per stable error code, through Django's gettext.

The code never changes; the message is for people. English is the msgid, the code is the
msgctxt, and the Japanese lives in backend/locale/ja/LC_MESSAGES/django.po (compiled to
.mo by `make setup`). A missing code falls back to a generic message so a new error can
never break a response; tests/api/test_error_codes.py checks that every code has a Japanese
translation.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

MESSAGES: dict[str, Promise] = {
    # access
    "not_authenticated": pgettext_lazy("not_authenticated", "Please log in."),
    "invalid_credentials": pgettext_lazy(
        "invalid_credentials", "Wrong username or password. Please try again."
    ),
    "forbidden": pgettext_lazy("forbidden", "You are not allowed to do this."),
    "not_found": pgettext_lazy("not_found", "Not found."),
    "job_not_found": pgettext_lazy("job_not_found", "Job not found."),
    "unit_not_found": pgettext_lazy("unit_not_found", "Unit not found."),
    "item_not_found": pgettext_lazy("item_not_found", "Item not found."),
    # input
    "invalid": pgettext_lazy("invalid", "Please check the input."),
    "malformed_request": pgettext_lazy("malformed_request", "The request could not be read."),
    "method_not_allowed": pgettext_lazy("method_not_allowed", "Method not allowed."),
    "unsupported_media_type": pgettext_lazy("unsupported_media_type", "Unsupported content type."),
    "request_too_large": pgettext_lazy(
        "request_too_large", "The request is too large. Please split it."
    ),
    "rate_limited": pgettext_lazy("rate_limited", "Too many requests. Please wait and try again."),
    "csv_invalid": pgettext_lazy(
        "csv_invalid", "The CSV file has errors. Fix the listed lines and import it again."
    ),
    "file_too_large": pgettext_lazy("file_too_large", "The file is too large. Please split it."),
    "unsupported_file": pgettext_lazy(
        "unsupported_file", "Please choose a CSV file (UTF-8 or Shift_JIS)."
    ),
    "file_required": pgettext_lazy("file_required", "Please choose a file."),
    "unknown_field": pgettext_lazy("unknown_field", "This field is not part of the job."),
    "invalid_value": pgettext_lazy("invalid_value", "The value has the wrong format."),
    "MYNUMBER_DETECTED": pgettext_lazy(
        "MYNUMBER_DETECTED",
        "A 12-digit My Number (individual number) was detected. Do not enter it.",
    ),
    "comment_required": pgettext_lazy(
        "comment_required", "Please write a comment for rework or rejection."
    ),
    # conflicts
    "job_not_draft": pgettext_lazy("job_not_draft", "This job has already been published."),
    "job_has_no_items": pgettext_lazy(
        "job_has_no_items", "The job has no items. Import a CSV first."
    ),
    "job_has_no_accepted_units": pgettext_lazy(
        "job_has_no_accepted_units", "No accepted data yet."
    ),
    "job_changed_concurrently": pgettext_lazy(
        "job_changed_concurrently", "Someone else changed this job. Reload and try again."
    ),
    "no_unit_available": pgettext_lazy(
        "no_unit_available", "No work is available for you right now. Please check again later."
    ),
    "unit_not_open": pgettext_lazy(
        "unit_not_open", "Someone else took this unit. Please choose another."
    ),
    "unit_not_reserved_by_you": pgettext_lazy(
        "unit_not_reserved_by_you", "You do not hold this unit, or it was already handed in."
    ),
    "entry_version_conflict": pgettext_lazy(
        "entry_version_conflict",
        "This item was changed elsewhere after this device last saw it. The newer value was kept.",
    ),
    "unit_lease_expired": pgettext_lazy(
        "unit_lease_expired", "The time for this unit ran out and it was returned."
    ),
    "unit_entries_invalid": pgettext_lazy(
        "unit_entries_invalid", "Some items are missing or invalid. Fix them, then hand in again."
    ),
    "unit_not_submitted": pgettext_lazy("unit_not_submitted", "This unit has not been submitted."),
    "unit_not_in_review": pgettext_lazy("unit_not_in_review", "This unit is not in review."),
    "unit_changed_concurrently": pgettext_lazy(
        "unit_changed_concurrently", "Someone else changed this unit. Reload and try again."
    ),
    "daily_cap_reached": pgettext_lazy(
        "daily_cap_reached", "You have reached today's limit of units. See you tomorrow."
    ),
    "unit_already_decided": pgettext_lazy("unit_already_decided", "This unit was already decided."),
    "held_unit_limit": pgettext_lazy(
        "held_unit_limit", "You already hold the maximum number of units. Hand one in first."
    ),
    # --- security ---
    "login_throttled": pgettext_lazy(
        "login_throttled", "Too many failed logins. Wait a while, then try again."
    ),
    "weak_password": pgettext_lazy(
        "weak_password",
        "This password cannot be used. Choose one of 12 or more characters that is hard to guess.",
    ),
    "wrong_password": pgettext_lazy(
        "wrong_password", "The current password is wrong. Please try again."
    ),
    "csrf_failed": pgettext_lazy("csrf_failed", "The page has expired. Reload it and try again."),
    "bad_host": pgettext_lazy(
        "bad_host", "This address is not served here. Open Koma at its usual address."
    ),
    "server_error": pgettext_lazy(
        "server_error", "Something went wrong on the server. Please try again later."
    ),
    # --- jobsio ---
    "EXPORT_NOT_SHIFT_JIS": pgettext_lazy(
        "EXPORT_NOT_SHIFT_JIS",
        "A character cannot be written in Shift_JIS (see the line and column in fields). Export as CSV (UTF-8) or Excel instead.",
    ),
    "CSV_ENCODING_UNKNOWN": pgettext_lazy(
        "CSV_ENCODING_UNKNOWN",
        "The file's character encoding was not recognised. Save the CSV as UTF-8 or Shift_JIS and import it again.",
    ),
    "MYNUMBER_IN_IMPORT": pgettext_lazy(
        "MYNUMBER_IN_IMPORT",
        "A value looks like an individual number (My Number); see the line and column in fields. Remove that column and import again.",
    ),
    "DEADLINE_IN_PAST": pgettext_lazy(
        "DEADLINE_IN_PAST", "The deadline is in the past. Choose today or a later date."
    ),
    "job_not_editable": pgettext_lazy(
        "job_not_editable", "A job can only be edited or deleted while it is a draft."
    ),
    "job_schema_locked": pgettext_lazy(
        "job_schema_locked",
        "Items are already imported, so the fields cannot change. Delete the draft and create it again.",
    ),
    # --- units ---
    "invalid_text": pgettext_lazy(
        "invalid_text", "The text contains a character that cannot be read. Please type it again."
    ),
    "daily_minutes_reached": pgettext_lazy(
        "daily_minutes_reached", "You have reached today's limit of work time. See you tomorrow."
    ),
    # offers, caps and teams (units/offers.py, workforce/caps.py, workforce/teams.py)
    "weekly_minutes_reached": pgettext_lazy(
        "weekly_minutes_reached",
        "You have reached this week's limit of work time. See you next week.",
    ),
    "offer_not_found": pgettext_lazy("offer_not_found", "You have no offered unit right now."),
    "invalid_caps": pgettext_lazy(
        "invalid_caps",
        "Some limits are not valid (see each field). Use whole minutes; a day's limit cannot exceed the week's.",
    ),
    "invalid_team": pgettext_lazy(
        "invalid_team",
        "The team is not valid (see each member). Choose workers once each and at most one leader.",
    ),
    "worker_not_found": pgettext_lazy("worker_not_found", "Worker not found."),
    "claim_rate_limited": pgettext_lazy(
        "claim_rate_limited",
        "You have taken units too often in a short time. Please wait a moment and try again.",
    ),
    # --- availability (workforce/availability.py, units claim) ---
    "invalid_availability": pgettext_lazy(
        "invalid_availability",
        "Some times are not valid (see each field). Use 15-minute steps, an end after the start and no overlaps.",
    ),
    "outside_window": pgettext_lazy(
        "outside_window",
        "You are outside your working hours now. Add a time under “Working hours” or wait for your next window.",
    ),
    "no_unit_fits": pgettext_lazy(
        "no_unit_fits",
        "No unit fits the time you have left now. Try again when you have more time.",
    ),
    # --- frontend ---
    # DRF's 406 (core/errors.py) and the CSV line codes (jobs/csv_import.py, fields.lines[].code).
    "not_acceptable": pgettext_lazy(
        "not_acceptable", "The answer cannot be given in this format. Please reload the page."
    ),
    "column_count": pgettext_lazy(
        "column_count", "The number of columns does not match the header. Check the commas."
    ),
    "ref_missing": pgettext_lazy(
        "ref_missing", "“ref” (reference number) is empty. Enter a number."
    ),
    "ref_duplicate": pgettext_lazy(
        "ref_duplicate", "“ref” (reference number) repeats another line. Fix the number."
    ),
    "bad_encoding": pgettext_lazy(
        "bad_encoding", "The text encoding could not be read. Save the file as UTF-8 or Shift_JIS."
    ),
    "binary_file": pgettext_lazy(
        "binary_file", "This does not look like a CSV file. Save it as CSV from your spreadsheet."
    ),
    "no_header": pgettext_lazy(
        "no_header", "The first line has no header. Put the column names on line 1."
    ),
    "missing_ref_column": pgettext_lazy(
        "missing_ref_column", "The header has no “ref” (reference number) column. Add it."
    ),
    "duplicate_column": pgettext_lazy(
        "duplicate_column", "The header repeats a column name. Rename one of them."
    ),
    "ref_too_long": pgettext_lazy(
        "ref_too_long", "“ref” (reference number) is too long. Use a shorter number."
    ),
    "document_ref_too_long": pgettext_lazy(
        "document_ref_too_long",
        "“document_ref” (source document) is too long (at most 100 characters). Shorten it.",
    ),
    "unit_target_out_of_range": pgettext_lazy(
        "unit_target_out_of_range",
        "The unit size must be between 15 and 120 minutes.",
    ),
    "cell_too_long": pgettext_lazy("cell_too_long", "A cell is too long. Shorten it."),
    "too_many_rows": pgettext_lazy(
        "too_many_rows", "Too many rows. Split the file and import the parts."
    ),
    "malformed_csv": pgettext_lazy(
        "malformed_csv", "The CSV is malformed (for example an unclosed quote). Check this line."
    ),
    "no_rows": pgettext_lazy("no_rows", "There are no data rows. Put the data from line 2 on."),
    "ref_exists": pgettext_lazy(
        "ref_exists", "This “ref” was already imported. Fix the number or delete the line."
    ),
}

# Longer messages for a code that name numbers (`%(name)d`); the code's plain message above
# stays what a client without the numbers shows.
DETAILED: dict[str, Promise] = {
    "no_unit_fits_smallest": pgettext_lazy(
        "no_unit_fits_smallest",
        "No unit fits the time you have left now (%(fit)d min). The smallest open unit takes %(minutes)d min.",
    ),
}

_FALLBACK = pgettext_lazy("fallback", "Something went wrong.")


def message_for(code: str, language: str | None = None, **params: object) -> str:
    """The message for ``code`` in ``language`` (default: the active language, else ja),
    with ``params`` put into a detailed message's placeholders."""
    lang = (language or translation.get_language() or "ja")[:2]
    with translation.override(lang):
        text = str(MESSAGES.get(code) or DETAILED.get(code) or _FALLBACK)
    return text % params if params else text


def known_codes() -> frozenset[str]:
    return frozenset(MESSAGES)
