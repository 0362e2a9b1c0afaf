"""Several replicas (issue 12): the recipe in deploy/ run on 127.0.0.1 — a PostgreSQL database of
its own, `model.cli setup` with the demo, two `streamlit run serve.py` replicas and Debian's nginx
with deploy/nginx/merkitys.conf rendered for the test's ports.

A person signs in through nginx and submits an assessment on the replica nginx keeps them on; the
other replica, opened directly in another browser, shows it. Then the person's replica is stopped:
their open page reconnects through nginx to the other replica and they go on, signed in, without
signing in again. Streamlit's metrics are refused through nginx while its health check answers.

Always on PostgreSQL (SQLite serves one process), also when the rest of the suite runs on SQLite:
the database `merkitys_replicas` on the server of TEST_DATABASE_URL, or 127.0.0.1:5432.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, make_url, text

from deploy import replicas as recipe
from model.demo import DEMO_PASSWORD
from tests.conftest import ARTIFACTS, postgres_url
from tests.e2e.steps import click, idle
from tests.streamlit_server import free_port

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "merkitys_replicas"
PERSON = "tyontekija@demo.fi"
AT_MOMENT = (sys.executable, "-m", "tests.at_moment")
VIEWPORT = {"width": 1366, "height": 1100}
DEVICES = 20  # browsers behind one address in the stickiness check


def _database_url() -> str:
    """A fresh database ``merkitys_replicas``, dropped and created anew."""
    server = make_url(postgres_url() or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE {DATABASE}"))
    except Exception as error:  # say what is missing, whatever the driver raised
        pytest.fail(f"the replica test needs PostgreSQL at {server.host}:{server.port}: {error}")
    finally:
        admin.dispose()
    return server.set(database=DATABASE).render_as_string(hide_password=False)


def _established(port: int) -> int:
    """Open TCP connections into 127.0.0.1:``port``: nginx keeps none to a replica but a page's
    WebSocket, so this tells which replica a browser is on."""
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "01" and int(fields[1].split(":")[1], 16) == port:
            count += 1
    return count


def _wait_until(condition: Callable[[], object], what: str, timeout: float = 60) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.2)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def cluster():
    """PostgreSQL, setup with the demo, replicas a and b, nginx; everything stopped afterwards."""
    url = _database_url()
    ports = {"a": free_port(), "b": free_port()}
    listen = free_port()
    base = f"http://127.0.0.1:{listen}"
    env = recipe.replica_env(url, base, secrets.token_urlsafe(32))
    env["MERKITYS_LOAD_DEMO"] = "1"
    subprocess.run([*AT_MOMENT, "model.cli", "setup"], cwd=ROOT, env=env, check=True)
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = Path(tempfile.mkdtemp(prefix="merkitys-nginx-"))
    procs: dict[str, subprocess.Popen] = {}
    logs = []
    try:
        for name, port in ports.items():
            log = (ARTIFACTS / f"replicas-{name}.log").open("w")
            logs.append(log)
            procs[name] = subprocess.Popen(
                recipe.replica_command(port, AT_MOMENT),
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        logs.append((prefix / "stderr.log").open("w"))
        recipe.write_local(
            prefix, f"127.0.0.1:{listen}", [f"127.0.0.1:{p}" for p in ports.values()]
        )
        procs["nginx"] = subprocess.Popen(
            recipe.nginx_command(prefix),
            cwd=prefix,
            stdout=subprocess.DEVNULL,
            stderr=logs[-1],
        )
        for name, port in ports.items():
            recipe.wait_ready(f"http://127.0.0.1:{port}/_stcore/health", procs[name], timeout=90)
        recipe.wait_ready(f"{base}/_stcore/health", procs["nginx"])
        yield {"base": base, "ports": ports, "procs": procs, "url": url, "prefix": prefix}
    finally:
        for proc in reversed(procs.values()):
            recipe.stop(proc)
        for log in logs:
            log.close()
        for name in ("error.log", "merkitys.access.log"):
            if (prefix / name).exists():
                shutil.copy(prefix / name, ARTIFACTS / f"replicas-nginx-{name}")
        shutil.rmtree(prefix, ignore_errors=True)


@pytest.fixture
def contexts(browser):
    made = []

    def new():
        context = browser.new_context(viewport=VIEWPORT, locale="fi-FI")
        made.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)  # a shared machine under load: generous
        return page

    yield new
    for context in made:
        with contextlib.suppress(Exception):  # one the test closed itself
            context.close()


def _sign_in(page, base: str) -> None:
    page.goto(base)
    page.get_by_label("Sähköposti").fill(PERSON)
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    click(page, "Kirjaudu sisään")
    page.get_by_text("Kirjautuneena", exact=False).first.wait_for()
    idle(page)


def _submit_assessment(page, note: str) -> None:
    """The open round's assessment, as in test_employee_journey, with ``note`` as its note."""
    page.get_by_text("Olen lukenut, mihin vastauksiani").click()
    page.get_by_role("button", name="Jatka arviointiin").click()
    radios = page.locator('[data-testid="stRadio"]')
    radios.first.wait_for()
    for i, choice in enumerate(["Vihreä", "Keltainen", "Punainen", "Vihreä"]):
        radios.nth(i).get_by_text(choice, exact=False).click()
    page.get_by_label("Muistiinpano", exact=True).fill(note)
    page.get_by_label("Muistiinpano", exact=True).press("Tab")
    click(page, "Lisää")
    page.get_by_text(note).first.wait_for()
    click(page, "Lähetä arvio")
    page.get_by_text("Kiitos! Arviosi on tallennettu").wait_for()


def _open_history(page, note: str) -> None:
    """My history, latest assessment opened, ``note`` in it."""
    idle(page)
    page.get_by_role("link", name="Oma historia").click()
    page.get_by_role("heading", name="Oma historia").wait_for()
    idle(page)
    page.locator('[data-testid="stExpander"]').first.click()
    page.get_by_text(note).first.wait_for()
    idle(page)


def _screenshot(page, name: str) -> None:
    # Streamlit scrolls inside its own container: a tall viewport shows the note too.
    page.set_viewport_size({"width": VIEWPORT["width"], "height": 2000})
    page.wait_for_timeout(300)  # let the last frame paint
    page.screenshot(path=str(ARTIFACTS / f"replicas-{name}.png"), full_page=True)
    page.set_viewport_size(VIEWPORT)


def test_metrics_are_refused_through_nginx_while_health_answers(cluster):
    base, port = cluster["base"], cluster["ports"]["a"]
    assert _status(f"{base}/_stcore/health") == 200
    # The replica itself serves its metrics; only nginx keeps them from the outside.
    assert _status(f"http://127.0.0.1:{port}/_stcore/metrics") == 200
    for path in (
        "/_stcore/metrics",
        "/_stcore/metrics?families=session_events",
        "/%5Fstcore/metrics",
        "//_stcore/metrics",
        "/_stcore/./metrics",
    ):
        assert _status(base + path) == 404, path


def test_sticky_on_the_device_cookie_not_on_the_address(cluster):
    """Browsers behind one address spread over the replicas; each stays on its own."""
    base, access_log = cluster["base"], cluster["prefix"] / "merkitys.access.log"
    devices = [secrets.token_urlsafe(32) for _ in range(DEVICES)]
    seen = len(access_log.read_text().splitlines())
    for device in devices:
        for _ in range(3):
            request = urllib.request.Request(
                f"{base}/_stcore/health", headers={"Cookie": f"merkitys_device={device}"}
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 200
    lines = _wait_until(
        lambda: (
            (new := access_log.read_text().splitlines()[seen:]) and len(new) >= 3 * DEVICES and new
        ),
        "nginx to log the requests",
    )
    upstreams = [line.rsplit("upstream=", 1)[1] for line in lines[: 3 * DEVICES]]
    per_device = [set(upstreams[i : i + 3]) for i in range(0, 3 * DEVICES, 3)]
    assert all(len(one) == 1 for one in per_device), per_device
    replicas = {f"127.0.0.1:{port}" for port in cluster["ports"].values()}
    assert set(upstreams) == replicas  # all on one replica by chance: about 1 in 500,000


def test_submission_shows_on_the_other_replica_and_a_stopped_replica_fails_over(cluster, contexts):
    person = contexts()
    try:
        _journey(cluster, person, contexts)
    except BaseException:
        with contextlib.suppress(Exception):  # what the person saw when it went wrong
            _screenshot(person, "failure")
        raise


def _journey(cluster, person, contexts) -> None:
    base, ports, procs = cluster["base"], cluster["ports"], cluster["procs"]
    note = f"Korvaamaton tiimi {uuid.uuid4().hex[:8]}"
    _sign_in(person, base)

    # Which replica nginx keeps this browser on: the one holding its page's WebSocket.
    def settled() -> str | None:
        counts = {name: _established(port) for name, port in ports.items()}
        on = [name for name, n in counts.items() if n == 1]
        return on[0] if sorted(counts.values()) == [0, 1] else None

    here = _wait_until(settled, "the person's page to hold one WebSocket to one replica")
    other = "b" if here == "a" else "a"
    session_cookie = {c["name"]: c["value"] for c in person.context.cookies()}["merkitys_session"]

    _submit_assessment(person, note)
    assert settled() == here, "the page moved to another replica while both were running"
    # Sticky: reloading the page lands on the same replica again (by the device cookie).
    for _ in range(3):
        person.reload()
        person.get_by_text("Kirjautuneena", exact=False).first.wait_for()
        idle(person)
        assert _wait_until(settled, "the reloaded page's WebSocket") == here

    # (a) The other replica, opened directly in another browser, shows the submission.
    elsewhere = contexts()
    _sign_in(elsewhere, f"http://127.0.0.1:{ports[other]}")
    _open_history(elsewhere, note)
    elsewhere.context.close()
    _wait_until(lambda: settled() == here, "the other browser's WebSocket to close")

    _open_history(person, note)
    _screenshot(person, "before")

    # (b) The person's replica stops; their page reconnects through nginx to the other one.
    started = time.monotonic()
    recipe.stop(procs[here])
    assert _status(f"{base}/_stcore/health") == 200  # nginx passed it on to the other replica
    _wait_until(lambda: _established(ports[other]) == 1, "the page to reconnect", timeout=90)
    idle(person)
    reconnected = time.monotonic() - started
    expect(person.get_by_label("Salasana")).to_have_count(0)
    expect(person.get_by_text("Kirjautuneena", exact=False).first).to_be_visible()

    # They go on: another page and back, their data there, served by the remaining replica.
    person.get_by_role("link", name="Tietoa palvelusta").click()
    person.get_by_role("heading", name="Tietoa palvelusta").wait_for()
    _open_history(person, note)
    _screenshot(person, "after")
    assert _established(ports[other]) == 1
    cookies = {c["name"]: c["value"] for c in person.context.cookies()}
    assert cookies["merkitys_session"] == session_cookie, "a new sign-in was made"
    print(f"replica {here} stopped; page back on replica {other} in {reconnected:.1f} s")
