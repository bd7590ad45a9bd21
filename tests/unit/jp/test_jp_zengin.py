from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koma.jp.chars import ZENGIN_BASE_CHARS
from koma.jp.errors import ZenginError
from koma.jp.zengin import (
    MAX_AMOUNT,
    ZenginFile,
    ZenginHeader,
    ZenginTransfer,
    abbreviate_company,
    build_zengin,
    parse_zengin,
    yucho_to_zengin,
    zengin_name,
)

GOLDEN = Path(__file__).parent / "data" / "zengin_sogo_golden.txt"

HEADER = ZenginHeader(
    requester_code="0012345678",
    requester_name="ｶ)ｺﾏ",
    transfer_date=date(2026, 1, 30),
    bank_code="0001",
    bank_name="ﾐｽﾞﾎ",
    branch_code="001",
    branch_name="ﾄｳｷﾖｳ",
    account_type=1,
    account_number="1234567",
)
TRANSFERS = (
    ZenginTransfer(
        bank_code="0523",
        bank_name="ﾄｳﾎｳ",
        branch_code="123",
        branch_name="ｺｵﾘﾔﾏ",
        account_type=1,
        account_number="7654321",
        payee_name="ﾔﾏﾀﾞ ﾊﾅｺ",
        amount=12_345,
    ),
    ZenginTransfer(
        bank_code="9900",
        bank_name="ﾕｳﾁﾖ",
        branch_code="238",
        branch_name="ﾆｻﾝﾊﾁ",
        account_type=1,
        account_number="1992765",
        payee_name="ｽｽﾞｷ ｷﾖｳｺ",
        amount=1_000,
        edi_info="INV-2026-001",
    ),
    ZenginTransfer(
        bank_code="0001",
        bank_name="ﾐｽﾞﾎ",
        branch_code="100",
        branch_name="ﾎﾝﾃﾝ",
        account_type=2,
        account_number="0000123",
        payee_name="ｻﾄｳ(ｶ",
        amount=MAX_AMOUNT,
        customer_code1="0000000042",
        customer_code2="0000000007",
        transfer_kind="8",
        new_code="1",
    ),
)


def test_build_matches_the_golden_file_byte_for_byte():
    assert build_zengin(TRANSFERS, HEADER) == GOLDEN.read_bytes()


def test_golden_file_field_positions():
    # Independent of the builder: check the 1-based byte positions of docs/domain.md §4.6.
    records = GOLDEN.read_bytes().split(b"\r\n")
    assert records[-1] == b"" and all(len(r) == 120 for r in records[:-1])
    header, d1, d2, d3, trailer, end = records[:-1]
    pos = lambda rec, a, b: rec[a - 1 : b].decode("ascii", errors="replace")  # noqa: E731
    assert pos(header, 1, 1) == "1" and pos(header, 2, 3) == "21" and pos(header, 4, 4) == "0"
    assert pos(header, 5, 14) == "0012345678"
    assert pos(header, 55, 58) == "0130" and pos(header, 59, 62) == "0001"
    assert (
        pos(header, 78, 80) == "001"
        and pos(header, 96, 96) == "1"
        and pos(header, 97, 103) == "1234567"
    )
    assert header[103:120] == b" " * 17
    assert header[14:18] == bytes([0xB6, 0x29, 0xBA, 0xCF])  # ｶ)ｺﾏ in JIS X 0201
    assert pos(d1, 1, 1) == "2" and pos(d1, 2, 5) == "0523" and pos(d1, 21, 23) == "123"
    assert pos(d1, 39, 42) == "0000" and pos(d1, 43, 43) == "1" and pos(d1, 44, 50) == "7654321"
    assert pos(d1, 81, 90) == "0000012345" and pos(d1, 91, 91) == "0"
    assert pos(d1, 92, 111) == "0" * 20 and pos(d1, 112, 112) == "7" and pos(d1, 113, 113) == " "
    assert pos(d2, 92, 111) == "INV-2026-001        " and pos(d2, 113, 113) == "Y"
    assert pos(d3, 43, 43) == "2" and pos(d3, 81, 90) == "9999999999" and pos(d3, 91, 91) == "1"
    assert (
        pos(d3, 92, 101) == "0000000042"
        and pos(d3, 102, 111) == "0000000007"
        and pos(d3, 112, 112) == "8"
    )
    assert pos(trailer, 1, 7) == "8000003" and pos(trailer, 8, 19) == "010000013344"
    assert end == b"9" + b" " * 119


def test_parse_reads_the_golden_file_back():
    parsed = parse_zengin(GOLDEN.read_bytes(), year=2026)
    assert parsed == ZenginFile(header=HEADER, transfers=TRANSFERS)
    assert parsed.total_amount == 10_000_013_344


def test_without_newlines_records_are_120_bytes_each():
    data = build_zengin(TRANSFERS, HEADER, crlf=False)
    assert len(data) == 6 * 120 and b"\r" not in data and b"\n" not in data
    assert parse_zengin(data, year=2026).transfers == TRANSFERS


@pytest.mark.parametrize("separator", [b"\n", b"\r"])
def test_cr_only_and_lf_only_are_refused(separator):
    data = build_zengin(TRANSFERS, HEADER, crlf=False)
    broken = separator.join(data[i : i + 120] for i in range(0, len(data), 120)) + separator
    with pytest.raises(ZenginError) as exc:
        parse_zengin(broken, year=2026)
    assert exc.value.code == "ZENGIN_PARSE"


def test_parse_checks_the_trailer():
    data = bytearray(GOLDEN.read_bytes())
    trailer_at = 4 * 122
    data[trailer_at + 6] = ord("4")  # count 3 → 4
    with pytest.raises(ZenginError) as exc:
        parse_zengin(bytes(data), year=2026)
    assert exc.value.code == "ZENGIN_TRAILER"
    data = bytearray(GOLDEN.read_bytes())
    data[trailer_at + 18] = ord("5")  # sum off by one
    with pytest.raises(ZenginError) as exc:
        parse_zengin(bytes(data), year=2026)
    assert exc.value.code == "ZENGIN_TRAILER"


@pytest.mark.parametrize("cut", [1, 121, 200])
def test_parse_refuses_truncated_files(cut):
    with pytest.raises(ZenginError):
        parse_zengin(GOLDEN.read_bytes()[:-cut], year=2026)


@pytest.mark.parametrize(
    "amount, code",
    [
        (0, "ZENGIN_AMOUNT"),
        (-1, "ZENGIN_AMOUNT"),
        (MAX_AMOUNT + 1, "ZENGIN_AMOUNT"),
        (1.0, "MONEY_NOT_INT"),
    ],
)
def test_amount_limits(amount, code):
    with pytest.raises(ValueError) as exc:
        build_zengin([replace(TRANSFERS[0], amount=amount)], HEADER)
    assert exc.value.code == code


def test_trailer_sum_must_fit_12_digits():
    big = [replace(TRANSFERS[0], amount=MAX_AMOUNT)] * 101
    with pytest.raises(ZenginError) as exc:
        build_zengin(big, HEADER)
    assert exc.value.code == "ZENGIN_AMOUNT"
    assert len(build_zengin(big[:100], HEADER)) == 103 * 122


@pytest.mark.parametrize(
    "name, code",
    [
        ("山田 花子", "ZENGIN_NAME_CHARS"),  # kanji
        ("ﾔﾏﾀﾞ ﾊﾅｺ ", None),  # allowed: padding is spaces anyway
        ("ｷｭｳﾖ", "ZENGIN_NAME_CHARS"),  # small kana must have been converted
        ("ｺｰﾋｰ", "ZENGIN_NAME_CHARS"),  # ｰ must have been converted to -
        ("yamada", "ZENGIN_NAME_CHARS"),  # lowercase
        ("ﾔ" * 31, "ZENGIN_FIELD_TOO_LONG"),
    ],
)
def test_names_outside_the_class_are_refused(name, code):
    transfer = replace(TRANSFERS[0], payee_name=name)
    if code is None:
        build_zengin([transfer], HEADER)
        return
    with pytest.raises(ZenginError) as exc:
        build_zengin([transfer], HEADER)
    assert exc.value.code == code


def test_extra_chars_are_a_bank_profile_option():
    transfer = replace(TRANSFERS[0], payee_name="ｺﾏ｢ﾃｽﾄ｣")
    with pytest.raises(ZenginError):
        build_zengin([transfer], HEADER)
    data = build_zengin([transfer], HEADER, extra_chars="｢｣")
    assert parse_zengin(data, year=2026).transfers[0].payee_name == "ｺﾏ｢ﾃｽﾄ｣"


@pytest.mark.parametrize(
    "field, value",
    [
        ("bank_code", "12345"),
        ("bank_code", "12a4"),
        ("branch_code", "1234"),
        ("account_number", "12345678"),
        ("account_type", 3),
        ("new_code", "3"),
        ("transfer_kind", "9"),
        ("edi_info", "TRAILING "),
    ],
)
def test_bad_fields_are_refused(field, value):
    with pytest.raises(ZenginError):
        build_zengin([replace(TRANSFERS[0], **{field: value})], HEADER)


def test_empty_file_and_non_business_day_are_refused():
    with pytest.raises(ZenginError) as exc:
        build_zengin([], HEADER)
    assert exc.value.code == "ZENGIN_EMPTY"
    sunday = replace(HEADER, transfer_date=date(2026, 2, 1))
    with pytest.raises(ZenginError) as exc:
        build_zengin(TRANSFERS, sunday)
    assert exc.value.code == "ZENGIN_NOT_BUSINESS_DAY"
    assert build_zengin(TRANSFERS, sunday, allow_non_business_day=True)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ"),
        ("きゅうよ　ふりこみ", "ｷﾕｳﾖ ﾌﾘｺﾐ"),
        ("コーポ", "ｺ-ﾎﾟ"),
        ("ｽｽﾞｷ ｷｮｳｺ", "ｽｽﾞｷ ｷﾖｳｺ"),
    ],
)
def test_zengin_name_converts_ui_input(text, expected):
    assert zengin_name(text) == expected


@pytest.mark.parametrize("text", ["山田", "ヤマダ" * 11])
def test_zengin_name_refuses(text):
    with pytest.raises(ZenginError):
        zengin_name(text)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("カブシキガイシャコマ", "ｶ)ｺﾏ"),
        ("コマカブシキガイシャ", "ｺﾏ(ｶ"),
        ("ユウゲンガイシャ　ヤマダ", "ﾕ)ﾔﾏﾀﾞ"),
        ("ヤマダ ユウゲンガイシャ", "ﾔﾏﾀﾞ(ﾕ"),
        ("ゴウドウガイシャコマ", "ﾄﾞ)ｺﾏ"),
        ("ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ"),
    ],
)
def test_abbreviate_company(name, expected):
    assert abbreviate_company(name) == expected


# ---------------------------------------------------------------- ゆうちょ


def test_yucho_domain_example():
    account = yucho_to_zengin("12340", "19927651")
    assert (account.bank_code, account.branch_code, account.branch_name_kanji) == (
        "9900",
        "238",
        "二三八",
    )
    assert (account.account_type, account.account_number, account.unverified) == (
        1,
        "1992765",
        False,
    )
    assert account.branch_name_kana == "ﾆｻﾝﾊﾁ"


@pytest.mark.parametrize(
    "kigou, bangou, branch, number",
    [
        ("10180", "12345671", "018", "1234567"),
        ("10180", "1231", "018", "0000123"),
        ("19070", "98765431", "908", "9876543"),
    ],
)
def test_yucho_conversion(kigou, bangou, branch, number):
    account = yucho_to_zengin(kigou, bangou)
    assert (account.branch_code, account.account_number) == (branch, number)


def test_yucho_furikae_accounts_are_flagged_unverified():
    account = yucho_to_zengin("01230", "45678")
    assert (account.branch_code, account.branch_name_kanji, account.account_type) == (
        "129",
        "一二九",
        2,
    )
    assert account.account_number == "0045678" and account.unverified


@pytest.mark.parametrize(
    "kigou, bangou",
    [("1234", "19927651"), ("12340", "19927652"), ("12340", "199276511"), ("1234a", "1")],
)
def test_yucho_rejects_bad_input(kigou, bangou):
    with pytest.raises(ZenginError) as exc:
        yucho_to_zengin(kigou, bangou)
    assert exc.value.code == "ZENGIN_YUCHO"


# ---------------------------------------------------------------- round trip (hypothesis)

_C_CHARS = "".join(sorted(ZENGIN_BASE_CHARS))


def _c_text(max_size: int):
    # Canonical C-field values: no trailing spaces (the parser strips padding).
    return st.text(alphabet=_C_CHARS, max_size=max_size).map(str.rstrip)


def _digits(n: int):
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


_transfers = st.builds(
    ZenginTransfer,
    bank_code=_digits(4),
    bank_name=_c_text(15),
    branch_code=_digits(3),
    branch_name=_c_text(15),
    account_type=st.sampled_from([1, 2, 4, 9]),
    account_number=_digits(7),
    payee_name=_c_text(30),
    amount=st.integers(min_value=1, max_value=MAX_AMOUNT),
    new_code=st.sampled_from("012"),
    customer_code1=_digits(10),
    customer_code2=_digits(10),
    edi_info=st.none(),
    transfer_kind=st.sampled_from("78 "),
    clearing_house=_digits(4),
)
_edi_transfers = _transfers.flatmap(
    lambda t: _c_text(20).map(
        lambda edi: replace(
            t, edi_info=edi, customer_code1="0000000000", customer_code2="0000000000"
        )
    )
)
_headers = st.builds(
    ZenginHeader,
    requester_code=_digits(10),
    requester_name=_c_text(40),
    transfer_date=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    bank_code=_digits(4),
    bank_name=_c_text(15),
    branch_code=_digits(3),
    branch_name=_c_text(15),
    account_type=st.sampled_from([1, 2, 9]),
    account_number=_digits(7),
    kind=st.sampled_from(["21", "11", "12"]),
)


@settings(max_examples=150, deadline=None)
@given(
    header=_headers,
    transfers=st.lists(st.one_of(_transfers, _edi_transfers), min_size=1, max_size=8),
    crlf=st.booleans(),
)
def test_parse_of_build_is_identity(header, transfers, crlf):
    data = build_zengin(transfers, header, crlf=crlf, allow_non_business_day=True)
    assert len(data) == (len(transfers) + 3) * (122 if crlf else 120)
    parsed = parse_zengin(data, year=header.transfer_date.year)
    assert parsed == ZenginFile(header=header, transfers=tuple(transfers))


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet="アイウエオカキクケコガギグゲゴサシスセソタチツテトナニヌネノハバパマミムメモヤユヨラリルレロワヲンァィゥェォッャュョー ",
        max_size=30,
    )
)
def test_converted_kana_names_are_always_zengin_text_or_refused(name):
    try:
        converted = zengin_name(name)
    except ZenginError as exc:
        assert exc.code == "ZENGIN_FIELD_TOO_LONG"
        return
    assert all(ch in ZENGIN_BASE_CHARS for ch in converted)
