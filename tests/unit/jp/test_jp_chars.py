import pytest

from koma.jp.chars import (
    CP932_EXPORT_MAP,
    GETA,
    CharClass,
    address_shadow,
    clean_field,
    cp932_unencodable,
    export_cp932,
    find_gaiji,
    first_invalid_char,
    is_zengin_text,
    kana_for_label,
    matches_char_class,
    normalize_field,
    to_hiragana,
    to_katakana,
    to_zengin_kana,
)
from koma.jp.errors import CharClassError

KAMI_COMPAT = "\ufa19"  # 神 compatibility ideograph; NFC would turn it into U+795E


@pytest.mark.parametrize("char_class", [CharClass.KANJI_ANY, CharClass.FREE])
def test_u_fa19_survives_the_round_trip(char_class):
    value = f"{KAMI_COMPAT}田　一郎"
    stored = clean_field(value, char_class=char_class)
    assert stored == value
    assert stored[0] == "\ufa19"
    assert normalize_field(stored, char_class=char_class) == value


@pytest.mark.parametrize(
    "value",
    [
        f"福島県郡山市{KAMI_COMPAT}明町１－２－３",  # full-width digits in an address stay as keyed
        "髙橋",  # 髙 (U+9AD9) is not folded to 高
        "﨑",  # U+FA11, one of the twelve unified compatibility ideographs
        "葛\U000e0100飾",  # IVS selector kept
        "ｶﾞ①㈱㍻",  # NFKC would fold all of these; names are stored as keyed
    ],
)
def test_kanji_any_never_changes_a_code_point(value):
    assert normalize_field(value, char_class=CharClass.KANJI_ANY) == value


@pytest.mark.parametrize(
    "char_class, value, expected",
    [
        (CharClass.DIGIT, "１２３－４５６７", "123-4567"),
        (CharClass.DIGIT, "０２４ー９２３ー１１１１", "024-923-1111"),
        (CharClass.DIGIT, " 123 ", "123"),
        (CharClass.DIGIT, "1\u22122", "1-2"),
        (CharClass.DIGIT, "1\u20152", "1-2"),
        (CharClass.DIGIT, "1\u25002", "1-2"),
        (CharClass.DIGIT, "1ｰ2", "1-2"),
        (CharClass.ALNUM_HALF, "ＡＢＣ　１２３", "ABC 123"),
        (CharClass.ALNUM_HALF, "ｍａｉｌ＠ｅｘａｍｐｌｅ．ｊｐ", "mail@example.jp"),
        (CharClass.ALNUM_HALF, "Ａ－１", "A-1"),
        (CharClass.KANA_FULL, "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"),
        (CharClass.KANA_FULL, "コーヒー", "コーヒー"),
        (CharClass.KANA_HALF_ZENGIN, "キュウヨ", "ｷﾕｳﾖ"),
    ],
)
def test_normalize_field_folds_only_what_the_class_allows(char_class, value, expected):
    assert normalize_field(value, char_class=char_class) == expected


@pytest.mark.parametrize(
    "text",
    ["コーヒー", "ー1", "1ー", "ア-1", "1-ア", "ｰ"],
)
def test_hyphen_look_alikes_are_left_alone_outside_digits(text):
    assert normalize_field(text, char_class=CharClass.ALNUM_HALF) == text


@pytest.mark.parametrize(
    "char_class, value, ok",
    [
        (CharClass.DIGIT, "123-4567", True),
        (CharClass.DIGIT, "", True),
        (CharClass.DIGIT, "12a", False),
        (CharClass.DIGIT, "-123", False),
        (CharClass.DIGIT, "123-", False),
        (CharClass.DIGIT, "1--2", False),
        (CharClass.ALNUM_HALF, "A b-1/2", True),
        (CharClass.ALNUM_HALF, "Aあ", False),
        (CharClass.KANA_FULL, "ヤマダ　タロウ", True),
        (CharClass.KANA_FULL, "ヴァイオリン", True),
        (CharClass.KANA_FULL, "やまだ", False),
        (CharClass.KANA_FULL, "山田", False),
        (CharClass.KANA_HALF_ZENGIN, "ﾔﾏﾀﾞ ﾀﾛｳ", True),
        (CharClass.KANA_HALF_ZENGIN, "ｷｭｳ", False),
        (CharClass.KANA_HALF_ZENGIN, "ｺｰﾋｰ", False),
        (CharClass.KANJI_ANY, "山田\t太郎", True),
        (CharClass.KANJI_ANY, "山田\x00", False),
        (CharClass.FREE, "anything 何でも 〓", True),
    ],
)
def test_matches_char_class(char_class, value, ok):
    assert matches_char_class(value, char_class=char_class) is ok


def test_clean_field_raises_with_the_offending_character():
    with pytest.raises(CharClassError) as exc:
        clean_field("山田", char_class="kana_full")
    assert exc.value.code == "CHAR_CLASS_INVALID"
    assert "'山'" in str(exc.value)
    assert clean_field("ﾔﾏﾀﾞ", char_class="kana_full") == "ヤマダ"
    assert first_invalid_char("12a", char_class="digit") == "a"
    assert first_invalid_char("123", char_class="digit") is None
    assert first_invalid_char("123-", char_class="digit") == "-"


def test_unknown_class_is_a_value_error():
    with pytest.raises(ValueError):
        normalize_field("x", char_class="kanji_only")


def test_address_shadow_folds_digits_and_hyphens_but_not_kanji():
    assert address_shadow(f"{KAMI_COMPAT}明町１－２－３　ビル") == f"{KAMI_COMPAT}明町1-2-3ビル"


# ---------------------------------------------------------------- kana


@pytest.mark.parametrize(
    "text, label, expected",
    [
        ("ヤマダ タロウ", "ふりがな", "やまだ たろう"),
        ("やまだ たろう", "フリガナ", "ヤマダ タロウ"),
        ("ﾔﾏﾀﾞ", "ふりがな", "やまだ"),
        ("ﾔﾏﾀﾞ", "フリガナ", "ヤマダ"),
    ],
)
def test_kana_for_label(text, label, expected):
    assert kana_for_label(text, label=label) == expected


def test_kana_for_label_rejects_unknown_labels():
    with pytest.raises(ValueError):
        kana_for_label("x", label="よみがな")


def test_hira_kata_helpers():
    assert to_katakana("すずき") == "スズキ"
    assert to_hiragana("スズキ") == "すずき"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("キュウヨ", "ｷﾕｳﾖ"),  # docs/domain.md example
        ("ガ", "ｶﾞ"),  # two characters in half-width
        ("パン", "ﾊﾟﾝ"),
        ("ッャュョァィゥェォ", "ﾂﾔﾕﾖｱｲｳｴｵ"),
        ("ｯｬｭｮｧ", "ﾂﾔﾕﾖｱ"),
        ("コーヒー", "ｺ-ﾋ-"),
        ("ｺｰﾋｰ", "ｺ-ﾋ-"),
        ("abc", "ABC"),
        ("ａｂｃ１２３", "ABC123"),
        ("やまだ　はなこ", "ﾔﾏﾀﾞ ﾊﾅｺ"),
        ("ヲ", "ｵ"),  # ｦ→ｵ unless the bank profile allows ｦ
        ("ヴ", "ｳﾞ"),
        ("ヵヶヮ", "ｶｹﾜ"),
        ("（カ）", "(ｶ)"),
    ],
)
def test_to_zengin_kana(text, expected):
    assert to_zengin_kana(text) == expected
    assert is_zengin_text(expected)


def test_to_zengin_kana_keeps_wo_when_the_bank_allows_it():
    assert to_zengin_kana("ヲ", extra_chars="ｦ") == "ｦ"
    assert not is_zengin_text("ｦ")
    assert is_zengin_text("ｦ", extra_chars="ｦ")


# ---------------------------------------------------------------- CP932 export


@pytest.mark.parametrize("source, target", sorted(CP932_EXPORT_MAP.items()))
def test_cp932_trap_characters_are_mapped_and_round_trip(source, target):
    result = export_cp932(source)
    assert result.ok
    assert result.mapped == ((0, source, target),)
    assert result.data.decode("cp932") == target


def test_cp932_reports_what_cannot_be_encoded():
    text = "𠮷野家の〜🍣"
    result = export_cp932(text)
    assert [(u.index, u.codepoint) for u in result.unencodable] == [(0, "U+20BB7"), (5, "U+1F363")]
    assert result.data.decode("cp932") == f"{GETA}野家の～{GETA}"
    assert cp932_unencodable("普通の文字") == ()


def test_cp932_keeps_ibm_extension_kanji():
    # 髙 and 﨑 are in CP932 (NEC/IBM extensions) and must not be reported
    assert export_cp932("髙﨑").ok


# ---------------------------------------------------------------- 外字


def test_find_gaiji_reports_geta_and_private_use():
    report = find_gaiji(f"山{GETA}太\ue000郎\U000f0001")
    assert report.geta_positions == (1,)
    assert report.pua_positions == (3, 5)
    assert report.has_issues


def test_ivs_is_not_gaiji():
    assert not find_gaiji("葛\U000e0100飾").has_issues
