"""和暦 (Japanese era dates): parsing every written form, and conversion back (docs/domain.md §2.2).

A 20-line era table is easier to test than a dependency (docs/domain.md recommends it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from koma.jp.errors import JpWarning, WarekiError


@dataclass(frozen=True, slots=True)
class Era:
    name: str  # 令和
    code: int  # 1–5, used by packed GYYMMDD interface dates [K: confirm per target system]
    abbr: str  # R
    first_day: date
    last_day: date | None  # None while the era is current
    offset: int  # Gregorian year = era year + offset

    @property
    def max_year(self) -> int | None:
        return None if self.last_day is None else self.last_day.year - self.offset


ERAS: tuple[Era, ...] = (
    Era("明治", 1, "M", date(1868, 1, 25), date(1912, 7, 29), 1867),
    Era("大正", 2, "T", date(1912, 7, 30), date(1926, 12, 24), 1911),
    Era("昭和", 3, "S", date(1926, 12, 25), date(1989, 1, 7), 1925),
    Era("平成", 4, "H", date(1989, 1, 8), date(2019, 4, 30), 1988),
    Era("令和", 5, "R", date(2019, 5, 1), None, 2018),
)

# Dates before this are lunar-calendar dates (the solar calendar started 明治6年1月1日): flag them.
SOLAR_CALENDAR_START = date(1873, 1, 1)

# Pre-printed forms keep an old era after a change; docs/domain.md says "平成31年5月1日" is converted
# with a warning. Only the era named here gets this leniency, up to the end of that era year.
LENIENT_ERA_OVERRUN: dict[str, int] = {"平成": 31}

_BY_KEY: dict[str, Era] = {}
for _era in ERAS:
    _BY_KEY[_era.name] = _era
    _BY_KEY[_era.name[0]] = _era  # 令6.4.1
    _BY_KEY[_era.abbr] = _era
    _BY_KEY[_era.abbr.lower()] = _era
_BY_CODE = {era.code: era for era in ERAS}

_WRITTEN = re.compile(
    r"^(?P<era>明治|大正|昭和|平成|令和|[明大昭平令MTSHRmtshr])\s*\.?\s*"
    r"(?P<year>元|\d{1,2})\s*(?:[./\-]|年)\s*"
    r"(?P<month>\d{1,2})\s*(?:[./\-]|月)\s*"
    r"(?P<day>\d{1,2})\s*日?$"
)
_PACKED = re.compile(r"^(?P<code>[1-5])(?P<year>\d{2})(?P<month>\d{2})(?P<day>\d{2})$")


@dataclass(frozen=True, slots=True)
class WarekiResult:
    date: date
    era: Era
    era_year: int
    warnings: tuple[JpWarning, ...] = ()


def era_by_key(key: str) -> Era:
    """Era for a name (令和), first character (令), abbreviation (R/r) or code ("5")."""
    if key.isdigit() and int(key) in _BY_CODE:
        return _BY_CODE[int(key)]
    try:
        return _BY_KEY[key]
    except KeyError:
        raise WarekiError(f"unknown era {key!r}", code="WAREKI_UNKNOWN_ERA") from None


def _prepare(text: str) -> str:
    # NFKC is safe here (a date string, not a name): it folds full-width digits and
    # punctuation and expands the squared era signs ㋿ ㍻ ㍼ ㍽ ㍾ to their two-kanji names.
    return unicodedata.normalize("NFKC", text).strip()


def from_era(
    era: Era, era_year: int, month: int, day: int, *, today: date | None = None
) -> WarekiResult:
    """Build and check a date from its parts; see :func:`parse_wareki` for the rules."""
    if era_year < 1:
        raise WarekiError(
            f"{era.name}{era_year}年: the era year starts at 1", code="WAREKI_YEAR_RANGE"
        )
    allowed_max = LENIENT_ERA_OVERRUN.get(era.name, era.max_year)
    if allowed_max is not None and era_year > allowed_max:
        raise WarekiError(
            f"{era.name} has no year {era_year} (last is {era.max_year})", code="WAREKI_YEAR_RANGE"
        )
    if today is not None and era.last_day is None and era_year > today.year - era.offset:
        raise WarekiError(f"{era.name}{era_year}年 is in the future", code="WAREKI_YEAR_RANGE")
    try:
        result = date(era_year + era.offset, month, day)
    except ValueError as exc:
        raise WarekiError(f"not a calendar date: {exc}", code="WAREKI_NOT_A_DATE") from None
    if result < era.first_day:
        raise WarekiError(
            f"{result} is before {era.name} began ({era.first_day})", code="WAREKI_BEFORE_ERA"
        )
    warnings: list[JpWarning] = []
    if era.last_day is not None and result > era.last_day:
        if era.name not in LENIENT_ERA_OVERRUN:
            raise WarekiError(
                f"{result} is after {era.name} ended ({era.last_day})", code="WAREKI_AFTER_ERA"
            )
        warnings.append(
            JpWarning(
                code="WAREKI_ERA_OVERRUN",
                message=f"{era.name}{era_year}年{month}月{day}日 is past the era's end; read as {result}",
            )
        )
    if result < SOLAR_CALENDAR_START:
        warnings.append(
            JpWarning(
                code="WAREKI_LUNAR_CALENDAR",
                message=f"{result} predates the solar calendar (1873-01-01); check the source",
            )
        )
    return WarekiResult(date=result, era=era, era_year=era_year, warnings=tuple(warnings))


def parse_wareki(text: str, *, today: date | None = None) -> WarekiResult:
    """Parse a 和暦 date written in any form docs/domain.md §2.2 lists.

    Accepted: 令和6年4月1日, 令和元年5月1日, R6.4.1, r6.4.1, R06/04/01, 令6.4.1, H31-04-30,
    squared signs (㋿6年4月1日, ㍻31年4月30日), full-width digits, and packed GYYMMDD
    (``5060401``). Era years are checked against the era table (昭和 1–64, 平成 1–31, …) and the
    full date against the era's first and last day. A date past 平成's end inside 平成31年 is
    converted with a ``WAREKI_ERA_OVERRUN`` warning. Pass ``today`` to reject 令和 years in the
    future. Raises ``WarekiError`` with a stable ``code`` otherwise.
    """
    prepared = _prepare(text)
    packed = _PACKED.match(prepared)
    if packed:
        era = _BY_CODE[int(packed["code"])]
        return from_era(
            era, int(packed["year"]), int(packed["month"]), int(packed["day"]), today=today
        )
    m = _WRITTEN.match(prepared)
    if not m:
        raise WarekiError(f"not a wareki date: {text!r}", code="WAREKI_FORMAT")
    era = _BY_KEY[m["era"]]
    year = 1 if m["year"] == "元" else int(m["year"])
    return from_era(era, year, int(m["month"]), int(m["day"]), today=today)


def parse_wareki_date(text: str, *, today: date | None = None) -> date:
    """Convenience: the date of :func:`parse_wareki`, dropping warnings (log them if you care)."""
    return parse_wareki(text, today=today).date


_GREGORIAN = re.compile(
    r"^(?P<year>\d{4})\s*(?:[./\-]|年)\s*(?P<month>\d{1,2})\s*(?:[./\-]|月)\s*"
    r"(?P<day>\d{1,2})\s*日?$"
)
_GREGORIAN_PACKED = re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})$")


def parse_japanese_date(text: str, *, today: date | None = None) -> date:
    """Any date Japanese staff type, as a :class:`date`.

    Western forms: ``2024-04-01``, ``2024/4/1``, ``2024.4.1``, ``2024年4月1日``, ``20240401``;
    every 和暦 form :func:`parse_wareki` reads (``令和6年4月1日``, ``R6.4.1``, ``令和元年5月1日``,
    packed ``5060401``); full-width digits and punctuation in all of them. Raises
    ``WarekiError`` (``WAREKI_FORMAT``, ``WAREKI_NOT_A_DATE`` or an era code) otherwise.
    """
    prepared = _prepare(text)
    m = _GREGORIAN.match(prepared) or _GREGORIAN_PACKED.match(prepared)
    if m:
        try:
            return date(int(m["year"]), int(m["month"]), int(m["day"]))
        except ValueError as exc:
            raise WarekiError(f"not a calendar date: {exc}", code="WAREKI_NOT_A_DATE") from None
    return parse_wareki(prepared, today=today).date


def era_of(d: date) -> Era:
    """The era in force on ``d``; raises ``WarekiError`` before 明治."""
    for era in reversed(ERAS):
        if d >= era.first_day:
            return era
    raise WarekiError(f"{d} is before 明治", code="WAREKI_BEFORE_ERA")


def to_wareki(d: date, *, style: str = "kanji") -> str:
    """Format ``d`` in the era in force that day.

    ``style="kanji"`` → ``令和元年5月1日`` (year 1 is 元年); ``style="abbr"`` → ``R1.5.1``;
    ``style="packed"`` → ``5010501`` (GYYMMDD).
    """
    era = era_of(d)
    year = d.year - era.offset
    if style == "kanji":
        year_text = "元" if year == 1 else str(year)
        return f"{era.name}{year_text}年{d.month}月{d.day}日"
    if style == "abbr":
        return f"{era.abbr}{year}.{d.month}.{d.day}"
    if style == "packed":
        return f"{era.code}{year:02d}{d.month:02d}{d.day:02d}"
    raise ValueError(f"unknown style {style!r}")
