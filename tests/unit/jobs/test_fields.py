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


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2024年4月1日", "2024-04-01"),
        ("令和元年5月1日", "2019-05-01"),
        ("20240401", "2024-04-01"),
    ],
)
def test_dates_go_through_the_kernel_parser(raw, expected):
    assert normalize_value({"name": "d", "kind": "date"}, raw) == (expected, None)


def test_every_kind_is_in_the_one_registry():
    from koma.jobs.fields import KIND_NAMES, KINDS
    from koma.jobs.logic import estimate_item_seconds

    assert KIND_NAMES == ("text", "kana", "number", "date", "postal", "choice")
    for name in KINDS:
        assert estimate_item_seconds([{"name": "f", "kind": name}]) > 15


def test_may_hold_mynumber_is_a_boolean_kept_only_when_true():
    base = {"name": "n", "label": "番号", "kind": "text"}
    schema, errors = validate_schema([{**base, "may_hold_mynumber": True}])
    assert not errors and schema[0]["may_hold_mynumber"] is True
    schema, errors = validate_schema([{**base, "may_hold_mynumber": False}])
    assert not errors and "may_hold_mynumber" not in schema[0]
    _, errors = validate_schema([{**base, "may_hold_mynumber": "yes"}])
    assert errors == {"0.may_hold_mynumber": ["not_a_boolean"]}


@pytest.mark.parametrize(
    "text, masked",
    [
        ("123456789018", "**** **** 9018"),
        ("番号 1234-5678-9018 です", "番号 **** **** 9018 です"),
        ("123456789019", "123456789019"),  # wrong check digit: not a 個人番号
        ("", ""),
    ],
)
def test_mask_mynumbers(text, masked):
    from koma.jobs.fields import mask_mynumbers

    assert mask_mynumbers(text) == masked
