"""AppTest of the set-password page: someone who is not signed in opens /?token=…"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from model import accounts, auth, db, sessions, timesource, web
from model.navigation import SET_PASSWORD
from model.tables import AuditEvent, Person
from model.viewer import load_viewer
from tests.apptest_helpers import APP, TEST_COOKIES, TEST_DEVICE, browser, person_id

GOOD = "kolme karhua metsässä"


def issue(url: str, email: str, *, now: dt.datetime | None = None, name: str | None = None) -> str:
    """A fresh link's token for ``email``, issued by the demo admin."""
    with db.write_session(db.make_engine(url)) as s:
        admin = load_viewer(s, person_id(url, "admin@demo.fi"))
        pid = person_id(url, email)
        if name is not None:
            s.get(Person, pid).display_name = name
        link = accounts.issue_link(
            s, viewer=admin, person_id=pid, now=now or timesource.now(), base_url="http://x"
        )
    return parse_qs(urlsplit(link).query)["token"][0]


def opened(token: str) -> AppTest:
    at = browser()
    at.query_params["token"] = token
    at.run()
    assert not at.exception, at.exception
    return at


def submit(at: AppTest, password: str, repeat: str | None = None) -> AppTest:
    at.text_input(key="set_password.password").input(password)
    at.text_input(key="set_password.repeat").input(password if repeat is None else repeat)
    at.button(key="set_password.submit").click().run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.title, *at.error, *at.toast)]
    return "\n".join(str(p) for p in parts)


def test_page_is_a_public_page_beside_the_sign_in():
    assert (SET_PASSWORD.path, SET_PASSWORD.roles) == ("pages/set_password.py", frozenset())


def test_valid_link_sets_the_password_and_signs_the_person_in(app_env):
    token = issue(app_env, "tyontekija@demo.fi")
    at = opened(token)
    shown = texts(at)
    assert "Aseta salasana" in shown
    assert "vähintään 12 merkkiä" in shown
    assert at.text_input(key="set_password.email").value == "tyontekija@demo.fi"
    assert "app.redirected_to" not in at.session_state
    submit(at, GOOD)
    pid = person_id(app_env, "tyontekija@demo.fi")
    # The browser is sent to collect its session cookie, then loads the app signed in.
    assert at.session_state["app.redirected_to"] == web.BEGIN_PATH
    assert at.query_params == {}
    assert "set_password.password" not in at.session_state
    with db.write_session(db.make_engine(app_env)) as s:
        assert auth.authenticate(s, email="tyontekija@demo.fi", password=GOOD) == pid
        assert s.exec(select(AuditEvent).where(AuditEvent.event == "password_set")).one()
        token = sessions.begin(s, device=TEST_DEVICE, now=timesource.now())
    assert token is not None
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[TEST_COOKIES] = {
        sessions.DEVICE_COOKIE: TEST_DEVICE,
        "merkitys_session": token,
    }
    at.run()
    assert not at.exception, at.exception
    assert at.button(key="app.logout")
    assert at.session_state["app.lang"] == "fi"


def test_page_speaks_the_persons_language_until_one_is_chosen(app_env):
    with db.write_session(db.make_engine(app_env)) as s:
        s.get(Person, person_id(app_env, "employee@demo.fi")).language = "en"
    at = opened(issue(app_env, "employee@demo.fi"))
    assert at.session_state["app.lang"] == "en"
    assert "Set your password" in texts(at)
    submit(at, "short one")
    assert "The password is too short: it needs at least 12 characters." in texts(at)


def test_greeting_shows_the_name_as_text(app_env):
    name = "[Klikkaa](http://paha.example) :red[Aino]"
    at = opened(issue(app_env, "tyontekija@demo.fi", name=name))
    [greeting] = [m.value for m in at.markdown if "Hei" in m.value]
    assert "](http" not in greeting
    assert ":red[" not in greeting


def test_passwords_that_differ_are_refused_and_the_link_still_works(app_env):
    token = issue(app_env, "tyontekija@demo.fi")
    at = submit(opened(token), GOOD, GOOD + "!")
    assert "Salasanat eivät ole samat" in texts(at)
    assert "app.redirected_to" not in at.session_state
    with db.read_session(db.make_engine(app_env)) as s:
        assert accounts.check_token(s, token, now=timesource.now()) is not None


def test_short_and_common_passwords_are_explained(app_env):
    at = submit(opened(issue(app_env, "tyontekija@demo.fi")), "lyhyt")
    assert "Salasana on liian lyhyt: siinä on oltava vähintään 12 merkkiä." in texts(at)
    at = submit(at, "Salasana2024!")
    assert "liian yleinen" in texts(at)
    assert "app.redirected_to" not in at.session_state


def test_used_link_is_refused_the_second_time_and_leads_to_sign_in(app_env):
    token = issue(app_env, "tyontekija@demo.fi")
    submit(opened(token), GOOD)
    again = opened(token)
    assert "Linkki ei ole voimassa" in texts(again)
    assert not again.text_input
    again.button(key="set_password.to_signin").click().run()
    assert not again.exception, again.exception
    assert again.query_params == {}
    assert again.text_input(key="signin.email")


def test_expired_link_shows_the_same_message(app_env):
    token = issue(app_env, "tyontekija@demo.fi", now=timesource.now() - dt.timedelta(days=8))
    at = opened(token)
    assert "Linkki ei ole voimassa" in texts(at)
    assert "app.redirected_to" not in at.session_state
