import pytest

from koma.jobs.csv_import import decode, parse_items_csv


def test_decode_prefers_utf8_and_falls_back_to_cp932_or_euc_jp():
    assert decode("ref\n神".encode()) == ("ref\n神", "utf-8")
    assert decode(b"\xef\xbb\xbfref") == ("ref", "utf-8-sig")
    assert decode("ref\n髙橋".encode("cp932")) == ("ref\n髙橋", "cp932")
    assert decode("ref\n住所異動届".encode("euc_jp")) == ("ref\n住所異動届", "euc-jp")
    assert decode("ref\n住所".encode("utf-16")) == ("ref\n住所", "utf-16")
    assert decode(b"\x89PNG\r\n\x1a\n\x00") is None


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "no_header"),
        (b"name\nx\n", "missing_ref_column"),
        (b"ref,ref\n1,2\n", "duplicate_column"),
        (b"ref\n", "no_rows"),
        (b"ref\n\x00\n", "CSV_ENCODING_UNKNOWN"),
    ],
)
def test_whole_file_problems(data, code):
    assert parse_items_csv(data, field_schema=[], max_rows=10).errors[0]["code"] == code


def test_row_limit():
    data = ("ref\n" + "\n".join(f"A{i}" for i in range(20))).encode()
    errors = parse_items_csv(data, field_schema=[], max_rows=5).errors
    assert errors == [{"line": 7, "code": "too_many_rows", "max": 5}]


def test_quoted_newlines_keep_line_numbers_right():
    data = b'ref,name\nA1,"two\nlines"\nA2\n'
    parsed = parse_items_csv(data, field_schema=[{"name": "name", "kind": "text"}], max_rows=10)
    assert parsed.rows[0] == {"ref": "A1", "name": "two\nlines"}
    assert parsed.errors == [{"line": 4, "code": "column_count"}]
