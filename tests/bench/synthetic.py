"""A large synthetic organisation for the benchmarks: units, teams, people, monthly rounds, answers.

Rows go in through SQLAlchemy Core ``insert()`` executemany with explicit ids, round by round, so
11,000 people and ~160,000 assessments load in well under two minutes and memory stays flat.
Everything comes from one ``random.Random(seed)``; only the round dates follow ``today``.
``prepare`` then does what the app would: releases every closed round (team views read releases
only) and gives the admin a password, so that a browser can sign in.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, func, insert, inspect, select
from sqlmodel import col

from model import auth, release, timesource
from model.db import make_engine, migrate, write_session
from model.framework import default_framework
from model.settings import normalise_url
from model.tables import (
    Assessment,
    AssessmentStatus,
    FrameworkVersion,
    Light,
    Note,
    Organisation,
    Person,
    Rating,
    Release,
    Role,
    RoleGrant,
    Round,
    RoundKind,
    RoundScope,
    Sharing,
    Unit,
    UnitKind,
)

# The organisation's name is the marker a run looks for before rebuilding; it holds the
# parameters so that a database built for another size is never mistaken for this one.
ORGANISATION_PREFIX = "Merkitys benchmark"
MEASURED_UNIT_NAME = "Mittausyksikkö"
ADMIN_EMAIL = "admin@mittaus.example"
ADMIN_PASSWORD = "mittaus-salasana-2026"  # only ever in a benchmark database
MEASURED_SHARE = 1 / 11  # 1,000 of 11,000 people: the unit of measurements (c) and (d)
TEAM_SIZES = (5, 30)
SMALL_TEAM_SIZES = (2, 4)  # below the default threshold of five: views must suppress them
SMALL_TEAM_SHARE = 0.03
NOTE_SHARE = 0.10
SHARING_WEIGHTS = {Sharing.anonymous: 88, Sharing.supervisor: 4, Sharing.private: 8}
NOISE_SD = 0.55
RED_BELOW, GREEN_FROM = -0.45, 0.45
CHUNK = 10_000
ROUNDS_PER_TRANSACTION = 6

_NOTE_TEXTS = (
    "Vähemmän päällekkäistä kirjaamista.",
    "Yhteinen palaveri kerran viikossa.",
    "Lisää aikaa perehdytykseen.",
    "Asiakaspalautteet näkyviin koko tiimille.",
    "Karsitaan turhat raportit.",
    "Työvuorot suunnitellaan yhdessä.",
    "Uusi tapa jakaa osaamista tiimien välillä.",
    "Selkeämmät vastuut lomien ajaksi.",
)


@dataclass
class _Member:
    id: int
    propensity: float  # chance of answering a round
    offset: float  # general optimism
    field_offsets: list[float]


@dataclass
class _Team:
    id: int
    unit_id: int
    base: list[float]  # level per field
    slope: list[float]  # change per round, per field
    members: list[_Member] = field(default_factory=list)


def organisation_name(
    *, people: int, teams: int, rounds: int, participation: float, seed: int
) -> str:
    return (
        f"{ORGANISATION_PREFIX} people={people} teams={teams} rounds={rounds} "
        f"participation={participation:g} seed={seed}"
    )


def team_sizes(rng: random.Random, *, total: int, count: int) -> list[int]:
    """``count`` team sizes adding up to ``total``: 5-30 people, a few teams of 2-4."""
    small_count = round(count * SMALL_TEAM_SHARE) if count >= 10 else min(1, count - 1)
    small = [rng.randint(*SMALL_TEAM_SIZES) for _ in range(small_count)]
    rest, normal_count = total - sum(small), count - small_count
    low, high = TEAM_SIZES
    if not normal_count * low <= rest <= normal_count * high:
        raise ValueError(f"{total} people do not fit in {count} teams of {low}-{high}")
    sizes = [rng.randint(low, high) for _ in range(normal_count)]
    while (diff := rest - sum(sizes)) != 0:
        i = rng.randrange(normal_count)
        step = 1 if diff > 0 else -1
        if low <= sizes[i] + step <= high:
            sizes[i] += step
    sizes += small
    rng.shuffle(sizes)
    return sizes


def _split(items: list, parts: int) -> list[list]:
    """``items`` in ``parts`` consecutive slices whose lengths differ by at most one."""
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def _round_dates(today: dt.date, rounds: int) -> list[tuple[dt.date, dt.date]]:
    """Calendar months ending with the last full month before ``today``: all closed."""
    starts = [(today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)]
    while len(starts) < rounds:
        starts.insert(0, (starts[0] - dt.timedelta(days=1)).replace(day=1))
    return [
        (s, (s.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1))
        for s in starts
    ]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


def _light(score: float) -> str:
    if score < RED_BELOW:
        return Light.red
    return Light.yellow if score < GREEN_FROM else Light.green


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(table), rows[start : start + CHUNK])


def _begin(engine: Engine):
    # SQLite writers start IMMEDIATE, as model.db.write_session does.
    return engine.execution_options(sqlite_begin="IMMEDIATE").begin()


def build(
    url: str,
    *,
    people: int = 11_000,
    teams: int = 600,
    rounds: int = 24,
    participation: float = 0.6,
    seed: int = 1,
    units: int = 12,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Migrate the empty database at ``url`` and fill it; returns ids and counts (``describe``)."""
    started = time.perf_counter()
    url = normalise_url(url)
    if units < 2 or teams < units or people < teams:
        raise ValueError("need at least two units, a team per unit and a person per team")
    migrate(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if conn.execute(select(func.count()).select_from(Organisation.__table__)).scalar():
                raise ValueError(f"{engine.url!r} holds an organisation: build needs it empty")
        name = organisation_name(
            people=people, teams=teams, rounds=rounds, participation=participation, seed=seed
        )
        rng = random.Random(seed)
        dates = _round_dates(today or timesource.today(), rounds)
        plan = _insert_structure(
            engine,
            rng,
            name=name,
            people=people,
            teams=teams,
            units=units,
            participation=participation,
            dates=dates,
        )
        _insert_answers(engine, rng, plan, dates)
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                # Explicit ids leave the sequences behind; the app's next insert needs them ahead.
                for table in (
                    "organisation",
                    "frameworkversion",
                    "unit",
                    "person",
                    "round",
                    "assessment",
                ):
                    conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                        f'(SELECT max(id) FROM "{table}"))'
                    )
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                # What autovacuum would do within a minute of a bulk load; planner statistics.
                conn.exec_driver_sql("ANALYZE")
        info = describe(engine, name=name)
    finally:
        engine.dispose()
    assert info is not None
    info["build_seconds"] = round(time.perf_counter() - started, 1)
    return info


@dataclass
class _Plan:
    organisation_id: int
    framework_id: int
    admin_id: int
    fields: list[str]
    categories: list[str]
    levels: list[str]
    teams: list[_Team]
    round_ids: list[int]


def _insert_structure(
    engine: Engine,
    rng: random.Random,
    *,
    name: str,
    people: int,
    teams: int,
    units: int,
    participation: float,
    dates: list[tuple[dt.date, dt.date]],
) -> _Plan:
    """Organisation, framework, unit tree, people, roles and rounds, in one transaction."""
    framework = default_framework()
    fields = [f.key for f in framework.fields_for({})]
    founded = _at(dates[0][0] - dt.timedelta(days=120), 7)
    org_id, fw_id, root_id, admin_id = 1, 1, 1, 1

    unit_rows = [
        {
            "id": root_id,
            "organisation_id": org_id,
            "parent_id": None,
            "kind": UnitKind.organisation,
            "name": name,
        }
    ]
    unit_ids = list(range(root_id + 1, root_id + 1 + units))
    for i, uid in enumerate(unit_ids):
        unit_name = MEASURED_UNIT_NAME if i == 0 else f"Yksikkö {i + 1:02d}"
        unit_rows.append(
            {
                "id": uid,
                "organisation_id": org_id,
                "parent_id": root_id,
                "kind": UnitKind.unit,
                "name": unit_name,
            }
        )

    # The measured unit takes its share of people and of teams; the rest split the remainder.
    measured_people = round(people * MEASURED_SHARE)
    measured_teams = max(1, round(teams * MEASURED_SHARE))
    sizes_measured = team_sizes(rng, total=measured_people, count=measured_teams)
    sizes_rest = team_sizes(rng, total=people - measured_people, count=teams - measured_teams)
    team_units = [unit_ids[0]] * measured_teams + [
        uid
        for uid, chunk in zip(unit_ids[1:], _split(sizes_rest, units - 1), strict=True)
        for _ in chunk
    ]
    unit_effect = {uid: [rng.gauss(0.0, 0.25) for _ in fields] for uid in unit_ids}
    plan_teams: list[_Team] = []
    next_team_id = unit_ids[-1] + 1
    next_person = admin_id + 1
    person_rows = [
        {
            "id": admin_id,
            "email": ADMIN_EMAIL,
            "display_name": "Mittaus Admin",
            "language": "fi",
            "team_id": None,
            "supervisor_id": None,
        }
    ]
    for n, (size, uid) in enumerate(zip(sizes_measured + sizes_rest, team_units, strict=True)):
        team = _Team(
            id=next_team_id,
            unit_id=uid,
            base=[rng.gauss(0.25, 0.45) + e for e in unit_effect[uid]],
            slope=[rng.gauss(0.0, 0.015) for _ in fields],
        )
        next_team_id += 1
        unit_rows.append(
            {
                "id": team.id,
                "organisation_id": org_id,
                "parent_id": uid,
                "kind": UnitKind.team,
                "name": f"Tiimi {n + 1:04d}",
            }
        )
        team_rate = rng.gauss(0.0, 0.1)
        for k in range(size):
            pid = next_person
            next_person += 1
            person_rows.append(
                {
                    "id": pid,
                    "email": f"henkilo{pid:06d}@mittaus.example",
                    "display_name": f"Henkilö {pid}",
                    "language": "en" if rng.random() < 0.1 else "fi",
                    "team_id": team.id,
                    "supervisor_id": team.members[0].id if k else None,
                }
            )
            team.members.append(
                _Member(
                    id=pid,
                    propensity=min(0.98, max(0.02, rng.gauss(participation, 0.18) + team_rate)),
                    offset=rng.gauss(0.0, 0.3),
                    field_offsets=[rng.gauss(0.0, 0.2) for _ in fields],
                )
            )
        plan_teams.append(team)
    for row in person_rows:
        row |= {
            "organisation_id": org_id,
            "password_hash": None,
            "sso_issuer": None,
            "sso_subject": None,
            "failed_logins": 0,
            "locked_until": None,
            "privacy_ack_at": founded + dt.timedelta(days=rng.randint(1, 90), hours=2),
            "active": True,
            "created_at": founded,
        }

    grants = [{"person_id": admin_id, "role": Role.admin, "unit_id": None}]
    for team in plan_teams:
        grants.append(
            {"person_id": team.members[0].id, "role": Role.supervisor, "unit_id": team.id}
        )
        grants += [
            {"person_id": m.id, "role": Role.employee, "unit_id": None} for m in team.members
        ]

    round_ids = list(range(1, len(dates) + 1))
    round_rows = [
        {
            "id": rid,
            "organisation_id": org_id,
            "name": f"Kuukausiarvio {o.year}/{o.month:02d}",
            "kind": RoundKind.reflection,
            "opens_on": o,
            "closes_on": c,
            "framework_id": fw_id,
            "modules": {},
            "created_by": admin_id,
            "created_at": _at(o - dt.timedelta(days=7), 8),
        }
        for rid, (o, c) in zip(round_ids, dates, strict=True)
    ]

    with _begin(engine) as conn:
        conn.execute(
            insert(Organisation.__table__), [{"id": org_id, "name": name, "created_at": founded}]
        )
        conn.execute(
            insert(FrameworkVersion.__table__),
            [
                {
                    "id": fw_id,
                    "key": framework.key,
                    "version": framework.version,
                    "data": framework.model_dump(mode="json"),
                    "created_at": founded,
                }
            ],
        )
        _insert(conn, Unit.__table__, unit_rows)
        _insert(conn, Person.__table__, person_rows)
        _insert(conn, RoleGrant.__table__, grants)
        _insert(conn, Round.__table__, round_rows)
        _insert(
            conn, RoundScope.__table__, [{"round_id": r, "unit_id": root_id} for r in round_ids]
        )
    return _Plan(
        organisation_id=org_id,
        framework_id=fw_id,
        admin_id=admin_id,
        fields=fields,
        categories=[c.key for c in framework.errc.categories],
        levels=[lv.key for lv in framework.errc.levels],
        teams=plan_teams,
        round_ids=round_ids,
    )


def _insert_answers(
    engine: Engine, rng: random.Random, plan: _Plan, dates: list[tuple[dt.date, dt.date]]
) -> None:
    """Assessments, ratings and notes, generated and inserted a few rounds per transaction."""
    sharings, weights = list(SHARING_WEIGHTS), list(SHARING_WEIGHTS.values())
    next_assessment = 1
    for first in range(0, len(plan.round_ids), ROUNDS_PER_TRANSACTION):
        assessments: list[dict[str, Any]] = []
        ratings: list[dict[str, Any]] = []
        notes: list[dict[str, Any]] = []
        for index in range(first, min(first + ROUNDS_PER_TRANSACTION, len(plan.round_ids))):
            rid, (opens, closes) = plan.round_ids[index], dates[index]
            days = (closes - opens).days + 1
            for team in plan.teams:
                for m in team.members:
                    if rng.random() >= m.propensity:
                        continue
                    aid = next_assessment
                    next_assessment += 1
                    saved = _at(
                        opens + dt.timedelta(days=rng.randrange(days)),
                        rng.randint(6, 17),
                        rng.randrange(60),
                    )
                    assessments.append(
                        {
                            "id": aid,
                            "person_id": m.id,
                            "round_id": rid,
                            "team_id": team.id,
                            "status": AssessmentStatus.submitted,
                            "sharing": rng.choices(sharings, weights)[0],
                            "notes_in_pool": rng.random() < 0.85,
                            "created_at": saved - dt.timedelta(minutes=rng.randint(5, 45)),
                            "updated_at": saved,
                            "submitted_at": saved,
                        }
                    )
                    lights: dict[str, str] = {}
                    for i, key in enumerate(plan.fields):
                        score = (
                            team.base[i]
                            + team.slope[i] * index
                            + m.offset
                            + m.field_offsets[i]
                            + rng.gauss(0.0, NOISE_SD)
                        )
                        lights[key] = _light(score)
                        ratings.append(
                            {
                                "assessment_id": aid,
                                "field_key": key,
                                "light": lights[key],
                                "reason": "",
                            }
                        )
                    assessments[-1]["profile"] = release.profile_of(lights, plan.fields)
                    if rng.random() < NOTE_SHARE:
                        for position in range(rng.randint(1, 3)):
                            notes.append(
                                {
                                    "assessment_id": aid,
                                    "category": rng.choice(plan.categories),
                                    "level": rng.choice(plan.levels),
                                    "field_key": rng.choice([None, *plan.fields]),
                                    "text": rng.choice(_NOTE_TEXTS),
                                    "can_influence": rng.random() < 0.5,
                                    "position": position,
                                }
                            )
        with _begin(engine) as conn:
            _insert(conn, Assessment.__table__, assessments)
            _insert(conn, Rating.__table__, ratings)
            _insert(conn, Note.__table__, notes)


def prepare(url: str, *, now: dt.datetime | None = None, again: bool = False) -> dict[str, Any]:
    """Release every closed round of the synthetic organisation and give the admin a password
    (``ADMIN_PASSWORD``); idempotent. ``again`` drops the releases first (their format may have
    changed with the schema). Returns the released round ids and the seconds it took."""
    started = time.perf_counter()
    engine = make_engine(url)
    try:
        info = describe(engine)
        if info is None:
            raise ValueError(f"{engine.url!r} holds no synthetic organisation")
        with write_session(engine) as session:
            if again:  # texts, members and known answers go with them (ON DELETE CASCADE)
                session.exec(
                    delete(Release).where(Release.organisation_id == info["organisation_id"])
                )
            released = release.release_due(
                session, info["organisation_id"], now=now or timesource.now()
            )
            admin = session.get(Person, info["admin_id"])
            if admin.password_hash is None:
                admin.password_hash = auth.hash_password(ADMIN_PASSWORD)
                session.add(admin)
    finally:
        engine.dispose()
    return {"released": released, "seconds": round(time.perf_counter() - started, 1)}


def describe(engine: Engine, *, name: str | None = None) -> dict[str, Any] | None:
    """Ids and counts of the synthetic organisation in the database, or None if there is none.

    With ``name``, only an organisation of exactly that name (so, built with those parameters)
    counts.
    """
    org_name = col(Organisation.name)
    with engine.connect() as conn:
        if not inspect(conn).has_table(Organisation.__tablename__):
            return None
        org = conn.execute(
            select(Organisation.id, org_name).where(
                org_name.startswith(ORGANISATION_PREFIX) if name is None else org_name == name
            )
        ).first()
        if org is None:
            return None
        org_id = org.id

        def count(table, *where) -> int:
            return int(conn.scalar(select(func.count()).select_from(table).where(*where)))

        measured = conn.scalar(
            select(Unit.id).where(Unit.organisation_id == org_id, Unit.name == MEASURED_UNIT_NAME)
        )
        teams = select(Unit.id).where(Unit.organisation_id == org_id, Unit.kind == UnitKind.team)
        measured_teams = select(Unit.id).where(Unit.parent_id == measured)
        sizes = (
            select(func.count().label("size"))
            .where(col(Person.team_id).in_(teams))
            .group_by(Person.team_id)
            .subquery()
        )
        answers = select(Assessment.id).where(
            col(Assessment.round_id).in_(select(Round.id).where(Round.organisation_id == org_id))
        )
        return {
            "organisation_id": org_id,
            "organisation_name": org.name,
            "admin_id": conn.scalar(
                select(Person.id).where(
                    Person.organisation_id == org_id, Person.email == ADMIN_EMAIL
                )
            ),
            "measured_unit_id": measured,
            "latest_round_id": conn.scalar(
                select(Round.id)
                .where(Round.organisation_id == org_id, Round.closes_on < timesource.today())
                .order_by(col(Round.opens_on).desc())
                .limit(1)
            ),
            "units": count(Unit, Unit.organisation_id == org_id, Unit.kind == UnitKind.unit),
            "teams": count(Unit, Unit.organisation_id == org_id, Unit.kind == UnitKind.team),
            "small_teams": count(sizes, sizes.c.size < TEAM_SIZES[0]),
            "people": count(Person, Person.organisation_id == org_id),
            "measured_unit_teams": count(Unit, Unit.parent_id == measured),
            "measured_unit_people": count(Person, col(Person.team_id).in_(measured_teams)),
            "rounds": count(Round, Round.organisation_id == org_id),
            "assessments": count(Assessment, col(Assessment.id).in_(answers)),
            "ratings": count(Rating, col(Rating.assessment_id).in_(answers)),
            "notes": count(Note, col(Note.assessment_id).in_(answers)),
        }


def _main() -> None:
    """``python -m tests.bench.synthetic URL``: build at full size and print the ids."""
    import sys

    print(build(sys.argv[1]))


if __name__ == "__main__":
    _main()
