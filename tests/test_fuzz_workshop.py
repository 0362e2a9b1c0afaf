"""Fuzz: whatever is typed into a workshop (names, questions, notes, themes, actions, comments)
is stored as ``model.text`` normalises it or refused with a workshop text, and every export of
the workshop is still made and opens (TRUST 26); SQLite and PostgreSQL (TEST_DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pptx import Presentation
from sqlmodel import select

from exports.deck import workshop_deck
from exports.team_workbook import workshop_workbook
from model import discussions as disc
from model import text, timesource
from model import workshops as ws
from model.tables import WorkshopNote, WorkshopTheme
from tests.test_fuzz_text import TYPED, fit, fresh_world

NOW = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
REFUSALS = {"name_empty", "too_long", "questions_empty", "note_empty", "theme_empty"}
SAID = st.fixed_dictionaries(
    dict.fromkeys(
        ("name", "q1", "q2", "note1", "note2", "edit", "theme", "title", "means", "comment"),
        TYPED,
    )
)


def _try(session, call, fallback):
    """``call``; a refusal must be a workshop text refusal, then ``fallback`` must work."""
    refused = None
    try:
        result = call()
    except ws.WorkshopError as error:
        session.rollback()
        refused = error.code
        result = fallback()
    assert refused in {None, *REFUSALS}, refused
    session.commit()
    return result


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(said=SAID, lang=st.sampled_from(("fi", "en")))
def test_whatever_is_typed_into_a_workshop_is_stored_clean_and_exported(session, said, lang):
    world = fresh_world(session)
    session.commit()
    fac = world.facilitator

    def plan(name, questions):
        return ws.plan_workshop(
            session,
            viewer=fac,
            data=ws.WorkshopInput(
                name=name, unit_id=world.team_id, template="blank", questions=questions
            ),
        )

    wid = _try(
        session,
        lambda: plan(said["name"], [said["q1"], said["q2"]]),
        lambda: plan(
            fit(said["name"], ws.NAME_MAX, one_line=True) or "Työpaja",
            [fit(said["q1"], ws.QUESTION_MAX, one_line=True) or "Kysymys"],
        ),
    )
    w = ws.get_workshop(session, viewer=fac, workshop_id=wid)
    assert text.line(w.name) == w.name
    assert all(text.line(q["text"]["*"]) == q["text"]["*"] for q in w.questions)
    token = ws.join(session, code=w.join_code, viewer=fac)
    session.commit()
    ws.set_phase(session, viewer=fac, workshop_id=wid, phase="write", now=NOW)
    session.commit()
    question = w.questions[0]["key"]

    def note(raw):
        return ws.add_note(
            session, token=token, viewer=fac, data=ws.NoteInput(question_key=question, text=raw)
        )

    refs = [
        _try(
            session,
            lambda raw=raw: note(raw),
            lambda raw=raw: note(fit(raw, ws.NOTE_MAX) or "Idea"),
        )
        for raw in (said["note1"], said["note2"])
    ]
    _try(
        session,
        lambda: ws.edit_note(session, token=token, viewer=fac, ref=refs[0], text=said["edit"]),
        lambda: ws.edit_note(
            session,
            token=token,
            viewer=fac,
            ref=refs[0],
            text=fit(said["edit"], ws.NOTE_MAX) or "x",
        ),
    )
    for phase in ("reveal", "group"):
        ws.set_phase(session, viewer=fac, workshop_id=wid, phase=phase, now=NOW)
        session.commit()

    def theme(title):
        return ws.create_theme(session, viewer=fac, workshop_id=wid, title=title, refs=refs)

    theme_id = _try(
        session,
        lambda: theme(said["theme"]),
        lambda: theme(fit(said["theme"], ws.THEME_MAX, one_line=True) or "Teema"),
    )
    ws.set_phase(session, viewer=fac, workshop_id=wid, phase="vote", now=NOW)
    ws.cast_vote(session, token=token, viewer=fac, theme_id=theme_id)
    ws.set_phase(session, viewer=fac, workshop_id=wid, phase="decide", now=NOW)
    session.commit()

    def action(title, means):
        return ws.create_action(
            session,
            viewer=fac,
            workshop_id=wid,
            theme_id=theme_id,
            data=disc.ActionInput(title=title, means=means, owner="team"),
            today=NOW.date(),
        )

    refused = None
    try:
        action_id = action(said["title"], said["means"])
    except disc.DiscussionError as error:
        session.rollback()
        refused = error.code
    assert refused in {None, "action_title_empty", "too_long"}, refused
    if refused is not None:
        action_id = action(
            fit(said["title"], disc.TITLE_MAX, one_line=True) or "Toimenpide",
            fit(said["means"], disc.MEANS_MAX),
        )
    session.commit()
    _try(
        session,
        lambda: ws.set_action_status(
            session, viewer=fac, action_id=action_id, status="in_progress", comment=said["comment"]
        ),
        lambda: ws.set_action_status(
            session,
            viewer=fac,
            action_id=action_id,
            status="in_progress",
            comment=fit(said["comment"], disc.COMMENT_MAX, one_line=True),
        ),
    )
    ws.set_phase(session, viewer=fac, workshop_id=wid, phase="harvest", now=NOW)
    session.commit()

    for stored in session.exec(select(WorkshopNote.text)):
        assert text.paragraph(stored) == stored
    for stored in session.exec(select(WorkshopTheme.title)):
        assert text.line(stored) == stored
    board = ws.facilitator_board(session, viewer=fac, workshop_id=wid)
    assert [t.votes for t in board.themes] == [1]
    actions = ws.workshop_actions(session, viewer=fac, workshop_id=wid)
    deck = workshop_deck(None, board, actions, lang, made_at=timesource.now(), zone_name=None)
    assert len(Presentation(io.BytesIO(deck)).slides) >= 3
    book = workshop_workbook(None, board, actions, lang, made_at=timesource.now(), zone_name=None)
    load_workbook(io.BytesIO(book))
