"""Local sign-in: argon2id, generic failure, pause after repeated failures."""

from __future__ import annotations

import datetime as dt

import pytest

from model import auth
from model.tables import Person
from tests.factories import add_person, make_org

ENV = {"MERKITYS_LOGIN_MAX_FAILURES": "3", "MERKITYS_LOGIN_PAUSE_SECONDS": "60"}
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def person(session):
    org = make_org(session)
    v = add_person(
        session,
        org.organisation_id,
        org.team_id,
        "aino@test.fi",
        password_hash=auth.hash_password("oikea-salasana"),
    )
    session.commit()
    return v


def test_hash_is_argon2id():
    assert auth.hash_password("pitkä-salasana").startswith("$argon2id$")


def test_short_password_is_refused():
    with pytest.raises(ValueError, match="at least"):
        auth.hash_password("lyhyt")


def test_right_password_signs_in_with_any_case_and_spaces(session, person):
    found = auth.authenticate(session, email="  AINO@test.fi ", password="oikea-salasana", now=NOW)
    assert found == person.person_id


def test_unknown_user_and_wrong_password_look_the_same(session, person):
    assert auth.authenticate(session, email="ei@ole.fi", password="x" * 12, now=NOW) is None
    assert auth.authenticate(session, email="aino@test.fi", password="x" * 12, now=NOW) is None


def test_repeated_failures_pause_the_account_even_for_the_right_password(session, person):
    for _ in range(3):
        auth.authenticate(
            session, email="aino@test.fi", password="väärä-salasana", now=NOW, env=ENV
        )
    locked = auth.authenticate(
        session,
        email="aino@test.fi",
        password="oikea-salasana",
        now=NOW + dt.timedelta(seconds=30),
        env=ENV,
    )
    assert locked is None
    later = auth.authenticate(
        session,
        email="aino@test.fi",
        password="oikea-salasana",
        now=NOW + dt.timedelta(seconds=61),
        env=ENV,
    )
    assert later == person.person_id
    assert session.get(Person, person.person_id).failed_logins == 0


def test_failure_delay_grows_and_is_capped():
    delays = [auth.failure_delay(n) for n in range(0, 8)]
    assert delays[:3] == [0.0, 0.5, 1.0]
    assert max(delays) == 8.0
