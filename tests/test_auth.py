"""Local accounts: argon2id, one answer for an unknown address and a wrong password (throttling
is tests/test_throttle.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from model import auth
from tests.factories import add_person, make_org

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
    found = auth.authenticate(session, email="  AINO@test.fi ", password="oikea-salasana")
    assert found == person.person_id


def test_unknown_user_and_wrong_password_look_the_same(session, person):
    assert auth.authenticate(session, email="ei@ole.fi", password="x" * 12) is None
    assert auth.authenticate(session, email="aino@test.fi", password="x" * 12) is None
