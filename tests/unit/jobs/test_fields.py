import pytest

from koma.jobs.fields import normalize_value, validate_schema


@pytest.mark.parametrize(
    "field, raw, expected",
    [
        ({"kind": "text"}, " 髙橋　\ufa19 ", ("髙橋　\ufa19", None)),
        ({"kind": "kana"}, "ｶﾞｯｺｳ", ("ガッコウ", None)),
        ({"kind": "kana"}, "やまだ", ("ヤマダ", None)),
        ({"kind": "number"}, "１，２００", ("1200", None)),
        ({"kind": "date"}, "R6.4.1", ("2024-04-01", None)),
        ({"kind": "date"}, "２０２４／４／１", ("2024-04-01", None)),
        ({"kind": "date"}, "2024-02-30", ("2024-02-30", "not_a_date")),
        ({"kind": "postal"}, "〒963ー8601", ("963-8601", None)),
        ({"kind": "postal"}, "963-860", ("963-860", "invalid_postal_code")),
        ({"kind": "choice", "choices": ["A"]}, "B", ("B", "not_a_choice")),
        ({"kind": "text", "required": True}, "  ", ("", "required")),
        ({"kind": "text", "max_length": 3}, "abcd", ("abcd", "too_long")),
    ],
)
def test_normalize_value(field, raw, expected):
    assert normalize_value({"name": "f", **field}, raw) == expected


def test_validate_schema_reports_each_problem_by_position():
    schema, errors = validate_schema(
        [
            {"name": "ok", "label": "OK", "kind": "text"},
            {"name": "ok", "label": "", "kind": "text"},
            {"name": "ref", "label": "x", "kind": "nope", "max_length": 0},
        ]
    )
    assert errors == {
        "1.name": ["duplicate_field_name"],
        "1.label": ["invalid_label"],
        "2.name": ["invalid_field_name"],
        "2.kind": ["invalid_kind"],
        "2.max_length": ["out_of_range"],
    }
    assert schema[0] == {
        "name": "ok",
        "label": "OK",
        "kind": "text",
        "required": False,
        "max_length": 200,
    }
