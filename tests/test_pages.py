"""AppTest of every page and role: sign-in, self-assessment, history, access by role."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from model import db, sessions, timesource, web
from model.assess_form import light_key, note_key, reason_key
from model.demo import DEMO_PASSWORD
from model.navigation import PAGES, pages_for
from model.tables import Assessment, FrameworkVersion, Person, Round, RoundScope, Unit
from tests.apptest_helpers import (
    APP,
    TEST_COOKIES,
    TEST_DEVICE,
    browser,
    person_id,
    signed_in,
    widget,
)
from tests.test_framework import second_framework

ROLE_ACCOUNTS = {
    "employee": "tyontekija@demo.fi",
    "supervisor": "esihenkilo@demo.fi",
    "facilitator": "kehittaja@demo.fi",
    "admin": "admin@demo.fi",
}
FIELDS = ["autonomy", "competence", "relatedness", "beneficence"]


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.text, *at.caption, *at.title, *at.subheader)]
    parts += [e.value for e in (*at.error, *at.success, *at.warning, *at.info)]
    return "\n".join(str(p) for p in parts)


def test_sign_in_page_shows_for_strangers_and_refuses_a_wrong_password(app_env):
    at = browser().run()
    assert at.title[0].value == "Merkitys"
    at.text_input(key="signin.email").input("tyontekija@demo.fi")
    at.text_input(key="signin.password").input("väärä-salasana")
    at.button(key="signin.submit").click().run()
    assert "Sähköposti tai salasana ei kelpaa" in at.error[0].value
    assert "app.redirected_to" not in at.session_state
    with db.read_session(db.make_engine(app_env)) as s:
        assert sessions.begin(s, device=TEST_DEVICE, now=timesource.now()) is None


def test_without_a_device_cookie_nobody_is_signed_in(app_env):
    # Cookies blocked (or the app started without serve.py): the page says what to do.
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.text_input(key="signin.email").input("tyontekija@demo.fi")
    at.text_input(key="signin.password").input(DEMO_PASSWORD)
    at.button(key="signin.submit").click().run()
    assert "eväste" in at.error[0].value
    assert "app.redirected_to" not in at.session_state


def test_unknown_user_gets_the_same_message(app_env):
    at = browser().run()
    at.text_input(key="signin.email").input("ei.ketaan@demo.fi")
    at.text_input(key="signin.password").input(DEMO_PASSWORD)
    at.button(key="signin.submit").click().run()
    assert "Sähköposti tai salasana ei kelpaa" in at.error[0].value


@pytest.mark.parametrize("role", list(ROLE_ACCOUNTS))
def test_each_role_signs_in_and_can_sign_out(app_env, role):
    at = browser().run()
    at.text_input(key="signin.email").input(ROLE_ACCOUNTS[role])
    at.text_input(key="signin.password").input(DEMO_PASSWORD)
    at.button(key="signin.submit").click().run()
    assert not at.exception
    # The browser is sent to collect its session cookie (a new page load in a real browser).
    assert at.session_state["app.redirected_to"] == web.BEGIN_PATH
    engine = db.make_engine(app_env)
    with db.write_session(engine) as s:
        token = sessions.begin(s, device=TEST_DEVICE, now=timesource.now())
    cookies = {sessions.DEVICE_COOKIE: TEST_DEVICE, sessions.SESSION_COOKIE: token}
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[TEST_COOKIES] = cookies
    at.run()
    assert not at.exception
    assert at.button(key="app.logout")  # signed in: the sidebar offers to sign out
    at.button(key="app.logout").click().run()
    assert at.session_state["app.redirected_to"] == web.END_PATH
    # The session ended everywhere: another tab with the same cookie is signed out too.
    other_tab = AppTest.from_file(str(APP), default_timeout=60)
    other_tab.session_state[TEST_COOKIES] = cookies
    other_tab.run()
    assert not other_tab.exception
    assert other_tab.title[0].value == "Merkitys"
    assert not [b for b in other_tab.button if b.key == "app.logout"]
    with db.read_session(engine) as s:
        assert sessions.resolve(s, token, now=timesource.now()) is None


def test_the_streamlit_session_alone_signs_nobody_in(app_env):
    # Someone presenting another browser's Streamlit session id gets its session state but their
    # own cookies: being signed in is read from the cookie on every run.
    at = signed_in(app_env, ROLE_ACCOUNTS["admin"])
    assert at.button(key="app.logout")
    at.session_state[TEST_COOKIES] = {sessions.DEVICE_COOKIE: "someone-elses-browser"}
    at.run()
    assert not at.exception
    assert not [b for b in at.button if b.key == "app.logout"]
    assert at.title[0].value == "Merkitys"


@pytest.mark.parametrize("role", list(ROLE_ACCOUNTS))
def test_every_allowed_page_renders_and_others_cannot_be_reached(app_env, role):
    at = signed_in(app_env, ROLE_ACCOUNTS[role])
    roles = frozenset(
        {"employee", "supervisor", "facilitator", "admin"} & {role, "employee"}
        if role != "admin"
        else {"admin"}
    )
    allowed = {p.path for p in pages_for(roles)}
    for page in PAGES:
        if page.path in allowed:
            at.switch_page(page.path).run()
            assert not at.exception, (page.path, at.exception)
        else:
            with pytest.raises(ValueError, match="page"):
                at.switch_page(page.path).run()


def test_employee_acknowledges_privacy_then_submits(app_env):
    at = signed_in(app_env, "tyontekija@demo.fi")
    at.switch_page("pages/assess.py").run()
    assert at.button(key="assess.privacy_btn").disabled
    at.checkbox(key="assess.privacy_ok").check().run()
    at.button(key="assess.privacy_btn").click().run()
    assert not at.exception
    for i, key in enumerate(FIELDS):
        at.radio(key=widget(light_key(key))).set_value(["red", "yellow", "green", "green"][i])
    at.text_area(key=reason_key("autonomy")).input("Saan itse suunnitella päiväni.")
    at.selectbox(key=widget(note_key("category"))).set_value("reduce")
    at.text_area(key=note_key("text")).input("Vähemmän päällekkäisiä palavereja")
    at.button(key="assess.note_add").click().run()
    assert at.session_state["assess.notes"][0]["text"] == "Vähemmän päällekkäisiä palavereja"
    at.button(key="assess.submit").click().run()
    assert not at.exception
    assert "Kiitos" in texts(at)
    with db.read_session(db.make_engine(app_env)) as s:
        pid = person_id(app_env, "tyontekija@demo.fi")
        latest = s.exec(
            select(Assessment)
            .where(Assessment.person_id == pid)
            .order_by(Assessment.round_id.desc())
        ).first()
        assert latest.status == "submitted"


def test_submit_without_lights_explains_and_keeps_the_text(app_env):
    at = signed_in(app_env, "employee@demo.fi", lang="en")
    at.switch_page("pages/assess.py").run()
    at.checkbox(key="assess.privacy_ok").check().run()
    at.button(key="assess.privacy_btn").click().run()
    at.text_area(key=reason_key("competence")).input("Plenty to learn.")
    at.button(key="assess.submit").click().run()
    assert "Choose a traffic light for at least one experience" in texts(at)
    assert at.text_area(key=reason_key("competence")).value == "Plenty to learn."


def test_too_long_note_explains_and_keeps_the_text(app_env):
    at = signed_in(app_env, "employee@demo.fi", lang="en")
    at.switch_page("pages/assess.py").run()
    at.checkbox(key="assess.privacy_ok").check().run()
    at.button(key="assess.privacy_btn").click().run()
    long_text = "word " * 300
    at.text_area(key=note_key("text")).input(long_text)
    at.button(key="assess.note_add").click().run()
    assert "too long" in texts(at)
    assert at.text_area(key=note_key("text")).value == long_text
    at.text_area(key=note_key("text")).input("   ")
    at.button(key="assess.note_add").click().run()
    assert "The note is empty" in texts(at)


def test_closed_round_is_read_only(app_env):
    at = signed_in(app_env, "tyontekija@demo.fi")
    at.switch_page("pages/assess.py").run()
    at.checkbox(key="assess.privacy_ok").check().run()
    at.button(key="assess.privacy_btn").click().run()
    closed = at.selectbox(key=widget("assess.round")).options[1]
    at.selectbox(key=widget("assess.round")).select(closed).run()
    assert at.warning, "a closed round says so"
    assert at.radio(key=widget(light_key("autonomy"))).disabled
    assert not [b for b in at.button if b.key == "assess.submit"]


def test_history_shows_chart_changes_and_downloads(app_env):
    at = signed_in(app_env, "tyontekija@demo.fi")
    at.switch_page("pages/history.py").run()
    assert not at.exception
    page = texts(at)
    assert "Muutos edelliseen arvioon" in page
    assert at.get("vega_lite_chart"), "the history chart is drawn"
    assert len(at.get("download_button")) == 2


def test_erase_needs_confirmation_and_removes_answers(app_env):
    at = signed_in(app_env, "tyontekija@demo.fi")
    at.switch_page("pages/history.py").run()
    assert at.button(key="history.erase").disabled
    at.checkbox(key="history.erase_ok").check().run()
    at.button(key="history.erase").click().run()
    assert "Tietosi on poistettu (5 arviota)" in texts(at)
    assert "Sinulla ei ole vielä lähetettyjä arvioita" in texts(at)


def test_admin_sees_the_organisation_overview(app_env):
    at = signed_in(app_env, "admin@demo.fi")
    at.switch_page("pages/organisation.py").run()
    assert not at.exception
    assert [m.value for m in at.metric][:2] == ["3", "12"]


def test_english_page_has_english_texts(app_env):
    at = signed_in(app_env, "employee@demo.fi", lang="en")
    at.switch_page("pages/history.py").run()
    assert "My history" in at.title[0].value


def test_a_second_framework_renders_on_the_assessment_page(app_env):
    engine = db.make_engine(app_env)
    today = timesource.today()
    with db.write_session(engine) as s:
        data = second_framework()
        version = FrameworkVersion(key=data["key"], version=data["version"], data=data)
        s.add(version)
        s.flush()
        org_id = s.exec(select(Person.organisation_id)).first()
        root = s.exec(select(Unit).where(Unit.kind == "organisation")).one()
        rnd = Round(
            organisation_id=org_id,
            name="Pilotti",
            framework_id=version.id,
            opens_on=today,
            closes_on=today + dt.timedelta(days=3),
        )
        s.add(rnd)
        s.flush()
        s.add(RoundScope(round_id=rnd.id, unit_id=root.id))
    at = signed_in(app_env, "employee@demo.fi", lang="en")
    at.switch_page("pages/assess.py").run()
    at.checkbox(key="assess.privacy_ok").check().run()
    at.button(key="assess.privacy_btn").click().run()
    box = at.selectbox(key=widget("assess.round", "en"))
    box.select(next(o for o in box.options if o.startswith("Pilotti"))).run()
    assert not at.exception
    assert "Flow of work" in texts(at)
    assert at.radio(key=widget(light_key("voice"), "en")).options
    assert not [r for r in at.radio if r.key == widget(light_key("autonomy"), "en")]
