"""A real `streamlit run` on a free port with the demo organisation, and a real Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, postgres_url, reset_postgres
from tests.streamlit_server import AT_MOMENT, CHROMIUM_ARGS, running

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Migrate, load the demo (as `make run` does) and serve the app; yields base URL and log."""
    url = postgres_url()
    if url:
        reset_postgres(url)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'merkitys.db'}"
    env = {**os.environ, "DATABASE_URL": url, "MERKITYS_LOAD_DEMO": "1"}
    # Both run through tests.at_moment: at MERKITYS_TEST_NOW when the suite is run as another day.
    subprocess.run([*AT_MOMENT, "model.cli", "setup"], cwd=ROOT, env=env, check=True)
    with running(env, ARTIFACTS / "e2e-server.log", launcher=AT_MOMENT) as base:
        yield {"base": base, "log": ARTIFACTS / "e2e-server.log", "database_url": url}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()
