"""AppTest of the team view for each role; nobody reaches a team outside their scope."""

from __future__ import annotations

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from model import db
from model.demo import SMALL_TEAM
from model.tables import Person, Round, Unit
from tests.apptest_helpers import APP, TEST_COOKIES, session_cookies, signed_in, unit_id, widget


def open_team_page(url: str, email: str, lang: str = "fi") -> AppTest:
    return signed_in(url, email, "pages/team.py", lang)


def page_text(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.metric)]
    return "\n".join(str(p) for p in parts)


def test_facilitator_sees_the_small_team_marked_suppressed(app_env):
    at = open_team_page(app_env, "kehittaja@demo.fi")
    small = unit_id(app_env, SMALL_TEAM)
    with db.read_session(db.make_engine(app_env)) as s:
        parent = s.get(Unit, small).parent_id
    at.selectbox(key=widget("team.unit")).set_value(parent).run()
    assert not at.exception
    assert "vain osallistumisen" in page_text(at), "the open round shows participation only"
    assert not at.get("vega_lite_chart")
    with db.read_session(db.make_engine(app_env)) as s:
        closed = s.exec(select(Round.id).order_by(Round.opens_on.desc())).all()[1]
    at.selectbox(key=widget("team.round")).set_value(closed).run()  # the latest closed round
    text = page_text(at)
    assert f"{SMALL_TEAM}** · 4 kutsuttu · piilossa\\: alle 5 vastausta" in text
    assert at.get("vega_lite_chart"), "charts are drawn"


def test_supervisor_sees_only_own_team(app_env):
    at = open_team_page(app_env, "esihenkilo@demo.fi")
    options = at.selectbox(key=widget("team.unit")).options
    assert len(options) == 1
    assert SMALL_TEAM not in page_text(at)


def test_supervisor_cannot_open_another_team_by_editing_session_state(app_env):
    with db.read_session(db.make_engine(app_env)) as s:
        pid = s.exec(select(Person.id).where(Person.email == "esihenkilo@demo.fi")).one()
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[TEST_COOKIES] = session_cookies(app_env, pid)
    # A forged choice in session state, set before the page draws its selectbox.
    at.session_state["team.unit"] = unit_id(app_env, SMALL_TEAM)
    at.run()
    at.switch_page("pages/team.py").run()
    assert not at.exception
    assert at.selectbox(key=widget("team.unit")).value != unit_id(app_env, SMALL_TEAM)
    assert SMALL_TEAM not in page_text(at)


def test_employee_cannot_reach_the_team_view(app_env):
    with db.read_session(db.make_engine(app_env)) as s:
        pid = s.exec(select(Person.id).where(Person.email == "tyontekija@demo.fi")).one()
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[TEST_COOKIES] = session_cookies(app_env, pid)
    at.run()
    with pytest.raises(ValueError, match="page"):
        at.switch_page("pages/team.py").run()


def test_admin_sees_the_whole_organisation_in_english(app_env):
    at = open_team_page(app_env, "admin@demo.fi", lang="en")
    assert "Anonymous summaries" in page_text(at)
    assert len(at.selectbox(key=widget("team.unit", "en")).options) == 16
