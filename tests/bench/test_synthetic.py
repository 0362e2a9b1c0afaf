"""The benchmark's synthetic organisation, built small: right shape, deterministic, usable."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from model import auth, timesource
from model.db import make_engine
from model.tables import Assessment, Person, Rating, Release, RoleGrant, Round, Unit, UnitKind
from model.teamview import team_view
from model.viewer import load_viewer
from tests.bench import synthetic

SMALL = {"people": 330, "teams": 22, "rounds": 3, "units": 4, "seed": 7}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[str, dict]:
    url = f"sqlite:///{tmp_path_factory.mktemp('bench') / 'small.db'}"
    return url, synthetic.build(url, **SMALL)


@pytest.fixture
def engine(built) -> Engine:
    eng = make_engine(built[0])
    yield eng
    eng.dispose()


def test_team_sizes_add_up_within_bounds_with_a_few_small_teams():
    sizes = synthetic.team_sizes(random.Random(1), total=10_000, count=545)
    assert sum(sizes) == 10_000
    assert len(sizes) == 545
    assert all(2 <= s <= 30 for s in sizes)
    assert 5 <= sum(s < 5 for s in sizes) <= 30


def test_team_sizes_refuse_people_that_cannot_fit():
    with pytest.raises(ValueError, match="do not fit"):
        synthetic.team_sizes(random.Random(1), total=10_000, count=100)


def test_build_makes_the_requested_organisation(built):
    _, info = built
    assert info["people"] == SMALL["people"] + 1  # and the admin
    assert info["units"] == SMALL["units"]
    assert info["teams"] == SMALL["teams"]
    assert info["rounds"] == SMALL["rounds"]
    assert info["measured_unit_people"] == 30  # one eleventh
    assert info["small_teams"] >= 1
    assert info["ratings"] == 4 * info["assessments"]
    participation = info["assessments"] / (SMALL["people"] * SMALL["rounds"])
    assert 0.45 < participation < 0.75
    assert info["notes"] > 0


def test_the_measured_round_is_the_latest_and_closed(built, engine):
    _, info = built
    with Session(engine) as s:
        rounds = s.exec(select(Round).order_by(Round.opens_on)).scalars().all()
    assert rounds[-1].id == info["latest_round_id"]
    assert rounds[-1].closes_on < timesource.today()
    assert all(a.closes_on < b.opens_on for a, b in zip(rounds, rounds[1:], strict=False))


def test_people_have_a_team_and_the_admin_the_admin_role(built, engine):
    _, info = built
    with Session(engine) as s:
        teamless = s.exec(select(Person.id).where(col(Person.team_id).is_(None))).all()
        roles = s.exec(select(RoleGrant.role).where(RoleGrant.person_id == info["admin_id"]))
        team_kinds = s.exec(
            select(Unit.kind).where(col(Unit.id).in_(select(Person.team_id).distinct()))
        ).all()
        answer = s.get(Assessment, 1)
        author = s.get(Person, answer.person_id)
    assert [tuple(r) for r in teamless] == [(info["admin_id"],)]
    assert roles.scalars().all() == ["admin"]
    assert {k for (k,) in team_kinds} == {UnitKind.team}
    assert answer.submitted_at.tzinfo is not None
    assert answer.team_id == author.team_id


def test_ratings_differ_between_teams(built, engine):
    # Team-level structure: the share of green differs clearly between teams.
    with engine.connect() as conn:
        rows = conn.execute(
            select(Assessment.team_id, Rating.light, func.count())
            .join(Rating, col(Rating.assessment_id) == Assessment.id)
            .group_by(Assessment.team_id, Rating.light)
        ).all()
    totals, greens = Counter(), Counter()
    for team, light, n in rows:
        totals[team] += n
        greens[team] += n if light == "green" else 0
    shares = [greens[t] / totals[t] for t in totals if totals[t] >= 40]
    assert max(shares) - min(shares) > 0.2


def test_build_is_deterministic_for_a_seed(built, tmp_path):
    url = f"sqlite:///{tmp_path / 'again.db'}"
    again = synthetic.build(url, **SMALL)
    assert {k: v for k, v in again.items() if k != "build_seconds"} == {
        k: v for k, v in built[1].items() if k != "build_seconds"
    }


def test_build_refuses_a_database_that_is_not_empty(built):
    with pytest.raises(ValueError, match="empty"):
        synthetic.build(built[0], **SMALL)


def test_describe_finds_the_organisation_only_under_its_parameters(built, engine):
    assert synthetic.describe(engine) == {k: v for k, v in built[1].items() if k != "build_seconds"}
    other = synthetic.organisation_name(
        people=1, teams=1, rounds=1, participation=0.5, seed=SMALL["seed"]
    )
    assert synthetic.describe(engine, name=other) is None


def test_prepare_releases_every_closed_round_once_and_lets_the_admin_sign_in(built, engine):
    url, info = built
    first = synthetic.prepare(url)
    again = synthetic.prepare(url)
    with Session(engine) as s:
        released = s.exec(select(Release.round_id).order_by(Release.round_id)).scalars().all()
        signed_in = auth.authenticate(
            s, email=synthetic.ADMIN_EMAIL, password=synthetic.ADMIN_PASSWORD
        )
    assert sorted(first["released"]) == released == list(range(1, SMALL["rounds"] + 1))
    assert again["released"] == []
    assert signed_in == info["admin_id"]


def test_the_measured_unit_view_hides_something(built, engine):
    url, info = built
    synthetic.prepare(url)
    with Session(engine) as s:
        viewer = load_viewer(s, info["admin_id"])
        view = team_view(
            s,
            viewer=viewer,
            unit_id=info["measured_unit_id"],
            round_id=info["latest_round_id"],
            today=timesource.today(),
            rng=random.Random(0),
        )
    assert view.released
    assert view.shown("unit")
    assert not view.cells["shown"].all()
