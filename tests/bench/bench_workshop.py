"""A live workshop under load (issue 13, point 4): a room's screen and N phones in Chromium.

    .venv/bin/python -m tests.bench.bench_workshop --database both --participants 30
    .venv/bin/python -m tests.bench.bench_workshop --database sqlite --participants 10 --gc

Every run starts from a fresh demo database (a new SQLite file, or the PostgreSQL database
``merkitys_bench_ws`` emptied; the suite's ``test`` is refused) and a new ``streamlit run
serve.py``. Through the model, the facilitator (kehittaja@demo.fi) plans a workshop with the
first Tampere question set on a released round of one of their units, guests allowed. In one
Chromium, the facilitator signs in (1366×768) and opens the presentation view
(``/screen?w=<id>``); N participants (390×844 phone contexts) open ``/join?code=…`` as guests.
The workshop moves to the write phase through the model; the pages notice by polling its version.
Then, in this order:

(c) idle: for ``--idle`` seconds nobody does anything while every page polls; the server's CPU
    (utime + stime of the streamlit process, all its threads) per second, the reruns the pages
    asked for (websocket frames they sent) per second, and so the CPU per fragment rerun;
(a) latency: ``--notes`` notes (≥ 60), each from a participant picked in turn at a random moment
    (0.3–1.7 s apart), typed and sent; from the click on send (its time taken in the page) to the
    moment the screen's total (``.st-key-ws_screen_total``) counts it (a MutationObserver in the
    screen page; the k-th click is matched with the total first reaching k). Budget: p95 ≤ 3 s;
(b) 50 at once: every participant types a note and all click send at one moment (a timer in
    each page); when there are fewer than 50 phones the rest are model-level senders (guests
    who joined through the model, one write session each, released by the same clock). All 50
    must be stored (rows counted) with no error in any page or in the server's log.

``--gc`` measures (c) alone for the server as shipped and without ``gc.freeze`` (serve.py), with
Streamlit's own collection after each script run off (the shipped ``runner.postScriptGC =
false``) and on (Streamlit's default): the CPU per fragment rerun the freeze saves. Exits 1 when
a budget is missed. Print-outs are Markdown tables.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, func, make_url, text
from sqlmodel import select

from model import db, release, teamview, timesource
from model import workshops as ws
from model.demo import DEMO_PASSWORD
from model.tables import Person, WorkshopNote, WorkshopPhase
from model.viewer import Viewer, load_viewer
from tests.streamlit_server import CHROMIUM_ARGS, ROOT, start

WORK = Path("/tmp/merkitys-bench-workshop")
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/merkitys_bench_ws"
TEST_SUITE_DATABASE = "test"
NO_FREEZE = "--serve-without-gc-freeze"
FACILITATOR = "kehittaja@demo.fi"
TEMPLATE = "tampere1"
LATENCY_BUDGET_S = 3.0
AT_ONCE = 50
CLICK_LEAD_S = 2.0
OPEN_AT_ONCE = 4  # phones opened at a time while preparing (untimed)
SETTLE_S = 4.0
BENCH_ARGS = [  # Chromium must not slow the timers of pages it thinks nobody looks at
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
SIGNED_IN = ".st-key-app-logout"
SUBMIT = ".st-key-signin-submit button"
TOTAL = ".st-key-ws_screen_total"
LOG_ERRORS = re.compile(r"Traceback|database is locked|QueuePool limit|TimeoutError|too many")
ALERTS = (  # errors and warnings only: a sent note says so in a success message
    '[data-testid="stException"], [data-testid="stAlertContentError"], '
    '[data-testid="stAlertContentWarning"], [role="dialog"]'
)

# The screen: the first moment each total was shown (ms since the epoch).
SCREEN_JS = """(() => {
  window.__totals = {};
  const note = () => {
    const box = document.querySelector('TOTAL');
    if (!box) return;
    const m = (box.innerText || '').match(/\\d+/);
    if (!m) return;
    const n = Number(m[0]);
    if (!(n in window.__totals)) window.__totals[n] = Date.now();
  };
  new MutationObserver(note).observe(document, {subtree: true, childList: true,
                                                characterData: true});
})();""".replace("TOTAL", TOTAL)
# A phone: when each send was clicked, and every exception, alert or dialog seen.
PHONE_JS = """(() => {
  window.__clicks = [];
  window.__alerts = [];
  document.addEventListener('click', (e) => {
    if (e.target.closest && e.target.closest('[class*="st-key-ws_send_"] button'))
      window.__clicks.push(Date.now());
  }, true);
  new MutationObserver(() => {
    for (const e of document.querySelectorAll('ALERTS')) {
      const what = (e.getAttribute('data-testid') || 'dialog') + ': '
        + (e.innerText || '').slice(0, 160);
      if (!window.__alerts.includes(what)) window.__alerts.push(what);
    }
  }).observe(document, {subtree: true, childList: true});
})();""".replace("ALERTS", ALERTS)
CLICK_AT_JS = """([at, selector]) => {
  setTimeout(() => document.querySelector(selector).click(), Math.max(0, at - Date.now()));
}"""
IDLE_JS = """() => !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stStatusWidget"]')"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.bench.bench_workshop", description=__doc__)
    p.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    p.add_argument("--participants", type=int, default=30, help="phone contexts (N)")
    p.add_argument("--notes", type=int, default=60, help="notes sent one at a time (a)")
    p.add_argument("--idle", type=float, default=20.0, help="seconds of idle polling (c)")
    p.add_argument("--gc", action="store_true", help="only (c), with and without gc.freeze")
    p.add_argument(
        "--variants",
        nargs="+",
        choices=list(GC_VARIANTS),
        default=list(GC_VARIANTS),
        help="the servers --gc compares (default: all four)",
    )
    p.add_argument("--postgres-url", default=POSTGRES_URL)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for a page")
    return p.parse_args(argv)


def _progress(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the database, the workshop and the server ----------------------------------------------


def fresh_database(kind: str, postgres_url: str) -> str:
    """An empty database of ``kind`` with the demo organisation loaded; its URL."""
    if kind == "sqlite":
        WORK.mkdir(parents=True, exist_ok=True)
        path = WORK / "workshop.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        url = postgres_url
        name = make_url(url).database
        if name == TEST_SUITE_DATABASE:
            raise SystemExit(f"refusing to use the test suite's database {name!r}")
        admin = create_engine(make_url(url).set(database="postgres"))
        try:
            with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                found = conn.execute(
                    text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
                ).first()
                if not found:
                    conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        finally:
            admin.dispose()
        engine = db.make_engine(url)
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
        finally:
            engine.dispose()
    env = {**os.environ, "DATABASE_URL": url, "MERKITYS_LOAD_DEMO": "1"}
    subprocess.run(
        [sys.executable, "-m", "model.cli", "setup"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return url


@dataclass
class Room:
    url: str
    workshop_id: int
    code: str
    question: str  # the question the notes are written to
    facilitator: Viewer


def plan_room(url: str, name: str) -> Room:
    """A workshop planned by the facilitator on a released round of one of their units, guests
    allowed, opened (phase present)."""
    engine = db.make_engine(url)
    try:
        with db.write_session(engine) as session:
            person = session.exec(select(Person).where(Person.email == FACILITATOR)).one()
            viewer = load_viewer(session, person.id)
            for unit_id in teamview.units_for(session, viewer=viewer)["unit_id"]:
                rounds = teamview.rounds_for_unit(session, viewer=viewer, unit_id=int(unit_id))
                released = [int(r) for r in rounds["round_id"] if release.stored(session, int(r))]
                if released:
                    break
            else:
                raise SystemExit("the demo facilitator has no released round")
            wid = ws.plan_workshop(
                session,
                viewer=viewer,
                data=ws.WorkshopInput(
                    name=name,
                    unit_id=int(unit_id),
                    round_id=released[0],
                    template=TEMPLATE,
                    planned_on=timesource.today(),
                    allow_guests=True,
                ),
            )
            ws.set_phase(
                session,
                viewer=viewer,
                workshop_id=wid,
                phase=WorkshopPhase.present,
                now=timesource.now(),
            )
        with db.read_session(engine) as session:
            board = ws.facilitator_board(session, viewer=viewer, workshop_id=wid)
    finally:
        engine.dispose()
    return Room(url, wid, board.code, board.questions[0]["key"], viewer)


def set_phase(room: Room, phase: str) -> None:
    engine = db.make_engine(room.url)
    try:
        with db.write_session(engine) as session:
            ws.set_phase(
                session,
                viewer=room.facilitator,
                workshop_id=room.workshop_id,
                phase=phase,
                now=timesource.now(),
            )
    finally:
        engine.dispose()


def join_through_model(room: Room, count: int) -> list[str]:
    engine = db.make_engine(room.url)
    try:
        tokens = []
        for _ in range(count):
            with db.write_session(engine) as session:
                tokens.append(ws.join(session, code=room.code, viewer=None))
        return tokens
    finally:
        engine.dispose()


def stored_notes(room: Room) -> int:
    engine = db.make_engine(room.url)
    try:
        with db.read_session(engine) as session:
            return session.exec(
                select(func.count())
                .select_from(WorkshopNote)
                .where(WorkshopNote.workshop_id == room.workshop_id)
            ).one()
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Variant:
    name: str
    label: str
    freeze: bool = True
    post_script_gc: bool = False

    @property
    def options(self) -> list[str]:
        return [] if not self.post_script_gc else ["--runner.postScriptGC", "true"]


SHIPPED = Variant("shipped", "as shipped: gc.freeze, postScriptGC off")
GC_VARIANTS = {
    v.name: v
    for v in (
        SHIPPED,
        Variant("no-freeze", "no gc.freeze, postScriptGC off", freeze=False),
        Variant("post-gc", "gc.freeze, postScriptGC on", post_script_gc=True),
        Variant("default", "no gc.freeze, postScriptGC on (Streamlit's default)", False, True),
    )
}


@dataclass
class Server:
    proc: subprocess.Popen
    base: str
    log_path: Path

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def problems(self) -> list[str]:
        return [
            line.strip()[:160]
            for line in self.log_path.read_text(errors="replace").splitlines()
            if LOG_ERRORS.search(line)
        ]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def start_server(url: str, label: str, variant: Variant = SHIPPED) -> Server:
    env = {**os.environ, "DATABASE_URL": url, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("MERKITYS_LOAD_DEMO", None)
    WORK.mkdir(parents=True, exist_ok=True)
    log_path = WORK / f"streamlit-{label}.log"
    launcher = (
        (sys.executable, "-m")
        if variant.freeze
        else (sys.executable, "-m", "tests.bench.bench_workshop", NO_FREEZE)
    )
    with log_path.open("w") as log:
        proc, base = start(env, log, log_path, args=variant.options, launcher=launcher)
    return Server(proc, base, log_path)


# --- the browsers ---------------------------------------------------------------------------


@dataclass
class Frames:
    """Websocket frames a page sent (rerun requests and widget changes)."""

    sent: int = 0

    def watch(self, page) -> None:
        def on_socket(socket) -> None:
            socket.on("framesent", lambda _payload: self._one())

        page.on("websocket", on_socket)

    def _one(self) -> None:
        self.sent += 1


@dataclass
class Phone:
    index: int
    page: object = None
    frames: Frames = field(default_factory=Frames)
    sent: int = 0
    joined: bool = False


def note_area(question: str) -> str:
    return f".st-key-ws_note_{question} textarea"


def send_button(question: str) -> str:
    return f".st-key-ws_send_{question} button"


async def open_screen(browser, base: str, room: Room, frames: Frames, timeout_ms: float):
    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="fi-FI")
    await context.add_init_script(SCREEN_JS)
    page = await context.new_page()
    frames.watch(page)
    page.set_default_timeout(timeout_ms)
    await page.goto(base)
    await page.get_by_label("Sähköposti").fill(FACILITATOR)
    await page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    await page.locator(SUBMIT).click()
    await page.locator(SIGNED_IN).wait_for()
    await page.goto(f"{base}/screen?w={room.workshop_id}")
    await page.locator(TOTAL).wait_for()
    return page


async def open_phone(browser, base: str, room: Room, phone: Phone, timeout_ms: float) -> None:
    context = await browser.new_context(
        viewport={"width": 390, "height": 844}, locale="fi-FI", is_mobile=True, has_touch=True
    )
    await context.add_init_script(PHONE_JS)
    page = await context.new_page()
    page.set_default_timeout(timeout_ms)
    phone.frames.watch(page)
    phone.page = page
    await page.goto(f"{base}/join?code={room.code}")
    join = page.locator(".st-key-ws_join_submit button")
    await join.wait_for()
    await page.wait_for_function(IDLE_JS, polling=100)
    if await page.locator('[role="dialog"]').count():  # seen and counted by PHONE_JS
        await page.keyboard.press("Escape")
    await join.click()
    # The token lands in the address without a navigation (st.query_params).
    await page.wait_for_function("() => /[?&]p=/.test(location.search)", polling=200)
    phone.joined = True


async def screen_total(screen) -> int:
    raw = await screen.locator(TOTAL).inner_text()
    found = re.search(r"\d+", raw)
    return int(found.group()) if found else 0


async def shown_at(screen) -> dict[int, float]:
    return {int(k): float(v) for k, v in (await screen.evaluate("window.__totals")).items()}


async def wait_total(screen, target: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await screen_total(screen) >= target:
            return True
        await asyncio.sleep(0.2)
    return False


async def alerts(phones: list[Phone]) -> list[str]:
    found = []
    for phone in phones:
        for alert in await phone.page.evaluate("window.__alerts"):
            found.append(f"phone {phone.index}: {alert}")
    return found


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


@dataclass
class Idle:
    seconds: float
    server_cpu: float
    frames: int

    @property
    def cpu_share(self) -> float:
        return self.server_cpu / self.seconds

    @property
    def reruns_per_s(self) -> float:
        return self.frames / self.seconds

    @property
    def ms_per_rerun(self) -> float:
        return self.server_cpu / self.frames * 1000 if self.frames else math.nan


async def measure_idle(server: Server, screen_frames: Frames, phones: list[Phone], seconds: float):
    await asyncio.sleep(SETTLE_S)
    frames = screen_frames.sent + sum(p.frames.sent for p in phones)
    cpu, started = server.cpu_seconds(), time.monotonic()
    await asyncio.sleep(seconds)
    elapsed = time.monotonic() - started
    frames = screen_frames.sent + sum(p.frames.sent for p in phones) - frames
    return Idle(elapsed, server.cpu_seconds() - cpu, frames)


@dataclass
class Latency:
    sent: int
    shown: int
    seconds: list[float]

    @property
    def p50(self) -> float:
        return _quantile(self.seconds, 0.5)

    @property
    def p95(self) -> float:
        return _quantile(self.seconds, 0.95)

    @property
    def ok(self) -> bool:
        return self.shown == self.sent and self.p95 <= LATENCY_BUDGET_S


async def measure_latency(
    screen, room: Room, phones: list[Phone], notes: int, rng: random.Random, timeout: float
) -> Latency:
    start_total = await screen_total(screen)
    order: list[Phone] = []
    for k in range(notes):
        if not order:
            order = rng.sample(phones, len(phones))
        phone = order.pop()
        await phone.page.wait_for_function(IDLE_JS, polling=100)
        await phone.page.locator(note_area(room.question)).fill(f"Ajatus {k}: {rng.random():.6f}")
        await phone.page.locator(send_button(room.question)).click()
        phone.sent += 1
        await asyncio.sleep(rng.uniform(0.3, 1.7))
    await wait_total(screen, start_total + notes, timeout)
    clicks = []
    for phone in phones:
        clicks += await phone.page.evaluate("window.__clicks")
    clicks.sort()
    clicks = clicks[-notes:]
    shown = await shown_at(screen)
    seconds = []
    for k, clicked in enumerate(clicks, start=1):
        at = [t for n, t in shown.items() if n >= start_total + k]
        if at:
            seconds.append((min(at) - clicked) / 1000)
    return Latency(notes, len(seconds), seconds)


@dataclass
class AtOnce:
    from_phones: int
    from_model: int
    stored: int
    errors: list[str]
    stored_s: float  # from the moment of the clicks until every note was stored
    shown_s: float  # … until the screen counted them all

    @property
    def ok(self) -> bool:
        return self.stored == AT_ONCE and not self.errors


def _senders_at(room: Room, tokens: list[str], at: float, errors: list[str]) -> threading.Thread:
    """Model-level senders in threads, each with its own write session, released at ``at``."""
    engine = db.make_engine(room.url)

    def send(token: str, i: int) -> None:
        try:
            time.sleep(max(0.0, at - time.time()))
            with db.write_session(engine) as session:
                ws.add_note(
                    session,
                    token=token,
                    viewer=None,
                    data=ws.NoteInput(question_key=room.question, text=f"Samaan aikaan {i}"),
                )
        except Exception as error:  # noqa: BLE001 - every failure counts
            errors.append(f"model sender: {error!r}"[:160])

    def all_of_them() -> None:
        threads = [threading.Thread(target=send, args=(t, i)) for i, t in enumerate(tokens)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        engine.dispose()

    runner = threading.Thread(target=all_of_them)
    runner.start()
    return runner


async def fifty_at_once(
    screen, room: Room, phones: list[Phone], tokens: list[str], timeout: float
) -> AtOnce:
    clicking = phones[:AT_ONCE]
    before = stored_notes(room)
    shown_before = await screen_total(screen)
    for phone in clicking:
        await phone.page.wait_for_function(IDLE_JS, polling=100)
        await phone.page.locator(note_area(room.question)).fill(f"Yhtä aikaa {phone.index}")
    errors: list[str] = []
    at = time.time() + CLICK_LEAD_S
    senders = _senders_at(room, tokens, at, errors)
    await asyncio.gather(
        *(
            phone.page.evaluate(CLICK_AT_JS, [at * 1000, send_button(room.question)])
            for phone in clicking
        )
    )
    stored, stored_s = before, math.nan
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stored = stored_notes(room)
        if stored - before >= AT_ONCE:
            stored_s = time.time() - at
            break
        await asyncio.sleep(0.2)
    shown = await wait_total(screen, shown_before + AT_ONCE, max(1.0, deadline - time.monotonic()))
    shown_s = time.time() - at if shown else math.nan
    await asyncio.to_thread(senders.join)
    errors += await alerts(clicking)
    return AtOnce(len(clicking), len(tokens), stored - before, errors, stored_s, shown_s)


@dataclass
class Result:
    database: str
    variant: str
    participants: int  # phones that joined
    asked: int
    idle: Idle | None = None
    latency: Latency | None = None
    at_once: AtOnce | None = None
    problems: list[str] = field(default_factory=list)
    load: float = 0.0
    busy_share: float = math.nan  # the server's CPU while the notes of (a) came in

    @property
    def ok(self) -> bool:
        return (
            not self.problems
            and self.participants == self.asked
            and (self.latency is None or self.latency.ok)
            and (self.at_once is None or self.at_once.ok)
        )


async def run_room(
    server: Server, room: Room, args: argparse.Namespace, result: Result, idle_only: bool
) -> None:
    from playwright.async_api import async_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        raise SystemExit("Chromium is missing (`make chromium`)")
    timeout_ms = args.timeout * 1000
    rng = random.Random(args.seed)
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS + BENCH_ARGS
        )
        try:
            screen_frames = Frames()
            screen = await open_screen(browser, server.base, room, screen_frames, timeout_ms)
            phones = [Phone(i) for i in range(args.participants)]
            gate = asyncio.Semaphore(OPEN_AT_ONCE)

            async def prepare(phone: Phone) -> None:
                async with gate:
                    try:
                        await open_phone(browser, server.base, room, phone, timeout_ms)
                    except Exception as error:  # noqa: BLE001 - reported: the machine's limit
                        result.problems.append(f"phone {phone.index} did not join: {error!r}"[:200])
                        if phone.page is not None:
                            shot = WORK / f"phone-{phone.index}-not-joined.png"
                            await phone.page.screenshot(path=str(shot))

            started = time.monotonic()
            await asyncio.gather(*(prepare(phone) for phone in phones))
            phones = [phone for phone in phones if phone.joined]
            result.participants = len(phones)
            _progress(f"{len(phones)} phones joined in {time.monotonic() - started:.0f} s")
            set_phase(room, WorkshopPhase.write)
            await asyncio.gather(
                *(phone.page.locator(note_area(room.question)).wait_for() for phone in phones)
            )
            _progress("every phone shows the write phase")
            result.load = os.getloadavg()[0]
            result.idle = await measure_idle(server, screen_frames, phones, args.idle)
            _progress(f"idle: {result.idle.ms_per_rerun:.1f} ms CPU per rerun")
            if idle_only:
                return
            cpu, started = server.cpu_seconds(), time.monotonic()
            result.latency = await measure_latency(
                screen, room, phones, args.notes, rng, args.timeout
            )
            result.busy_share = (server.cpu_seconds() - cpu) / (time.monotonic() - started)
            _progress(f"latency: p50 {result.latency.p50:.2f} s, p95 {result.latency.p95:.2f} s")
            tokens = join_through_model(room, max(0, AT_ONCE - len(phones)))
            result.at_once = await fifty_at_once(screen, room, phones, tokens, args.timeout)
            _progress(f"50 at once: {result.at_once.stored} stored")
            result.problems += await alerts(phones)
        finally:
            await browser.close()


def one_run(kind: str, args: argparse.Namespace, variant: Variant, idle_only: bool) -> Result:
    url = fresh_database(kind, args.postgres_url)
    room = plan_room(url, "Kuormitustyöpaja")
    server = start_server(url, kind, variant)
    result = Result(kind, variant.label, 0, args.participants)
    try:
        asyncio.run(run_room(server, room, args, result, idle_only))
    except Exception as error:  # noqa: BLE001 - a run that broke is reported, the next one runs
        result.problems.append(f"run stopped: {error!r}"[:300])
    finally:
        server.stop()
    result.problems += [f"server log: {line}" for line in server.problems()]
    return result


def _f(value: float, digits: int = 2) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def print_results(results: list[Result]) -> None:
    print()
    print(
        "| database | server | phones | idle: server CPU | reruns/s | CPU ms per rerun | "
        "notes shown / sent | latency p50 s | p95 s | max s | server CPU during (a) | "
        "50 at once: stored | "
        "from phones + model | all stored after s | all on screen after s | load | budget |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        idle, lat, once = r.idle, r.latency, r.at_once
        print(
            f"| {r.database} | {r.variant} | {r.participants}/{r.asked} | "
            f"{_f(idle.cpu_share * 100, 0) + ' %' if idle else '—'} | "
            f"{_f(idle.reruns_per_s, 1) if idle else '—'} | "
            f"{_f(idle.ms_per_rerun, 1) if idle else '—'} | "
            f"{f'{lat.shown} / {lat.sent}' if lat else '—'} | "
            f"{_f(lat.p50) if lat else '—'} | {_f(lat.p95) if lat else '—'} | "
            f"{_f(max(lat.seconds, default=math.nan)) if lat else '—'} | "
            f"{_f(r.busy_share * 100, 0)} % | "
            f"{once.stored if once else '—'} | "
            f"{f'{once.from_phones} + {once.from_model}' if once else '—'} | "
            f"{_f(once.stored_s, 1) if once else '—'} | {_f(once.shown_s, 1) if once else '—'} | "
            f"{r.load:.1f} | {'PASS' if r.ok else 'FAIL'} |",
            flush=True,
        )
        problems = r.problems + (r.at_once.errors if r.at_once else [])
        for problem in problems[:6]:
            print(f"|   ↳ {problem} |")
        if len(problems) > 6:
            print(f"|   ↳ … and {len(problems) - 6} more |")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    if args.notes < 1 or args.participants < 1:
        raise SystemExit("--notes and --participants take 1 or more")
    print(
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
        f"{args.participants} phones, {args.notes} notes one at a time, {AT_ONCE} at once",
        flush=True,
    )
    results = []
    for kind in kinds:
        for variant in [GC_VARIANTS[v] for v in args.variants] if args.gc else [SHIPPED]:
            _progress(f"{kind}: {variant.label}")
            results.append(one_run(kind, args, variant, idle_only=args.gc))
    print_results(results)
    return 0 if all(r.ok for r in results) else 1


def serve_without_freeze() -> None:
    """``python -m tests.bench.bench_workshop --serve-without-gc-freeze streamlit run …``: the
    server with ``gc.freeze`` made a no-op (serve.py calls it)."""
    import gc
    import runpy

    gc.freeze = lambda: None
    sys.argv = sys.argv[2:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    if sys.argv[1:2] == [NO_FREEZE]:
        serve_without_freeze()
        sys.exit(0)
    sys.exit(main())
