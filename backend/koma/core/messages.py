"""User-facing messages per stable error code, Japanese first.

The code never changes; the message is for people. A missing code falls back to a
generic message so a new error can never break a response.
"""

from __future__ import annotations

from django.utils import translation

MESSAGES: dict[str, tuple[str, str]] = {
    # access
    "not_authenticated": ("ログインしてください。", "Please log in."),
    "invalid_credentials": (
        "ユーザー名またはパスワードが違います。もう一度入力してください。",
        "Wrong username or password. Please try again.",
    ),
    "forbidden": ("この操作を行う権限がありません。", "You are not allowed to do this."),
    "not_found": ("見つかりません。", "Not found."),
    "job_not_found": ("案件が見つかりません。", "Job not found."),
    "unit_not_found": ("作業単位が見つかりません。", "Unit not found."),
    "item_not_found": ("項目が見つかりません。", "Item not found."),
    # input
    "invalid": ("入力内容を確認してください。", "Please check the input."),
    "malformed_request": (
        "リクエストの形式が正しくありません。",
        "The request could not be read.",
    ),
    "method_not_allowed": ("この操作はできません。", "Method not allowed."),
    "unsupported_media_type": (
        "この形式のデータは受け付けていません。",
        "Unsupported content type.",
    ),
    "request_too_large": (
        "データが大きすぎます。分割して送ってください。",
        "The request is too large. Please split it.",
    ),
    "rate_limited": (
        "操作が多すぎます。しばらく待ってからもう一度お試しください。",
        "Too many requests. Please wait and try again.",
    ),
    "csv_invalid": (
        "CSVファイルに誤りがあります。指定の行を直して、もう一度取り込んでください。",
        "The CSV file has errors. Fix the listed lines and import it again.",
    ),
    "file_too_large": (
        "ファイルが大きすぎます。分割して取り込んでください。",
        "The file is too large. Please split it.",
    ),
    "unsupported_file": (
        "CSVファイル（UTF-8またはShift_JIS）を選んでください。",
        "Please choose a CSV file (UTF-8 or Shift_JIS).",
    ),
    "file_required": ("ファイルを選んでください。", "Please choose a file."),
    "unknown_field": ("この案件にない項目です。", "This field is not part of the job."),
    "invalid_value": ("値の形式が正しくありません。", "The value has the wrong format."),
    "MYNUMBER_DETECTED": (
        "マイナンバー（個人番号）と思われる12桁の番号が含まれています。入力しないでください。",
        "A 12-digit My Number (individual number) was detected. Do not enter it.",
    ),
    "comment_required": (
        "差し戻し・却下の理由を入力してください。",
        "Please write a comment for rework or rejection.",
    ),
    # conflicts
    "job_not_draft": (
        "この案件はすでに公開されています。",
        "This job has already been published.",
    ),
    "job_has_no_items": (
        "項目がありません。先にCSVを取り込んでください。",
        "The job has no items. Import a CSV first.",
    ),
    "job_has_no_accepted_units": (
        "検収済みのデータがまだありません。",
        "No accepted data yet.",
    ),
    "job_changed_concurrently": (
        "ほかの操作と重なりました。画面を更新してもう一度お試しください。",
        "Someone else changed this job. Reload and try again.",
    ),
    "no_unit_available": (
        "いま受け取れる作業はありません。しばらくしてから確認してください。",
        "No work is available for you right now. Please check again later.",
    ),
    "unit_not_open": (
        "この作業はほかの方が受け取りました。別の作業を選んでください。",
        "Someone else took this unit. Please choose another.",
    ),
    "unit_not_reserved_by_you": (
        "この作業はあなたが受け取っていないか、すでに提出済みです。",
        "You do not hold this unit, or it was already handed in.",
    ),
    "unit_lease_expired": (
        "作業時間が終了したため、作業は戻されました。",
        "The time for this unit ran out and it was returned.",
    ),
    "unit_entries_invalid": (
        "未入力または誤りのある項目があります。表示された項目を直してから提出してください。",
        "Some items are missing or invalid. Fix them, then hand in again.",
    ),
    "unit_not_submitted": ("この作業は提出されていません。", "This unit has not been submitted."),
    "unit_not_in_review": (
        "この作業は確認中ではありません。",
        "This unit is not in review.",
    ),
    "unit_changed_concurrently": (
        "ほかの操作と重なりました。画面を更新してもう一度お試しください。",
        "Someone else changed this unit. Reload and try again.",
    ),
    "daily_cap_reached": (
        "今日受け取れる作業の上限に達しました。また明日お願いします。",
        "You have reached today's limit of units. See you tomorrow.",
    ),
    "unit_already_decided": ("この作業はすでに判定済みです。", "This unit was already decided."),
    "held_unit_limit": (
        "受け取れる作業の上限に達しています。今の作業を提出してください。",
        "You already hold the maximum number of units. Hand one in first.",
    ),
    # --- security ---
    "login_throttled": (
        "ログインの失敗が続いたため、一時的にログインできません。しばらく待ってから"
        "もう一度お試しください。",
        "Too many failed logins. Wait a while, then try again.",
    ),
    "weak_password": (
        "このパスワードは使えません。12文字以上で、推測されにくいものにしてください。",
        "This password cannot be used. Choose one of 12 or more characters that is hard to guess.",
    ),
    "wrong_password": (
        "現在のパスワードが違います。もう一度入力してください。",
        "The current password is wrong. Please try again.",
    ),
    "csrf_failed": (
        "画面の有効期限が切れました。画面を再読み込みしてからもう一度お試しください。",
        "The page has expired. Reload it and try again.",
    ),
    "bad_host": (
        "このアドレスでは利用できません。正しいアドレスで開いてください。",
        "This address is not served here. Open Koma at its usual address.",
    ),
    "server_error": (
        "サーバーでエラーが発生しました。しばらくしてからもう一度お試しください。",
        "Something went wrong on the server. Please try again later.",
    ),
    # --- jobsio ---
    "EXPORT_NOT_SHIFT_JIS": (
        "Shift_JIS で表せない文字があります（fields の行・列）。CSV（UTF-8）か Excel 形式で書き出してください。",
        "A character cannot be written in Shift_JIS (see the line and column in fields). "
        "Export as CSV (UTF-8) or Excel instead.",
    ),
    "CSV_ENCODING_UNKNOWN": (
        "ファイルの文字コードを判別できません。CSV を UTF-8 または Shift_JIS で保存し直してから取り込んでください。",
        "The file's character encoding was not recognised. Save the CSV as UTF-8 or "
        "Shift_JIS and import it again.",
    ),
    "MYNUMBER_IN_IMPORT": (
        "個人番号（マイナンバー）と思われる値があります（fields の行・列）。その列を削除してから取り込んでください。",
        "A value looks like an individual number (My Number); see the line and column in "
        "fields. Remove that column and import again.",
    ),
    "DEADLINE_IN_PAST": (
        "納期が過去の日付です。今日以降の日付を指定してください。",
        "The deadline is in the past. Choose today or a later date.",
    ),
    "job_not_editable": (
        "公開済みの案件は変更・削除できません。",
        "A job can only be edited or deleted while it is a draft.",
    ),
    "job_schema_locked": (
        "項目を取り込み済みのため、入力項目は変更できません。下書きを削除して作り直してください。",
        "Items are already imported, so the fields cannot change. Delete the draft and "
        "create it again.",
    ),
    # --- units ---
    "invalid_text": (
        "読み取れない文字が含まれています。入力し直してから送ってください。",
        "The text contains a character that cannot be read. Please type it again.",
    ),
    "daily_minutes_reached": (
        "今日受け取れる作業時間の上限に達しました。また明日お願いします。",
        "You have reached today's limit of work time. See you tomorrow.",
    ),
    "claim_rate_limited": (
        "短い時間に作業を何度も受け取っています。少し待ってからもう一度お試しください。",
        "You have taken units too often in a short time. Please wait a moment and try again.",
    ),
    # --- frontend ---
    # DRF's 406 (core/errors.py) and the CSV line codes (jobs/csv_import.py, fields.lines[].code).
    "not_acceptable": (
        "この形式では返せません。ページを再読み込みしてください。",
        "The answer cannot be given in this format. Please reload the page.",
    ),
    "column_count": (
        "列の数が見出しと合いません。カンマの数を確かめてください。",
        "The number of columns does not match the header. Check the commas.",
    ),
    "ref_missing": (
        "「ref」（整理番号）が空です。番号を入れてください。",
        "“ref” (reference number) is empty. Enter a number.",
    ),
    "ref_duplicate": (
        "「ref」（整理番号）がほかの行と重複しています。番号を直してください。",
        "“ref” (reference number) repeats another line. Fix the number.",
    ),
    "bad_encoding": (
        "文字コードを読み取れません。UTF-8 か Shift_JIS で保存し直してください。",
        "The text encoding could not be read. Save the file as UTF-8 or Shift_JIS.",
    ),
    "binary_file": (
        "CSVではないファイルのようです。表計算ソフトから「CSV」形式で保存してください。",
        "This does not look like a CSV file. Save it as CSV from your spreadsheet.",
    ),
    "no_header": (
        "1行目に見出しがありません。1行目に列名を入れてください。",
        "The first line has no header. Put the column names on line 1.",
    ),
    "missing_ref_column": (
        "見出しに「ref」（整理番号）の列がありません。列を追加してください。",
        "The header has no “ref” (reference number) column. Add it.",
    ),
    "duplicate_column": (
        "見出しに同じ列名が2回あります。どちらかの名前を変えてください。",
        "The header repeats a column name. Rename one of them.",
    ),
    "ref_too_long": (
        "「ref」（整理番号）が長すぎます。短い番号にしてください。",
        "“ref” (reference number) is too long. Use a shorter number.",
    ),
    "cell_too_long": (
        "長すぎるセルがあります。内容を短くしてください。",
        "A cell is too long. Shorten it.",
    ),
    "too_many_rows": (
        "行が多すぎます。ファイルを分けて取り込んでください。",
        "Too many rows. Split the file and import the parts.",
    ),
    "malformed_csv": (
        'CSVの形が崩れています（引用符「"」の閉じ忘れなど）。この行を確かめてください。',
        "The CSV is malformed (for example an unclosed quote). Check this line.",
    ),
    "no_rows": (
        "データの行がありません。2行目からデータを入れてください。",
        "There are no data rows. Put the data from line 2 on.",
    ),
    "ref_exists": (
        "この「ref」（整理番号）はすでに取り込み済みです。番号を直すか、この行を消してください。",
        "This “ref” was already imported. Fix the number or delete the line.",
    ),
}

_FALLBACK = ("エラーが発生しました。", "Something went wrong.")


def message_for(code: str, language: str | None = None) -> str:
    ja, en = MESSAGES.get(code, _FALLBACK)
    lang = (language or translation.get_language() or "ja")[:2]
    return en if lang == "en" else ja
