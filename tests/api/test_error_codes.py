"""One list of error codes for the backend and the frontend.

Every code the API can answer has a message in koma/core/messages.py (English msgid) with
its Japanese in backend/locale/ja/LC_MESSAGES/django.po (gettext), and the
frontend's Japanese catalogue (frontend/src/lib/i18n.ts) has an ``error.<code>`` text for each
of them, and no ``error.*`` text for a code the backend does not know (a renamed code would
otherwise show the raw code or a generic line to a person).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from koma.core import errors
from koma.core.messages import MESSAGES, message_for

REPO = Path(__file__).resolve().parents[2]
I18N = REPO / "frontend/src/lib/i18n.ts"
BACKEND = REPO / "backend/koma"

# Codes the frontend makes itself (lib/api-client.ts); the server may send some of them too.
CLIENT_ONLY = {"network_error", "server_error", "csrf_failed", "generic"}


def frontend_error_codes() -> set[str]:
    text = I18N.read_text(encoding="utf-8")
    ja = text[text.index("const ja = {") : text.index("} as const")]
    return set(re.findall(r'^\s*"error\.(\w+)":', ja, flags=re.MULTILINE))


def backend_raised_codes() -> set[str]:
    """Codes written in the backend's source: raised domain errors and CSV line codes."""
    raised = re.compile(
        r"\b(?:Invalid|Forbidden|NotFound|Conflict|TooLarge|Unsupported|DomainError)\(\s*\"(\w+)\""
    )
    line_code = re.compile(r"\"code\":\s*\"(\w+)\"")
    codes: set[str] = set()
    for path in BACKEND.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        codes.update(raised.findall(source))
        codes.update(line_code.findall(source))
    codes.update(code for _cls, _status, code in errors._DRF_CODES)
    return codes


def test_the_parsers_find_codes():
    assert {"no_unit_available", "ref_missing"} <= frontend_error_codes()
    assert {"no_unit_available", "ref_missing", "ref_duplicate", "rate_limited"} <= (
        backend_raised_codes()
    )


def test_every_backend_code_has_a_message():
    missing = backend_raised_codes() - set(MESSAGES)
    assert not missing, f"add these codes to koma/core/messages.py: {sorted(missing)}"


def test_every_backend_message_has_a_japanese_frontend_text():
    missing = set(MESSAGES) - frontend_error_codes()
    assert not missing, f"add error.<code> to frontend/src/lib/i18n.ts: {sorted(missing)}"


def test_the_frontend_knows_no_code_the_backend_lacks():
    unknown = frontend_error_codes() - set(MESSAGES) - CLIENT_ONLY
    assert not unknown, f"the backend never sends these codes: {sorted(unknown)}"


def test_backend_messages_are_japanese_first():
    """The compiled catalogue translates every code; English is the msgid."""
    kana_or_kanji = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    for code in MESSAGES:
        ja, en = message_for(code, "ja"), message_for(code, "en")
        assert kana_or_kanji.search(ja), f"{code}: no Japanese in django.po (is the .mo built?)"
        assert not kana_or_kanji.search(en), code


def test_the_active_language_decides_and_unknown_codes_fall_back():
    with translation.override("en"):
        assert message_for("not_found") == "Not found."
    with translation.override("ja"):
        assert message_for("not_found") == "見つかりません。"
    assert message_for("no_such_code_anywhere", "ja") == "エラーが発生しました。"
    assert message_for("no_such_code_anywhere", "en") == "Something went wrong."
