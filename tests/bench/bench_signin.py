"""Sign-in under load (issue 12, point 3): N people press "Kirjaudu sisään" at the same moment.

    .venv/bin/python -m tests.bench.bench_signin --database sqlite --people 50
    .venv/bin/python -m tests.bench.bench_signin --database postgres --people 50
    .venv/bin/python -m tests.bench.bench_signin --database both --people 10 25 50 --repeat 3

Every run starts from nothing: a fresh database (a new SQLite file, or the PostgreSQL database
``merkitys_bench_signin`` emptied) with the demo organisation (``model.cli setup`` with
MERKITYS_LOAD_DEMO=1: 150 people, all with the password ``model.demo.DEMO_PASSWORD``) and a new
``streamlit run serve.py``. One person who is not measured signs in first (the server has then
drawn the signed-in app once, as on any morning; ``--cold`` skips it). Then ``--browsers``
Chromium processes open one browser context per person (a browser of its own: its own device
cookie), each opens the sign-in page and fills the form, untimed. At a moment set a little ahead,
every page clicks the button itself (a timer in the page, so that the clicks are not queued
behind one another in Playwright); the page records the click's time and the time at which the
sidebar's sign-out button (``.st-key-app-logout``) appears after the trip through
``/merkitys/session/begin``, in ``sessionStorage``, which survives that navigation; a page that
is signed in is closed at once (in a workshop every browser runs on its own computer: here the
people who are in would otherwise take the 2 cores from those still waiting; ``--keep-open``
keeps them). Any exception, alert or dialog seen on the way counts as an error; so does a page
that is not signed in within ``--timeout`` seconds, and any traceback or "database is locked"
in the server's log.

From the database, per person: when the server started checking the click (the known device's
``last_signed_in_at``, stamped before the password check) and when the browser collected its
session (``SignInSession.created_at``), both from the click. The rest, from the session to the
sign-out button, is the page load and the new Streamlit session's first run.

Runs are interleaved (for each repeat, for each N, SQLite then PostgreSQL), and the summary
gives the medians over repeats of each run's median, p90 and max. CPU seconds are counted from
the click until the last page is done, for the server, for the browsers (every process this
benchmark started but the server) and for the rest of the machine (other programs, and
PostgreSQL's processes): on a shared machine a run that misses the budget tells whose the
cores were. The budget: 0 errors and every person signed in within ``BUDGET_S`` seconds. Exits
1 when a run misses it. PostgreSQL is at ``--postgres-url`` (default: ``POSTGRES_URL``); the
suite's database ``test`` is refused.

Streamlit collects all garbage (``gc.collect(2)``) after every script run unless the option
``runner.postScriptGC`` is false; pass ``--streamlit-option runner.postScriptGC=false`` to
measure with it off when ``.streamlit/config.toml`` does not say so. ``--spy`` writes ``py-spy
dump``s of the server (``.venv/bin/pip install py-spy``; not a dependency) every
``SPY_EVERY_S`` seconds after the click. ``tests.bench.bench_signin_server`` measures the
server's side alone, without browsers.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from model.db import make_engine
from model.demo import DEMO_PASSWORD
from tests.streamlit_server import CHROMIUM_ARGS, start

ROOT = Path(__file__).resolve().parents[2]
WORK = Path("/tmp/merkitys-bench-signin")
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/merkitys_bench_signin"
TEST_SUITE_DATABASE = "test"
BUDGET_S = 10.0
CLICK_LEAD_S = 2.0  # the clicks are set this far ahead of the moment they are scheduled
SPY_EVERY_S = 2.0
OPEN_AT_ONCE = 4  # sign-in pages opened at a time while preparing (untimed)
# Chromium must not slow the timers or the rendering of pages it thinks nobody looks at.
BENCH_ARGS = [
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
SIGNED_IN = ".st-key-app-logout"  # the sidebar's sign-out button (key "app.logout")
SUBMIT = ".st-key-signin-submit button"  # the sign-in form's button (key "signin.submit")
LOG_ERRORS = re.compile(
    r"Traceback|database is locked|QueuePool limit|TimeoutError|too many clients"
)

# Installed in every page of a context before its own scripts: once the click has happened in
# this tab, note the first moment the sign-out button is there, and every exception, alert or
# dialog seen until then (with the path it was seen on).
OBSERVER_JS = """(() => {
  const S = window.sessionStorage;
  const note = () => {
    if (!S.getItem('bench.clicked') || S.getItem('bench.signed')) return;
    if (document.querySelector('SIGNED_IN')) {
      S.setItem('bench.signed', String(Date.now()));
      return;
    }
    const seen = JSON.parse(S.getItem('bench.alerts') || '[]');
    let added = false;
    for (const e of document.querySelectorAll(
        '[data-testid="stException"], [data-testid="stAlert"], [role="dialog"]')) {
      const what = location.pathname + ' ' + (e.getAttribute('data-testid') || 'dialog') + ': '
        + (e.innerText || '').slice(0, 200);
      if (!seen.includes(what)) { seen.push(what); added = true; }
    }
    if (added) S.setItem('bench.alerts', JSON.stringify(seen));
  };
  new MutationObserver(note).observe(document, {subtree: true, childList: true});
})();""".replace("SIGNED_IN", SIGNED_IN)
CLICK_AT_JS = """(at) => {
  const fire = () => {
    sessionStorage.setItem('bench.clicked', String(Date.now()));
    document.querySelector('SUBMIT').click();
  };
  setTimeout(fire, Math.max(0, at - Date.now()));
}""".replace("SUBMIT", SUBMIT)
STATE_JS = """() => ({
  clicked: sessionStorage.getItem('bench.clicked'),
  signed: sessionStorage.getItem('bench.signed'),
  alerts: JSON.parse(sessionStorage.getItem('bench.alerts') || '[]'),
  path: location.pathname,
})"""
IDLE_JS = """() => !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.bench.bench_signin", description=__doc__)
    p.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    p.add_argument("--people", type=int, nargs="+", default=[50], help="N per run (≤ 149)")
    p.add_argument("--repeat", type=int, default=1, help="runs of each configuration")
    p.add_argument("--browsers", type=int, default=1, help="Chromium processes sharing the N")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds to wait per person")
    p.add_argument("--cold", action="store_true", help="no warm-up sign-in before the clicks")
    p.add_argument(
        "--keep-open",
        action="store_true",
        help="keep each page open once signed in (by default it is closed at once)",
    )
    p.add_argument("--postgres-url", default=POSTGRES_URL)
    p.add_argument("--json", type=Path, help="also write every run's figures here")
    p.add_argument(
        "--app-dir",
        type=Path,
        default=ROOT,
        help="the checkout whose serve.py and model.cli are run (another commit: `git archive`)",
    )
    p.add_argument(
        "--streamlit-option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="passed to `streamlit run` as --NAME VALUE (e.g. runner.postScriptGC=false)",
    )
    p.add_argument(
        "--spy",
        action="store_true",
        help=f"py-spy dumps of the server every {SPY_EVERY_S:g} s after the click, into {WORK}",
    )
    return p.parse_args(argv)


# --- the database and the server ----------------------------------------------------------


def fresh_database(kind: str, postgres_url: str) -> str:
    """An empty database of ``kind``; its URL."""
    if kind == "sqlite":
        WORK.mkdir(parents=True, exist_ok=True)
        path = WORK / "signin.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    name = make_url(postgres_url).database
    if name == TEST_SUITE_DATABASE:
        raise SystemExit(f"refusing to use the test suite's database {name!r}")
    admin = create_engine(make_url(postgres_url).set(database="postgres"))
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()
    engine = make_engine(postgres_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    finally:
        engine.dispose()
    return postgres_url


def load_demo(url: str, app_dir: Path = ROOT) -> None:
    env = {**os.environ, "DATABASE_URL": url, "MERKITYS_LOAD_DEMO": "1"}
    subprocess.run(
        [sys.executable, "-m", "model.cli", "setup"],
        cwd=app_dir,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def demo_people(url: str, n: int) -> tuple[list[str], str]:
    """``n`` active demo people with a password, and one more to warm up with (the last)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            emails = conn.execute(
                text(
                    "SELECT email FROM person WHERE active AND password_hash IS NOT NULL "
                    "ORDER BY id"
                )
            ).scalars()
            found = list(emails)
    finally:
        engine.dispose()
    if len(found) < n + 1:
        raise SystemExit(f"the demo has {len(found) - 1} people to sign in, not {n}")
    return found[:n], found[-1]


def server_times(url: str, emails: list[str], clicked_ms: float) -> dict[str, dict[str, float]]:
    """Per e-mail, seconds from the click (the median of the pages' click times) to the server
    starting the check (``KnownDevice.last_signed_in_at``, the ``now`` of ``with_password``) and
    to the browser collecting its session (``SignInSession.created_at``)."""
    engine = make_engine(url)
    out: dict[str, dict[str, float]] = {}
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT p.email, max(k.last_signed_in_at), max(s.created_at) FROM person p "
                    "LEFT JOIN knowndevice k ON k.person_id = p.id "
                    "LEFT JOIN signinsession s ON s.person_id = p.id "
                    "GROUP BY p.email"
                )
            ).all()
    finally:
        engine.dispose()
    wanted = set(emails)
    for email, checked, begun in rows:
        if email not in wanted:
            continue
        out[email] = {
            "checked": _since(checked, clicked_ms),
            "session": _since(begun, clicked_ms),
        }
    return out


def _since(moment, clicked_ms: float) -> float:
    if moment is None:
        return math.nan
    if isinstance(moment, str):  # SQLite through a raw text() query
        moment = dt.datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp() - clicked_ms / 1000


@dataclass
class Server:
    proc: subprocess.Popen
    base: str
    log_path: Path

    def cpu_seconds(self) -> float:
        """User and system CPU of the server process so far (its argon2 threads included)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _option(name_value: str) -> tuple[str, str]:
    name, value = name_value.split("=", 1)
    return f"--{name}", value


def start_server(url: str, label: str, options: list[str] = (), app_dir: Path = ROOT) -> Server:
    env = {**os.environ, "DATABASE_URL": url, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("MERKITYS_LOAD_DEMO", None)
    WORK.mkdir(parents=True, exist_ok=True)
    log_path = WORK / f"streamlit-{label}.log"
    options_args = [part for o in options for part in _option(o)]
    with log_path.open("w") as log:  # the server keeps its own copy of the file
        proc, base = start(env, log, log_path, args=options_args, cwd=app_dir)
    return Server(proc, base, log_path)


def _progress(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


async def _spy(pid: int, out: Path, started: float) -> None:
    """``py-spy dump`` of the server every ``SPY_EVERY_S`` seconds until cancelled (py-spy is
    not a dependency: ``.venv/bin/pip install py-spy``)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    with out.open("w") as log:
        while True:
            log.write(f"=== {time.monotonic() - started:.1f} s after the click\n")
            log.flush()
            proc = await asyncio.create_subprocess_exec(
                spy, "dump", "--pid", str(pid), "--nonblocking", stdout=log, stderr=log
            )
            await proc.wait()
            await asyncio.sleep(SPY_EVERY_S)


def _cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants(root: int) -> list[int]:
    """The processes started, directly or not, by ``root`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def browsers_cpu(server_pid: int) -> dict[int, float]:
    """CPU seconds so far of each process this benchmark started but the server: Playwright's
    driver and the Chromium processes."""
    return {p: _cpu_of(p) for p in descendants(os.getpid()) if p != server_pid}


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU jiffies of the whole machine so far, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


# --- the browsers ---------------------------------------------------------------------------


@dataclass
class Person:
    email: str
    page: object = None
    clicked: float | None = None  # ms since the epoch, in the page
    signed: float | None = None
    alerts: list[str] = field(default_factory=list)
    path: str = ""

    @property
    def seconds(self) -> float | None:
        if self.clicked is None or self.signed is None:
            return None
        return (self.signed - self.clicked) / 1000


async def _open(browser, base: str, email: str, timeout_ms: float):
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    await context.add_init_script(OBSERVER_JS)
    page = await context.new_page()
    page.set_default_timeout(timeout_ms)
    await page.goto(base)
    await page.get_by_label("Sähköposti").fill(email)
    await page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    await page.wait_for_function(IDLE_JS, polling=100)
    await page.locator(SUBMIT).wait_for()
    return page


async def _state(page) -> dict | None:
    try:
        return await page.evaluate(STATE_JS)
    except Exception:  # between two documents (the trip through /merkitys/session/begin)
        return None


async def _watch(person: Person, deadline: float, close: bool = False) -> None:
    """Poll this page until it is signed in, shows an error on the sign-in page, or the
    deadline passes. The times come from the page itself, so the polling does not blur them.
    With ``close``, a page that is signed in is closed at once (``--keep-open``)."""
    await _watch_until_done(person, deadline)
    if close and person.signed is not None:
        await person.page.context.close()


async def _watch_until_done(person: Person, deadline: float) -> None:
    while True:
        state = await _state(person.page)
        if state is not None:
            person.clicked = float(state["clicked"]) if state["clicked"] else None
            person.signed = float(state["signed"]) if state["signed"] else None
            person.alerts = state["alerts"]
            person.path = state["path"]
            if person.signed is not None:
                return
            if person.alerts and person.path.rstrip("/") in ("", "/signin"):
                # An error on the sign-in page: give the redirect a moment in case it is a late
                # alert of a run that went on to sign in anyway.
                await asyncio.sleep(2)
                again = await _state(person.page)
                if again is not None and again["signed"]:
                    person.signed = float(again["signed"])
                return
        if time.monotonic() > deadline:
            return
        await asyncio.sleep(1.0)


async def sign_in_at_once(
    base: str,
    emails: list[str],
    warm_up: str | None,
    *,
    browsers: int,
    timeout: float,
    server: Server,
    close: bool = True,
    spy: Path | None = None,
) -> tuple[list[Person], float | None, dict[str, float]]:
    """Prepare one context per person, click everywhere at one moment, wait for all; the
    people, the warm-up's seconds (None without ``warm_up``) and the CPU seconds used from
    the click until the last page was done: by the server, by the browsers, by the machine."""
    from playwright.async_api import async_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        raise SystemExit("Chromium is missing (`make chromium`)")
    timeout_ms = timeout * 1000
    async with async_playwright() as p:
        launched = [
            await p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS + BENCH_ARGS)
            for _ in range(max(1, browsers))
        ]
        try:
            warm_s = None
            if warm_up is not None:
                warm_person = Person(warm_up)
                warm_person.page = await _open(launched[0], base, warm_up, timeout_ms)
                await warm_person.page.evaluate(CLICK_AT_JS, 0)
                await _watch(warm_person, time.monotonic() + timeout)
                warm_s = warm_person.seconds
                await warm_person.page.context.close()
            people = [Person(e) for e in emails]
            gate = asyncio.Semaphore(OPEN_AT_ONCE)

            async def prepare(i: int, person: Person) -> None:
                async with gate:
                    person.page = await _open(
                        launched[i % len(launched)], base, person.email, timeout_ms
                    )

            started = time.monotonic()
            await asyncio.gather(*(prepare(i, person) for i, person in enumerate(people)))
            _progress(f"{len(people)} sign-in pages ready in {time.monotonic() - started:.0f} s")
            at = time.time() * 1000 + CLICK_LEAD_S * 1000
            await asyncio.gather(*(person.page.evaluate(CLICK_AT_JS, at) for person in people))
            await asyncio.sleep(max(0.0, at / 1000 - time.time()))
            cpu = (server.cpu_seconds(), browsers_cpu(server.proc.pid), machine_busy())
            spying = None
            if spy is not None:
                spying = asyncio.create_task(_spy(server.proc.pid, spy, time.monotonic()))
            deadline = time.monotonic() + timeout
            await asyncio.gather(*(_watch(person, deadline, close) for person in people))
            after = browsers_cpu(server.proc.pid)
            busy = machine_busy()
            used = {
                "server": server.cpu_seconds() - cpu[0],
                "browsers": sum(v - cpu[1].get(p, 0.0) for p, v in after.items()),
                "machine": (busy[0] - cpu[2][0]) / os.sysconf("SC_CLK_TCK"),
                "capacity": (busy[1] - cpu[2][1]) / os.sysconf("SC_CLK_TCK"),
            }
            if spying is not None:
                spying.cancel()
                await asyncio.gather(spying, return_exceptions=True)
            _progress(f"done {time.monotonic() - started:.0f} s after the pages were ready")
            return people, warm_s, used
        finally:
            for browser in launched:
                await browser.close()


# --- one run, and all of them -----------------------------------------------------------------


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


@dataclass
class Run:
    database: str
    n: int
    browsers: int
    repeat: int
    signed: int
    errors: int
    median: float
    p90: float
    max: float
    click_spread: float
    checked_median: float
    checked_max: float
    session_median: float
    session_max: float
    server_cpu: float  # CPU seconds from the click until the last page was done
    browsers_cpu: float
    machine_cpu: float  # the whole machine's, others' work included
    capacity: float  # the CPU seconds the machine had in that time (cores × seconds)
    warm_up: float | None
    load: float  # the machine's load average (1 min) just before the clicks
    problems: list[str]

    @property
    def others_share(self) -> float:
        """The part of the machine's CPU that neither the server nor the browsers used (other
        programs; PostgreSQL's own processes too)."""
        rest = self.machine_cpu - self.server_cpu - self.browsers_cpu
        return rest / max(self.capacity, 1e-9)

    @property
    def ok(self) -> bool:
        return self.errors == 0 and self.signed == self.n and self.max <= BUDGET_S


def one_run(kind: str, n: int, repeat: int, args: argparse.Namespace) -> Run:
    url = fresh_database(kind, args.postgres_url)
    load_demo(url, args.app_dir)
    emails, warm_up = demo_people(url, n)
    server = start_server(url, kind, args.streamlit_option, args.app_dir)
    try:
        load = os.getloadavg()[0]
        people, warm_s, used = asyncio.run(
            sign_in_at_once(
                server.base,
                emails,
                None if args.cold else warm_up,
                browsers=args.browsers,
                timeout=args.timeout,
                close=not args.keep_open,
                server=server,
                spy=WORK / f"spy-{kind}-{n}-{repeat}.txt" if args.spy else None,
            )
        )
    finally:
        server.stop()
    clicks = [p.clicked for p in people if p.clicked is not None]
    clicked_ms = statistics.median(clicks) if clicks else time.time() * 1000
    on_server = server_times(url, emails, clicked_ms)
    log_problems = [
        line.strip()[:160]
        for line in server.log_path.read_text(errors="replace").splitlines()
        if LOG_ERRORS.search(line)
    ]
    problems = [f"{p.email.split('@')[0][:3]}…: {a}" for p in people for a in p.alerts]
    problems += [f"not signed in ({p.path})" for p in people if p.signed is None and not p.alerts]
    problems += [f"server log: {line}" for line in log_problems]
    errored = {p.email for p in people if p.alerts or p.signed is None}
    seconds = [p.seconds for p in people if p.seconds is not None]
    checked = [v["checked"] for v in on_server.values() if not math.isnan(v["checked"])]
    begun = [v["session"] for v in on_server.values() if not math.isnan(v["session"])]
    return Run(
        database=kind,
        n=n,
        browsers=args.browsers,
        repeat=repeat,
        signed=len(seconds),
        errors=len(errored) + len(log_problems),
        median=statistics.median(seconds) if seconds else math.nan,
        p90=_quantile(seconds, 0.9),
        max=max(seconds) if seconds else math.nan,
        click_spread=(max(clicks) - min(clicks)) / 1000 if clicks else math.nan,
        checked_median=statistics.median(checked) if checked else math.nan,
        checked_max=max(checked) if checked else math.nan,
        session_median=statistics.median(begun) if begun else math.nan,
        session_max=max(begun) if begun else math.nan,
        server_cpu=used["server"],
        browsers_cpu=used["browsers"],
        machine_cpu=used["machine"],
        capacity=used["capacity"],
        warm_up=warm_s,
        load=load,
        problems=problems,
    )


def _s(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.1f}"


def print_run(run: Run) -> None:
    print(
        f"| {run.database} | {run.n} | {run.browsers} | {run.repeat} | {run.signed} | "
        f"{run.errors} | {_s(run.median)} | {_s(run.p90)} | {_s(run.max)} | "
        f"{_s(run.checked_median)} / {_s(run.checked_max)} | "
        f"{_s(run.session_median)} / {_s(run.session_max)} | {_s(run.click_spread)} | "
        f"{run.server_cpu:.1f} | {run.browsers_cpu:.1f} | "
        f"{run.machine_cpu - run.server_cpu - run.browsers_cpu:.1f} | "
        f"{run.machine_cpu / max(run.capacity, 1e-9) * 100:.0f} % | {run.load:.1f} | "
        f"{_s(run.warm_up)} | "
        f"{'PASS' if run.ok else 'FAIL'} |",
        flush=True,
    )
    for problem in run.problems[:5]:
        print(f"|   ↳ {problem} |", flush=True)
    if len(run.problems) > 5:
        print(f"|   ↳ … and {len(run.problems) - 5} more |", flush=True)


RUN_HEADER = (
    "| database | N | Chromium | run | signed in | errors | median s | p90 s | max s | "
    "server: check starts, median / max s | session begun, median / max s | clicks spread s | "
    "CPU s: server | CPU s: Chromium | CPU s: rest of the machine | machine busy | "
    "load before | warm-up s | budget |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
)


def summary(runs: list[Run]) -> None:
    print()
    print(
        f"Medians over repeats (each run: N people clicking at once; budget 0 errors, "
        f"all signed in within {BUDGET_S:g} s)"
    )
    print()
    print(
        "| database | N | Chromium | runs | errors (all runs) | median s | p90 s | max s | "
        "worst max s | session begun, median / max s | CPU s per person: server / Chromium | "
        "the rest of the machine's share | budget met |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    keys = sorted({(r.database, r.n, r.browsers) for r in runs}, key=lambda k: (k[1], k[0]))
    for kind, n, browsers in keys:
        rs = [r for r in runs if (r.database, r.n, r.browsers) == (kind, n, browsers)]

        def med(attr: str, rs=rs) -> float:
            values = [getattr(r, attr) for r in rs if not math.isnan(getattr(r, attr))]
            return statistics.median(values) if values else math.nan

        print(
            f"| {kind} | {n} | {browsers} | {len(rs)} | {sum(r.errors for r in rs)} | "
            f"{_s(med('median'))} | {_s(med('p90'))} | {_s(med('max'))} | "
            f"{_s(max(r.max for r in rs))} | "
            f"{_s(med('session_median'))} / {_s(med('session_max'))} | "
            f"{statistics.median(r.server_cpu / n for r in rs):.2f} / "
            f"{statistics.median(r.browsers_cpu / n for r in rs):.2f} | "
            f"{statistics.median(r.others_share for r in rs) * 100:.0f} % | "
            f"{sum(r.ok for r in rs)}/{len(rs)} |"
        )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    if any(n < 1 or n > 149 for n in args.people):
        raise SystemExit("--people takes 1 to 149 (the demo's people but the warm-up account)")
    print(
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
        f"Chromium processes per run: {args.browsers}",
        flush=True,
    )
    print(RUN_HEADER, flush=True)
    runs: list[Run] = []
    for repeat in range(1, args.repeat + 1):
        for n in args.people:
            for kind in kinds:
                run = one_run(kind, n, repeat, args)
                runs.append(run)
                print_run(run)
    summary(runs)
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in runs], indent=1, default=str))
    return 0 if all(r.ok for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
