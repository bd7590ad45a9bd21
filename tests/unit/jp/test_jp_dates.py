from datetime import date

import pytest

from koma.jp.errors import WarekiError
from koma.jp.wareki import parse_japanese_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-04-01", date(2024, 4, 1)),
        ("2024/4/1", date(2024, 4, 1)),
        ("2024.4.1", date(2024, 4, 1)),
        ("2024年4月1日", date(2024, 4, 1)),
        ("2024年 4月 1日", date(2024, 4, 1)),
        ("20240401", date(2024, 4, 1)),
        ("２０２４／４／１", date(2024, 4, 1)),
        ("２０２４年４月１日", date(2024, 4, 1)),
        ("令和6年4月1日", date(2024, 4, 1)),
        ("R6.4.1", date(2024, 4, 1)),
        ("Ｒ６．４．１", date(2024, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和６年４月１日", date(2024, 4, 1)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("5060401", date(2024, 4, 1)),
        (" 2024-04-01 ", date(2024, 4, 1)),
    ],
)
def test_it_reads_every_form_staff_type(text, expected):
    assert parse_japanese_date(text) == expected


@pytest.mark.parametrize(
    "text, code",
    [
        ("2024-02-30", "WAREKI_NOT_A_DATE"),
        ("2024年13月1日", "WAREKI_NOT_A_DATE"),
        ("20240230", "WAREKI_NOT_A_DATE"),
        ("平成32年1月1日", "WAREKI_YEAR_RANGE"),
        ("令和元年4月30日", "WAREKI_BEFORE_ERA"),
        ("来週", "WAREKI_FORMAT"),
        ("2024-4", "WAREKI_FORMAT"),
        ("", "WAREKI_FORMAT"),
    ],
)
def test_it_refuses_what_is_not_a_date(text, code):
    with pytest.raises(WarekiError) as exc:
        parse_japanese_date(text)
    assert exc.value.code == code
