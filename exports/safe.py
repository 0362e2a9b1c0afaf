"""Text out, safely: every export's strings pass ``clean`` (TRUST.md rule 26) and spreadsheet
cells are safe against formula injection (rule 20)."""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell

from model import text

# A line break first too: cleaning turns a stored CR into one.
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def clean(value: Any) -> Any:
    """Strings without what would break a file (control characters, surrogates, bidi
    overrides), also when they were stored before the input boundary existed; lists and dicts
    (the JSON download) are cleaned all the way down."""
    if isinstance(value, str):
        return text.clean(value, strip=False)
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def safe_value(value: Any) -> Any:
    """A clean string; one that a spreadsheet would run as a formula gets a leading apostrophe."""
    value = clean(value)
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def write_cell(cell: Cell, value: Any) -> None:
    """Write ``value`` so that no text ever becomes a formula."""
    value = safe_value(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise treat a leading "=" as a formula
