"""Server-side sessions (TRUST 31, issue 12 point 2): ``model.sessions``.

A session token is random and only its SHA-256 is stored; a hand-off is bound to the browser's
device cookie, used once and short; a session ends when revoked, past its lifetime, idle too long
or when its person is retired; a new password and retirement end every session of the person.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import datetime as dt
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import select

from model import accounts, auth, db, i18n, people, sessions, timesource
from model.tables import KnownDevice, Person, RoleGrant, SignInHandoff, SignInSession, Unit
from model.viewer import Viewer, load_viewer, same_access
from tests.apptest_helpers import TEST_COOKIES, person_id, signed_in, widget
from tests.factories import add_person, make_org
from tests.test_pages import texts

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
DEVICE = "device-cookie-of-aino"
OTHER_DEVICE = "device-cookie-of-someone-else"
NEW_PASSWORD = "kolme karhua metsässä"


@pytest.fixture
def org(session):
    return make_org(session)


@pytest.fixture
def aino(session, org) -> int:
    v = add_person(session, org.organisation_id, org.team_id, "aino@test.fi")
    session.commit()
    return v.person_id


@pytest.fixture
def admin(session, org):
    v = add_person(session, org.organisation_id, None, "admin@test.fi", roles=("admin",))
    session.commit()
    return v


def _start(session, person_id: int, now: dt.datetime = NOW, env=None) -> str:
    token = sessions.start(session, person_id=person_id, method="password", now=now, env=env)
    session.commit()
    return token


def _rows(session, table):
    session.expire_all()
    return session.exec(select(table)).all()


# Tokens --------------------------------------------------------------------------------------


def test_tokens_are_random_and_long():
    tokens = {sessions.new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(t) >= 43 for t in tokens)  # 32 random bytes, URL-safe base64


def test_the_table_holds_only_the_hash_of_the_token(session, aino):
    token = _start(session, aino)
    (row,) = _rows(session, SignInSession)
    assert row.token_hash == sessions.digest(token)
    assert token not in row.token_hash
    # Nowhere in the row, in any column.
    assert all(token not in str(value) for value in row.model_dump().values())


def test_two_sessions_of_one_person_have_different_tokens(session, aino):
    assert _start(session, aino) != _start(session, aino)
    assert len({r.token_hash for r in _rows(session, SignInSession)}) == 2


def test_unknown_method_is_refused(session, aino):
    with pytest.raises(ValueError, match="method"):
        sessions.start(session, person_id=aino, method="magic", now=NOW)


# Hand-offs -----------------------------------------------------------------------------------


def test_hand_off_stores_only_the_hash_of_the_device_cookie(session, aino):
    sessions.hand_off(session, device=DEVICE, person_id=aino, method="password", now=NOW)
    session.commit()
    (row,) = _rows(session, SignInHandoff)
    assert row.device_hash == sessions.digest(DEVICE)
    assert all(DEVICE not in str(value) for value in row.model_dump().values())


def test_hand_off_needs_a_device_cookie(session, aino):
    with pytest.raises(ValueError, match="device cookie"):
        sessions.hand_off(session, device="", person_id=aino, method="password", now=NOW)


def test_hand_off_is_collected_by_its_own_device_once(session, aino):
    sessions.hand_off(session, device=DEVICE, person_id=aino, method="password", now=NOW)
    session.commit()
    token = sessions.begin(session, device=DEVICE, now=NOW + dt.timedelta(seconds=1))
    session.commit()
    assert token is not None
    row = sessions.resolve(session, token, now=NOW + dt.timedelta(seconds=2))
    assert row is not None
    assert row.person_id == aino
    assert row.method == "password"
    # Used up: the same browser cannot collect a second session.
    assert sessions.begin(session, device=DEVICE, now=NOW + dt.timedelta(seconds=3)) is None
    assert _rows(session, SignInHandoff) == []


def test_hand_off_is_not_collected_by_another_device(session, aino):
    sessions.hand_off(session, device=DEVICE, person_id=aino, method="password", now=NOW)
    session.commit()
    assert sessions.begin(session, device=OTHER_DEVICE, now=NOW) is None
    assert sessions.begin(session, device=None, now=NOW) is None
    assert sessions.begin(session, device="", now=NOW) is None
    session.commit()
    # The rightful browser still can.
    assert sessions.begin(session, device=DEVICE, now=NOW) is not None


def test_hand_off_expires_after_handoff_seconds(session, aino):
    sessions.hand_off(session, device=DEVICE, person_id=aino, method="password", now=NOW)
    session.commit()
    late = NOW + dt.timedelta(seconds=sessions.HANDOFF_SECONDS)
    assert sessions.begin(session, device=DEVICE, now=late) is None


def test_hand_off_is_collected_just_before_it_expires(session, aino):
    sessions.hand_off(session, device=DEVICE, person_id=aino, method="link", now=NOW)
    session.commit()
    almost = NOW + dt.timedelta(seconds=sessions.HANDOFF_SECONDS - 1)
    token = sessions.begin(session, device=DEVICE, now=almost)
    assert token is not None
    assert sessions.resolve(session, token, now=almost).method == "link"


def test_a_newer_hand_off_replaces_the_older_one_of_the_same_device(session, org, aino):
    other = add_person(session, org.organisation_id, org.team_id, "ville@test.fi").person_id
    sessions.hand_off(session, device=DEVICE, person_id=aino, method="password", now=NOW)
    sessions.hand_off(session, device=DEVICE, person_id=other, method="password", now=NOW)
    session.commit()
    assert len(_rows(session, SignInHandoff)) == 1
    token = sessions.begin(session, device=DEVICE, now=NOW)
    assert sessions.resolve(session, token, now=NOW).person_id == other


def test_begin_refuses_a_retired_person(session, aino):
    sessions.hand_off(session, device=DEVICE, person_id=aino, method="password", now=NOW)
    person = session.get(Person, aino)
    person.active = False
    session.add(person)
    session.commit()
    assert sessions.begin(session, device=DEVICE, now=NOW) is None
    assert _rows(session, SignInSession) == []


def test_begin_after_retiring_through_people_finds_no_hand_off(session, aino, admin):
    sessions.hand_off(session, device=DEVICE, person_id=aino, method="password", now=NOW)
    session.commit()
    people.retire_person(session, viewer=admin, person_id=aino, now=NOW)
    session.commit()
    assert sessions.begin(session, device=DEVICE, now=NOW) is None


def test_begin_uses_the_session_lifetime_from_env(session, aino):
    sessions.hand_off(session, device=DEVICE, person_id=aino, method="password", now=NOW)
    session.commit()
    env = {"MERKITYS_SESSION_HOURS": "2"}
    sessions.begin(session, device=DEVICE, now=NOW, env=env)
    session.commit()
    (row,) = _rows(session, SignInSession)
    assert row.expires_at == NOW + dt.timedelta(hours=2)


# Resolving -----------------------------------------------------------------------------------


def test_resolve_finds_the_live_session(session, aino):
    token = _start(session, aino)
    row = sessions.resolve(session, token, now=NOW + dt.timedelta(minutes=1))
    assert row is not None
    assert row.person_id == aino


@pytest.mark.parametrize("token", [None, "", "x", "a" * 43, "a" * 5000])
def test_resolve_refuses_missing_unknown_and_oversized_tokens(session, aino, token):
    _start(session, aino)
    assert sessions.resolve(session, token, now=NOW) is None


def test_resolve_does_not_accept_the_stored_hash_as_a_token(session, aino):
    token = _start(session, aino)
    assert sessions.resolve(session, sessions.digest(token), now=NOW) is None


def test_resolve_refuses_a_revoked_session(session, aino):
    token = _start(session, aino)
    assert sessions.revoke(session, token, now=NOW) is True
    session.commit()
    assert sessions.resolve(session, token, now=NOW) is None
    # A second revoke finds nothing live.
    assert sessions.revoke(session, token, now=NOW) is False
    assert sessions.revoke(session, None, now=NOW) is False


def test_revoke_ends_only_that_session(session, aino):
    first, second = _start(session, aino), _start(session, aino)
    sessions.revoke(session, first, now=NOW)
    session.commit()
    assert sessions.resolve(session, first, now=NOW) is None
    assert sessions.resolve(session, second, now=NOW) is not None


def test_resolve_refuses_a_session_past_its_lifetime_however_much_it_is_used(session, aino):
    env = {"MERKITYS_SESSION_HOURS": "3", "MERKITYS_SESSION_IDLE_MINUTES": "60"}
    token = _start(session, aino, env=env)
    moment = NOW
    # Used every 20 minutes (touched whenever due): never idle, but the lifetime ends it.
    while moment < NOW + dt.timedelta(hours=3) - dt.timedelta(minutes=20):
        moment += dt.timedelta(minutes=20)
        row = sessions.resolve(session, token, now=moment, env=env)
        assert row is not None, moment
        if sessions.needs_touch(row, moment):
            sessions.touch(session, row.id, moment)
            session.commit()
    assert sessions.resolve(session, token, now=NOW + dt.timedelta(hours=3), env=env) is None


@pytest.mark.parametrize("idle_minutes", [30, 480])
def test_resolve_refuses_a_session_idle_past_the_limit(session, aino, idle_minutes):
    env = {"MERKITYS_SESSION_IDLE_MINUTES": str(idle_minutes)}
    token = _start(session, aino, env=env)
    just_before = NOW + dt.timedelta(minutes=idle_minutes) - dt.timedelta(seconds=1)
    assert sessions.resolve(session, token, now=just_before, env=env) is not None
    at_limit = NOW + dt.timedelta(minutes=idle_minutes)
    assert sessions.resolve(session, token, now=at_limit, env=env) is None
    # The default limit (480 minutes) applies without env: 30 minutes idle is fine then.
    if idle_minutes == 30:
        assert sessions.resolve(session, token, now=at_limit) is not None


def test_use_keeps_a_session_alive_past_the_idle_limit(session, aino):
    env = {"MERKITYS_SESSION_IDLE_MINUTES": "30"}
    token = _start(session, aino, env=env)
    moment = NOW
    for _ in range(12):  # two hours, a click every ten minutes
        moment += dt.timedelta(minutes=10)
        row = sessions.resolve(session, token, now=moment, env=env)
        assert row is not None, moment
        if sessions.needs_touch(row, moment):
            sessions.touch(session, row.id, moment)
            session.commit()


def test_resolve_refuses_a_retired_person(session, aino):
    token = _start(session, aino)
    person = session.get(Person, aino)
    person.active = False
    session.add(person)
    session.commit()
    assert sessions.resolve(session, token, now=NOW) is None


# Touching ------------------------------------------------------------------------------------


def test_touch_is_due_at_most_every_touch_every(session, aino):
    token = _start(session, aino)
    row = sessions.resolve(session, token, now=NOW)
    assert not sessions.needs_touch(row, NOW)
    assert not sessions.needs_touch(row, NOW + sessions.TOUCH_EVERY - dt.timedelta(seconds=1))
    assert sessions.needs_touch(row, NOW + sessions.TOUCH_EVERY)


def test_touch_moves_the_idle_clock(session, aino):
    token = _start(session, aino)
    later = NOW + sessions.TOUCH_EVERY
    row = sessions.resolve(session, token, now=later)
    sessions.touch(session, row.id, later)
    session.commit()
    (stored,) = _rows(session, SignInSession)
    assert stored.last_seen_at == later
    assert not sessions.needs_touch(stored, later + dt.timedelta(minutes=1))


def test_touch_does_not_revive_a_revoked_session(session, aino):
    token = _start(session, aino)
    row = sessions.resolve(session, token, now=NOW)
    sessions.revoke(session, token, now=NOW)
    sessions.touch(session, row.id, NOW + dt.timedelta(minutes=10))
    session.commit()
    (stored,) = _rows(session, SignInSession)
    assert stored.last_seen_at == NOW
    assert sessions.resolve(session, token, now=NOW + dt.timedelta(minutes=11)) is None


def test_idle_limit_shorter_than_touch_every_keeps_an_active_session(session, aino):
    """Found by attacking it (fixed): with ``MERKITYS_SESSION_IDLE_MINUTES`` below
    ``TOUCH_EVERY`` (5 min), a person clicking every minute was signed out after the idle
    limit, as ``needs_touch`` never wrote ``last_seen_at`` in time. The setting accepts any
    number (e.g. 3 for a kiosk)."""
    env = {"MERKITYS_SESSION_IDLE_MINUTES": "3"}
    token = _start(session, aino, env=env)
    moment = NOW
    for _ in range(10):  # a click every minute
        moment += dt.timedelta(minutes=1)
        row = sessions.resolve(session, token, now=moment, env=env)
        assert row is not None, f"signed out after {moment - NOW} of use"
        if sessions.needs_touch(row, moment, env):
            sessions.touch(session, row.id, moment)
            session.commit()


# Revoking every session ----------------------------------------------------------------------


def _issue_token(session, admin, person_id: int) -> str:
    link = accounts.issue_link(
        session, viewer=admin, person_id=person_id, now=NOW, base_url="http://x"
    )
    session.commit()
    return parse_qs(urlsplit(link).query)["token"][0]


def test_revoke_all_ends_every_session_of_one_person_only(session, org, aino):
    other = add_person(session, org.organisation_id, org.team_id, "ville@test.fi").person_id
    session.commit()
    mine = [_start(session, aino) for _ in range(3)]
    theirs = _start(session, other)
    sessions.hand_off(session, device=DEVICE, person_id=aino, method="password", now=NOW)
    session.commit()
    assert sessions.revoke_all(session, aino, now=NOW) == 3
    session.commit()
    assert all(sessions.resolve(session, t, now=NOW) is None for t in mine)
    assert sessions.resolve(session, theirs, now=NOW) is not None
    assert sessions.begin(session, device=DEVICE, now=NOW) is None  # the hand-off went too


def test_a_new_password_through_a_link_ends_every_session(session, aino, admin):
    tokens = [_start(session, aino) for _ in range(2)]
    sessions.hand_off(session, device=DEVICE, person_id=aino, method="password", now=NOW)
    session.commit()
    link = _issue_token(session, admin, aino)
    later = NOW + dt.timedelta(minutes=1)
    # The two steps the set-password page takes (argon2 in the read step).
    new = accounts.prepare_password(session, token=link, password=NEW_PASSWORD, now=later)
    accounts.store_password(session, new, now=later)
    session.commit()
    assert all(sessions.resolve(session, t, now=later) is None for t in tokens)
    assert sessions.begin(session, device=DEVICE, now=later) is None
    assert auth.verify(session.get(Person, aino).password_hash, NEW_PASSWORD)


def test_a_new_password_in_one_step_ends_every_session(session, aino, admin):
    token = _start(session, aino)
    link = _issue_token(session, admin, aino)
    accounts.set_password_with_token(session, token=link, password=NEW_PASSWORD, now=NOW)
    session.commit()
    assert sessions.resolve(session, token, now=NOW) is None


def test_retiring_ends_every_session_and_reactivating_does_not_revive_them(session, aino, admin):
    tokens = [_start(session, aino) for _ in range(2)]
    people.retire_person(session, viewer=admin, person_id=aino, now=NOW)
    session.commit()
    assert all(r.revoked_at is not None for r in _rows(session, SignInSession))
    assert all(sessions.resolve(session, t, now=NOW) is None for t in tokens)
    people.reactivate_person(session, viewer=admin, person_id=aino, now=NOW)
    session.commit()
    assert session.get(Person, aino).active
    assert all(sessions.resolve(session, t, now=NOW) is None for t in tokens)


def test_a_retired_admin_session_is_refused_at_once(session, org, admin):
    token = _start(session, admin.person_id)
    other = add_person(session, org.organisation_id, None, "admin2@test.fi", roles=("admin",))
    session.commit()
    people.retire_person(session, viewer=other, person_id=admin.person_id, now=NOW)
    session.commit()
    assert sessions.resolve(session, token, now=NOW) is None
    assert load_viewer(session, other.person_id) is not None


# Purging -------------------------------------------------------------------------------------


def test_purge_keeps_live_sessions_and_drops_dead_ones_a_day_after(session, aino):
    env = {"MERKITYS_SESSION_HOURS": "10", "MERKITYS_SESSION_IDLE_MINUTES": "60"}
    live = _start(session, aino, env=env)
    revoked = _start(session, aino, env=env)
    sessions.revoke(session, revoked, now=NOW)
    session.commit()
    sessions.hand_off(session, device=DEVICE, person_id=aino, method="password", now=NOW)
    session.commit()

    # Within the day of grace nothing goes; the expired hand-off does.
    soon = NOW + dt.timedelta(minutes=30)
    row = sessions.resolve(session, live, now=soon, env=env)
    sessions.touch(session, row.id, soon)
    assert sessions.purge(session, now=soon, env=env) == 0
    session.commit()
    assert len(_rows(session, SignInSession)) == 2
    assert _rows(session, SignInHandoff) == []

    # A day after the revocation, the revoked one goes; the live one (used since) stays.
    day = NOW + dt.timedelta(days=1)
    sessions.touch(session, row.id, day - dt.timedelta(minutes=10))
    assert sessions.purge(session, now=day, env=env) == 1
    session.commit()
    (left,) = _rows(session, SignInSession)
    assert left.token_hash == sessions.digest(live)

    # Past its lifetime plus a day, it goes too.
    gone = NOW + dt.timedelta(hours=10) + dt.timedelta(days=1)
    assert sessions.purge(session, now=gone, env=env) == 1
    session.commit()
    assert _rows(session, SignInSession) == []


def test_purge_drops_a_session_idle_for_a_day_past_the_limit(session, aino):
    env = {"MERKITYS_SESSION_IDLE_MINUTES": "60"}
    _start(session, aino, env=env)
    almost = NOW + dt.timedelta(minutes=60) + dt.timedelta(days=1) - dt.timedelta(seconds=1)
    assert sessions.purge(session, now=almost, env=env) == 0
    assert sessions.purge(session, now=almost + dt.timedelta(seconds=1), env=env) == 1


def test_known_devices_go_with_a_new_password_and_after_a_browsers_cookie_lifetime(
    session, org, aino
):
    other = add_person(session, org.organisation_id, org.team_id, "ville@test.fi").person_id
    for pid, device in ((aino, DEVICE), (aino, OTHER_DEVICE), (other, DEVICE)):
        sessions.remember_device(session, person_id=pid, device=device, now=NOW)
    session.commit()

    def known(pid: int) -> int:
        return len(session.exec(select(KnownDevice).where(KnownDevice.person_id == pid)).all())

    sessions.revoke_all(session, aino, now=NOW)  # a new password, or retirement
    session.commit()
    assert (known(aino), known(other)) == (0, 1)
    age = dt.timedelta(seconds=sessions.DEVICE_MAX_AGE)
    sessions.purge(session, now=NOW + age - dt.timedelta(seconds=1))
    session.commit()
    assert known(other) == 1
    sessions.purge(session, now=NOW + age)
    session.commit()
    assert known(other) == 0


# Single sign-on intent -----------------------------------------------------------------------


def test_sso_intent_is_per_device_and_expires(session):
    sessions.want_sso(session, device=DEVICE, now=NOW)
    session.commit()
    assert sessions.sso_wanted(session, device=DEVICE, now=NOW)
    assert not sessions.sso_wanted(session, device=OTHER_DEVICE, now=NOW)
    assert not sessions.sso_wanted(session, device=None, now=NOW)
    last = NOW + dt.timedelta(seconds=sessions.SSO_INTENT_SECONDS - 1)
    assert sessions.sso_wanted(session, device=DEVICE, now=last)
    expired = NOW + dt.timedelta(seconds=sessions.SSO_INTENT_SECONDS)
    assert not sessions.sso_wanted(session, device=DEVICE, now=expired)


def test_sso_intent_stores_only_the_device_hash_and_names_nobody(session):
    sessions.want_sso(session, device=DEVICE, now=NOW)
    session.commit()
    (row,) = _rows(session, SignInHandoff)
    assert row.device_hash == sessions.digest(DEVICE)
    assert row.person_id is None
    assert row.purpose == "sso"


def test_forget_sso_ends_the_intent(session):
    sessions.want_sso(session, device=DEVICE, now=NOW)
    sessions.want_sso(session, device=OTHER_DEVICE, now=NOW)
    session.commit()
    sessions.forget_sso(session, device=DEVICE, now=NOW)
    session.commit()
    assert not sessions.sso_wanted(session, device=DEVICE, now=NOW)
    assert sessions.sso_wanted(session, device=OTHER_DEVICE, now=NOW)


def test_sso_intent_is_not_a_session_hand_off(session, aino):
    sessions.want_sso(session, device=DEVICE, now=NOW)
    session.commit()
    assert sessions.begin(session, device=DEVICE, now=NOW) is None
    session.commit()
    # ...and collecting a session does not use up the intent.
    assert sessions.sso_wanted(session, device=DEVICE, now=NOW)


def test_session_hand_off_and_sso_intent_live_side_by_side(session, aino):
    sessions.want_sso(session, device=DEVICE, now=NOW)
    sessions.hand_off(session, device=DEVICE, person_id=aino, method="sso", now=NOW)
    session.commit()
    assert sessions.sso_wanted(session, device=DEVICE, now=NOW)
    assert sessions.begin(session, device=DEVICE, now=NOW) is not None
    session.commit()
    sessions.forget_sso(session, device=DEVICE, now=NOW)
    session.commit()
    assert _rows(session, SignInHandoff) == []


def test_want_sso_needs_a_device_cookie(session):
    with pytest.raises(ValueError, match="device cookie"):
        sessions.want_sso(session, device="", now=NOW)


# Attack finding: the click after a revocation still acts -------------------------------------


def _end_elsewhere(url: str, token: str, pid: int, how: str) -> None:
    with db.write_session(db.make_engine(url)) as s:
        if how == "signed out in another tab":
            sessions.revoke(s, token, now=timesource.now())
        else:
            people.retire_person_row(s, s.get(Person, pid), actor_id=None, now=timesource.now())


@pytest.mark.parametrize("how", ["signed out in another tab", "retired"])
def test_the_next_click_after_the_session_ended_does_not_act(app_env, how):
    at = signed_in(app_env, "tyontekija@demo.fi")  # lands on the privacy notice
    pid = person_id(app_env, "tyontekija@demo.fi")
    at.checkbox(key="assess.privacy_ok").check().run()
    assert not at.button(key="assess.privacy_btn").disabled
    _end_elsewhere(app_env, at.session_state[TEST_COOKIES][sessions.SESSION_COOKIE], pid, how)

    at.button(key="assess.privacy_btn").click().run()
    assert not at.exception
    assert [b.key for b in at.button] == ["signin.submit"]  # the page says: signed out
    assert i18n.t("common.stale_ended", "fi") in texts(at)
    with db.read_session(db.make_engine(app_env)) as s:
        acknowledged = s.get(Person, pid).privacy_ack_at
    assert acknowledged is None, "the click acted as a person whose session had ended"


def test_a_click_after_losing_a_role_does_not_act_and_says_why(app_env):
    at = signed_in(app_env, "admin@demo.fi", "pages/organisation.py")
    at.text_input(key="org.structure.name").input("Sivistyspalvelut")
    at.radio(key=widget("org.structure.kind")).set_value("unit")
    admin = person_id(app_env, "admin@demo.fi")
    with db.write_session(db.make_engine(app_env)) as s:  # another admin takes the role away
        for grant in s.exec(
            select(RoleGrant).where(RoleGrant.person_id == admin, RoleGrant.role == "admin")
        ):
            s.delete(grant)

    at.button(key="FormSubmitter:org.structure.add-Lisää").click().run()
    assert not at.exception, at.exception
    with db.read_session(db.make_engine(app_env)) as s:
        assert s.exec(select(Unit).where(Unit.name == "Sivistyspalvelut")).first() is None
    assert i18n.t("common.stale_click", "fi") in texts(at)
    # The page drawn now is the one the person's current roles allow; nothing is left pending.
    at.run()
    assert i18n.t("common.stale_click", "fi") not in texts(at)


def test_same_access_compares_person_organisation_roles_and_team_only():
    v = Viewer(person_id=1, organisation_id=1, roles=frozenset({"employee"}), team_id=3)
    assert same_access(v, dataclasses.replace(v, language="en", time_zone="Europe/Stockholm"))
    assert same_access(None, None)
    assert not same_access(v, None)
    assert not same_access(None, v)
    for change in (
        {"person_id": 2},
        {"organisation_id": 2},
        {"roles": frozenset({"employee", "admin"})},
        {"team_id": 4},
    ):
        assert not same_access(v, dataclasses.replace(v, **change)), change


def test_every_widget_callback_in_the_pages_goes_through_acting():
    """A callback not wrapped in ``ui.acting`` would act as whoever drew the page last."""
    unguarded = []
    for path in sorted(Path("pages").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                if kw.arg not in ("on_click", "on_change", "on_submit"):
                    continue
                value = kw.value
                if isinstance(value, ast.Constant) and value.value is None:
                    continue
                wrapped = isinstance(value, ast.Call) and ast.unparse(value.func) in (
                    "ui.acting",
                    "acting",
                )
                if not wrapped:
                    unguarded.append(f"{path}:{node.lineno} {kw.arg}={ast.unparse(value)}")
    assert not unguarded
    assert "on_click" in Path("pages/assess.py").read_text()  # the scan reads the real pages


# A hand-off collected twice at the same moment (found by attacking it; fixed) ------------------


def test_a_hand_off_collected_twice_at_the_same_moment_starts_one_session(file_db_url, monkeypatch):
    engine = db.make_engine(file_db_url)
    with db.write_session(engine) as s:
        org = make_org(s)
        pid = add_person(s, org.organisation_id, org.team_id, "aino@test.fi").person_id
        sessions.hand_off(s, device=DEVICE, person_id=pid, method="password", now=NOW)
    both_read = threading.Barrier(2)
    real = sessions._drop_handoffs

    def after_reading(session, device, now, purpose="session"):
        # A request that waited for the other's write lock (serialised) finds it broken.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait(timeout=3)
        return real(session, device, now, purpose)

    monkeypatch.setattr(sessions, "_drop_handoffs", after_reading)
    tokens: list[str | None] = []

    def collect() -> None:
        with db.write_session(engine) as s:
            tokens.append(sessions.begin(s, device=DEVICE, now=NOW))

    threads = [threading.Thread(target=collect) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    engine.dispose()
    assert len(tokens) == 2
    assert len([t for t in tokens if t]) == 1, "the one hand-off started two sessions"
