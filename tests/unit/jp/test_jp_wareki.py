import itertools
from datetime import date

import pytest

from koma.jp.errors import WarekiError
from koma.jp.wareki import ERAS, era_by_key, era_of, parse_wareki, parse_wareki_date, to_wareki


@pytest.mark.parametrize(
    "text, expected",
    [
        # docs/domain.md §2.11 vectors
        ("R6.4.1", date(2024, 4, 1)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("5060401", date(2024, 4, 1)),
        # every written form of §2.2
        ("令和6年4月1日", date(2024, 4, 1)),
        ("R06/04/01", date(2024, 4, 1)),
        ("令6.4.1", date(2024, 4, 1)),
        ("r6.4.1", date(2024, 4, 1)),
        ("Ｒ６．４．１", date(2024, 4, 1)),
        ("令和６年４月１日", date(2024, 4, 1)),
        ("令和 6 年 4 月 1 日", date(2024, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("R1-05-01", date(2019, 5, 1)),
        ("㋿6年4月1日", date(2024, 4, 1)),
        ("㍻31年4月30日", date(2019, 4, 30)),
        ("㍼64年1月7日", date(1989, 1, 7)),
        ("㍽15年12月24日", date(1926, 12, 24)),
        ("㍾45年7月29日", date(1912, 7, 29)),
        ("H1.1.8", date(1989, 1, 8)),
        ("S64.1.7", date(1989, 1, 7)),
        ("昭和元年12月25日", date(1926, 12, 25)),
        ("大正元年7月30日", date(1912, 7, 30)),
        ("T15.12.24", date(1926, 12, 24)),
        ("明治45年7月29日", date(1912, 7, 29)),
        ("M6.1.1", date(1873, 1, 1)),
        ("４３１０４３０", date(2019, 4, 30)),
        ("3640107", date(1989, 1, 7)),
        ("1450729", date(1912, 7, 29)),
        ("  令和6年4月1日  ", date(2024, 4, 1)),
    ],
)
def test_it_parses_every_written_form(text, expected):
    result = parse_wareki(text)
    assert result.date == expected
    assert result.warnings == ()
    assert parse_wareki_date(text) == expected


def test_it_warns_on_heisei_31_after_the_era_end():
    result = parse_wareki("平成31年5月1日")
    assert result.date == date(2019, 5, 1)
    assert [w.code for w in result.warnings] == ["WAREKI_ERA_OVERRUN"]


def test_it_flags_lunar_calendar_dates():
    result = parse_wareki("明治5年12月2日")
    assert result.date == date(1872, 12, 2)
    assert [w.code for w in result.warnings] == ["WAREKI_LUNAR_CALENDAR"]


@pytest.mark.parametrize(
    "text, code",
    [
        ("昭和64年1月8日", "WAREKI_AFTER_ERA"),  # docs/domain.md vector
        ("平成元年1月7日", "WAREKI_BEFORE_ERA"),
        ("令和元年4月30日", "WAREKI_BEFORE_ERA"),
        ("大正元年7月29日", "WAREKI_BEFORE_ERA"),
        ("大正15年12月25日", "WAREKI_AFTER_ERA"),
        ("明治45年7月30日", "WAREKI_AFTER_ERA"),
        ("明治元年1月24日", "WAREKI_BEFORE_ERA"),
        ("大正16年1月1日", "WAREKI_YEAR_RANGE"),
        ("昭和65年1月1日", "WAREKI_YEAR_RANGE"),
        ("平成32年1月1日", "WAREKI_YEAR_RANGE"),
        ("令和0年5月1日", "WAREKI_YEAR_RANGE"),
        ("令和6年2月30日", "WAREKI_NOT_A_DATE"),
        ("令和6年13月1日", "WAREKI_NOT_A_DATE"),
        ("6060401", "WAREKI_FORMAT"),  # era code 6 does not exist
        ("令和6年4月", "WAREKI_FORMAT"),
        ("2024-04-01", "WAREKI_FORMAT"),
        ("X6.4.1", "WAREKI_FORMAT"),
        ("", "WAREKI_FORMAT"),
    ],
)
def test_it_rejects_impossible_dates(text, code):
    with pytest.raises(WarekiError) as exc:
        parse_wareki(text)
    assert exc.value.code == code
    assert isinstance(exc.value, ValueError)


def test_it_rejects_future_reiwa_years_when_today_is_given():
    assert parse_wareki("令和8年1月1日", today=date(2026, 1, 1)).date == date(2026, 1, 1)
    with pytest.raises(WarekiError) as exc:
        parse_wareki("令和9年1月1日", today=date(2026, 6, 1))
    assert exc.value.code == "WAREKI_YEAR_RANGE"
    # without today, any reiwa year parses (the caller opts in to the check)
    assert parse_wareki("令和9年1月1日").date == date(2027, 1, 1)


@pytest.mark.parametrize(
    "d, expected",
    [
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2024, 4, 1), "令和6年4月1日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1868, 1, 25), "明治元年1月25日"),
    ],
)
def test_it_formats_dates_in_wareki(d, expected):
    assert to_wareki(d) == expected
    assert parse_wareki(expected).date == d


@pytest.mark.parametrize(
    "d, abbr, packed",
    [
        (date(2024, 4, 1), "R6.4.1", "5060401"),
        (date(2019, 5, 1), "R1.5.1", "5010501"),
        (date(1989, 1, 7), "S64.1.7", "3640107"),
        (date(2000, 12, 31), "H12.12.31", "4121231"),
    ],
)
def test_it_formats_abbreviated_and_packed(d, abbr, packed):
    assert to_wareki(d, style="abbr") == abbr
    assert to_wareki(d, style="packed") == packed
    assert parse_wareki(packed).date == d
    assert parse_wareki(abbr).date == d


def test_it_refuses_dates_before_meiji():
    with pytest.raises(WarekiError):
        to_wareki(date(1868, 1, 24))
    with pytest.raises(ValueError):
        to_wareki(date(2024, 1, 1), style="roman")


def test_era_boundaries_are_contiguous():
    for earlier, later in itertools.pairwise(ERAS):
        assert (later.first_day - earlier.last_day).days == 1
        assert era_of(earlier.last_day) is earlier
        assert era_of(later.first_day) is later
    assert [e.max_year for e in ERAS] == [45, 15, 64, 31, None]


def test_era_by_key_accepts_names_codes_and_abbreviations():
    assert (
        era_by_key("令和")
        is era_by_key("R")
        is era_by_key("r")
        is era_by_key("5")
        is era_by_key("令")
    )
    with pytest.raises(WarekiError):
        era_by_key("X")
