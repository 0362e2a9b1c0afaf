"""Time the aggregates on the synthetic organisation and check them against their budgets.

    python -m tests.bench.run_bench [--database-url URL | --postgres] [--repeat 5] [--people N ...]

(a) one hand-written GROUP BY of ratings by team, round, field and light: the floor;
(b) ``organisation_aggregate`` for the whole organisation over all rounds;
(c) ``team_view`` of the ~1,000-person unit for the latest closed round;
(d) that view as a workbook (``exports.team_workbook``), when the module exists.

The database is built once (in a child process, so the peak memory reported here is the
measurements' own) and reused while it holds an organisation built with the same parameters.
Exits 1 when a budget fails.
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url
from sqlmodel import Session

from model.db import make_engine
from model.settings import normalise_url
from model.teamview import organisation_aggregate, team_view
from model.viewer import load_viewer
from tests.bench import synthetic

DEFAULT_URL = "sqlite:////tmp/merkitys-bench/bench.db"
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/merkitys_bench"
TEST_SUITE_DATABASE = "test"  # the suite's PostgreSQL database: never built into or dropped

RATIO_BUDGET = 2.0  # (b) may take at most twice the floor (a)
VIEW_BUDGET_S = 1.0
WORKBOOK_BUDGET_S = 5.0
MEMORY_BUDGET_MB = 1500.0  # 1.5 GB, in 10^6 bytes

FLOOR_SQL = (
    "SELECT a.team_id, a.round_id, r.field_key, r.light, count(*) "
    "FROM assessment a JOIN rating r ON r.assessment_id = a.id "
    "WHERE a.status = 'submitted' AND a.sharing <> 'private' "
    "GROUP BY 1, 2, 3, 4"
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
        "--rebuild",
        action="store_true",
        help="empty the benchmark database first (delete the SQLite file, drop the schema)",
    )
    return p.parse_args(argv)


def _is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


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


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    """One warm-up call, then ``repeat`` timed calls; the last result for sanity checks."""
    result = fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return times, result


def load_workbook_export() -> tuple[Callable[..., bytes] | None, str]:
    try:
        module = importlib.import_module("exports.team_workbook")
        return module.team_workbook, ""
    except Exception as exc:  # any failure to import means "not there yet"
        return None, f"{type(exc).__name__}: {exc}"


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(who).ru_maxrss * 1024 / 1e6


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = normalise_url(args.database_url)
    ensure_database(url)
    if args.rebuild:
        empty_database(url)
    name = synthetic.organisation_name(
        people=args.people,
        teams=args.teams,
        rounds=args.rounds,
        participation=args.participation,
        seed=args.seed,
    )
    engine = make_engine(url)
    info = synthetic.describe(engine, name=name)
    if info is not None:
        print(f"reusing the synthetic organisation already in {engine.url!r}")
    else:
        print(f"building {name!r} in {engine.url!r} …", flush=True)
        # A child process builds, so RUSAGE_SELF below measures the aggregates alone.
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
            future = pool.submit(
                synthetic.build,
                url,
                people=args.people,
                teams=args.teams,
                rounds=args.rounds,
                participation=args.participation,
                seed=args.seed,
            )
            try:
                info = future.result()
            except ValueError as exc:
                print(f"{exc}; other parameters? run with --rebuild", file=sys.stderr)
                return 2
        build_peak = peak_rss_mb(resource.RUSAGE_CHILDREN)
        print(f"built in {info['build_seconds']} s (build process peak {build_peak:,.0f} MB)")
    counts = ", ".join(
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
    )
    print(counts)

    with Session(engine) as s:
        viewer = load_viewer(s, info["admin_id"])
    assert viewer is not None
    unit_id, round_id = info["measured_unit_id"], info["latest_round_id"]

    def floor() -> list:
        with engine.connect() as conn:
            return conn.exec_driver_sql(FLOOR_SQL).fetchall()

    def aggregate():
        with Session(engine) as s:
            return organisation_aggregate(s, viewer=viewer)

    def view():
        with Session(engine) as s:
            return team_view(
                s, viewer=viewer, unit_id=unit_id, round_id=round_id, rng=random.Random(0)
            )

    results: dict[str, list[float]] = {}
    results["a"], rows_a = timed(floor, args.repeat)
    results["b"], frame_b = timed(aggregate, args.repeat)
    results["c"], view_c = timed(view, args.repeat)
    team_workbook, missing = load_workbook_export()
    if team_workbook is not None:

        def workbook() -> bytes:
            return team_workbook(view(), "fi")

        results["d"], book = timed(workbook, args.repeat)
    peak = peak_rss_mb()

    med = {k: statistics.median(v) for k, v in results.items()}
    ratio = med["b"] / med["a"]
    failed = False

    def line(key: str, label: str, budget: str, ok: bool | None) -> str:
        nonlocal failed
        failed |= ok is False
        verdict = "—" if ok is None else ("PASS" if ok else "FAIL")
        return f"| {label} | {_fmt(med[key])} | {_fmt(min(results[key]))} | {budget} | {verdict} |"

    print()
    print(f"**{engine.dialect.name}**, {args.repeat} runs after a warm-up")
    print()
    print("| measurement | median | min | budget | result |")
    print("|---|---:|---:|---|---|")
    print(line("a", f"(a) SQL GROUP BY floor ({len(rows_a):,} rows)", "—", None))
    print(
        line(
            "b",
            f"(b) organisation_aggregate ({len(frame_b):,} rows)",
            f"≤ {RATIO_BUDGET:g}× (a): ratio {ratio:.2f}",
            ratio <= RATIO_BUDGET,
        )
    )
    print(
        line(
            "c",
            f"(c) team_view, {info['measured_unit_people']:,}-person unit, 1 round "
            f"({len(view_c.cells)} cells, {int((~view_c.cells['shown']).sum())} hidden)",
            f"< {VIEW_BUDGET_S:g} s",
            med["c"] < VIEW_BUDGET_S,
        )
    )
    if "d" in results:
        print(
            line(
                "d",
                f'(d) team_view + team_workbook("fi") ({len(book):,} bytes)',
                f"< {WORKBOOK_BUDGET_S:g} s",
                med["d"] < WORKBOOK_BUDGET_S,
            )
        )
    else:
        print(
            f"| (d) team_view + team_workbook | not available | | < {WORKBOOK_BUDGET_S:g} s | — |"
        )
    ok_memory = peak < MEMORY_BUDGET_MB
    failed |= not ok_memory
    print(
        f"| peak memory (max RSS) | {peak:,.0f} MB | | < {MEMORY_BUDGET_MB:,.0f} MB | "
        f"{'PASS' if ok_memory else 'FAIL'} |"
    )
    if "d" not in results:
        print(f"\n(d) not available: {missing}")
    engine.dispose()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
