"""Shared fixtures: a fresh database per test on SQLite (default) or on TEST_DATABASE_URL."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel

import model.tables  # noqa: F401  (registers the tables)
from model import db

TODAY = dt.date(2026, 11, 23)
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


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
        demo.load_demo(s, seed=2026, today=dt.date.today())
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
