"""Live co-development workshops (PRODUCT.md F3, METHOD.md §5): planning from a template, joining
with a code, the phases the facilitator drives, notes without authors, themes, dot votes and the
actions agreed.

Who wrote a note is known to nobody: a participant is only a hash of a random token kept in their
URL, with no person and no time, and a note points at that participant only so that its writer
can edit it; closing the workshop deletes the participants. Notes are shown by a random ``ref``,
never by id (ids follow the order of writing). Vote counts are shown only after voting ends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from model import db, discussions, scope
from model.assessments import round_framework
from model.framework import Framework, default_framework
from model.tables import (
    Action,
    ActionOwner,
    ActionStatus,
    ActionUpdate,
    Role,
    Round,
    Unit,
    Workshop,
    WorkshopNote,
    WorkshopParticipant,
    WorkshopPhase,
    WorkshopTheme,
    WorkshopVote,
)
from model.text import Line, Paragraph, line
from model.timesource import as_utc
from model.viewer import AccessDenied, Viewer
from model.workshop_templates import ANY_LANGUAGE, BLANK, question_text, template

PHASES: tuple[str, ...] = tuple(p.value for p in WorkshopPhase)
LIVE_PHASES: tuple[str, ...] = PHASES[1:-1]  # between planned and closed
COUNTS_SHOWN = frozenset({WorkshopPhase.decide, WorkshopPhase.harvest, WorkshopPhase.closed})
NOTES_SHOWN = frozenset(PHASES[PHASES.index(WorkshopPhase.reveal) :])
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a screen across a room
CODE_LENGTH = 6
NAME_MAX = 200
QUESTION_MAX = 300
QUESTIONS_MAX = 8
NOTE_MAX = 500
THEME_MAX = 200
NOTES_PER_PARTICIPANT = 60
BUDGET_RANGE = (1, 10)
TIMER_MAX_MINUTES = 120
SMALL_ROOM = 3  # fewer joined than this: the screen warns that notes may be recognisable


class WorkshopError(ValueError):
    """A problem the person can fix; ``code`` picks the text ``workshop.error.<code>``."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class WorkshopInput(BaseModel):
    """What a facilitator types when planning a workshop."""

    model_config = ConfigDict(hide_input_in_errors=True)

    name: Line
    unit_id: int
    round_id: int | None = None
    template: str = BLANK
    planned_on: dt.date | None = None
    allow_guests: bool = False
    vote_budget: int = 3
    questions: list[Line] = []  # a blank workshop's own questions


# --- Access ---------------------------------------------------------------------------------


def _require_planner(session: Session, viewer: Viewer, unit_id: int | None) -> None:
    if not (viewer.has(Role.facilitator) or viewer.has(Role.admin)):
        raise AccessDenied("facilitator or admin required")
    if unit_id is None:
        if not viewer.has(Role.admin):
            raise AccessDenied("organisation-wide workshops are for admins")
        return
    scope.require_unit(session, viewer=viewer, unit_id=unit_id)


def _own_workshop(session: Session, viewer: Viewer, workshop_id: int) -> Workshop:
    """The workshop, if the viewer may run it: a facilitator of its unit, or an admin."""
    w = session.get(Workshop, workshop_id)
    if w is None or w.organisation_id != viewer.organisation_id:
        raise AccessDenied("no such workshop")
    _require_planner(session, viewer, w.unit_id)
    return w


def _bump(session: Session, workshop_id: int) -> None:
    # One UPDATE row lock per change: live views notice by polling this number.
    session.execute(
        update(Workshop).where(col(Workshop.id) == workshop_id).values(version=Workshop.version + 1)
    )


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def framework_for(session: Session, w: Workshop) -> Framework:
    return round_framework(session, w.round_id) if w.round_id else default_framework()


# --- Planning -------------------------------------------------------------------------------


def _questions(data: WorkshopInput, framework: Framework) -> list[dict[str, Any]]:
    if data.template == BLANK:
        typed = [q for q in data.questions if q]
        if not typed:
            raise WorkshopError("questions_empty")
        if len(typed) > QUESTIONS_MAX:
            raise WorkshopError("too_many_questions", limit=QUESTIONS_MAX)
        for q in typed:
            if len(q) > QUESTION_MAX:
                raise WorkshopError("too_long", limit=QUESTION_MAX, length=len(q))
        return [
            {"key": f"q{i}", "text": {ANY_LANGUAGE: q}, "category": None, "field_key": None}
            for i, q in enumerate(typed, start=1)
        ]
    found = template(framework, data.template)
    if found is None:
        raise WorkshopError("unknown_template")
    return [dict(q) for q in found.questions]


def _new_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.exec(select(Workshop.id).where(Workshop.join_code == code)).first() is None:
            return code


def _check_plan(session: Session, viewer: Viewer, data: WorkshopInput) -> Framework:
    if not data.name:
        raise WorkshopError("name_empty")
    if len(data.name) > NAME_MAX:
        raise WorkshopError("too_long", limit=NAME_MAX, length=len(data.name))
    if not BUDGET_RANGE[0] <= data.vote_budget <= BUDGET_RANGE[1]:
        raise WorkshopError("budget_range", low=BUDGET_RANGE[0], high=BUDGET_RANGE[1])
    _require_planner(session, viewer, data.unit_id)
    if data.round_id is None:
        return default_framework()
    rnd = session.get(Round, data.round_id)
    if rnd is None or rnd.organisation_id != viewer.organisation_id:
        raise AccessDenied("no such round")
    return round_framework(session, rnd.id)


def plan_workshop(session: Session, *, viewer: Viewer, data: WorkshopInput) -> int:
    """A planned workshop with its questions and join code; it appears on the annual clock."""
    framework = _check_plan(session, viewer, data)
    w = Workshop(
        organisation_id=viewer.organisation_id,
        unit_id=data.unit_id,
        round_id=data.round_id,
        name=data.name,
        template=data.template,
        join_code=_new_code(session),
        planned_on=data.planned_on,
        status=WorkshopPhase.planned,
        created_by=viewer.person_id,
        questions=_questions(data, framework),
        allow_guests=data.allow_guests,
        vote_budget=data.vote_budget,
    )
    session.add(w)
    session.flush()
    return w.id


def update_plan(
    session: Session, *, viewer: Viewer, workshop_id: int, data: WorkshopInput, version: int
) -> None:
    """Change a workshop before it starts; refused when someone changed it meanwhile."""
    w = _own_workshop(session, viewer, workshop_id)
    if w.version != version:
        raise WorkshopError("changed_meanwhile")
    if w.status != WorkshopPhase.planned:
        raise WorkshopError("already_started")
    framework = _check_plan(session, viewer, data)
    w.name, w.unit_id, w.round_id = data.name, data.unit_id, data.round_id
    w.template, w.planned_on = data.template, data.planned_on
    w.allow_guests, w.vote_budget = data.allow_guests, data.vote_budget
    w.questions = _questions(data, framework)
    w.version += 1
    session.add(w)


def delete_planned(session: Session, *, viewer: Viewer, workshop_id: int) -> None:
    """Cancel a workshop that has not started (nothing anyone wrote is lost)."""
    w = _own_workshop(session, viewer, workshop_id)
    if w.status != WorkshopPhase.planned:
        raise WorkshopError("already_started")
    session.exec(delete(WorkshopParticipant).where(col(WorkshopParticipant.workshop_id) == w.id))
    session.delete(w)


WORKSHOP_COLUMNS = ["id", "name", "unit_id", "unit", "round_id", "planned_on", "status", "code"]


def list_workshops(session: Session, *, viewer: Viewer) -> pd.DataFrame:
    """The workshops the viewer may run, newest plan first."""
    if not (viewer.has(Role.facilitator) or viewer.has(Role.admin)):
        raise AccessDenied("facilitator or admin required")
    mine = scope.visible_units(session, viewer=viewer)
    units = scope.unit_tree(session, viewer.organisation_id)
    rows = session.exec(
        select(Workshop).where(Workshop.organisation_id == viewer.organisation_id)
    ).all()
    shown = [
        {
            "id": w.id,
            "name": w.name,
            "unit_id": w.unit_id,
            "unit": units[w.unit_id].name if w.unit_id in units else "",
            "round_id": w.round_id,
            "planned_on": w.planned_on,
            "status": w.status,
            "code": w.join_code,
        }
        for w in rows
        if w.unit_id in mine or (w.unit_id is None and viewer.has(Role.admin))
    ]
    frame = pd.DataFrame(shown, columns=WORKSHOP_COLUMNS)
    return frame.sort_values(["planned_on", "id"], ascending=False, na_position="last")


def get_workshop(session: Session, *, viewer: Viewer, workshop_id: int) -> Workshop:
    return _own_workshop(session, viewer, workshop_id)


# --- Driving the phases ---------------------------------------------------------------------


def set_phase(
    session: Session,
    *,
    viewer: Viewer,
    workshop_id: int,
    phase: str,
    now: dt.datetime,
    minutes: int | None = None,
) -> None:
    """Move the workshop to ``phase`` (forwards or back), with a timer of ``minutes`` if given."""
    w = _own_workshop(session, viewer, workshop_id)
    if phase not in PHASES or phase == WorkshopPhase.planned:
        raise WorkshopError("unknown_phase")
    if w.status == WorkshopPhase.closed:
        raise WorkshopError("closed")
    if phase == WorkshopPhase.closed:
        close_workshop(session, viewer=viewer, workshop_id=workshop_id)
        return
    if minutes is not None and not 1 <= minutes <= TIMER_MAX_MINUTES:
        raise WorkshopError("timer_range", high=TIMER_MAX_MINUTES)
    w.status = phase
    w.phase_ends_at = now + dt.timedelta(minutes=minutes) if minutes else None
    w.version += 1
    session.add(w)


def next_phase(phase: str) -> str | None:
    at = PHASES.index(phase)
    return PHASES[at + 1] if at + 1 < len(PHASES) else None


def _vote_counts(session: Session, workshop_id: int) -> Counter[int]:
    return Counter(
        session.exec(select(WorkshopVote.theme_id).where(WorkshopVote.workshop_id == workshop_id))
    )


def close_workshop(session: Session, *, viewer: Viewer, workshop_id: int) -> None:
    """End the workshop: nobody joins or writes any more, the code is free again, and the
    participants are deleted so that no note can ever be tied to a writer's token."""
    w = _own_workshop(session, viewer, workshop_id)
    counts = _vote_counts(session, w.id)
    for theme in session.exec(select(WorkshopTheme).where(WorkshopTheme.workshop_id == w.id)):
        theme.votes = counts.get(theme.id, 0)
        session.add(theme)
    session.exec(delete(WorkshopVote).where(col(WorkshopVote.workshop_id) == w.id))
    session.execute(
        update(WorkshopNote)
        .where(col(WorkshopNote.workshop_id) == w.id)
        .values(participant_id=None)
    )
    session.exec(delete(WorkshopParticipant).where(col(WorkshopParticipant.workshop_id) == w.id))
    w.status = WorkshopPhase.closed
    w.join_code = None
    w.phase_ends_at = None
    w.version += 1
    session.add(w)


# --- Joining --------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def find_by_code(session: Session, code: str) -> Workshop | None:
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return session.exec(select(Workshop).where(Workshop.join_code == code)).first()


def _may_join(w: Workshop, viewer: Viewer | None) -> None:
    if w.status == WorkshopPhase.closed:
        raise WorkshopError("closed")
    if viewer is None:
        if not w.allow_guests:
            raise WorkshopError("sign_in_first")
    elif viewer.organisation_id != w.organisation_id:
        raise WorkshopError("unknown_code")


def join(session: Session, *, code: str, viewer: Viewer | None) -> str:
    """A new participant token for the workshop with ``code``: signed in, or a guest when the
    facilitator allows guests. The token is not tied to the person."""
    w = find_by_code(session, code)
    if w is None:
        raise WorkshopError("unknown_code")
    _may_join(w, viewer)
    token = secrets.token_urlsafe(18)
    session.add(WorkshopParticipant(workshop_id=w.id, token_hash=_hash(token)))
    _bump(session, w.id)
    return token


def _participant(
    session: Session, token: str | None, viewer: Viewer | None
) -> tuple[Workshop, WorkshopParticipant]:
    if not token:
        raise WorkshopError("not_joined")
    p = session.exec(
        select(WorkshopParticipant).where(WorkshopParticipant.token_hash == _hash(token))
    ).first()
    if p is None:
        raise WorkshopError("not_joined")
    w = session.get(Workshop, p.workshop_id)
    _may_join(w, viewer)  # guests stay out once the facilitator turns guests off
    return w, p


def workshop_of(session: Session, *, token: str, viewer: Viewer | None) -> Workshop:
    """The workshop a participant token belongs to (for rejoining after a screen lock)."""
    return _participant(session, token, viewer)[0]


# --- Notes ----------------------------------------------------------------------------------


def _require_phase(w: Workshop, *phases: str) -> None:
    if w.status not in phases:
        raise WorkshopError("wrong_phase")


def _check_note(w: Workshop, question_key: str, text: str) -> None:
    if question_key not in {q["key"] for q in w.questions}:
        raise WorkshopError("unknown_question")
    if not text:
        raise WorkshopError("note_empty")
    if len(text) > NOTE_MAX:
        raise WorkshopError("too_long", limit=NOTE_MAX, length=len(text))


class NoteInput(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)
    question_key: str
    text: Paragraph


def add_note(session: Session, *, token: str, viewer: Viewer | None, data: NoteInput) -> str:
    """Store a participant's note (write phase only); returns its ``ref``."""
    w, p = _participant(session, token, viewer)
    _require_phase(w, WorkshopPhase.write)
    _check_note(w, data.question_key, data.text)
    written = session.exec(
        select(func.count()).select_from(WorkshopNote).where(WorkshopNote.participant_id == p.id)
    ).one()
    if written >= NOTES_PER_PARTICIPANT:
        raise WorkshopError("too_many_notes", limit=NOTES_PER_PARTICIPANT)
    ref = secrets.token_hex(8)
    session.add(
        WorkshopNote(
            workshop_id=w.id,
            participant_id=p.id,
            ref=ref,
            question_key=data.question_key,
            text=data.text,
        )
    )
    _bump(session, w.id)
    return ref


def _own_note(session: Session, token: str, viewer: Viewer | None, ref: str) -> WorkshopNote:
    w, p = _participant(session, token, viewer)
    _require_phase(w, WorkshopPhase.write)
    note = session.exec(select(WorkshopNote).where(WorkshopNote.ref == ref)).first()
    if note is None or note.participant_id != p.id:
        raise AccessDenied("not this participant's note")
    return note


def edit_note(session: Session, *, token: str, viewer: Viewer | None, ref: str, text: str) -> None:
    note = _own_note(session, token, viewer, ref)
    data = NoteInput(question_key=note.question_key, text=text)
    _check_note(session.get(Workshop, note.workshop_id), data.question_key, data.text)
    note.text = data.text
    session.add(note)
    _bump(session, note.workshop_id)


def delete_note(session: Session, *, token: str, viewer: Viewer | None, ref: str) -> None:
    note = _own_note(session, token, viewer, ref)
    session.delete(note)
    _bump(session, note.workshop_id)


# --- Themes (the facilitator) ---------------------------------------------------------------


def _check_title(title: str) -> str:
    if not title:
        raise WorkshopError("theme_empty")
    if len(title) > THEME_MAX:
        raise WorkshopError("too_long", limit=THEME_MAX, length=len(title))
    return title


class ThemeInput(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)
    title: Line


def _theme(session: Session, w: Workshop, theme_id: int) -> WorkshopTheme:
    theme = session.get(WorkshopTheme, theme_id)
    if theme is None or theme.workshop_id != w.id:
        raise WorkshopError("unknown_theme")
    return theme


def _notes_by_ref(session: Session, w: Workshop, refs: list[str]) -> list[WorkshopNote]:
    if not refs:
        return []
    notes = session.exec(
        select(WorkshopNote).where(
            WorkshopNote.workshop_id == w.id, col(WorkshopNote.ref).in_(refs)
        )
    ).all()
    if len(notes) != len(set(refs)):
        raise WorkshopError("unknown_note")
    return list(notes)


def create_theme(
    session: Session, *, viewer: Viewer, workshop_id: int, title: str, refs: list[str] = ()
) -> int:
    """A new theme, with the notes ``refs`` moved into it."""
    w = _own_workshop(session, viewer, workshop_id)
    _require_phase(w, WorkshopPhase.group)
    title = _check_title(ThemeInput(title=title).title)
    position = session.exec(
        select(func.coalesce(func.max(WorkshopTheme.position), 0)).where(
            WorkshopTheme.workshop_id == w.id
        )
    ).one()
    theme = WorkshopTheme(workshop_id=w.id, title=title, position=position + 1)
    session.add(theme)
    session.flush()
    for note in _notes_by_ref(session, w, list(refs)):
        note.theme_id = theme.id
        session.add(note)
    _bump(session, w.id)
    return theme.id


def rename_theme(
    session: Session, *, viewer: Viewer, workshop_id: int, theme_id: int, title: str
) -> None:
    w = _own_workshop(session, viewer, workshop_id)
    _require_phase(w, WorkshopPhase.group)
    theme = _theme(session, w, theme_id)
    theme.title = _check_title(ThemeInput(title=title).title)
    session.add(theme)
    _bump(session, w.id)


def move_notes(
    session: Session,
    *,
    viewer: Viewer,
    workshop_id: int,
    refs: list[str],
    theme_id: int | None,
) -> None:
    """Put notes into a theme, or back among the ungrouped ones (``theme_id`` None)."""
    w = _own_workshop(session, viewer, workshop_id)
    _require_phase(w, WorkshopPhase.group)
    if theme_id is not None:
        _theme(session, w, theme_id)
    for note in _notes_by_ref(session, w, refs):
        note.theme_id = theme_id
        session.add(note)
    _bump(session, w.id)


def merge_themes(
    session: Session, *, viewer: Viewer, workshop_id: int, into: int, merged: list[int]
) -> None:
    """Move every note of the ``merged`` themes into ``into`` and remove those themes."""
    w = _own_workshop(session, viewer, workshop_id)
    _require_phase(w, WorkshopPhase.group)
    _theme(session, w, into)
    for theme_id in set(merged) - {into}:
        theme = _theme(session, w, theme_id)
        session.execute(
            update(WorkshopNote).where(col(WorkshopNote.theme_id) == theme_id).values(theme_id=into)
        )
        session.delete(theme)
    _bump(session, w.id)


def delete_theme(session: Session, *, viewer: Viewer, workshop_id: int, theme_id: int) -> None:
    """Remove a theme; its notes go back among the ungrouped ones."""
    w = _own_workshop(session, viewer, workshop_id)
    _require_phase(w, WorkshopPhase.group)
    theme = _theme(session, w, theme_id)
    session.execute(
        update(WorkshopNote).where(col(WorkshopNote.theme_id) == theme_id).values(theme_id=None)
    )
    session.delete(theme)
    _bump(session, w.id)


# --- Votes ----------------------------------------------------------------------------------


def _dots_on(session: Session, participant_id: int, theme_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(WorkshopVote)
        .where(WorkshopVote.participant_id == participant_id, WorkshopVote.theme_id == theme_id)
    ).one()


def cast_vote(
    session: Session,
    *,
    token: str,
    viewer: Viewer | None,
    theme_id: int,
    seen: int | None = None,
) -> None:
    """Put one of the participant's dots on a theme; refused when the budget is spent. The
    slot is unique per participant, so two clicks at once cannot overspend. ``seen`` is how many
    of their dots the theme had when the button was drawn: a click sent twice adds one dot."""
    w, p = _participant(session, token, viewer)
    _require_phase(w, WorkshopPhase.vote)
    _theme(session, w, theme_id)
    # One participant's clicks take turns (PostgreSQL; SQLite writers do anyway), so a click
    # is refused only when the budget is really spent, not because another took the same slot.
    db.serialise(session, f"workshop-participant:{p.id}")
    if seen is not None and _dots_on(session, p.id, theme_id) != seen:
        return  # this click was carried out already
    used = set(
        session.exec(select(WorkshopVote.slot).where(WorkshopVote.participant_id == p.id)).all()
    )
    free = [slot for slot in range(w.vote_budget) if slot not in used]
    if not free:
        raise WorkshopError("budget_spent", budget=w.vote_budget)
    try:
        with session.begin_nested():
            session.add(
                WorkshopVote(workshop_id=w.id, participant_id=p.id, theme_id=theme_id, slot=free[0])
            )
    except IntegrityError as error:  # the same participant's other click took that slot
        raise WorkshopError("budget_spent", budget=w.vote_budget) from error
    _bump(session, w.id)


def remove_vote(
    session: Session,
    *,
    token: str,
    viewer: Viewer | None,
    theme_id: int,
    seen: int | None = None,
) -> None:
    """Take one of the participant's dots back from a theme (``seen`` as in ``cast_vote``)."""
    w, p = _participant(session, token, viewer)
    _require_phase(w, WorkshopPhase.vote)
    db.serialise(session, f"workshop-participant:{p.id}")
    if seen is not None and _dots_on(session, p.id, theme_id) != seen:
        return
    vote = session.exec(
        select(WorkshopVote)
        .where(WorkshopVote.participant_id == p.id, WorkshopVote.theme_id == theme_id)
        .order_by(col(WorkshopVote.slot).desc())
    ).first()
    if vote is not None:
        session.delete(vote)
        _bump(session, w.id)


# --- What each one sees ---------------------------------------------------------------------


@dataclass(frozen=True)
class BoardNote:
    ref: str
    question_key: str
    text: str
    theme_id: int | None


@dataclass(frozen=True)
class BoardTheme:
    id: int
    title: str
    notes: tuple[BoardNote, ...]
    votes: int | None  # None until voting has ended


@dataclass(frozen=True)
class Board:
    """A workshop as a participant, the facilitator or the room's screen may see it now."""

    id: int
    name: str
    phase: str
    version: int
    questions: list[dict[str, Any]]
    code: str | None
    allow_guests: bool
    vote_budget: int
    phase_ends_at: dt.datetime | None
    unit_id: int | None
    round_id: int | None
    participants: int
    # How many notes so far. Per question only once they are revealed: counts per question that
    # rise while the room watches who presses "send" would tie a person to a question, and a
    # question with one note to its text.
    notes_total: int
    notes_written: dict[str, int]
    notes: tuple[BoardNote, ...]  # every note once revealed, else none
    themes: tuple[BoardTheme, ...]
    voters: int  # how many have spent at least one dot (no theme counts until voting ends)
    mine: tuple[BoardNote, ...] = ()  # the participant's own notes
    my_votes: dict[int, int] = field(default_factory=dict)  # theme id -> the participant's dots

    @property
    def ungrouped(self) -> tuple[BoardNote, ...]:
        return tuple(n for n in self.notes if n.theme_id is None)

    def seconds_left(self, now: dt.datetime) -> int | None:
        if self.phase_ends_at is None:
            return None
        # Databases give the moment back without its zone: both sides in UTC.
        return max(0, int((as_utc(self.phase_ends_at) - as_utc(now)).total_seconds()))


def version(session: Session, workshop_id: int) -> int | None:
    """The number live views poll: it changes whenever anything they show changes."""
    return session.exec(select(Workshop.version).where(Workshop.id == workshop_id)).first()


def _board(session: Session, w: Workshop, participant: WorkshopParticipant | None) -> Board:
    rows = session.exec(
        select(WorkshopNote).where(WorkshopNote.workshop_id == w.id).order_by(WorkshopNote.ref)
    ).all()
    notes = [BoardNote(n.ref, n.question_key, n.text, n.theme_id) for n in rows]
    shown = w.status in NOTES_SHOWN
    votes = session.exec(
        select(WorkshopVote.theme_id, WorkshopVote.participant_id).where(
            WorkshopVote.workshop_id == w.id
        )
    ).all()
    counts = Counter(theme_id for theme_id, _ in votes) if w.status in COUNTS_SHOWN else None
    if w.status == WorkshopPhase.closed:  # the votes are gone; the counts were kept per theme
        counts = Counter(
            {
                t.id: t.votes or 0
                for t in session.exec(
                    select(WorkshopTheme).where(WorkshopTheme.workshop_id == w.id)
                )
            }
        )
    themes = session.exec(
        select(WorkshopTheme)
        .where(WorkshopTheme.workshop_id == w.id)
        .order_by(WorkshopTheme.position, WorkshopTheme.id)
    ).all()
    board_themes = tuple(
        BoardTheme(
            t.id,
            t.title,
            tuple(n for n in notes if n.theme_id == t.id) if shown else (),
            counts.get(t.id, 0) if counts is not None else None,
        )
        for t in themes
    )
    if counts is not None:  # after voting, the most dots first
        board_themes = tuple(sorted(board_themes, key=lambda t: -(t.votes or 0)))
    mine: tuple[BoardNote, ...] = ()
    my_votes: dict[int, int] = {}
    if participant is not None:
        mine = tuple(
            BoardNote(n.ref, n.question_key, n.text, n.theme_id)
            for n in rows
            if n.participant_id == participant.id
        )
        my_votes = dict(Counter(t for t, p in votes if p == participant.id))
    participants = session.exec(
        select(func.count())
        .select_from(WorkshopParticipant)
        .where(WorkshopParticipant.workshop_id == w.id)
    ).one()
    return Board(
        id=w.id,
        name=w.name,
        phase=w.status,
        version=w.version,
        questions=list(w.questions),
        code=w.join_code,
        allow_guests=w.allow_guests,
        vote_budget=w.vote_budget,
        phase_ends_at=w.phase_ends_at,
        unit_id=w.unit_id,
        round_id=w.round_id,
        participants=participants,
        notes_total=len(notes),
        notes_written=dict(Counter(n.question_key for n in notes)) if shown else {},
        notes=tuple(notes) if shown else (),
        themes=board_themes,
        voters=len({p for _, p in votes}),
        mine=mine,
        my_votes=my_votes,
    )


def facilitator_board(session: Session, *, viewer: Viewer, workshop_id: int) -> Board:
    """What the facilitator and the room's screen see: nothing more than the participants."""
    return _board(session, _own_workshop(session, viewer, workshop_id), None)


def participant_board(session: Session, *, token: str, viewer: Viewer | None) -> Board:
    w, p = _participant(session, token, viewer)
    return _board(session, w, p)


def question_label(board_or_questions: Board | list[dict[str, Any]], key: str, lang: str) -> str:
    questions = (
        board_or_questions.questions
        if isinstance(board_or_questions, Board)
        else board_or_questions
    )
    return next((question_text(q, lang) for q in questions if q["key"] == key), key)


# --- Actions agreed in the decide phase -----------------------------------------------------


def create_action(
    session: Session,
    *,
    viewer: Viewer,
    workshop_id: int,
    theme_id: int | None,
    data: discussions.ActionInput,
    today: dt.date,
) -> int:
    """An action the workshop agreed on (S3 fields), owned by the unit the workshop was for."""
    w = _own_workshop(session, viewer, workshop_id)
    _require_phase(w, WorkshopPhase.decide, WorkshopPhase.harvest)
    if theme_id is not None:
        _theme(session, w, theme_id)
    discussions.check_action(data, framework_for(session, w), today)
    action = discussions.store_action(
        session,
        viewer=viewer,
        data=data,
        workshop_id=w.id,
        unit_id=w.unit_id,
        theme_id=theme_id,
    )
    _bump(session, w.id)
    return action.id


ACTION_COLUMNS = [
    "id",
    "workshop_id",
    "workshop",
    "theme",
    "title",
    "means",
    "owner",
    "measure",
    "time_span",
    "due_on",
    "status",
    "field_key",
    "category",
    "area",
    "version",
]


def _action_frame(session: Session, actions: list[Action]) -> pd.DataFrame:
    names = {
        w.id: w.name
        for w in session.exec(
            select(Workshop).where(col(Workshop.id).in_({a.workshop_id for a in actions}))
        ).all()
    }
    themes = {
        t.id: t.title
        for t in session.exec(
            select(WorkshopTheme).where(col(WorkshopTheme.id).in_({a.theme_id for a in actions}))
        ).all()
    }
    return pd.DataFrame(
        [
            {
                "id": a.id,
                "workshop_id": a.workshop_id,
                "workshop": names.get(a.workshop_id, ""),
                "theme": themes.get(a.theme_id, ""),
                "title": a.title,
                "means": a.means,
                "owner": a.owner,
                "measure": a.measure,
                "time_span": a.time_span,
                "due_on": a.due_on,
                "status": a.status,
                "field_key": a.field_key,
                "category": a.category,
                "area": a.area,
                "version": a.version,
            }
            for a in actions
        ],
        columns=ACTION_COLUMNS,
    )


def workshop_actions(session: Session, *, viewer: Viewer, workshop_id: int) -> pd.DataFrame:
    w = _own_workshop(session, viewer, workshop_id)
    actions = session.exec(
        select(Action).where(Action.workshop_id == w.id).order_by(Action.id)
    ).all()
    return _action_frame(session, list(actions))


def _unit_and_ancestors(session: Session, unit_id: int) -> list[int]:
    found, at = [], session.get(Unit, unit_id)
    while at is not None:
        found.append(at.id)
        at = session.get(Unit, at.parent_id) if at.parent_id else None
    return found


def unit_actions(session: Session, *, viewer: Viewer, unit_id: int) -> pd.DataFrame:
    """Actions agreed in workshops for this unit or team and the units above it, for anyone who
    may open the unit's team view."""
    scope.require_unit(session, viewer=viewer, unit_id=unit_id)
    return _unit_actions(session, _unit_and_ancestors(session, unit_id))


def _unit_actions(session: Session, units: list[int]) -> pd.DataFrame:
    actions = session.exec(
        select(Action)
        .where(col(Action.workshop_id).is_not(None), col(Action.unit_id).in_(units))
        .order_by(Action.id)
    ).all()
    return _action_frame(session, list(actions))


def my_team_actions(session: Session, *, viewer: Viewer) -> pd.DataFrame:
    """The workshop actions of the viewer's own team and the units above it (where they work)."""
    if viewer.team_id is None:
        return _action_frame(session, [])
    return _unit_actions(session, _unit_and_ancestors(session, viewer.team_id))


def set_action_status(
    session: Session,
    *,
    viewer: Viewer,
    action_id: int,
    status: str,
    comment: str = "",
    version: int | None = None,
) -> None:
    """Follow a workshop action up: whoever may run the unit's workshops changes its status."""
    action = session.get(Action, action_id)
    if action is None or action.workshop_id is None:
        raise AccessDenied("no such workshop action")
    _own_workshop(session, viewer, action.workshop_id)
    if status not in {s.value for s in ActionStatus}:
        raise WorkshopError("unknown_status")
    comment = line(comment)
    if len(comment) > discussions.COMMENT_MAX:
        raise WorkshopError("too_long", limit=discussions.COMMENT_MAX, length=len(comment))
    if version is not None and version != action.version:
        raise WorkshopError("changed_meanwhile")
    action.status = status
    action.version += 1
    session.add(action)
    session.add(
        ActionUpdate(
            action_id=action.id, author_id=viewer.person_id, status=status, comment=comment
        )
    )


OWNERS = tuple(o.value for o in ActionOwner)
