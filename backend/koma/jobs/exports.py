"""Rendering a job's accepted data as a file: csv, csv-sjis, xlsx or json (docs/api.md).

Spreadsheet formats neutralise formulas (OWASP "CSV Injection"): a cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so Excel shows
it as text instead of running it. JSON is data for programs, not a spreadsheet, so it keeps
every value exactly as stored.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

FORMATS = ("csv", "csv-sjis", "xlsx", "json")
DEFAULT_FORMAT = "csv"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


class UnencodableCell(Exception):
    """A character CP932 (Shift_JIS for old Excel) has no code for."""

    def __init__(self, *, line: int, column: str, char: str) -> None:
        super().__init__(f"line {line} column {column}: U+{ord(char):04X}")
        self.line, self.column, self.char = line, column, char


def neutralise_formula(value: str) -> str:
    """The one rule for spreadsheet cells: never let a value start a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def render(fmt: str, *, job_id: int, header: list[str], rows: list[list[str]]) -> ExportFile:
    if fmt == "csv":
        # UTF-8 with BOM: Excel on Japanese Windows opens it without mojibake.
        text = "\ufeff" + _csv_text(header, rows)
        return ExportFile(text.encode("utf-8"), "text/csv; charset=utf-8", f"job-{job_id}.csv")
    if fmt == "csv-sjis":
        return ExportFile(
            _encode_cp932(header, rows), "text/csv; charset=shift_jis", f"job-{job_id}-sjis.csv"
        )
    if fmt == "xlsx":
        return ExportFile(
            _xlsx(header, rows),
            XLSX_TYPE,
            f"job-{job_id}.xlsx",
        )
    if fmt == "json":
        body = {
            "job_id": job_id,
            "columns": header,
            "rows": [dict(zip(header, r, strict=True)) for r in rows],
        }
        content = json.dumps(body, ensure_ascii=False).encode("utf-8")
        return ExportFile(content, "application/json", f"job-{job_id}.json")
    raise ValueError(f"unknown export format {fmt!r}")


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutralise_formula(v) for v in row] for row in rows)
    return buffer.getvalue()


def _encode_cp932(header: list[str], rows: list[list[str]]) -> bytes:
    # Refuse rather than replace: a silently altered name (髙 → ?) is worse than no file, and
    # the UTF-8 csv or xlsx carries every character. Name the first bad cell so staff can act.
    for index, row in enumerate(rows):
        for column, value in zip(header, row, strict=True):
            try:
                value.encode("cp932")
            except UnicodeEncodeError as exc:
                raise UnencodableCell(
                    line=index + 2, column=column, char=value[exc.start]
                ) from None
    return _csv_text(header, rows).encode("cp932")


def _xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)  # streams rows; memory stays flat for big jobs
    sheet = workbook.create_sheet("export")

    def cell(value: str) -> WriteOnlyCell:
        # XML cannot carry most C0 control characters; they are never part of keyed text.
        c = WriteOnlyCell(sheet, value=neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value)))
        c.data_type = "s"  # always a string, never a formula or a number
        return c

    sheet.append([cell(h) for h in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
