import io

import pytest

from koma.jobs.exports import neutralise_formula, render


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_every_owasp_trigger_gets_a_leading_quote(trigger):
    assert neutralise_formula(trigger + "1") == "'" + trigger + "1"


@pytest.mark.parametrize("value", ["", "山田", "1-2", "a=b", " =1", "'=1"])
def test_other_values_are_untouched(value):
    assert neutralise_formula(value) == value


def test_xlsx_drops_xml_control_characters_before_neutralising():
    from openpyxl import load_workbook

    file = render("xlsx", job_id=1, header=["ref", "name"], rows=[["A\x01", "\x02=1+1"]])
    rows = list(load_workbook(io.BytesIO(file.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("A", "'=1+1")


def test_tab_and_cr_triggers_in_csv_and_xlsx():
    from openpyxl import load_workbook

    rows = [["\tA", "\r=1"]]
    assert "'\tA" in render("csv", job_id=1, header=["ref", "x"], rows=rows).content.decode()
    file = render("xlsx", job_id=1, header=["ref", "x"], rows=rows)
    values = list(load_workbook(io.BytesIO(file.content)).active.iter_rows(values_only=True))
    assert values[1][0] == "'\tA"
    assert values[1][1].startswith("'")  # XML reads a bare CR back as LF
