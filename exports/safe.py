"""Spreadsheet cells safe against formula injection (TRUST.md rule 20)."""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_value(value: Any) -> Any:
    """A string that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def write_cell(cell: Cell, value: Any) -> None:
    """Write ``value`` so that no text ever becomes a formula."""
    value = safe_value(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise treat a leading "=" as a formula
