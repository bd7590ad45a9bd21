"""全銀 (Zengin) 総合振込 file: build and parse (docs/domain.md §4.6, §4.7).

Fixed records of exactly 120 bytes (JIS 8-bit: ASCII plus half-width katakana, one byte each),
optionally followed by CRLF. Order: header 1, data 2 × n, trailer 8, end 9. N fields are
right-aligned and zero-padded, C fields left-aligned and space-padded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from koma.jp.bankdays import is_bank_business_day
from koma.jp.chars import is_zengin_text, to_zengin_kana
from koma.jp.errors import ZenginError
from koma.jp.money import require_yen

RECORD_LENGTH = 120
CRLF = b"\r\n"
MAX_AMOUNT = 9_999_999_999  # N10
MAX_TOTAL = 999_999_999_999  # N12 in the trailer
MAX_COUNT = 999_999  # N6 in the trailer

KIND_SOGO = "21"  # 総合振込 (11 給与, 12 賞与)
HEADER_ACCOUNT_TYPES = frozenset({1, 2, 9})  # 普通, 当座, その他
DATA_ACCOUNT_TYPES = frozenset({1, 2, 4, 9})  # 普通, 当座, 貯蓄, その他
NEW_CODES = frozenset("012")
TRANSFER_KINDS = frozenset("78 ")  # 7 電信, 8 文書, space when the bank ignores it [K]

YUCHO_BANK_CODE = "9900"
# [K] Kana reading of the kanji digits in ゆうちょ branch names (二三八 → ﾆｻﾝﾊﾁ). Confirm with the
# bank master (zengin-code) before relying on it for 仕向/被仕向 branch names.
YUCHO_DIGIT_KANJI = "〇一二三四五六七八九"
YUCHO_DIGIT_KANA = ("ｾﾞﾛ", "ｲﾁ", "ﾆ", "ｻﾝ", "ﾖﾝ", "ｺﾞ", "ﾛｸ", "ﾅﾅ", "ﾊﾁ", "ｷﾕｳ")


@dataclass(frozen=True, slots=True)
class ZenginHeader:
    requester_code: str  # 振込依頼人コード, N10, assigned by the bank
    requester_name: str  # C40
    transfer_date: date  # written as MMDD
    bank_code: str  # 仕向銀行番号 N4
    bank_name: str  # C15
    branch_code: str  # N3
    branch_name: str  # C15
    account_type: int  # 1 普通, 2 当座, 9 その他
    account_number: str  # N7
    kind: str = KIND_SOGO
    code_kind: str = "0"  # コード区分 0 = JIS


@dataclass(frozen=True, slots=True)
class ZenginTransfer:
    bank_code: str  # 被仕向銀行番号 N4
    bank_name: str  # C15
    branch_code: str  # N3
    branch_name: str  # C15
    account_type: int  # 1 普通, 2 当座, 4 貯蓄, 9 その他
    account_number: str  # N7
    payee_name: str  # C30, in passbook kana
    amount: int  # yen, 1 … 9,999,999,999
    new_code: str = "0"
    customer_code1: str = "0000000000"  # N10
    customer_code2: str = "0000000000"  # N10
    edi_info: str | None = None  # C20 in place of the customer codes; sets 識別表示 "Y"
    transfer_kind: str = "7"
    clearing_house: str = "0000"  # 手形交換所番号 N4


@dataclass(frozen=True, slots=True)
class ZenginFile:
    header: ZenginHeader
    transfers: tuple[ZenginTransfer, ...]

    @property
    def total_amount(self) -> int:
        return sum(t.amount for t in self.transfers)


# ---------------------------------------------------------------------------- field codecs


def _n(value: str | int, width: int, field: str) -> str:
    text = str(value)
    if not text.isascii() or not text.isdigit() or len(text) > width:
        raise ZenginError(
            f"{field}: expected up to {width} digits, got {value!r}", code="ZENGIN_FIELD"
        )
    return text.zfill(width)


def _c(value: str, width: int, field: str, *, extra_chars: str) -> str:
    if not is_zengin_text(value, extra_chars=extra_chars):
        bad = next(ch for ch in value if not is_zengin_text(ch, extra_chars=extra_chars))
        raise ZenginError(f"{field}: character {bad!r} is not allowed", code="ZENGIN_NAME_CHARS")
    if len(value) > width:
        raise ZenginError(
            f"{field}: {len(value)} characters exceed {width}", code="ZENGIN_FIELD_TOO_LONG"
        )
    return value.ljust(width)


def zengin_name(text: str, *, width: int = 30, extra_chars: str = "") -> str:
    """Convert a kana name to the Zengin class and check it; refuse what cannot be written.

    Use it when taking payee names from the UI: ``zengin_name("ヤマダ タロウ") == "ﾔﾏﾀﾞ ﾀﾛｳ"``.
    Raises ``ZenginError`` (``ZENGIN_NAME_CHARS`` / ``ZENGIN_FIELD_TOO_LONG``); kanji is refused.
    """
    converted = to_zengin_kana(text, extra_chars=extra_chars).strip()
    return _c(converted, width, "name", extra_chars=extra_chars).rstrip()


# Company-form abbreviations (§4.6 [V] for 株式/有限; 合同 [K]): (kana as written, prefix, suffix).
COMPANY_ABBREVIATIONS: tuple[tuple[str, str, str], ...] = (
    ("ｶﾌﾞｼｷｶﾞｲｼﾔ", "ｶ)", "(ｶ"),
    ("ﾕｳｹﾞﾝｶﾞｲｼﾔ", "ﾕ)", "(ﾕ"),
    ("ｺﾞｳﾄﾞｳｶﾞｲｼﾔ", "ﾄﾞ)", "(ﾄﾞ"),
)


def abbreviate_company(name: str) -> str:
    """カブシキガイシャコマ → ``ｶ)ｺﾏ``; コマカブシキガイシャ → ``ｺﾏ(ｶ`` (input converted first)."""
    s = to_zengin_kana(name).strip()
    for full, prefix, suffix in COMPANY_ABBREVIATIONS:
        if s.startswith(full):
            return prefix + s[len(full) :].lstrip()
        if s.endswith(full):
            return s[: -len(full)].rstrip() + suffix
    return s


def _encode(record: str) -> bytes:
    out = bytearray()
    for ch in record:
        cp = ord(ch)
        if cp < 0x80:
            out.append(cp)
        elif 0xFF61 <= cp <= 0xFF9F:  # half-width katakana → JIS X 0201 0xA1–0xDF
            out.append(cp - 0xFF61 + 0xA1)
        elif ch == "¥":  # JIS X 0201 puts ¥ where ASCII has the backslash
            out.append(0x5C)
        else:
            raise ZenginError(
                f"{ch!r} cannot be written in a Zengin file", code="ZENGIN_NAME_CHARS"
            )
    if len(out) != RECORD_LENGTH:
        raise AssertionError(f"record length {len(out)} != {RECORD_LENGTH}")
    return bytes(out)


def _decode(record: bytes) -> str:
    chars = []
    for b in record:
        if b == 0x5C:
            chars.append("¥")
        elif 0x20 <= b < 0x7F:
            chars.append(chr(b))
        elif 0xA1 <= b <= 0xDF:
            chars.append(chr(b - 0xA1 + 0xFF61))
        else:
            raise ZenginError(
                f"byte 0x{b:02X} is not allowed in a Zengin record", code="ZENGIN_PARSE"
            )
    return "".join(chars)


# ---------------------------------------------------------------------------- records


def _header_record(h: ZenginHeader, *, extra_chars: str) -> str:
    if h.kind not in ("21", "11", "12"):
        raise ZenginError(f"unknown 種別コード {h.kind!r}", code="ZENGIN_FIELD")
    if h.account_type not in HEADER_ACCOUNT_TYPES:
        raise ZenginError(f"header 預金種目 {h.account_type!r}", code="ZENGIN_FIELD")
    return "".join(
        (
            "1",
            h.kind,
            _n(h.code_kind, 1, "コード区分"),
            _n(h.requester_code, 10, "振込依頼人コード"),
            _c(h.requester_name, 40, "振込依頼人名", extra_chars=extra_chars),
            f"{h.transfer_date.month:02d}{h.transfer_date.day:02d}",
            _n(h.bank_code, 4, "仕向銀行番号"),
            _c(h.bank_name, 15, "仕向銀行名", extra_chars=extra_chars),
            _n(h.branch_code, 3, "仕向支店番号"),
            _c(h.branch_name, 15, "仕向支店名", extra_chars=extra_chars),
            str(h.account_type),
            _n(h.account_number, 7, "口座番号"),
            " " * 17,
        )
    )


def _data_record(t: ZenginTransfer, *, extra_chars: str) -> str:
    require_yen(t.amount)
    if not 0 < t.amount <= MAX_AMOUNT:
        raise ZenginError(f"amount {t.amount} must be 1…{MAX_AMOUNT:,}", code="ZENGIN_AMOUNT")
    if t.account_type not in DATA_ACCOUNT_TYPES:
        raise ZenginError(f"預金種目 {t.account_type!r}", code="ZENGIN_FIELD")
    if t.new_code not in NEW_CODES or t.transfer_kind not in TRANSFER_KINDS:
        raise ZenginError("新規コード or 振込指定区分 out of range", code="ZENGIN_FIELD")
    if t.edi_info is not None:
        if t.edi_info != t.edi_info.rstrip():
            raise ZenginError("EDI情報 must not end with spaces", code="ZENGIN_FIELD")
        customer = _c(t.edi_info, 20, "EDI情報", extra_chars=extra_chars)
        marker = "Y"
    else:
        customer = _n(t.customer_code1, 10, "顧客コード1") + _n(t.customer_code2, 10, "顧客コード2")
        marker = " "
    return "".join(
        (
            "2",
            _n(t.bank_code, 4, "被仕向銀行番号"),
            _c(t.bank_name, 15, "被仕向銀行名", extra_chars=extra_chars),
            _n(t.branch_code, 3, "被仕向支店番号"),
            _c(t.branch_name, 15, "被仕向支店名", extra_chars=extra_chars),
            _n(t.clearing_house, 4, "手形交換所番号"),
            str(t.account_type),
            _n(t.account_number, 7, "口座番号"),
            _c(t.payee_name, 30, "受取人名", extra_chars=extra_chars),
            _n(t.amount, 10, "振込金額"),
            t.new_code,
            customer,
            t.transfer_kind,
            marker,
            " " * 7,
        )
    )


def build_zengin(
    transfers: Sequence[ZenginTransfer],
    header: ZenginHeader,
    *,
    crlf: bool = True,
    extra_chars: str = "",
    allow_non_business_day: bool = False,
) -> bytes:
    """Build a 総合振込 file. Names must already be in the Zengin class (see :func:`zengin_name`);
    anything outside it is refused, never silently changed. ``extra_chars`` is the bank profile's
    additional allowed characters (e.g. ``"｢｣¥,"``). The 振込指定日 must be a bank business day
    (use :func:`koma.jp.bankdays.transfer_date_for`) unless ``allow_non_business_day``."""
    if not allow_non_business_day and not is_bank_business_day(header.transfer_date):
        raise ZenginError(
            f"振込指定日 {header.transfer_date} is not a bank business day",
            code="ZENGIN_NOT_BUSINESS_DAY",
        )
    if not transfers:
        raise ZenginError("a transfer file needs at least one data record", code="ZENGIN_EMPTY")
    if len(transfers) > MAX_COUNT:
        raise ZenginError("too many records for the trailer count", code="ZENGIN_COUNT")
    records = [_header_record(header, extra_chars=extra_chars)]
    records += [_data_record(t, extra_chars=extra_chars) for t in transfers]
    total = sum(t.amount for t in transfers)
    if total > MAX_TOTAL:
        raise ZenginError(
            f"total {total:,} does not fit the 12-digit trailer", code="ZENGIN_AMOUNT"
        )
    records.append("8" + _n(len(transfers), 6, "合計件数") + _n(total, 12, "合計金額") + " " * 101)
    records.append("9" + " " * 119)
    end = CRLF if crlf else b""
    return b"".join(_encode(r) + end for r in records)


# ---------------------------------------------------------------------------- parsing


def _split_records(data: bytes) -> list[bytes]:
    if CRLF in data:
        lines = data.split(CRLF)
        if lines[-1] == b"":
            lines.pop()
        else:
            raise ZenginError(
                "the last record must end with CRLF like the others", code="ZENGIN_PARSE"
            )
    elif b"\r" in data or b"\n" in data:
        # One bank accepts only no newline or CRLF; CR-only and LF-only are errors (§4.6).
        raise ZenginError("records must be separated by CRLF or nothing", code="ZENGIN_PARSE")
    else:
        if len(data) % RECORD_LENGTH:
            raise ZenginError("file length is not a multiple of 120", code="ZENGIN_PARSE")
        lines = [data[i : i + RECORD_LENGTH] for i in range(0, len(data), RECORD_LENGTH)]
    for n, line in enumerate(lines, start=1):
        if len(line) != RECORD_LENGTH:
            raise ZenginError(f"record {n} has {len(line)} bytes, not 120", code="ZENGIN_PARSE")
    return lines


def _int(text: str, field: str) -> str:
    if not text.isdigit():
        raise ZenginError(f"{field}: {text!r} is not numeric", code="ZENGIN_PARSE")
    return text


def parse_zengin(data: bytes, *, year: int) -> ZenginFile:
    """Parse a 総合振込 file built by any bank software. The header holds only MMDD, so pass
    the ``year`` of the transfer date. Checks order, lengths, trailer count and sum."""
    records = [_decode(r) for r in _split_records(data)]
    if len(records) < 3 or records[0][0] != "1" or records[-1][0] != "9" or records[-2][0] != "8":
        raise ZenginError("expected header, data…, trailer, end", code="ZENGIN_PARSE")
    h = records[0]
    try:
        transfer_date = date(year, int(_int(h[54:56], "月")), int(_int(h[56:58], "日")))
    except ValueError as exc:
        raise ZenginError(f"振込指定日: {exc}", code="ZENGIN_PARSE") from None
    header = ZenginHeader(
        kind=h[1:3],
        code_kind=h[3],
        requester_code=_int(h[4:14], "振込依頼人コード"),
        requester_name=h[14:54].rstrip(),
        transfer_date=transfer_date,
        bank_code=_int(h[58:62], "仕向銀行番号"),
        bank_name=h[62:77].rstrip(),
        branch_code=_int(h[77:80], "仕向支店番号"),
        branch_name=h[80:95].rstrip(),
        account_type=int(_int(h[95], "預金種目")),
        account_number=_int(h[96:103], "口座番号"),
    )
    transfers = []
    for r in records[1:-2]:
        if r[0] != "2":
            raise ZenginError(
                f"unexpected record type {r[0]!r} among data records", code="ZENGIN_PARSE"
            )
        edi = r[112] == "Y"
        transfers.append(
            ZenginTransfer(
                bank_code=_int(r[1:5], "被仕向銀行番号"),
                bank_name=r[5:20].rstrip(),
                branch_code=_int(r[20:23], "被仕向支店番号"),
                branch_name=r[23:38].rstrip(),
                clearing_house=r[38:42],
                account_type=int(_int(r[42], "預金種目")),
                account_number=_int(r[43:50], "口座番号"),
                payee_name=r[50:80].rstrip(),
                amount=int(_int(r[80:90], "振込金額")),
                new_code=r[90],
                customer_code1="0000000000" if edi else _int(r[91:101], "顧客コード1"),
                customer_code2="0000000000" if edi else _int(r[101:111], "顧客コード2"),
                edi_info=r[91:111].rstrip() if edi else None,
                transfer_kind=r[111],
            )
        )
    trailer = records[-2]
    count, total = int(_int(trailer[1:7], "合計件数")), int(_int(trailer[7:19], "合計金額"))
    if count != len(transfers):
        raise ZenginError(
            f"trailer count {count} != {len(transfers)} data records", code="ZENGIN_TRAILER"
        )
    if total != sum(t.amount for t in transfers):
        raise ZenginError("trailer sum does not match the data records", code="ZENGIN_TRAILER")
    return ZenginFile(header=header, transfers=tuple(transfers))


# ---------------------------------------------------------------------------- ゆうちょ銀行


@dataclass(frozen=True, slots=True)
class YuchoAccount:
    bank_code: str  # 9900
    branch_code: str  # 店番, 3 digits
    branch_name_kanji: str  # 二三八
    branch_name_kana: str  # ﾆｻﾝﾊﾁ, for the C15 branch-name field [K]
    account_type: int  # 1 普通 (通常貯金), 2 当座 (振替口座)
    account_number: str  # 7 digits
    unverified: bool  # True for the 振替口座 rule (docs/domain.md §4.6 [K])


def _kanji_digits(digits: str) -> tuple[str, str]:
    kanji = "".join(YUCHO_DIGIT_KANJI[int(d)] for d in digits)
    kana = "".join(YUCHO_DIGIT_KANA[int(d)] for d in digits)
    return kanji, kana


def yucho_to_zengin(kigou: str, bangou: str) -> YuchoAccount:
    """Convert a ゆうちょ 記号/番号 to the branch/account used in Zengin files.

    通常貯金 (記号 1xxx0, 番号 ending in 1): 店番 = 記号 digits 2–3 + "8"; 口座番号 = 番号
    without its trailing 1, zero-padded to 7. 記号 12340 / 番号 19927651 → 238 / 1992765.
    振替口座 (記号 starting with 0): 店番 = 記号 digits 2–3 + "9", 当座, 口座番号 = 番号
    zero-padded to 7 — a [K] rule, flagged ``unverified``.
    """
    k = kigou.strip().replace("-", "")
    b = bangou.strip().replace("-", "")
    if len(k) != 5 or not k.isascii() or not k.isdigit() or not b.isascii() or not b.isdigit():
        raise ZenginError(f"bad ゆうちょ 記号/番号 {kigou!r}/{bangou!r}", code="ZENGIN_YUCHO")
    if k[0] == "0":
        if len(b) > 7:
            raise ZenginError("振替口座 番号 has at most 7 digits", code="ZENGIN_YUCHO")
        branch = k[1:3] + "9"
        kanji, kana = _kanji_digits(branch)
        return YuchoAccount(YUCHO_BANK_CODE, branch, kanji, kana, 2, b.zfill(7), True)
    if len(b) > 8 or not b.endswith("1"):
        raise ZenginError("通常貯金 番号 has up to 8 digits and ends in 1", code="ZENGIN_YUCHO")
    branch = k[1:3] + "8"
    kanji, kana = _kanji_digits(branch)
    return YuchoAccount(YUCHO_BANK_CODE, branch, kanji, kana, 1, b[:-1].zfill(7), False)


def transfers_total(transfers: Iterable[ZenginTransfer]) -> int:
    return sum(t.amount for t in transfers)
