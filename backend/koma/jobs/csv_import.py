"""Reading a municipality's item CSV: encoding detection and whole-file validation.

A file is accepted whole or refused whole, with every failing line number, so a
municipality never ends up with half an import.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from koma.jobs import fields
from koma.jp.mynumber import contains_mynumber

ENCODING_UNKNOWN = "CSV_ENCODING_UNKNOWN"
MYNUMBER_IN_IMPORT = "MYNUMBER_IN_IMPORT"
MAX_REF_LENGTH = 100
# Optional column: the source document an item comes from (a form of several pages, a
# household's sheets). Items with the same value are packed into one unit (logic.pack_items).
DOCUMENT_COLUMN = "document_ref"
MAX_DOCUMENT_REF_LENGTH = 100

# The encodings municipal PCs save CSV in. Anything else is refused, never guessed: a wrong
# guess imports mojibake that looks like data.
DETECTED_ENCODINGS = ("cp932", "euc_jp")  # without a BOM, after UTF-8 has failed
REPORTED_NAMES = {"cp932": "cp932", "euc_jp": "euc-jp"}
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe", "utf-16", "utf-16"),  # the codec reads the BOM and picks LE or BE
    (b"\xfe\xff", "utf-16", "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ParsedCsv:
    encoding: str
    rows: list[dict[str, str]]  # {"ref": ..., "document_ref"?: ..., <schema field>: prefill}
    errors: list[dict]  # [{"line": 3, "code": "column_count"}]


def decode(data: bytes) -> tuple[str, str] | None:
    """Return (text, encoding name), or None when the file is not text in an allowed encoding.

    Allowed: UTF-8 (with or without BOM), UTF-16 with BOM, CP932 (Shift_JIS as Windows
    writes it) and EUC-JP. Without a BOM, strict UTF-8 comes first (it almost never decodes
    anything else by accident); otherwise charset-normalizer chooses between CP932 and
    EUC-JP and must also find the text coherent, so latin-1 or binary bytes are refused.
    """
    if data.startswith(_UTF32_BOMS):
        return None
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _text_or_none(data.decode(codec), name)
            except UnicodeDecodeError:
                return None  # a BOM names the encoding; bytes that break it are not text
    if b"\x00" in data:
        return None  # binary (PNG, zip, ...) or UTF-16 without a BOM
    try:
        return _text_or_none(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(DETECTED_ENCODINGS)).best()
    if best is None or best.encoding not in DETECTED_ENCODINGS:
        return None
    try:
        text = data.decode(best.encoding)  # strict: no replacement characters
    except UnicodeDecodeError:
        return None
    return _text_or_none(text, REPORTED_NAMES[best.encoding])


def _text_or_none(text: str, encoding: str) -> tuple[str, str] | None:
    # Control characters other than tab and line ends mean a binary file, not a CSV.
    return None if _CONTROL.search(text) else (text, encoding)


def parse_items_csv(data: bytes, *, field_schema: list[dict], max_rows: int) -> ParsedCsv:
    """Decode, split and check a whole file; prefill values are normalised by their kind.

    A cell anywhere in the file holding a 個人番号 is refused (``MYNUMBER_IN_IMPORT``, with
    line and column) unless its column is a schema field declared ``may_hold_mynumber``.
    """
    by_name = {f["name"]: f for f in field_schema}
    decoded = decode(data)
    if decoded is None:
        return ParsedCsv(encoding="", rows=[], errors=[{"line": 1, "code": ENCODING_UNKNOWN}])
    text, encoding = decoded
    reader = csv.reader(io.StringIO(text, newline=""))
    errors: list[dict] = []
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return ParsedCsv(encoding=encoding, rows=[], errors=[{"line": 1, "code": "no_header"}])
    header = [h.strip() for h in header]
    if "ref" not in header:
        errors.append({"line": 1, "code": "missing_ref_column"})
    if len(set(header)) != len(header):
        errors.append({"line": 1, "code": "duplicate_column"})
    if errors:
        return ParsedCsv(encoding=encoding, rows=[], errors=errors)
    keep = [i for i, h in enumerate(header) if h in ("ref", DOCUMENT_COLUMN) or h in by_name]
    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    try:
        for record in reader:
            line = reader.line_num
            if not record or all(not cell.strip() for cell in record):
                continue  # blank lines are harmless
            if len(record) != len(header):
                errors.append({"line": line, "code": "column_count"})
                continue
            row = {header[i]: record[i].strip() for i in keep}
            ref = row["ref"]
            if not ref:
                errors.append({"line": line, "code": "ref_missing"})
            elif len(ref) > MAX_REF_LENGTH:
                errors.append({"line": line, "code": "ref_too_long"})
            elif ref in seen:
                errors.append({"line": line, "code": "ref_duplicate", "first_line": seen[ref]})
            else:
                seen[ref] = line
            if len(row.get(DOCUMENT_COLUMN, "")) > MAX_DOCUMENT_REF_LENGTH:
                errors.append({"line": line, "code": "document_ref_too_long"})
            if any(len(cell) > fields.MAX_VALUE_LENGTH for cell in record):
                errors.append({"line": line, "code": "cell_too_long"})
            errors.extend(_cell_errors(line, header, record, row, by_name))
            rows.append(row)
            if len(rows) > max_rows:
                errors.append({"line": line, "code": "too_many_rows", "max": max_rows})
                break
            if len(errors) >= 100:
                break  # enough to act on; the file is refused anyway
    except csv.Error:
        errors.append({"line": reader.line_num, "code": "malformed_csv"})
    if not rows and not errors:
        errors.append({"line": 2, "code": "no_rows"})
    return ParsedCsv(encoding=encoding, rows=rows, errors=errors)


def _cell_errors(
    line: int, header: list[str], record: list[str], row: dict[str, str], by_name: dict
) -> list[dict]:
    """My Number in any cell, and prefill that does not fit its kind (normalised in place)."""
    errors = []
    for column, cell in zip(header, record, strict=True):
        field = by_name.get(column)
        if contains_mynumber(cell) and not (field and fields.may_hold_mynumber(field)):
            # Name where it is, never echo the number: error bodies end up in logs.
            errors.append({"line": line, "column": column, "code": MYNUMBER_IN_IMPORT})
    for name, raw in row.items():
        if name in ("ref", DOCUMENT_COLUMN) or not raw:
            continue
        # Prefill is optional even for a required field: the worker keys what is missing.
        value, error = fields.normalize_value({**by_name[name], "required": False}, raw)
        if error:
            errors.append({"line": line, "column": name, "code": error})
        else:
            row[name] = value
    return errors
