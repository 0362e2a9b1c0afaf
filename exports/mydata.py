"""Download of everything about one person: JSON and an Excel workbook (E6, TRUST.md 23)."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from exports.safe import clean, write_cell


def my_data_json(data: dict[str, Any]) -> bytes:
    return json.dumps(clean(data), ensure_ascii=False, indent=2, default=str).encode("utf-8")


MOMENT_FORMAT = "yyyy-mm-dd hh:mm:ss"


def _is_moment(column: str) -> bool:
    return column == "at" or column.endswith("_at")


def _moment(value: Any) -> Any:
    """A stamp from the JSON (local time with offset) as the wall-clock time Excel shows."""
    if not isinstance(value, str):
        return value
    try:
        return dt.datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return value


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list[Any]]) -> None:
    """One sheet; columns named ``at`` or ``…_at`` (and person rows of such keys) are moments."""
    ws = wb.create_sheet(title)
    for c, name in enumerate(header, start=1):
        write_cell(ws.cell(row=1, column=c), name)
        ws.cell(row=1, column=c).font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if isinstance(value, dict | list):
                value = json.dumps(value, ensure_ascii=False)
            moment = _is_moment(header[c - 1]) or (
                header[c - 1] == "value" and isinstance(row[0], str) and _is_moment(row[0])
            )
            if moment:
                value = _moment(value)
            cell = ws.cell(row=r, column=c)
            write_cell(cell, value)
            if isinstance(value, dt.datetime):
                cell.number_format = MOMENT_FORMAT
    for c, name in enumerate(header, start=1):
        width = max([len(str(name))] + [len(str(row[c - 1] or "")) for row in rows[:200]])
        ws.column_dimensions[get_column_letter(c)].width = min(60, max(10, width + 2))
    ws.freeze_panes = "A2"


def my_data_xlsx(data: dict[str, Any]) -> bytes:
    """The same content as the JSON, one sheet per kind of record.

    Times are the organisation's wall-clock time (its zone is on the person sheet), because a
    spreadsheet cell holds no time zone.
    """
    wb = Workbook()
    wb.remove(wb.active)
    person = data["person"]
    _sheet(wb, "person", ["key", "value"], [[k, v] for k, v in person.items()])
    _sheet(
        wb,
        "assessments",
        ["round", "round_opens_on", "status", "sharing", "notes_in_pool", "updated_at"],
        [
            [
                a["round"],
                a["round_opens_on"],
                a["status"],
                a["sharing"],
                a["notes_in_pool"],
                a["updated_at"],
            ]
            for a in data["assessments"]
        ],
    )
    _sheet(
        wb,
        "ratings",
        ["round", "field", "light", "reason"],
        [
            [a["round"], r["field"], r["light"], r["reason"]]
            for a in data["assessments"]
            for r in a["ratings"]
        ],
    )
    _sheet(
        wb,
        "notes",
        ["round", "category", "level", "field", "text", "can_influence"],
        [
            [a["round"], n["category"], n["level"], n["field"], n["text"], n["can_influence"]]
            for a in data["assessments"]
            for n in a["notes"]
        ],
    )
    _sheet(
        wb,
        "share_grants",
        ["round", "grantee_id", "granted_at", "revoked_at"],
        [
            [a["round"], g["grantee_id"], g["granted_at"], g["revoked_at"]]
            for a in data["assessments"]
            for g in a["share_grants"]
        ],
    )
    _sheet(
        wb,
        "discussions",
        ["id", "supervisor_id", "status", "held_on", "recorded_at", "agenda"],
        [
            [d["id"], d["supervisor_id"], d["status"], d["held_on"], d["recorded_at"], d["agenda"]]
            for d in data.get("discussions", [])
        ],
    )
    action_keys = ["discussion_id", "title", "means", "owner", "measure", "time_span"]
    action_keys += ["due_on", "status", "field", "category", "area", "history"]
    _sheet(
        wb,
        "actions",
        action_keys,
        [[a[k] for k in action_keys] for a in data.get("actions", [])],
    )
    _sheet(
        wb,
        "audit_events",
        ["at", "actor_id", "subject_id", "event", "detail"],
        [
            [e["at"], e["actor_id"], e["subject_id"], e["event"], e["detail"]]
            for e in data["audit_events"]
        ],
    )
    sign_in_keys = ["method", "created_at", "last_seen_at", "expires_at", "revoked_at"]
    _sheet(
        wb,
        "sign_ins",
        sign_in_keys,
        [[row[k] for k in sign_in_keys] for row in data.get("sign_ins", [])],
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
