import pytest

from koma.jp.corpnum import (
    check_registration_number,
    corporate_check_digit,
    is_valid_corporate_number,
    normalize_corporate_number,
)
from koma.jp.errors import (
    CorporateNumberError,
    LgCodeError,
    MyNumberDetected,
    RegistrationNumberError,
)
from koma.jp.lgcode import (
    PREFECTURES,
    is_valid_lg_code,
    lg_code_check,
    normalize_lg_code,
    prefecture_of_lg_code,
)
from koma.jp.mynumber import (
    assert_no_mynumber,
    contains_mynumber,
    find_mynumbers,
    is_valid_mynumber,
    mynumber_check_digit,
)

# ---------------------------------------------------------------- 地方公共団体コード (§5)

LG_VECTORS = [
    "010006",
    "130001",
    "131016",
    "070009",
    "072010",
    "072036",
    "072079",
    "141003",
    "271403",
]


@pytest.mark.parametrize("code", LG_VECTORS)
def test_lg_code_vectors_are_valid(code):
    assert lg_code_check(code[:5]) == code[5]
    assert is_valid_lg_code(code)
    assert normalize_lg_code(code[:5]) == code
    assert normalize_lg_code(code) == code


def test_lg_code_domain_examples():
    assert lg_code_check("07203") == "6"
    assert is_valid_lg_code("072036")
    assert not is_valid_lg_code("072037")


def _remainder(five: str) -> int:
    return sum(int(d) * w for d, w in zip(five, (6, 5, 4, 3, 2), strict=True)) % 11


def test_lg_code_remainder_zero_gives_one():
    assert _remainder("00000") == 0
    assert lg_code_check("00000") == "1"


def test_lg_code_remainder_one_gives_zero():
    five = next(f"{n:05d}" for n in range(100000) if _remainder(f"{n:05d}") == 1)
    assert lg_code_check(five) == "0"


def test_lg_code_accepts_full_width_and_spaces():
    assert normalize_lg_code("０７２０３") == "072036"
    assert normalize_lg_code(" 072036 ") == "072036"
    assert prefecture_of_lg_code("07203") == "福島県"


@pytest.mark.parametrize("bad", ["072037", "0720", "0720361", "07a03", "", "480001", "000001"])
def test_lg_code_rejects_invalid(bad):
    with pytest.raises(LgCodeError) as exc:
        normalize_lg_code(bad)
    assert isinstance(exc.value, ValueError)
    assert exc.value.code == "LG_CODE_INVALID"
    assert not is_valid_lg_code(bad)


def test_is_valid_lg_code_requires_six_digits():
    assert not is_valid_lg_code("07203")


def test_there_are_47_prefectures():
    assert len(PREFECTURES) == 47
    assert PREFECTURES["07"] == "福島県"


# ---------------------------------------------------------------- マイナンバー (§2.7)


@pytest.mark.parametrize("number", ["123456789018", "987654321093"])
def test_mynumber_vectors_are_valid(number):
    assert is_valid_mynumber(number)
    assert mynumber_check_digit(number[:11]) == int(number[11])


@pytest.mark.parametrize(
    "number", ["123456789017", "987654321094", "12345678901", "1234567890180", "abcdefghijkl"]
)
def test_mynumber_invalid(number):
    assert not is_valid_mynumber(number)


def test_mynumber_check_digit_is_always_one_digit():
    # A spread of bases: (11 − r) would be 10 or 11 for r ≤ 1 without the "0 if r ≤ 1" rule.
    for n in range(0, 10**11, 7_654_321_987):
        digits = f"{n:011d}"
        assert 0 <= mynumber_check_digit(digits) <= 9


@pytest.mark.parametrize(
    "text, found",
    [
        ("123456789018", ["123456789018"]),
        ("番号は１２３４５６７８９０１８です", ["123456789018"]),
        ("1234 5678 9018", ["123456789018"]),
        ("1234-5678-9018", ["123456789018"]),
        ("a 987654321093 b 123456789018", ["987654321093", "123456789018"]),
        ("123456789017", []),  # bad check digit
        ("0123456789018", []),  # 13-digit run: not split into windows
        ("1234567890189", []),
        ("tel 090-1234-5678", []),
        ("", []),
    ],
)
def test_find_mynumbers(text, found):
    assert [m.digits for m in find_mynumbers(text)] == found
    assert contains_mynumber(text) == bool(found)


def test_find_mynumbers_reports_positions_in_the_original_text():
    text = "番号：１２３４５６７８９０１８"
    (match,) = find_mynumbers(text)
    assert text[match.start : match.end] == "１２３４５６７８９０１８"


def test_assert_no_mynumber_blocks_with_stable_code():
    assert_no_mynumber("山田太郎 024-923-1111")
    with pytest.raises(MyNumberDetected) as exc:
        assert_no_mynumber("備考 123456789018")
    assert exc.value.code == "MYNUMBER_DETECTED"
    assert "123456789018" not in str(exc.value)  # never echo the number into logs


# ---------------------------------------------------------------- 法人番号 / 登録番号 (§4.1)


@pytest.mark.parametrize(
    "number", ["7000012050002", "4011001098993", "2120901007402", "8010601046367"]
)
def test_corporate_number_vectors(number):
    assert is_valid_corporate_number(number)
    assert corporate_check_digit(number[1:]) == int(number[0])


@pytest.mark.parametrize(
    "number", ["8000012050002", "701060104636", "80106010463670", "T8010601046367", ""]
)
def test_corporate_number_invalid(number):
    assert not is_valid_corporate_number(number)
    with pytest.raises(CorporateNumberError):
        normalize_corporate_number(number)


def test_corporate_number_accepts_full_width():
    assert normalize_corporate_number("７０００ ０１２０ ５０００２") == "7000012050002"


def test_registration_number_valid():
    check = check_registration_number("T8010601046367")
    assert check.number == "T8010601046367"
    assert check.ok and check.warnings == ()


def test_registration_number_bad_check_digit_is_a_warning():
    check = check_registration_number("T8010601046368")
    assert not check.ok
    assert [w.code for w in check.warnings] == ["REGISTRATION_CHECK_DIGIT"]


@pytest.mark.parametrize(
    "value, canonical",
    [("ｔ８０１０６０１０４６３６７", "T8010601046367"), ("t8010601046367", "T8010601046367")],
)
def test_registration_number_normalises(value, canonical):
    assert check_registration_number(value).number == canonical


@pytest.mark.parametrize(
    "value",
    ["8010601046367", "T801060104636", "T80106010463670", "X8010601046367", "T801060104636a"],
)
def test_registration_number_bad_format_is_an_error(value):
    with pytest.raises(RegistrationNumberError) as exc:
        check_registration_number(value)
    assert exc.value.code == "INVOICE_REGISTRATION_NUMBER_INVALID"
