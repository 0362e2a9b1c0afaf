"""Mapping between the self-assessment form's state and the assessment input (pure functions).

The page keeps plain values in ``st.session_state`` under these keys; this module turns them into
an ``AssessmentInput`` and back, so that the rules are tested without Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from model.assessments import AssessmentInput, MyAssessment, NoteInput
from model.tables import Sharing

LOADED = "assess.loaded"
NOTES = "assess.notes"
SHARING = "assess.sharing"
POOL = "assess.pool"
VERSION = "assess.version"  # the saved version the form was loaded from (TRUST 28)
CONFLICT = "assess.conflict"  # set when a save was refused because of another tab
NOTE_FIELDS = ("category", "level", "field", "influence", "text")


def light_key(field_key: str) -> str:
    return f"assess.light.{field_key}"


def reason_key(field_key: str) -> str:
    return f"assess.reason.{field_key}"


def note_key(part: str) -> str:
    return f"assess.new_note.{part}"


def form_state(mine: MyAssessment | None, fields: list[str], round_id: int) -> dict[str, Any]:
    """Session-state values that show ``mine`` (or an empty form) for the given fields."""
    state: dict[str, Any] = {LOADED: round_id}
    for key in fields:
        state[light_key(key)] = mine.ratings.get(key) if mine else None
        state[reason_key(key)] = mine.reasons.get(key, "") if mine else ""
    state[NOTES] = [dict(n) for n in mine.notes] if mine else []
    state[SHARING] = mine.sharing if mine else Sharing.anonymous.value
    state[POOL] = mine.notes_in_pool if mine else True
    state[VERSION] = mine.version if mine else 0
    state[CONFLICT] = False
    return state


def input_from_state(state: Mapping[str, Any], fields: list[str]) -> AssessmentInput:
    """The assessment as the form currently shows it."""
    ratings = {k: state[light_key(k)] for k in fields if state.get(light_key(k))}
    reasons = {k: state.get(reason_key(k)) or "" for k in fields}
    return AssessmentInput(
        ratings=ratings,
        reasons={k: v for k, v in reasons.items() if v.strip()},
        notes=[NoteInput(**n) for n in state.get(NOTES, [])],
        sharing=state.get(SHARING) or Sharing.anonymous,
        notes_in_pool=bool(state.get(POOL, True)),
    )


def new_note_from_state(state: Mapping[str, Any]) -> NoteInput:
    """The note being written in the 'add a note' box."""
    influence = state.get(note_key("influence"))
    return NoteInput(
        category=state.get(note_key("category")) or "",
        level=state.get(note_key("level")) or "",
        field_key=state.get(note_key("field")) or None,
        can_influence={"yes": True, "no": False}.get(influence),
        text=state.get(note_key("text")) or "",
    )
