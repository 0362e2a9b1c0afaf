"""A workshop room acting at the same moment loses nothing and overspends nothing (issue 13
point 4, TRUST.md rule 17): 50 participants joining at once, 50 notes sent at once, and one
participant's five clicks on vote at once. Each thread has its own write session, as each
browser session of the server has; on SQLite and on PostgreSQL (TEST_DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import func
from sqlmodel import select

from model import db, timesource
from model import workshops as ws
from model.tables import (
    Role,
    RoleGrant,
    WorkshopNote,
    WorkshopParticipant,
    WorkshopPhase,
    WorkshopVote,
)
from model.viewer import Viewer, load_viewer
from tests.factories import add_person, make_org

PEOPLE = 50
CLICKS = 5
BUDGET = 3
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def _at_once(count: int, work: Callable[[int], object]) -> tuple[list[object], list[BaseException]]:
    """Run ``work(i)`` in ``count`` threads released together; their results and errors."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except BaseException as error:  # noqa: BLE001 - every failure counts
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.fixture
def room(file_db_url):
    """A file database (threads need their own connections) with a workshop planned by a
    facilitator, guests allowed; yields (engine, facilitator, workshop id, join code)."""
    engine = db.make_engine(file_db_url)
    with db.write_session(engine) as session:
        org = make_org(session)
        person = add_person(session, org.organisation_id, None, "kehittaja@test.fi")
        session.add(
            RoleGrant(person_id=person.person_id, role=Role.facilitator, unit_id=org.root_id)
        )
        session.flush()
        facilitator = load_viewer(session, person.person_id)
        wid = ws.plan_workshop(
            session,
            viewer=facilitator,
            data=ws.WorkshopInput(
                name="Iso työpaja",
                unit_id=org.team_id,
                round_id=org.closed_round_id,
                template="tampere1",
                planned_on=timesource.today(),
                allow_guests=True,
                vote_budget=BUDGET,
            ),
        )
    with db.read_session(engine) as session:
        code = ws.get_workshop(session, viewer=facilitator, workshop_id=wid).join_code
    yield engine, facilitator, wid, code
    engine.dispose()


def _version(engine, wid: int) -> int:
    with db.read_session(engine) as session:
        return ws.version(session, wid)


def _phase(engine, facilitator: Viewer, wid: int, phase: str) -> None:
    with db.write_session(engine) as session:
        ws.set_phase(session, viewer=facilitator, workshop_id=wid, phase=phase, now=NOW)


def _join(engine, code: str, count: int) -> list[str]:
    tokens = []
    for _ in range(count):
        with db.write_session(engine) as session:
            tokens.append(ws.join(session, code=code, viewer=None))
    return tokens


def _count(engine, table, wid: int) -> int:
    with db.read_session(engine) as session:
        return session.exec(
            select(func.count()).select_from(table).where(table.workshop_id == wid)
        ).one()


def test_fifty_join_at_the_same_moment(room):
    engine, _, wid, code = room
    before = _version(engine, wid)

    def join(_: int) -> str:
        with db.write_session(engine) as session:
            return ws.join(session, code=code, viewer=None)

    started = time.perf_counter()
    tokens, errors = _at_once(PEOPLE, join)
    elapsed = time.perf_counter() - started
    print(f"\n{engine.dialect.name}: {PEOPLE} joins at once in {elapsed:.2f} s")
    assert errors == []
    assert len(set(tokens)) == PEOPLE
    assert _count(engine, WorkshopParticipant, wid) == PEOPLE
    assert _version(engine, wid) == before + PEOPLE
    with db.read_session(engine) as session:  # every token reaches its own workshop
        assert {ws.workshop_of(session, token=t, viewer=None).id for t in tokens} == {wid}


def test_fifty_notes_sent_at_the_same_moment_are_all_stored(room):
    engine, facilitator, wid, code = room
    tokens = _join(engine, code, PEOPLE)
    _phase(engine, facilitator, wid, WorkshopPhase.write)
    before = _version(engine, wid)

    def send(i: int) -> str:
        data = ws.NoteInput(question_key="actions", text=f"Ajatus numero {i}")
        with db.write_session(engine) as session:
            return ws.add_note(session, token=tokens[i], viewer=None, data=data)

    started = time.perf_counter()
    refs, errors = _at_once(PEOPLE, send)
    elapsed = time.perf_counter() - started
    print(f"\n{engine.dialect.name}: {PEOPLE} notes at once in {elapsed:.2f} s")
    assert errors == []
    assert len(set(refs)) == PEOPLE
    assert _count(engine, WorkshopNote, wid) == PEOPLE
    assert _version(engine, wid) == before + PEOPLE
    _phase(engine, facilitator, wid, WorkshopPhase.reveal)
    with db.read_session(engine) as session:
        board = ws.facilitator_board(session, viewer=facilitator, workshop_id=wid)
    assert sorted(n.text for n in board.notes) == sorted(f"Ajatus numero {i}" for i in range(50))
    assert board.notes_written == {"actions": PEOPLE}


def test_five_clicks_on_vote_at_once_never_spend_more_than_the_budget(room):
    engine, facilitator, wid, code = room
    voter, other = _join(engine, code, 2)
    _phase(engine, facilitator, wid, WorkshopPhase.write)
    with db.write_session(engine) as session:
        ws.add_note(
            session, token=other, viewer=None, data=ws.NoteInput(question_key="goal", text="Aika")
        )
    for phase in (WorkshopPhase.reveal, WorkshopPhase.group):
        _phase(engine, facilitator, wid, phase)
    with db.write_session(engine) as session:
        themes = [
            ws.create_theme(session, viewer=facilitator, workshop_id=wid, title=title)
            for title in ("Aikataulut", "Palaverit")
        ]
    _phase(engine, facilitator, wid, WorkshopPhase.vote)

    for round_no, theme_id in enumerate(themes * 2):  # twice on each theme, from a fresh budget
        with db.write_session(engine) as session:
            for vote in session.exec(
                select(WorkshopVote).where(WorkshopVote.workshop_id == wid)
            ).all():
                session.delete(vote)

        def click(_: int, theme_id: int = theme_id) -> None:
            with db.write_session(engine) as session:
                ws.cast_vote(session, token=voter, viewer=None, theme_id=theme_id)

        _, errors = _at_once(CLICKS, click)
        with db.read_session(engine) as session:
            spent = session.exec(
                select(WorkshopVote.slot).where(WorkshopVote.workshop_id == wid)
            ).all()
        print(
            f"\n{engine.dialect.name} round {round_no}: {CLICKS} clicks at once, "
            f"{len(spent)} dots spent, {len(errors)} refused"
        )
        assert all(isinstance(e, ws.WorkshopError) and e.code == "budget_spent" for e in errors), (
            errors
        )
        assert len(spent) == min(CLICKS, BUDGET), "refused only when the budget is spent"
        assert sorted(spent) == sorted(set(spent))  # each slot once
        assert len(spent) + len(errors) == CLICKS

    # Clicked one after the other, the budget is spent exactly, and then refused.
    with db.write_session(engine) as session:
        for vote in session.exec(select(WorkshopVote).where(WorkshopVote.workshop_id == wid)).all():
            session.delete(vote)
    for _ in range(BUDGET):
        with db.write_session(engine) as session:
            ws.cast_vote(session, token=voter, viewer=None, theme_id=themes[0])
    with pytest.raises(ws.WorkshopError) as refused, db.write_session(engine) as session:
        ws.cast_vote(session, token=voter, viewer=None, theme_id=themes[1])
    assert refused.value.code == "budget_spent"
    assert _count(engine, WorkshopVote, wid) == BUDGET
