"""A real `streamlit run` on a free port with the demo organisation, and a real Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, postgres_url, reset_postgres
from tests.streamlit_server import CHROMIUM_ARGS, free_port, wait_healthy

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
    at_moment = [sys.executable, "-m", "tests.at_moment"]
    subprocess.run([*at_moment, "model.cli", "setup"], cwd=ROOT, env=env, check=True)
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "e2e-server.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            *at_moment,
            "streamlit",
            "run",
            "serve.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc, log_path)
    except RuntimeError:
        proc.kill()
        raise
    yield {"base": base, "log": log_path, "database_url": url}
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


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
