"""The server's side of N sign-ins at once, without browsers or Streamlit (issue 12, point 3).

    .venv/bin/python -m tests.bench.bench_signin_server --people 50 --repeat 3

N threads, as Streamlit's script threads would, each call ``model.signin.with_password`` for a
demo person at one moment (a barrier), then trade the hand-off for a session as
``/merkitys/session/begin`` does (``model.web._begin_session``'s work). Timed per thread: the
moment the hand-off is written and the moment the session begins, from the barrier. Run on a
fresh demo database (SQLite file, and PostgreSQL ``merkitys_bench_signin``, both as in
``tests.bench.bench_signin``), once as the code is and once "without turns": the argon2 checks all
at once and SQLite writers waiting only in SQLite's busy handler (``model.signin._checking`` and
``model.db._one_writer`` replaced for the run), which is how the code was before they came.
Interleaved, and each run on a new database.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import threading
import time
from unittest import mock

from model import db, sessions, signin, timesource
from model.demo import DEMO_PASSWORD
from tests.bench.bench_signin import POSTGRES_URL, demo_people, fresh_database, load_demo


def _at_once(url: str, emails: list[str]) -> dict[str, list[float] | int]:
    engine = db.make_engine(url)
    start = threading.Barrier(len(emails) + 1)
    handed: list[float] = []
    begun: list[float] = []
    failed: list[str] = []
    origin: list[float] = []

    def one(i: int, email: str) -> None:
        device = f"bench-device-{i}"
        start.wait()
        try:
            outcome = signin.with_password(
                engine,
                email=email,
                password=DEMO_PASSWORD,
                source="127.0.0.1",
                device=device,
                now=timesource.now(),
            )
            handed.append(time.perf_counter() - origin[0])
            if not outcome.ok:
                failed.append(f"refused ({outcome})")
                return
            with db.write_session(engine) as session:
                token = sessions.begin(session, device=device, now=timesource.now())
            begun.append(time.perf_counter() - origin[0])
            if token is None:
                failed.append("no session")
        except Exception as error:  # counted, and named in the report
            failed.append(f"{type(error).__name__}: {str(error)[:80]}")

    threads = [threading.Thread(target=one, args=(i, e)) for i, e in enumerate(emails)]
    for t in threads:
        t.start()
    origin.append(time.perf_counter())
    start.wait()
    for t in threads:
        t.join()
    engine.dispose()
    return {"handed": handed, "begun": begun, "errors": len(failed), "why": failed[:3]}


def _no_turn(engine) -> contextlib.AbstractContextManager:
    return contextlib.nullcontext()


@contextlib.contextmanager
def _without_turns():
    with (
        mock.patch.object(signin, "_checking", contextlib.nullcontext()),
        mock.patch.object(db, "_one_writer", _no_turn),
    ):
        yield


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.bench.bench_signin_server")
    p.add_argument("--people", type=int, default=50)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    p.add_argument("--postgres-url", default=POSTGRES_URL)
    args = p.parse_args(argv)
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    variants = {"as is": contextlib.nullcontext, "without turns": _without_turns}
    print(f"{args.people} sign-ins at once in threads, {signin.CHECKS_AT_ONCE} argon2 at a time")
    print()
    print(
        "| database | variant | run | errors | hand-off written: median / max s | "
        "session begun: median / max s |"
    )
    print("|---|---|---:|---:|---:|---:|")
    for run in range(1, args.repeat + 1):
        for kind in kinds:
            for name, variant in variants.items():
                url = fresh_database(kind, args.postgres_url)
                load_demo(url)
                emails, _ = demo_people(url, args.people)
                with variant():
                    r = _at_once(url, emails)
                handed, begun = r["handed"], r["begun"]
                print(
                    f"| {kind} | {name} | {run} | {r['errors']} | "
                    f"{statistics.median(handed):.2f} / {max(handed):.2f} | "
                    + (f"{statistics.median(begun):.2f} / {max(begun):.2f} |" if begun else "— |")
                    + (f" {r['why']}" if r["errors"] else ""),
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
