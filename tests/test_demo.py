"""The demo organisation: deterministic, believable, and with the accounts the demo relies on."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
import time_machine
from sqlalchemy import Engine
from sqlalchemy import types as sa_types
from sqlmodel import Session, SQLModel, col, func, select

from model import timesource
from model.auth import authenticate
from model.db import make_engine
from model.demo import (
    DECLINING_TEAM,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    IMPROVING_TEAM,
    SMALL_TEAM,
    STRONG_BENEFICENCE_TEAM,
    is_empty,
    load_demo,
)
from model.framework import default_framework
from model.tables import (
    Assessment,
    Discussion,
    Note,
    Person,
    Rating,
    RoleGrant,
    Round,
    ShareGrant,
    Unit,
)

# The demo is told relative to the moment it is loaded; these tests load it as on this noon.
DEMO_NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=timesource.zone())
TODAY = DEMO_NOW.date()


def _engine() -> Engine:
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    return engine


def _load(seed: int = 2026, now: dt.datetime = DEMO_NOW) -> tuple[Engine, dict[str, int]]:
    engine = _engine()
    with time_machine.travel(now, tick=False), Session(engine) as session:
        counts = load_demo(session, seed=seed, now=timesource.now())
        session.commit()
    return engine, counts


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[Engine, dict[str, int]]]:
    engine, counts = _load()
    yield engine, counts
    engine.dispose()


@pytest.fixture
def session(demo) -> Iterator[Session]:
    # Services read the clock (audit rows, view windows): it reads as the day the demo was loaded.
    with time_machine.travel(DEMO_NOW, tick=True), Session(demo[0]) as s:
        yield s
        s.rollback()  # authenticate() touches login counters; keep the shared database as loaded


def _fingerprint(engine: Engine) -> tuple:
    with Session(engine) as s:
        emails = tuple(s.exec(select(Person.email).order_by(Person.email)).all())
        ratings = tuple(
            s.exec(
                select(Person.email, Round.name, Rating.field_key, Rating.light, Rating.reason)
                .join(Assessment, col(Assessment.id) == Rating.assessment_id)
                .join(Person, col(Person.id) == Assessment.person_id)
                .join(Round, col(Round.id) == Assessment.round_id)
                .order_by(Person.email, Round.name, Rating.field_key)
            ).all()
        )
        notes = tuple(
            s.exec(
                select(Person.email, Round.name, Note.position, Note.category, Note.text)
                .join(Assessment, col(Assessment.id) == Note.assessment_id)
                .join(Person, col(Person.id) == Assessment.person_id)
                .join(Round, col(Round.id) == Assessment.round_id)
                .order_by(Person.email, Round.name, Note.position)
            ).all()
        )
    return emails, ratings, notes


def _green_share(session: Session, team: str, field_key: str | None, round_name: str) -> float:
    query = (
        select(Rating.light)
        .join(Assessment, col(Assessment.id) == Rating.assessment_id)
        .join(Unit, col(Unit.id) == Assessment.team_id)
        .join(Round, col(Round.id) == Assessment.round_id)
        .where(Unit.name == team, Assessment.status == "submitted", Round.name == round_name)
    )
    if field_key is not None:
        query = query.where(Rating.field_key == field_key)
    lights = session.exec(query).all()
    assert lights, f"no submitted ratings for {team} in {round_name}"
    return sum(light == "green" for light in lights) / len(lights)


def _round_names(session: Session) -> list[str]:
    return list(session.exec(select(Round.name).order_by(Round.opens_on)).all())


def _late_round(session: Session, team: str) -> str:
    """The open round when enough of the team has answered it, else the last closed one."""
    names = _round_names(session)
    answered = session.exec(
        select(func.count())
        .select_from(Assessment)
        .join(Unit, col(Unit.id) == Assessment.team_id)
        .join(Round, col(Round.id) == Assessment.round_id)
        .where(Unit.name == team, Assessment.status == "submitted", Round.name == names[-1])
    ).one()
    return names[-1] if answered >= 4 else names[-2]


def test_same_seed_gives_identical_data_and_another_seed_differs():
    first, second, other = _load(7)[0], _load(7)[0], _load(8)[0]
    assert _fingerprint(first) == _fingerprint(second)
    assert _fingerprint(first) != _fingerprint(other)


def test_counts_are_in_range(demo, session):
    counts = demo[1]
    assert counts["units"] == 3
    assert counts["teams"] == 12
    assert 140 <= counts["people"] <= 160
    assert counts["rounds"] == 6
    assert counts["people"] == len(session.exec(select(Person.id)).all())
    assert counts["assessments"] == len(session.exec(select(Assessment.id)).all())
    assert counts["notes"] == len(session.exec(select(Note.id)).all())
    kinds = session.exec(select(Unit.kind, func.count()).group_by(Unit.kind)).all()
    assert dict(kinds) == {"organisation": 1, "unit": 3, "team": 12}


def test_database_is_empty_only_before_loading(demo, session):
    with Session(_engine()) as fresh:
        assert is_empty(fresh)
    assert not is_empty(session)


def test_rounds_cover_five_past_months_and_the_open_current_one(session):
    rounds = session.exec(select(Round).order_by(Round.opens_on)).all()
    assert [r.opens_on for r in rounds] == [dt.date(2026, m, 1) for m in range(6, 12)]
    assert rounds[0].closes_on == dt.date(2026, 6, 30)
    assert rounds[4].closes_on == dt.date(2026, 10, 31)
    assert rounds[5].closes_on == dt.date(2026, 12, 7)  # today + 14 days beats month end
    assert rounds[5].name == "Kuukausiarvio 2026/11"


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda a: a.email)
def test_named_account_exists_with_its_roles_and_signs_in(session, account):
    person = session.exec(select(Person).where(Person.email == account.email)).one()
    roles = set(session.exec(select(RoleGrant.role).where(RoleGrant.person_id == person.id)))
    assert roles == set(account.roles)
    assert person.language == account.language
    assert person.privacy_ack_at is None
    assert authenticate(session, email=account.email, password=DEMO_PASSWORD) == person.id


def test_every_demo_person_shares_one_password_hash(session):
    hashes = set(session.exec(select(Person.password_hash)).all())
    assert len(hashes) == 1


def test_supervisor_leads_the_team_of_the_demo_employee(session):
    boss = session.exec(select(Person).where(Person.email == "esihenkilo@demo.fi")).one()
    worker = session.exec(select(Person).where(Person.email == "tyontekija@demo.fi")).one()
    grant = session.exec(
        select(RoleGrant).where(RoleGrant.person_id == boss.id, RoleGrant.role == "supervisor")
    ).one()
    assert grant.unit_id == worker.team_id
    team = session.exec(select(Person).where(Person.team_id == worker.team_id)).all()
    assert all(p.supervisor_id == boss.id for p in team if p.id != boss.id)


def test_facilitator_is_scoped_to_two_units(session):
    dev = session.exec(select(Person).where(Person.email == "kehittaja@demo.fi")).one()
    unit_ids = session.exec(
        select(RoleGrant.unit_id).where(
            RoleGrant.person_id == dev.id, RoleGrant.role == "facilitator"
        )
    ).all()
    kinds = {session.get(Unit, uid).kind for uid in unit_ids}
    assert len(unit_ids) == 2
    assert kinds == {"unit"}


def test_admin_has_no_team_and_no_answers(session):
    admin = session.exec(select(Person).where(Person.email == "admin@demo.fi")).one()
    assert admin.team_id is None
    assert not session.exec(select(Assessment).where(Assessment.person_id == admin.id)).all()


def test_other_people_have_unique_ascii_emails_and_acknowledged_privacy(session):
    named = {a.email for a in DEMO_ACCOUNTS}
    others = session.exec(select(Person).where(col(Person.email).not_in(named))).all()
    emails = [p.email for p in others]
    assert len(set(emails)) == len(emails)
    assert all(e.isascii() and e == e.lower() and e.endswith("@demo.fi") for e in emails)
    assert all(p.privacy_ack_at is not None for p in others)
    english = sum(p.language == "en" for p in others) / len(others)
    assert 0.03 <= english <= 0.2


def test_every_team_has_a_supervisor_who_reports_to_a_unit_head(session):
    for team in session.exec(select(Unit).where(Unit.kind == "team")).all():
        grant = session.exec(
            select(RoleGrant).where(RoleGrant.role == "supervisor", RoleGrant.unit_id == team.id)
        ).one()
        boss = session.get(Person, grant.person_id)
        head = session.get(Person, boss.supervisor_id)
        head_grant = session.exec(
            select(RoleGrant).where(RoleGrant.person_id == head.id, RoleGrant.role == "supervisor")
        ).one()
        assert head_grant.unit_id == team.parent_id


def test_one_team_has_exactly_four_people_and_no_named_account(session):
    sizes = dict(
        session.exec(
            select(Unit.name, func.count())
            .join(Person, col(Person.team_id) == Unit.id)
            .group_by(Unit.name)
        ).all()
    )
    assert sizes[SMALL_TEAM] == 4
    assert [name for name, size in sizes.items() if size < 9] == [SMALL_TEAM]
    assert all(size <= 17 for size in sizes.values())
    team_id = session.exec(select(Unit.id).where(Unit.name == SMALL_TEAM)).one()
    named = {a.email for a in DEMO_ACCOUNTS}
    members = session.exec(select(Person.email).where(Person.team_id == team_id)).all()
    assert not named & set(members)


def test_home_care_team_is_strong_in_beneficence_and_weak_in_autonomy(session):
    names = _round_names(session)[:5]
    beneficence = sum(
        _green_share(session, STRONG_BENEFICENCE_TEAM, "beneficence", n) for n in names
    )
    autonomy = sum(_green_share(session, STRONG_BENEFICENCE_TEAM, "autonomy", n) for n in names)
    assert beneficence > autonomy + 1.5  # a gap of 30 points a round on average


def test_improving_team_ends_greener_than_it_started(session):
    names = _round_names(session)
    first = _green_share(session, IMPROVING_TEAM, None, names[0])
    late = _green_share(session, IMPROVING_TEAM, None, _late_round(session, IMPROVING_TEAM))
    assert late > first


def test_declining_team_ends_less_green_than_it_started(session):
    names = _round_names(session)
    first = _green_share(session, DECLINING_TEAM, None, names[0])
    late = _green_share(session, DECLINING_TEAM, None, _late_round(session, DECLINING_TEAM))
    assert late < first


def test_demo_employee_answered_every_past_round_but_not_the_open_one(session):
    worker = session.exec(select(Person).where(Person.email == "tyontekija@demo.fi")).one()
    mine = session.exec(
        select(Assessment, Round)
        .join(Round, col(Round.id) == Assessment.round_id)
        .where(Assessment.person_id == worker.id)
    ).all()
    assert len(mine) == 5
    assert all(a.status == "submitted" for a, _ in mine)
    assert all(r.closes_on < TODAY for _, r in mine)
    assert all(r.opens_on <= a.submitted_at.date() <= r.closes_on for a, r in mine)


def test_answers_are_mostly_given_with_reasons_notes_and_sharing_choices(session):
    assessments = session.exec(select(Assessment)).all()
    submitted = [a for a in assessments if a.status == "submitted"]
    assert any(a.status == "draft" for a in assessments)
    shared = [a for a in submitted if a.sharing == "supervisor"]
    grants = session.exec(select(ShareGrant)).all()
    assert len(grants) == len(shared)
    ratings = session.exec(select(Rating)).all()
    assert len(ratings) == len(default_framework().fields_for({})) * len(assessments)
    with_reason = sum(bool(r.reason) for r in ratings) / len(ratings)
    assert 0.5 <= with_reason <= 0.7
    with_notes = len(set(session.exec(select(Note.assessment_id)).all())) / len(submitted)
    assert 0.3 <= with_notes <= 0.5


def test_demo_discussions_named_accounts_share_nothing_three_colleagues_do(demo):
    from model import discussions
    from model.viewer import load_viewer

    engine, counts = demo
    assert counts["discussion_stories"] == 3
    with time_machine.travel(DEMO_NOW, tick=True), Session(engine) as session:
        named = session.exec(
            select(Assessment.sharing)
            .join(Person, col(Person.id) == Assessment.person_id)
            .where(col(Person.email).in_([a.email for a in DEMO_ACCOUNTS]))
        ).all()
        assert named
        assert set(named) == {"anonymous"}
        boss = session.exec(select(Person).where(Person.email == "esihenkilo@demo.fi")).one()
        viewer = load_viewer(session, boss.id)
        rows = discussions.my_people(session, viewer=viewer, today=TODAY)
        sharing = [r for r in rows if r.shared]
        assert len(sharing) >= 3
        assert "Tiina Tuominen" in {r.name for r in rows if not r.shared}
        story = next(r for r in sharing if r.last_discussion is not None)
        assert (story.open_actions, story.overdue_actions) == (1, 1)
        prep = discussions.prepare(session, viewer=viewer, person_id=story.person_id, today=TODAY)
        assert prep.previous is not None
        assert [a.status for a in prep.actions] == ["in_progress", "done"]
        assert len(prep.agenda) == 1
        session.rollback()


# Month ends, the turn of the year late in the evening, both nights the clocks change in Helsinki
# (2026-03-29 03:00 → 04:00, 2026-10-25 04:00 → 03:00), and just after midnight on the 1st.
AWKWARD_MOMENTS = [
    "2026-01-31T23:59:00+02:00",
    "2026-02-28T12:00:00+02:00",
    "2026-03-29T03:30:00+03:00",
    "2026-10-25T03:30:00+02:00",
    "2026-12-31T23:30:00+02:00",
    "2027-01-01T00:10:00+02:00",
    "2028-02-29T08:00:00+02:00",
]


@pytest.mark.parametrize("moment", AWKWARD_MOMENTS)
def test_demo_lies_in_the_past_and_its_current_round_is_open_whenever_it_is_loaded(moment):
    now = dt.datetime.fromisoformat(moment)
    engine, _ = _load(now=now)
    today = timesource.today(at=now)
    with Session(engine) as s:
        checked = 0
        for table in SQLModel.metadata.sorted_tables:
            for column in table.columns:
                kind = column.type
                kind = kind.impl if isinstance(kind, sa_types.TypeDecorator) else kind
                if not isinstance(kind, sa_types.DateTime):
                    continue
                latest = s.exec(select(func.max(column))).one()
                if latest is not None:
                    checked += 1
                    assert timesource.as_utc(latest) <= now, (table.name, column.name)
        assert checked >= 10  # assessments, grants, actions, updates, audit rows, …
        opened = {r.id: timesource.at_local(r.opens_on, 0) for r in s.exec(select(Round)).all()}
        for a in s.exec(select(Assessment)).all():
            assert timesource.as_utc(a.created_at) >= opened[a.round_id]
        rounds = s.exec(select(Round).order_by(Round.opens_on)).all()
        assert rounds[-1].opens_on <= today <= rounds[-1].closes_on
        assert all(a.closes_on < b.opens_on for a, b in itertools.pairwise(rounds))
        held = s.exec(select(Discussion).where(col(Discussion.recorded_at).is_not(None))).all()
        assert held
        assert all(d.held_on < today for d in held)
    engine.dispose()
