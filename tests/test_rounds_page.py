"""AppTest of the rounds page (facilitator) and role assignment on the organisation page (admin)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from model import db, timesource
from model.navigation import PAGES
from model.tables import AuditEvent, RoleGrant, Round, RoundScope
from tests.apptest_helpers import person_id, signed_in, unit_id, widget

PAGE = "pages/rounds.py"


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.text, *at.caption, *at.title, *at.subheader)]
    parts += [e.value for e in (*at.error, *at.success, *at.warning, *at.info)]
    return "\n".join(str(p) for p in parts)


def fill_new_round(at: AppTest, name: str, scope: list[int], opens: dt.date, closes: dt.date):
    at.text_input(key="rounds.new.name").input(name)
    at.selectbox(key=widget("rounds.new.kind")).set_value("pulse")
    at.multiselect(key=widget("rounds.new.scope")).set_value(scope)
    at.date_input(key="rounds.new.opens_on").set_value(opens)
    at.date_input(key="rounds.new.closes_on").set_value(closes)
    at.checkbox(key="rounds.new.module.obstacles").check()


def test_rounds_page_is_in_navigation_for_facilitators_and_admins():
    [page] = [p for p in PAGES if p.path == PAGE]
    assert page.roles == {"facilitator", "admin"}


def test_facilitator_creates_a_round_and_it_appears(app_env):
    at = signed_in(app_env, "kehittaja@demo.fi", PAGE)
    assert at.get("vega_lite_chart"), "the annual clock is drawn"
    today = timesource.today()
    team = unit_id(app_env, "Päiväkoti Kielo")
    fill_new_round(at, "Pulssi <b>kevät</b>", [team], today, today + dt.timedelta(days=7))
    at.button(key="rounds.new.submit").click().run()
    assert not at.exception, at.exception
    assert "Kierros luotiin." in texts(at)
    table = at.dataframe[0].value
    assert "Pulssi <b>kevät</b>" in set(table.iloc[:, 0])
    # The form is empty again for the next round.
    assert at.text_input(key="rounds.new.name").value == ""
    with db.read_session(db.make_engine(app_env)) as s:
        rnd = s.exec(select(Round).where(Round.name == "Pulssi <b>kevät</b>")).one()
        assert (rnd.kind, rnd.modules["obstacles"]) == ("pulse", True)
        assert s.exec(select(RoundScope.unit_id).where(RoundScope.round_id == rnd.id)).all() == [
            team
        ]
        assert s.exec(select(AuditEvent).where(AuditEvent.event == "round_created")).one()
    # Her own round can now be edited: rename it and close it early.
    assert at.selectbox(key=widget("rounds.edit_pick")).value == rnd.id
    assert at.text_input(key="rounds.edit.name").value == "Pulssi <b>kevät</b>"
    at.text_input(key="rounds.edit.name").input("Pulssi kevät")
    at.date_input(key="rounds.edit.closes_on").set_value(today)
    at.button(key="rounds.edit.submit").click().run()
    assert "Muutokset tallennettiin." in texts(at)
    with db.read_session(db.make_engine(app_env)) as s:
        saved = s.get(Round, rnd.id)
        assert (saved.name, saved.closes_on) == ("Pulssi kevät", today)


def test_round_closing_before_it_opens_is_explained_and_the_name_kept(app_env):
    at = signed_in(app_env, "kehittaja@demo.fi", PAGE)
    today = timesource.today()
    unit = unit_id(app_env, "Hyvinvointipalvelut")
    fill_new_round(at, "Takaperin", [unit], today, today - dt.timedelta(days=1))
    at.button(key="rounds.new.submit").click().run()
    assert not at.exception, at.exception
    assert "Päättymispäivä ei voi olla ennen alkamispäivää." in [e.value for e in at.error]
    assert at.text_input(key="rounds.new.name").value == "Takaperin"
    assert at.multiselect(key=widget("rounds.new.scope")).value == [unit]
    with db.read_session(db.make_engine(app_env)) as s:
        assert s.exec(select(Round).where(Round.name == "Takaperin")).first() is None


def test_missing_name_and_scope_are_explained_in_english(app_env):
    at = signed_in(app_env, "kehittaja@demo.fi", PAGE, lang="en")
    assert at.title[0].value == "Assessment rounds"
    at.button(key="rounds.new.submit").click().run()
    assert "Give the round a name." in [e.value for e in at.error]
    at.text_input(key="rounds.new.name").input("Autumn")
    at.button(key="rounds.new.submit").click().run()
    assert "Choose at least one unit or team." in [e.value for e in at.error]
    assert at.text_input(key="rounds.new.name").value == "Autumn"


def test_facilitator_may_only_choose_her_own_units(app_env):
    at = signed_in(app_env, "kehittaja@demo.fi", PAGE)
    options = at.multiselect(key=widget("rounds.new.scope")).options
    assert any(o.startswith("Hyvinvointipalvelut") for o in options)
    assert not [o for o in options if "Kaupunkipalvelut" in o or "Pääkirjasto" in o]
    # The demo's organisation-wide rounds are listed but not hers to edit.
    assert len(at.dataframe[0].value) >= 1
    assert "Sinulla ei ole muokattavia kierroksia" in texts(at)


def test_admin_assigns_a_facilitator_unit_on_the_organisation_page(app_env):
    at = signed_in(app_env, "admin@demo.fi", "pages/organisation.py")
    employee = person_id(app_env, "tyontekija@demo.fi")
    unit = unit_id(app_env, "Kaupunkipalvelut")
    at.radio(key=widget("org.roles.role")).set_value("facilitator").run()
    at.selectbox(key=widget("org.roles.person")).set_value(employee)
    at.selectbox(key=widget("org.roles.unit")).set_value(unit)
    at.button(key="org.roles.assign").click().run()
    assert not at.exception, at.exception
    assert "Rooli annettiin." in texts(at)
    roles = at.dataframe[-1].value  # the Roles tab is the last one
    assert "tyontekija@demo.fi" in set(roles.iloc[:, 1])
    with db.read_session(db.make_engine(app_env)) as s:
        grant = s.exec(
            select(RoleGrant).where(RoleGrant.person_id == employee, RoleGrant.unit_id == unit)
        ).one()
        assert grant.role == "facilitator"
    # Assigning it twice explains; removing it takes it away.
    at.button(key="org.roles.assign").click().run()
    assert "Henkilöllä on jo tämä rooli tässä yksikössä." in [e.value for e in at.error]
    at.button(key="org.roles.remove").click().run()
    assert "Rooli poistettiin." in texts(at)
    with db.read_session(db.make_engine(app_env)) as s:
        assert s.get(RoleGrant, grant.id) is None


def test_supervisor_needs_a_team_on_the_organisation_page(app_env):
    at = signed_in(app_env, "admin@demo.fi", "pages/organisation.py", lang="en")
    at.radio(key=widget("org.roles.role", "en")).set_value("supervisor").run()
    unit_options = at.selectbox(key=widget("org.roles.unit", "en")).options
    assert "Pääkirjasto (Kaupunkipalvelut)" in unit_options
    assert not [o for o in unit_options if o.startswith("Kaupunkipalvelut")]
    at.button(key="org.roles.assign").click().run()
    assert "Choose a person." in [e.value for e in at.error]
