"""Shared helpers for AppTest page tests: sign a demo person in and open a page."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from model import db
from model.tables import Person, Unit

APP = Path(__file__).resolve().parent.parent / "app.py"


def person_id(url: str, email: str) -> int:
    with db.read_session(db.make_engine(url)) as s:
        return s.exec(select(Person.id).where(Person.email == email)).one()


def unit_id(url: str, name: str) -> int:
    with db.read_session(db.make_engine(url)) as s:
        return s.exec(select(Unit.id).where(Unit.name == name)).one()


def signed_in(url: str, email: str, page: str | None = None, lang: str = "fi") -> AppTest:
    """An AppTest of the app with ``email`` signed in, optionally switched to ``page``."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["auth.person_id"] = person_id(url, email)
    at.session_state["app.lang"] = lang
    at.run()
    assert not at.exception, at.exception
    if page is not None:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def widget(key: str, lang: str = "fi") -> str:
    """The key of the widget behind ``pages._shared.pick(key=key)`` in the language ``lang``."""
    return f"{key}@{lang}"
