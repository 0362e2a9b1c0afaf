"""Time the roster import of a 2,000-person municipality against its budget (issue 11, point 7).

    python -m tests.bench.bench_roster [--sqlite-only | --postgres-only] [--repeat 3]

The roster is generated: a director, 8 departments of 4 units each (40 units), 200 teams with
a team leader each, ~1,760 members; everyone but the director has a supervisor in the file; one
in ten speaks English, a few are facilitators. It is imported from CSV bytes, so reading and
validating the file are in every time.

Per database, after a warm-up, ``--repeat`` rounds of A B C D … (interleaved, so that drift hits
all alike), each round into a fresh organisation of the same database (its own e-mail domain):
(1) dry run of the first import: ``check_roster`` + ``plan_roster`` against an organisation that
    holds only its admin (everything is added);
(2) the first import: check + ``apply_roster`` + commit, in one write transaction;
(3) dry run of a yearly update of the same organisation: 50 leave, 50 join, 100 move to another
    team (with a new supervisor), 20 change their name, 10 their language;
(4) the update applied.
Budget: the median of (1) and (2) under 10 s each; (3) and (4) are shown against the same
budget. Also reading the roster as an .xlsx workbook (parse only). Exits 1 when a budget fails.

SQLite is a file under /tmp/merkitys-bench (deleted and migrated afresh at the start);
PostgreSQL a database of its own, ``merkitys_roster_bench`` (created when missing, emptied and
migrated at the start; never the test suite's database).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import make_url
from sqlmodel import select

from model import db, roster, timesource
from model.tables import Organisation, Person, Role, RoleGrant
from tests.bench.run_bench import empty_database, ensure_database, timed

SQLITE_URL = "sqlite:////tmp/merkitys-bench/roster.db"
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/merkitys_roster_bench"
BUDGET_S = 10.0
HEADER = ["sähköposti", "nimi", "yksikkö", "tiimi", "esihenkilön sähköposti", "roolit", "kieli"]

DEPARTMENTS = (
    "Konsernipalvelut",
    "Kasvatus ja opetus",
    "Hyvinvointipalvelut",
    "Kaupunkiympäristö",
    "Kulttuuri ja vapaa-aika",
    "Elinvoima",
    "Tekninen toimi",
    "Ympäristöpalvelut",
)
AREAS = ("Pohjoinen", "Etelä", "Itä", "Länsi")
FIRST = (
    "Aino", "Anna", "Eeva", "Elina", "Hanna", "Heidi", "Johanna", "Kaisa", "Laura", "Minna",
    "Noora", "Päivi", "Riikka", "Sanna", "Tiina", "Antti", "Eero", "Jari", "Juha", "Jukka",
    "Matti", "Mikko", "Pekka", "Sami", "Timo", "Ville", "Grace", "Daniel",
)  # fmt: skip
LAST = (
    "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
    "Koskinen", "Järvinen", "Lehtonen", "Saarinen", "Salminen", "Heinonen", "Niemi", "Kettunen",
    "Pitkänen", "Ahonen", "Turunen", "Lahtinen",
)  # fmt: skip


def _ascii(name: str) -> str:
    return name.lower().translate(str.maketrans("äöå", "aoa"))


def roster_rows(domain: str, people: int = 2_000, teams: int = 200, seed: int = 1) -> list[list]:
    """A municipality's roster: director → department heads → unit heads → team leaders →
    members; e-mails at ``domain`` (unique per organisation, as they are in the database)."""
    rng = random.Random(seed)
    used: set[str] = set()

    def person(unit: str, team: str, boss: str, roles: str, language: str = "fi") -> list:
        while True:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"{_ascii(first)}.{_ascii(last)}{rng.randrange(10_000)}@{domain}"
            if email not in used:
                used.add(email)
                return [email, f"{first} {last}", unit, team, boss, roles, language]

    rows = [person(DEPARTMENTS[0], "", "", "työntekijä, esihenkilö")]
    director = rows[0][0]
    units: list[tuple[str, str]] = []  # (path, head's e-mail)
    for department in DEPARTMENTS:
        head = person(department, "", director, "työntekijä, esihenkilö")
        rows.append(head)
        for area in AREAS:
            path = f"{department} / {department} {area}"
            unit_head = person(path, "", head[0], "työntekijä, esihenkilö")
            rows.append(unit_head)
            units.append((path, unit_head[0]))
    leaders: list[tuple[str, str, str]] = []  # (unit path, team, leader's e-mail)
    for number in range(teams):
        path, unit_head = units[number % len(units)]
        team = f"Tiimi {number + 1:03d}"
        leader = person(path, team, unit_head, "työntekijä, esihenkilö")
        rows.append(leader)
        leaders.append((path, team, leader[0]))
    while len(rows) < people:
        path, team, leader = leaders[len(rows) % len(leaders)]
        roles = "työntekijä, kehittäjä" if rng.random() < 0.01 else "työntekijä"
        rows.append(person(path, team, leader, roles, "en" if rng.random() < 0.1 else "fi"))
    return rows


def yearly_update(rows: list[list], domain: str, seed: int = 2) -> list[list]:
    """The same roster a year later: 50 leave, 50 join, 100 move, 20 renamed, 10 new language."""
    rng = random.Random(seed)
    rows = [list(r) for r in rows]
    supervisors = {r[4] for r in rows if r[4]}
    members = [r for r in rows if r[0] not in supervisors and r[3]]
    leaving = {r[0] for r in rng.sample(members, 50)}
    rows = [r for r in rows if r[0] not in leaving]
    members = [r for r in rows if r[0] not in supervisors and r[3]]
    leaders = [(r[2], r[3], r[0]) for r in rows if r[0] in supervisors and r[3]]
    for r in rng.sample(members, 100):
        r[2], r[3], r[4] = rng.choice([t for t in leaders if t[1] != r[3]])
    for r in rng.sample(members, 20):
        r[1] = f"{r[1]}-{rng.choice(LAST)}"
    for r in rng.sample(members, 10):
        r[6] = "en" if r[6] == "fi" else "fi"
    for number in range(50):
        path, team, leader = rng.choice(leaders)
        rows.append(
            [f"uusi.{number}@{domain}", f"Uusi Tulokas {number}", path, team, leader, "", ""]
        )
    return rows


def csv_of(rows: list[list]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_of(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def prepare(url: str) -> None:
    """An empty, migrated database."""
    ensure_database(url)
    empty_database(url)
    db.migrate(url)


def new_organisation(engine, number: int) -> tuple[int, int]:
    with db.write_session(engine) as s:
        org = Organisation(name=f"Benchkunta {number}")
        s.add(org)
        s.flush()
        admin = Person(
            organisation_id=org.id, email=f"admin@kunta{number}.fi", display_name="Admin"
        )
        s.add(admin)
        s.flush()
        s.add(RoleGrant(person_id=admin.id, role=Role.admin))
    return org.id, admin.id


def dry_run(engine, org_id: int, admin_id: int, data: bytes) -> roster.Plan:
    with db.read_session(engine) as s:
        report = roster.check_roster(s, org_id, data, "roster.csv")
        assert report.ok, roster.report_lines(report, "en")[:5]
        return roster.plan_roster(s, org_id, report, actor_id=admin_id)


def apply(engine, org_id: int, admin_id: int, data: bytes) -> roster.Applied:
    with db.write_session(engine) as s:
        report = roster.check_roster(s, org_id, data, "roster.csv")
        assert report.ok, roster.report_lines(report, "en")[:5]
        return roster.apply_roster(s, org_id, report, actor_id=admin_id, now=timesource.now())


@dataclass
class Row:
    label: str
    times: list[float]
    budget: float | None = None

    @property
    def ok(self) -> bool | None:
        return None if self.budget is None else statistics.median(self.times) < self.budget


def measure(url: str, repeat: int) -> tuple[list[Row], dict[str, Any]]:
    prepare(url)
    engine = db.make_engine(url)
    times: dict[str, list[float]] = {k: [] for k in ("dry", "apply", "dry2", "apply2")}
    seen: dict[str, Any] = {}
    try:
        for run in range(repeat + 1):  # the first is a warm-up
            org_id, admin_id = new_organisation(engine, run)
            domain = f"kunta{run}.fi"
            rows = roster_rows(domain)
            first, update = csv_of(rows), csv_of(yearly_update(rows, domain))
            steps: dict[str, Callable[[], Any]] = {
                "dry": lambda: dry_run(engine, org_id, admin_id, first),  # noqa: B023
                "apply": lambda: apply(engine, org_id, admin_id, first),  # noqa: B023
                "dry2": lambda: dry_run(engine, org_id, admin_id, update),  # noqa: B023
                "apply2": lambda: apply(engine, org_id, admin_id, update),  # noqa: B023
            }
            for key, step in steps.items():
                seconds, seen[key] = timed(step)
                if run:
                    times[key].append(seconds)
        xlsx = xlsx_of(roster_rows("kunta-x.fi"))
        parse_times = []
        for _ in range(repeat):
            seconds, table = timed(lambda: roster.parse(xlsx, "roster.xlsx"))
            assert not table.issues
            assert len(table.rows) == 2_000
            parse_times.append(seconds)
        with db.read_session(engine) as s:
            people = len(s.exec(select(Person.id)).all())
    finally:
        engine.dispose()
    plan, applied, plan2, applied2 = seen["dry"], seen["apply"], seen["dry2"], seen["apply2"]
    assert applied.added == 2_000
    assert not plan.changed
    assert (applied2.added, applied2.retired) == (50, 50)
    units, teams = len(plan.units), len(plan.teams)
    rows = [
        Row(
            f"(1) dry run, first import: {len(plan.added):,} to add, {units} units, {teams} teams",
            times["dry"],
            BUDGET_S,
        ),
        Row("(2) first import applied (check + apply + commit)", times["apply"], BUDGET_S),
        Row(
            f"(3) dry run, yearly update: {len(plan2.added)} to add, {len(plan2.changed)} to "
            f"change, {len(plan2.retired)} to retire",
            times["dry2"],
            BUDGET_S,
        ),
        Row("(4) yearly update applied", times["apply2"], BUDGET_S),
        Row(
            f"(x) reading the roster as .xlsx ({len(xlsx) / 1e3:,.0f} kB), parse only", parse_times
        ),
    ]
    return rows, {"people in the database at the end": people}


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def report(url: str, rows: list[Row], extra: dict[str, Any], repeat: int, started: float) -> bool:
    name = make_url(url).get_backend_name()
    print()
    print(
        f"**{name}**, medians of {repeat} interleaved runs after a warm-up; measured in "
        f"{time.perf_counter() - started:,.0f} s, load average {os.getloadavg()[0]:.1f} "
        f"({os.cpu_count()} cores); " + ", ".join(f"{k} {v:,}" for k, v in extra.items())
    )
    print()
    print("| measurement | median | min | max | budget | result |")
    print("|---|---:|---:|---:|---|---|")
    ok = True
    for row in rows:
        verdict = "—" if row.ok is None else ("PASS" if row.ok else "FAIL")
        ok &= row.ok is not False
        budget = "—" if row.budget is None else f"< {row.budget:g} s"
        print(
            f"| {row.label} | {_fmt(statistics.median(row.times))} | {_fmt(min(row.times))} "
            f"| {_fmt(max(row.times))} | {budget} | {verdict} |"
        )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_roster", description=__doc__)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--sqlite-only", action="store_true")
    which.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--sqlite-url", default=SQLITE_URL)
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs after one warm-up")
    args = parser.parse_args(argv)
    urls = []
    if not args.postgres_only:
        path = Path(make_url(args.sqlite_url).database or "")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        urls.append(args.sqlite_url)
    if not args.sqlite_only:
        urls.append(args.postgres_url)
    ok = True
    for url in urls:
        started = time.perf_counter()
        try:
            rows, extra = measure(url, args.repeat)
        except Exception as exc:  # a database that cannot be reached fails its budget
            print(f"\n**{make_url(url).get_backend_name()}**: {type(exc).__name__}: {exc}")
            ok = False
            continue
        ok &= report(url, rows, extra, args.repeat, started)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
