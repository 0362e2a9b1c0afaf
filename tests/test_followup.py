"""Workshop follow-up (F3 point 6): a later round shows how the unit's lights moved since the
workshop, from released views only; the workshop's actions appear where its people work."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlmodel import select

from model import db, followup, teamview
from model import workshops as ws
from model.tables import Person, Round, Unit, Workshop, WorkshopPhase
from model.timesource import today
from model.viewer import AccessDenied, load_viewer


def viewer_for(session, email):
    return load_viewer(session, session.exec(select(Person.id).where(Person.email == email)).one())


@pytest.fixture
def demo(demo_url):
    with db.read_session(db.make_engine(demo_url)) as session:
        yield session


def _held(session):
    return session.exec(select(Workshop).where(Workshop.status == WorkshopPhase.closed)).one()


def test_a_later_round_follows_the_demo_workshop_and_shows_the_movement(demo):
    fac = viewer_for(demo, "kehittaja@demo.fi")
    held = _held(demo)
    rounds = teamview.rounds_for_unit(demo, viewer=fac, unit_id=held.unit_id)
    baseline = demo.get(Round, held.round_id)
    later = [
        int(r) for r in rounds["round_id"] if demo.get(Round, int(r)).opens_on > baseline.opens_on
    ]
    assert later, "the demo has rounds after its workshop"
    for round_id in later:
        found = followup.workshop_before(demo, viewer=fac, unit_id=held.unit_id, round_id=round_id)
        assert found is not None
        assert found.id == held.id
    views = [
        teamview.team_view(demo, viewer=fac, unit_id=held.unit_id, round_id=r, today=today())
        for r in later
    ]
    # rounds where the unit itself is hidden show no movement; the demo has others
    shown = [v for v in views if {held.round_id, v.round_id} <= set(v.trend["round_id"])]
    assert shown
    for v in views:
        assert followup.movement(v, held.round_id).empty == (v not in shown)
    view = shown[0]
    moved = followup.movement(view, held.round_id)
    assert list(moved.columns) == followup.MOVE_COLUMNS
    trend = view.trend.set_index(["round_id", "field_key", "light"])["share"]
    row = moved.iloc[0]
    assert row["before"] == pytest.approx(trend[(held.round_id, row["field_key"], row["light"])])
    assert row["after"] == pytest.approx(trend[(view.round_id, row["field_key"], row["light"])])
    assert row["diff_pp"] == pytest.approx(round((row["after"] - row["before"]) * 100, 1))
    # the workshop's own round follows nothing
    assert (
        followup.workshop_before(demo, viewer=fac, unit_id=held.unit_id, round_id=held.round_id)
        is None
    )


def test_a_hidden_round_shows_no_movement():
    trend = pd.DataFrame(
        [(1, "r1", None, "autonomy", "green", 3, 0.5)], columns=teamview.TREND_COLUMNS
    )
    view = type("V", (), {"trend": trend, "round_id": 2, "fields": ["autonomy"]})()
    assert followup.movement(view, 1).empty


def test_only_those_who_see_the_unit_look_for_its_workshop(demo):
    held = _held(demo)
    employee = viewer_for(demo, "tyontekija@demo.fi")
    with pytest.raises(AccessDenied):
        followup.workshop_before(demo, viewer=employee, unit_id=held.unit_id, round_id=1)


def test_the_demo_workshop_actions_reach_the_team_and_its_supervisor(demo):
    held = _held(demo)
    member = viewer_for(demo, "tyontekija@demo.fi")  # a team under the workshop's unit
    team = demo.get(Unit, member.team_id)
    assert team.parent_id == held.unit_id
    titles = ws.my_team_actions(demo, viewer=member)["title"].tolist()
    assert "Perjantain viikkotiedote" in titles
    boss = viewer_for(demo, "esihenkilo@demo.fi")
    frame = ws.unit_actions(demo, viewer=boss, unit_id=member.team_id)
    assert set(frame["title"]) == set(titles)
    # votes were kept when it closed
    board = ws.facilitator_board(
        demo, viewer=viewer_for(demo, "kehittaja@demo.fi"), workshop_id=held.id
    )
    assert [t.votes for t in board.themes] == [9, 6, 4]
