"""Shared helpers for AppTest page tests: sign a demo person in and open a page."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from model import db, sessions, timesource
from model.tables import Person, Unit

APP = Path(__file__).resolve().parent.parent / "app.py"
# AppTest cannot send cookies (Streamlit reads them from a browser connection), so page tests put
# them here in session state and tests/conftest.py points ``pages._shared.cookies`` at it.
TEST_COOKIES = "test.cookies"
TEST_DEVICE = "test-device-cookie"


def person_id(url: str, email: str) -> int:
    with db.read_session(db.make_engine(url)) as s:
        return s.exec(select(Person.id).where(Person.email == email)).one()


def unit_id(url: str, name: str) -> int:
    with db.read_session(db.make_engine(url)) as s:
        return s.exec(select(Unit.id).where(Unit.name == name)).one()


def signed_in(url: str, email: str, page: str | None = None, lang: str = "fi") -> AppTest:
    """An AppTest of the app with ``email`` signed in, optionally switched to ``page``."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[TEST_COOKIES] = session_cookies(url, person_id(url, email))
    at.session_state["app.lang"] = lang
    at.run()
    assert not at.exception, at.exception
    if page is not None:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def session_cookies(url: str, pid: int) -> dict[str, str]:
    """The cookies of a browser signed in as ``pid``: a real session started in the database."""
    with db.write_session(db.make_engine(url)) as s:
        token = sessions.start(s, person_id=pid, method="password", now=timesource.now())
    return {sessions.SESSION_COOKIE: token, sessions.DEVICE_COOKIE: TEST_DEVICE}


def browser(default_timeout: float = 60) -> AppTest:
    """An AppTest of the app as a browser that has loaded a page (a device cookie, no session)."""
    at = AppTest.from_file(str(APP), default_timeout=default_timeout)
    at.session_state[TEST_COOKIES] = {sessions.DEVICE_COOKIE: TEST_DEVICE}
    return at


def widget(key: str, lang: str = "fi") -> str:
    """The key of the widget behind ``pages._shared.pick(key=key)`` in the language ``lang``."""
    return f"{key}@{lang}"
