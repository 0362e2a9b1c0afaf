"""Time releases, team views and workbooks on the synthetic organisation against their budgets.

    python -m tests.bench.run_bench [--database-url URL | --postgres] [--repeat 5] [--no-browser]

(1) the releases of every round of the organisation (``release.compute`` over all round ids: every
    cell, suppressed) against the floor: one GROUP BY of the same counts (team, round, field,
    light) fetched through the driver's raw cursor; timed A B A B …, budget a ratio of medians.
    Storing them (``release.release_round`` for each round) is timed too, without a budget.
(2) a ~1,000-person unit's team view in Chromium, from the click on the unit in the
    "Yksikkö tai tiimi" selectbox until the distribution chart of the first tab is drawn.
(3) ten workbooks (``exports.team_workbook``) of ten different units made at once in threads,
    as one Streamlit server would, each run with an empty chart cache: the wall time until all
    are done.
(4) the unit's ``team_view`` in an organisation of twice the size (22,000 people).

Each database is built once (in a child process, so the peak memory reported here is the
measurements' own) and reused while it holds an organisation built with the same parameters;
the closed rounds are released and the admin gets a password once (``synthetic.prepare``).
Exits 1 when a budget fails.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, inspect, make_url
from sqlmodel import Session, select

from exports import team_workbook
from model import release, timesource
from model.db import make_engine, migrate
from model.settings import normalise_url
from model.tables import Release, Round, Unit, UnitKind
from model.teamview import team_view
from model.viewer import load_viewer
from tests.bench import synthetic
from tests.streamlit_server import CHROMIUM_ARGS, free_port, wait_healthy

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = "sqlite:////tmp/merkitys-bench/bench.db"
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/merkitys_bench"
TEST_SUITE_DATABASE = "test"  # the suite's PostgreSQL database: never built into or dropped

RELEASE_RATIO_BUDGET = 1.25  # (1) at most this many times the floor
CLICK_BUDGET_S = 0.5  # (2)
WORKBOOKS = 10  # (3) made at once, of as many units
WORKBOOKS_BUDGET_S = 5.0
LARGE_VIEW_BUDGET_S = 0.5  # (4)
MEMORY_BUDGET_MB = 1500.0  # 1.5 GB, in 10^6 bytes

FLOOR_SQL = (
    "SELECT a.team_id, a.round_id, r.field_key, r.light, count(*) "
    "FROM assessment a JOIN rating r ON r.assessment_id = a.id "
    "WHERE a.status = 'submitted' AND a.sharing <> 'private' "
    "GROUP BY 1, 2, 3, 4"
)

UNIT_LABEL = "Yksikkö tai tiimi"
# The chart's signature: every text and every path of the SVG (or the canvas pixels), so that
# the chart of the unit clicked is told from the one still on screen.
CHART_SIGNATURE_JS = """() => {
  const chart = document.querySelector(
    '[data-testid="stTabPanel"] [data-testid="stVegaLiteChart"]');
  const drawn = chart && chart.querySelector('svg.marks, canvas');
  if (!drawn) return null;
  if (drawn.tagName.toLowerCase() === 'canvas') {
    const px = drawn.getContext('2d').getImageData(0, 0, drawn.width, drawn.height).data;
    let h = 0;
    for (let i = 0; i < px.length; i += 1) h = (h * 31 + px[i]) | 0;
    return 'canvas:' + drawn.width + 'x' + drawn.height + ':' + h;
  }
  const parts = [];
  for (const e of drawn.querySelectorAll('text, path')) {
    parts.push(e.tagName === 'text' ? e.textContent : e.getAttribute('d'));
  }
  return parts.join('|');
}"""
CLICK_CLOCK_JS = """() => {
  window.__bench = {};
  document.addEventListener('pointerdown', (e) => {
    if (e.target.closest('[role="option"]')) window.__bench.clicked = performance.now();
  }, true);
}"""
DRAWN_JS = (
    "(target) => { const sig = ("
    + CHART_SIGNATURE_JS
    + ")(); if (sig !== target) return false; window.__bench.drawn = performance.now(); "
    "return true; }"
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.bench.run_bench", description=__doc__)
    where = p.add_mutually_exclusive_group()
    where.add_argument("--database-url", default=DEFAULT_URL, help=f"default {DEFAULT_URL}")
    where.add_argument(
        "--postgres",
        action="store_const",
        const=POSTGRES_URL,
        dest="database_url",
        help=f"shorthand for --database-url {POSTGRES_URL}",
    )
    p.add_argument("--repeat", type=int, default=5, help="timed runs after one warm-up")
    p.add_argument("--people", type=int, default=11_000)
    p.add_argument("--teams", type=int, default=600)
    p.add_argument("--rounds", type=int, default=24)
    p.add_argument("--participation", type=float, default=0.6)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--large-people",
        type=int,
        default=22_000,
        help="people in the organisation of (4), with teams in proportion; 0 skips (4)",
    )
    p.add_argument("--no-browser", action="store_true", help="skip (2), the Chromium timing")
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="empty the benchmark databases first (delete the SQLite files, drop the schemas)",
    )
    return p.parse_args(argv)


def _is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def sibling_url(url: str, people: int) -> str:
    """The database of the larger organisation, next to the default one."""
    u = make_url(url)
    if _is_postgres(url):
        return u.set(database=f"{u.database}_{people}").render_as_string(hide_password=False)
    path = Path(u.database or "")
    return u.set(database=str(path.with_stem(f"{path.stem}-{people}"))).render_as_string(
        hide_password=False
    )


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database if it is missing; refuse the test suite's database."""
    if not _is_postgres(url):
        return
    name = make_url(url).database
    if name == TEST_SUITE_DATABASE:
        raise SystemExit(f"refusing to use the test suite's database {name!r}")
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = %(name)s", {"name": name}
            ).first()
            if not exists:
                quoted = conn.dialect.identifier_preparer.quote_identifier(name)
                conn.exec_driver_sql(f"CREATE DATABASE {quoted}")
                print(f"created database {name}")
    finally:
        admin.dispose()


def empty_database(url: str) -> None:
    """Remove everything from the benchmark database (``--rebuild``)."""
    if _is_postgres(url):
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()
        return
    path = Path(make_url(url).database or "")
    if str(path) in ("", ":memory:"):
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _build_and_prepare(
    url: str, params: dict[str, Any], build: bool, again: bool
) -> dict[str, Any]:
    info = synthetic.build(url, **params) if build else None
    prepared = synthetic.prepare(url, again=again)
    return {"info": info, "prepared": prepared}


def _revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    finally:
        engine.dispose()


def ensure_built(url: str, params: dict[str, Any], *, rebuild: bool) -> dict[str, Any]:
    """The synthetic organisation at ``url``, built if missing, released and with a password."""
    ensure_database(url)
    if rebuild:
        empty_database(url)
    engine = make_engine(url)
    try:
        info = synthetic.describe(engine, name=synthetic.organisation_name(**params))
    finally:
        engine.dispose()
    again = False
    if info is not None:
        print(f"reusing {info['organisation_name']!r} in {_safe(url)}", flush=True)
        before = _revision(url)
        migrate(url)
        # The releases of an older schema may be in an older format: release every round again.
        again = _revision(url) != before
    else:
        print(f"building {synthetic.organisation_name(**params)!r} in {_safe(url)} …", flush=True)
    # A child process builds and releases, so RUSAGE_SELF below measures the measurements alone.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        done = pool.submit(_build_and_prepare, url, params, info is None, again).result()
    if info is None:
        info = done["info"]
        peak = peak_rss_mb(resource.RUSAGE_CHILDREN)
        print(f"built in {info['build_seconds']} s (build process peak {peak:,.0f} MB)")
    if done["prepared"]["released"]:
        print(
            f"released {len(done['prepared']['released'])} rounds in "
            f"{done['prepared']['seconds']} s"
        )
    return info


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(who).ru_maxrss * 1024 / 1e6


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


@dataclass
class Row:
    label: str
    times: list[float]
    budget: str = "—"
    ok: bool | None = None
    note: str = ""  # printed under the table


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds of ``fn()``, starting from a collected heap (so no run pays for another's
    garbage) and including the collection of the young generations it leaves behind (so a run
    that pauses the collector, as ``release.compute`` does, pays for what it deferred)."""
    gc.collect()
    started = time.perf_counter()
    result = fn()
    gc.collect(1)
    return time.perf_counter() - started, result


def interleaved(
    fns: dict[str, Callable[[], Any]], repeat: int
) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """One warm-up round, then ``repeat`` rounds of A B A B …: drift hits both alike."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    results: dict[str, Any] = {}
    for run in range(repeat + 1):
        for key, fn in fns.items():
            seconds, results[key] = timed(fn)
            if run:
                times[key].append(seconds)
    return times, results


# --- (1) releases -----------------------------------------------------------------------------


def measure_releases(engine, info: dict[str, Any], repeat: int) -> list[Row]:
    org_id = info["organisation_id"]
    with Session(engine) as s:
        round_ids = list(s.exec(select(Round.id).where(Round.organisation_id == org_id)).all())

    def floor() -> list:
        raw = engine.raw_connection()  # the DBAPI connection: no SQLAlchemy result layer
        try:
            cursor = raw.cursor()
            cursor.execute(FLOOR_SQL)
            rows = cursor.fetchall()
            cursor.close()
        finally:
            raw.close()
        return rows

    def compute() -> dict:
        with Session(engine) as s:
            return release.compute(s, org_id, round_ids)

    times, results = interleaved({"floor": floor, "compute": compute}, repeat)
    ratio = statistics.median(times["compute"]) / statistics.median(times["floor"])
    cells = sum(len(d["cells"]) for d in results["compute"].values())
    pairs = sorted(c / f for c, f in zip(times["compute"], times["floor"], strict=True))

    def store() -> float:
        # Every round released again inside one transaction that is rolled back: the stored
        # releases stay as they were for the team views.
        with Session(engine) as s:
            if engine.dialect.name == "sqlite":
                s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            # Texts, members and known answers go with them (ON DELETE CASCADE).
            s.exec(delete(Release).where(Release.organisation_id == org_id))
            rounds = s.exec(
                select(Round).where(Round.organisation_id == org_id).order_by(Round.closes_on)
            ).all()
            now = timesource.now()
            started = time.perf_counter()
            for rnd in rounds:
                release.release_round(s, rnd, now=now)
            s.flush()
            seconds = time.perf_counter() - started
            s.rollback()
        return seconds

    store_runs = max(1, min(3, repeat))
    stored = [store() for _ in range(store_runs)]
    return [
        Row(
            f"(a) floor: SQL GROUP BY team, round, field, light, raw cursor "
            f"({len(results['floor']):,} rows)",
            times["floor"],
        ),
        Row(
            f"(1) release.compute, {len(round_ids)} rounds, whole organisation ({cells:,} cells)",
            times["compute"],
            f"≤ {RELEASE_RATIO_BUDGET:g}× (a): ratio {ratio:.2f} "
            f"(pairs {pairs[0]:.2f}–{pairs[-1]:.2f})",
            ratio <= RELEASE_RATIO_BUDGET,
        ),
        Row(f"(1b) storing them: release_round × {len(round_ids)}, rolled back", stored),
    ]


# --- views and workbooks --------------------------------------------------------------------


def _view(engine, viewer, unit_id: int, round_id: int):
    with Session(engine) as s:
        return team_view(
            s,
            viewer=viewer,
            unit_id=unit_id,
            round_id=round_id,
            today=timesource.today(),
            rng=random.Random(0),
        )


def measure_view(engine, info: dict[str, Any], repeat: int, label: str, budget: float | None):
    with Session(engine) as s:
        viewer = load_viewer(s, info["admin_id"])
    args = (engine, viewer, info["measured_unit_id"], info["latest_round_id"])
    view = _view(*args)
    times = []
    for _ in range(repeat):
        seconds, view = timed(lambda: _view(*args))
        times.append(seconds)
    hidden = int((~view.cells["shown"]).sum())
    return Row(
        f"{label} team_view, {info['measured_unit_people']:,}-person unit, 1 round "
        f"({len(view.cells)} cells, {hidden} hidden)",
        times,
        "—" if budget is None else f"< {budget * 1000:g} ms",
        None if budget is None else statistics.median(times) < budget,
    )


def measure_workbooks(engine, info: dict[str, Any], repeat: int) -> Row:
    with Session(engine) as s:
        viewer = load_viewer(s, info["admin_id"])
        units = s.exec(
            select(Unit.id)
            .where(Unit.organisation_id == info["organisation_id"], Unit.kind == UnitKind.unit)
            .order_by(Unit.id)
            .limit(WORKBOOKS)
        ).all()
    views = [_view(engine, viewer, u, info["latest_round_id"]) for u in units]

    def all_at_once() -> list[bytes]:
        def one(view) -> bytes:
            return team_workbook.team_workbook(
                view, "fi", made_at=timesource.now(), zone_name=timesource.DEFAULT_ZONE
            )

        with ThreadPoolExecutor(max_workers=len(views)) as pool:
            return list(pool.map(one, views))

    times = []
    for _ in range(repeat + 1):
        team_workbook.clear_chart_cache()  # every unit's first download: nothing rendered yet
        seconds, books = timed(all_at_once)
        times.append(seconds)
    first = times.pop(0)  # the warm-up, which starts the rendering processes
    warm, _ = timed(all_at_once)
    size = sum(map(len, books)) / len(books)
    return Row(
        f"(3) {len(views)} workbooks of {len(views)} units at once, threads "
        f"(~{size / 1e3:,.0f} kB each)",
        times,
        f"< {WORKBOOKS_BUDGET_S:g} s",
        statistics.median(times) < WORKBOOKS_BUDGET_S,
        note=f"the warm-up (starting the rendering processes) {_fmt(first)}; "
        f"again with the pictures cached {_fmt(warm)}",
    )


# --- (2) the click in Chromium --------------------------------------------------------------


def measure_click(url: str, info: dict[str, Any], repeat: int) -> Row:
    """Sign in as the admin, then switch the unit to another one and back to the measured
    unit ``repeat`` times (after a warm-up), timing each switch to the measured unit."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        return Row("(2) click to chart: Chromium missing (`make chromium`)", [], ok=False)
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "DATABASE_URL": url, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("MERKITYS_LOAD_DEMO", None)
    log_path = Path(make_url(DEFAULT_URL).database or "/tmp").parent / "streamlit-bench.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "streamlit", "run", "serve.py"),
                *("--server.port", str(port), "--server.headless", "true"),
                *("--server.fileWatcherType", "none"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_healthy(base, server, log_path)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                try:
                    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fi-FI")
                    page.set_default_timeout(120_000)
                    times = _switches(page, base, repeat)
                finally:
                    browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    return Row(
        f"(2) Chromium: click on the {info['measured_unit_people']:,}-person unit → "
        "distribution chart drawn",
        times,
        f"< {CLICK_BUDGET_S * 1000:g} ms",
        statistics.median(times) < CLICK_BUDGET_S,
    )


def _switches(page, base: str, repeat: int) -> list[float]:
    page.goto(base)
    page.get_by_label("Sähköposti").fill(synthetic.ADMIN_EMAIL)
    page.get_by_label("Salasana").fill(synthetic.ADMIN_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.get_by_role("heading", name="Tiiminäkymä").wait_for()
    page.evaluate(CLICK_CLOCK_JS)
    measured = re.compile(rf"^{re.escape(synthetic.MEASURED_UNIT_NAME)} \(")
    other = re.compile(r"^Yksikkö 02 \(")
    target = None
    times = []
    for _ in range(repeat + 1):
        before = _choose(page, other)
        page.evaluate("() => { window.__bench = {}; }")
        if target is None:  # the warm-up: learn what the measured unit's chart looks like
            target = _choose(page, measured)
            continue
        page.get_by_label(UNIT_LABEL).click()
        page.get_by_role("option", name=measured).click()
        page.wait_for_function(DRAWN_JS, arg=target, polling="raf")
        clock = page.evaluate("() => window.__bench")
        times.append((clock["drawn"] - clock["clicked"]) / 1000)
        _settle(page, before)
    return times


def _choose(page, option: re.Pattern) -> str:
    """Choose a unit and wait until its page has been drawn; its chart's signature."""
    before = page.evaluate(CHART_SIGNATURE_JS)
    page.get_by_label(UNIT_LABEL).click()
    page.get_by_role("option", name=option).click()
    return _settle(page, before)


def _settle(page, before: str | None) -> str:
    """Wait until the chart has changed from ``before``, the script run is over and the chart
    stands still; its signature."""
    page.wait_for_function(
        f"(before) => {{ const sig = ({CHART_SIGNATURE_JS})(); return sig && sig !== before; }}",
        arg=before,
        polling=50,
    )
    previous = None
    while True:
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", polling=50
        )
        current = page.evaluate(CHART_SIGNATURE_JS)
        if current == previous:
            return current
        previous = current
        page.wait_for_timeout(300)


# --- the whole run --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = normalise_url(args.database_url)
    params = {
        "people": args.people,
        "teams": args.teams,
        "rounds": args.rounds,
        "participation": args.participation,
        "seed": args.seed,
    }
    try:
        info = ensure_built(url, params, rebuild=args.rebuild)
        large_params = large_url = large_info = None
        if args.large_people:
            large_params = params | {
                "people": args.large_people,
                "teams": round(args.teams * args.large_people / args.people),
            }
            large_url = sibling_url(url, args.large_people)
            large_info = ensure_built(large_url, large_params, rebuild=args.rebuild)
    except ValueError as exc:
        print(f"{exc}; other parameters? run with --rebuild", file=sys.stderr)
        return 2
    print(
        ", ".join(
            f"{k} {info[k]:,}"
            for k in (
                "units",
                "teams",
                "small_teams",
                "people",
                "rounds",
                "assessments",
                "ratings",
                "notes",
                "measured_unit_teams",
                "measured_unit_people",
            )
        ),
        flush=True,
    )

    started, load_before = time.perf_counter(), os.getloadavg()[0]
    engine = make_engine(url)
    rows = measure_releases(engine, info, args.repeat)
    rows.append(measure_view(engine, info, args.repeat, "(c)", None))
    rows.append(measure_workbooks(engine, info, args.repeat))
    engine.dispose()
    if not args.no_browser:
        try:
            rows.append(measure_click(url, info, args.repeat))
        except Exception as exc:  # a broken browser run fails its budget, not the others
            rows.append(Row(f"(2) Chromium: {type(exc).__name__}: {exc}", [], ok=False))
    if large_info is not None:
        large = make_engine(large_url)
        rows.append(
            measure_view(
                large,
                large_info,
                args.repeat,
                f"(4) {large_info['people'] - 1:,} people:",
                LARGE_VIEW_BUDGET_S,
            )
        )
        large.dispose()
    peak = peak_rss_mb()

    print()
    print(
        f"**{engine.dialect.name}**, medians of {args.repeat} runs after a warm-up; measured in "
        f"{time.perf_counter() - started:,.0f} s, load average {load_before:.1f} before and "
        f"{os.getloadavg()[0]:.1f} after ({os.cpu_count()} cores)"
    )
    print()
    print("| measurement | median | min | max | budget | result |")
    print("|---|---:|---:|---:|---|---|")
    failed = False
    for row in rows:
        failed |= row.ok is False
        verdict = "—" if row.ok is None else ("PASS" if row.ok else "FAIL")
        if not row.times:
            print(f"| {row.label} | | | | {row.budget} | {verdict} |")
            continue
        print(
            f"| {row.label} | {_fmt(statistics.median(row.times))} | {_fmt(min(row.times))} "
            f"| {_fmt(max(row.times))} | {row.budget} | {verdict} |"
        )
    ok_memory = peak < MEMORY_BUDGET_MB
    failed |= not ok_memory
    print(
        f"| peak memory (max RSS) of the measurements | {peak:,.0f} MB | | | "
        f"< {MEMORY_BUDGET_MB:,.0f} MB | {'PASS' if ok_memory else 'FAIL'} |"
    )
    notes = [f"{row.label.split(' ')[0]} {row.note}" for row in rows if row.note]
    if notes:
        print()
        print("\n".join(notes))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
