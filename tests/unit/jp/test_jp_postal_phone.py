import pytest

from koma.jp.errors import PhoneNumberError, PostalCodeError
from koma.jp.phone import format_phone, is_valid_phone, parse_phone, to_e164
from koma.jp.postal import (
    POSTAL_RE,
    is_valid_postal_code,
    lookup_postal_code,
    normalize_postal_code,
    postal_code_matches_address,
)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("１２３－４５６７", "123-4567"),
        ("1234567", "123-4567"),
        ("123-4567", "123-4567"),
        ("〒963-8601", "963-8601"),
        ("〒 ９６３ー８６０１ ", "963-8601"),
        ("963\u22128601", "963-8601"),
    ],
)
def test_normalize_postal_code(value, expected):
    assert normalize_postal_code(value) == expected
    assert POSTAL_RE.match(expected)
    assert is_valid_postal_code(value)


@pytest.mark.parametrize(
    "value", ["123456", "12345678", "12-34567", "1234-567", "123--4567", "abc-defg", ""]
)
def test_invalid_postal_codes(value):
    assert not is_valid_postal_code(value)
    with pytest.raises(PostalCodeError) as exc:
        normalize_postal_code(value)
    assert exc.value.code == "POSTAL_CODE_INVALID"


def test_lookup_498_0000_returns_aichi_and_mie():
    candidates = lookup_postal_code("498-0000")
    assert {c.prefecture for c in candidates} == {"愛知県", "三重県"}
    assert all(c.postal_code == "498-0000" for c in candidates)
    # 「以下に掲載がない場合」 is a note, not a town
    assert all(c.town == "" and c.town_kana == "" for c in candidates)
    assert {c.lg_code for c in candidates} == {"232351", "243035"}


def test_lookup_returns_one_candidate_with_kana_and_lg_code():
    (cand,) = lookup_postal_code("１００－０００１")
    assert (cand.prefecture, cand.city, cand.town) == ("東京都", "千代田区", "千代田")
    assert cand.lg_code == "131016"
    assert cand.town_kana == "チヨダ"
    assert cand.address == "東京都千代田区千代田"


def test_lookup_finds_office_codes():
    (cand,) = lookup_postal_code("960-8670")
    assert cand.office_name == "福島県庁"
    assert cand.lg_code == "072010"


def test_lookup_unknown_code_is_empty():
    assert lookup_postal_code("000-0000") == ()


def test_address_match_is_one_of_never_equal():
    assert postal_code_matches_address("498-0000", "愛知県弥富市鍋田町")
    assert postal_code_matches_address("498-0000", "三重県桑名郡木曽岬町")
    assert not postal_code_matches_address("498-0000", "東京都千代田区")


@pytest.mark.parametrize(
    "value, e164, national, kind",
    [
        ("0312345678", "+81312345678", "03-1234-5678", "fixed_line"),
        ("0249231111", "+81249231111", "024-923-1111", "fixed_line"),
        ("０２４ー９２３ー１１１１", "+81249231111", "024-923-1111", "fixed_line"),
        ("090-1234-5678", "+819012345678", "090-1234-5678", "mobile"),
        ("08012345678", "+818012345678", "080-1234-5678", "mobile"),
        ("07012345678", "+817012345678", "070-1234-5678", "mobile"),
        ("050-1234-5678", "+815012345678", "050-1234-5678", "voip"),
        ("0120123456", "+81120123456", "0120-123-456", "toll_free"),
        ("08001234567", "+818001234567", "0800-123-4567", "toll_free"),
        ("0570123456", "+81570123456", "0570-123-456", "uan"),
        ("+81 3 1234 5678", "+81312345678", "03-1234-5678", "fixed_line"),
    ],
)
def test_parse_phone(value, e164, national, kind):
    phone = parse_phone(value)
    assert (phone.e164, phone.national, phone.kind) == (e164, national, kind)
    assert phone.as_keyed == value
    assert to_e164(value) == e164
    assert format_phone(value) == national
    assert is_valid_phone(value)


@pytest.mark.parametrize("value", ["090-1234-567", "0312345", "12345", "abc", "", "0901234567890"])
def test_invalid_phone(value):
    assert not is_valid_phone(value)
    with pytest.raises(PhoneNumberError) as exc:
        parse_phone(value)
    assert exc.value.code == "PHONE_INVALID"
