"""Reading a municipality's item CSV: encoding detection and whole-file validation.

A file is accepted whole or refused whole, with every failing line number, so a
municipality never ends up with half an import.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

ENCODINGS = ("utf-8-sig", "cp932")
MAX_REF_LENGTH = 100
MAX_CELL_LENGTH = 1000


@dataclass(frozen=True)
class ParsedCsv:
    encoding: str
    rows: list[dict[str, str]]  # {"ref": ..., <schema field>: prefill, ...}
    errors: list[dict]  # [{"line": 3, "code": "column_count"}]


def decode(data: bytes) -> tuple[str, str] | None:
    """Return (text, encoding name) or None when neither UTF-8 nor CP932 decodes it."""
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8"  # utf-8-sig also reads plain UTF-8; report what the file is
        return text, encoding
    return None


def undecodable_lines(data: bytes) -> list[int]:
    """Line numbers (1-based) that are neither valid UTF-8 nor CP932."""
    bad = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        for encoding in ENCODINGS:
            try:
                line.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            bad.append(number)
    return bad


def parse_items_csv(data: bytes, *, field_names: list[str], max_rows: int) -> ParsedCsv:
    decoded = decode(data)
    if decoded is None:
        errors = [{"line": n, "code": "bad_encoding"} for n in undecodable_lines(data)[:100]]
        return ParsedCsv(
            encoding="", rows=[], errors=errors or [{"line": 1, "code": "bad_encoding"}]
        )
    text, encoding = decoded
    if "\x00" in text:
        return ParsedCsv(encoding=encoding, rows=[], errors=[{"line": 1, "code": "binary_file"}])
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
    keep = [i for i, h in enumerate(header) if h == "ref" or h in field_names]
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
            if any(len(cell) > MAX_CELL_LENGTH for cell in record):
                errors.append({"line": line, "code": "cell_too_long"})
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
