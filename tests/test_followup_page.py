"""AppTest of workshop follow-up: the team view's follow-up tab and My history."""

from __future__ import annotations

from sqlmodel import select

from model import db, followup, teamview, timesource
from model import workshops as ws
from model.tables import Action, Round, Workshop, WorkshopPhase
from model.viewer import load_viewer
from tests.apptest_helpers import person_id, signed_in, widget
from tests.test_workshop_pages import screen, to_phase


def _text(at) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.subheader)]
    parts += [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


def _held(url):
    with db.read_session(db.make_engine(url)) as s:
        held = s.exec(select(Workshop).where(Workshop.status == WorkshopPhase.closed)).one()
        baseline = s.get(Round, held.round_id)
        later = s.exec(
            select(Round.id).where(Round.opens_on > baseline.opens_on).order_by(Round.opens_on)
        ).all()
    return held, later


def test_the_team_view_follows_the_workshop_up_and_the_facilitator_updates_an_action(app_env):
    held, later = _held(app_env)
    # The demo's answers depend on the day it is loaded: a round where the unit shows in both.
    with db.read_session(db.make_engine(app_env)) as s:
        fac = load_viewer(s, person_id(app_env, "kehittaja@demo.fi"))
        moved = [
            r
            for r in later
            if not followup.movement(
                teamview.team_view(
                    s, viewer=fac, unit_id=held.unit_id, round_id=r, today=timesource.today()
                ),
                held.round_id,
            ).empty
        ]
    assert moved, "the demo shows the unit before and after its workshop"
    at = signed_in(app_env, "kehittaja@demo.fi", "pages/team.py")
    at.selectbox(key=widget("team.unit")).set_value(held.unit_id).run()
    at.selectbox(key=widget("team.round")).set_value(moved[0]).run()
    assert not at.exception
    text = _text(at)
    assert "Mitä on tapahtunut työpajan «Merkityksellisyys tavoitteeksi» jälkeen" in text
    assert "vihreä" in text, "one line per experience, green and red before and after"
    assert "Perjantain viikkotiedote · Käynnissä" in text
    with db.read_session(db.make_engine(app_env)) as s:
        action = s.exec(select(Action).where(Action.title == "Kuukauden vinkki")).one()
    at.selectbox(key=widget(f"followup.{action.id}.status")).set_value("in_progress")
    at.text_input(key=f"followup.{action.id}.comment").set_value("Aloitettu joulukuussa")
    at.button(key=f"followup.{action.id}.save").click().run()
    assert not at.exception
    with db.read_session(db.make_engine(app_env)) as s:
        assert s.get(Action, action.id).status == "in_progress"
    assert "Kuukauden vinkki · Käynnissä" in _text(at)


def test_a_supervisor_reads_the_actions_without_changing_them(app_env):
    at = signed_in(app_env, "esihenkilo@demo.fi", "pages/team.py")
    assert not at.exception
    assert "Kirjaamisille oma aika" in _text(at)
    assert not [b for b in at.button if str(b.key).startswith("followup.")]


def test_my_history_lists_the_teams_workshop_actions(app_env):
    at = signed_in(app_env, "tyontekija@demo.fi", "pages/history.py")
    assert not at.exception
    text = _text(at)
    assert "Tiimimme työpajoissa sovitut toimenpiteet" in text
    assert "Perjantain viikkotiedote" in text


def test_the_next_workshop_presents_what_the_last_one_agreed(app_env):
    held, later = _held(app_env)
    with db.write_session(db.make_engine(app_env)) as s:
        fac = load_viewer(s, person_id(app_env, "kehittaja@demo.fi"))
        wid = ws.plan_workshop(
            s,
            viewer=fac,
            data=ws.WorkshopInput(
                name="Toinen työpaja", unit_id=held.unit_id, round_id=later[0], template="tampere2"
            ),
        )
    to_phase(app_env, wid, "present")
    at = screen(app_env, wid)
    text = _text(at)
    assert "Perjantain viikkotiedote · Käynnissä" in text
    assert not [b for b in at.button if str(b.key).startswith("followup.")], "read only here"
