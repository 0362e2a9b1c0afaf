"""Shared fixtures: a fresh database per test on SQLite (default) or on TEST_DATABASE_URL.

Time: services read it from ``model.timesource``; tests that need a particular moment move the
clock with time-machine's ``time_machine`` fixture. ``MERKITYS_TEST_NOW`` (an ISO moment, e.g.
``2026-12-31T23:30+02:00``) runs the whole suite as if it were then: every test starts at that
moment and the clock ticks on, and the end-to-end server is started at it too.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel

import model.tables  # noqa: F401  (registers the tables)
from model import db, timesource

REAL_START = "MERKITYS_TEST_REAL_START"  # set for child processes, never by hand
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def suite_now() -> dt.datetime | None:
    """The moment MERKITYS_TEST_NOW asks the suite to run at (a naive time is Helsinki's)."""
    raw = os.environ.get("MERKITYS_TEST_NOW", "").strip()
    if not raw:
        return None
    moment = dt.datetime.fromisoformat(raw)
    return moment if moment.tzinfo else moment.replace(tzinfo=timesource.zone())


def pytest_configure(config):
    # Session- and module-scoped fixtures are set up before any function-scoped one: they must
    # see the chosen moment too, so the whole process travels there first. The real start time
    # goes to child processes (tests/at_moment.py), so a server started later runs on the same
    # timeline: moment + (real time - start).
    moment = suite_now()
    if moment is not None:
        os.environ[REAL_START] = repr(time.time())
        time_machine.travel(moment, tick=True).start()


@pytest.fixture(autouse=True)
def _suite_clock(request):
    """Start every test at MERKITYS_TEST_NOW when it is set; the clock ticks from there.

    End-to-end tests keep the process timeline instead, the one their server runs on.
    """
    moment = suite_now()
    if moment is None or request.node.get_closest_marker("e2e"):
        yield
        return
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture(autouse=True, scope="session")
def _cookies_from_test_state():
    """AppTest cannot send cookies: a page test's browser cookies come from its session state
    (``tests/apptest_helpers.TEST_COOKIES``). Only this test process is patched; the app itself
    reads cookies from the browser connection alone."""
    import streamlit as st

    from pages import _shared
    from tests.apptest_helpers import TEST_COOKIES

    patch = pytest.MonkeyPatch()
    patch.setattr(_shared, "cookies", lambda: st.session_state.get(TEST_COOKIES, {}))
    yield
    patch.undo()


def postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


def reset_postgres(url: str) -> None:
    """Drop every table of the test database, so a test starts from nothing."""
    engine = db.make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def _postgres_schema() -> str | None:
    url = postgres_url()
    if url:
        reset_postgres(url)
        db.migrate(url)
    return url


@pytest.fixture
def engine(_postgres_schema) -> Engine:
    """An empty schema: in-memory SQLite, or the PostgreSQL test database emptied."""
    if _postgres_schema:
        eng = db.make_engine(_postgres_schema)
        names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        with eng.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        yield eng
        eng.dispose()
        return
    eng = db.make_engine("sqlite://")
    SQLModel.metadata.create_all(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine) -> Session:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def file_db_url(tmp_path, _postgres_schema) -> str:
    """A database reachable by a separate process or thread pool, migrated by Alembic."""
    if _postgres_schema:
        reset_postgres(_postgres_schema)
        db.migrate(_postgres_schema)
        return _postgres_schema
    url = f"sqlite:///{tmp_path / 'merkitys.db'}"
    db.migrate(url)
    return url


@pytest.fixture
def demo_url(file_db_url) -> str:
    """A migrated database holding the demo organisation (as `make run` loads it)."""
    from model import demo

    with db.write_session(db.make_engine(file_db_url)) as s:
        demo.load_demo(s, seed=2026, now=timesource.now())
    return file_db_url


@pytest.fixture(autouse=True)
def _apptest_runs_the_entrypoint(monkeypatch):
    """Make every AppTest run execute app.py, as a real server does.

    AppTest resets ``PagesManager.uses_pages_directory`` before each run; because a ``pages/``
    folder exists, later runs then take Streamlit's legacy multipage path and execute only the
    page file, skipping the router (sign-in gate, navigation, sidebar). A real server runs the
    entrypoint every time: ``st.navigation`` turns that legacy flag off for good.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class RouterPagesManager(PagesManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    monkeypatch.setattr(app_test, "PagesManager", RouterPagesManager)


@pytest.fixture
def app_env(demo_url, monkeypatch):
    """The demo database as the app's DATABASE_URL, for AppTest page tests."""
    monkeypatch.setenv("DATABASE_URL", demo_url)
    return demo_url
