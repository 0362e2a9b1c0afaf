"""Spreadsheet cells never become formulas (TRUST.md rule 20)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from exports.safe import safe_value, write_cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_dangerous_text_gets_an_apostrophe_and_stays_a_string(text):
    wb = Workbook()
    write_cell(wb.active["A1"], text)
    buffer = io.BytesIO()
    wb.save(buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    # XML turns a stored CR into LF on reading; what matters is the apostrophe and the type.
    assert cell.value.replace("\n", "\r") == "'" + text or cell.value == "'" + text
    assert cell.data_type == "s"


def test_harmless_values_are_unchanged():
    assert safe_value("Hyvä tiimi") == "Hyvä tiimi"
    assert safe_value(-3) == -3
    assert safe_value(None) is None
