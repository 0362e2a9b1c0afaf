"""A real `streamlit run` on a free port with the demo organisation, and a real Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, postgres_url, reset_postgres

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # This machine's network is closed: without these Chromium keeps dialling out.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "e2e-server.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            *at_moment,
            "streamlit",
            "run",
            "app.py",
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
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"streamlit did not start; see {log_path}")
        time.sleep(0.3)
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
