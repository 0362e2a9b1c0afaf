"""Throttling without locking out the victim (TRUST 9, 31; issue 12 point 4): ``model.throttle``
and ``model.signin``.

Repeated failures slow the source (the client address, honouring a configured proxy header) and,
for browsers the person never signed in from, the account; the person's own browser gets in
with the right password at once. A throttled attempt is refused before the password is checked,
and the password is checked outside any transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import ipaddress
import sqlite3
import threading

import pytest
from sqlmodel import select
from streamlit.runtime.context import StreamlitHeaders

from model import auth, db, sessions, signin, throttle
from model.tables import KnownDevice, Person, SignInFailure, SignInHandoff
from tests.factories import add_person, make_org

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
EMAIL = "aino@test.fi"
PASSWORD = "oikea salasana ainolle"
WRONG = "väärä salasana joka kerta"
HOME = "203.0.113.7"  # Aino's workplace address
OWN_DEVICE = "ainon-oma-selain"
PROXY = {"MERKITYS_PROXY_HEADER": "X-Forwarded-For", "MERKITYS_PROXY_HOPS": "1"}


# client_source -------------------------------------------------------------------------------


def test_without_a_proxy_setting_the_connection_address_counts_and_headers_are_ignored():
    spoofed = {"X-Forwarded-For": "6.6.6.6"}
    assert throttle.client_source(HOME, spoofed, env={}) == HOME
    assert throttle.client_source(HOME, None, env={}) == HOME


def test_no_address_is_the_local_client():
    assert throttle.client_source(None, None, env={}) == throttle.LOCAL
    assert throttle.client_source("", {}, env={}) == throttle.LOCAL
    # A proxy setting without the header (a direct connection) falls back to the connection.
    assert throttle.client_source(None, {}, env=PROXY) == throttle.LOCAL
    assert throttle.client_source(HOME, {}, env=PROXY) == HOME


def test_proxy_header_one_hop_takes_the_rightmost_entry():
    headers = {"X-Forwarded-For": "198.51.100.20, 203.0.113.7"}
    assert throttle.client_source("10.0.0.1", headers, env=PROXY) == HOME


def test_proxy_header_two_hops_takes_the_second_from_the_right():
    env = {**PROXY, "MERKITYS_PROXY_HOPS": "2"}
    headers = {"X-Forwarded-For": "6.6.6.6, 203.0.113.7, 10.0.0.2"}
    assert throttle.client_source("10.0.0.3", headers, env=env) == HOME
    # Fewer entries than hops: the header proves nothing, the connection address counts.
    assert throttle.client_source("10.0.0.3", {"X-Forwarded-For": HOME}, env=env) == "10.0.0.3"


@pytest.mark.parametrize(
    "client_part", ["", "6.6.6.6", "1.1.1.1, 2.2.2.2", "garbage, ::1", "203.0.113.99"]
)
def test_entries_written_by_the_client_are_ignored(client_part):
    # nginx appends the address it saw; whatever the client sent stands to its left.
    value = f"{client_part}, {HOME}" if client_part else HOME
    assert throttle.client_source("10.0.0.1", {"X-Forwarded-For": value}, env=PROXY) == HOME


def test_proxy_header_name_is_case_insensitive_in_streamlit_headers():
    headers = StreamlitHeaders([("x-forwarded-for", f"6.6.6.6, {HOME}")])
    assert throttle.client_source(None, headers, env=PROXY) == HOME


def test_repeated_proxy_header_lines_count_as_one_list():
    # RFC 9110 5.3: repeated field lines are one comma-separated list; the trusted proxy's
    # line comes last. Streamlit's headers keep both lines (``get_all``).
    headers = StreamlitHeaders([("X-Forwarded-For", "6.6.6.6"), ("X-Forwarded-For", HOME)])
    assert throttle.client_source("10.0.0.1", headers, env=PROXY) == HOME


def test_ipv6_counts_as_its_slash_64():
    a = throttle.client_source("2001:db8:1:2:aaaa::1", None, env={})
    b = throttle.client_source("2001:db8:1:2:bbbb:cccc:dddd:eeee", None, env={})
    c = throttle.client_source("2001:db8:1:3::1", None, env={})
    assert a == b == "2001:db8:1:2::/64"
    assert c != a
    # Through the proxy header too, bracketed or not.
    via = throttle.client_source(None, {"X-Forwarded-For": "[2001:db8:1:2::9]"}, env=PROXY)
    assert via == a


def test_ipv4_mapped_ipv6_is_the_ipv4_address():
    assert throttle.client_source("::ffff:203.0.113.7", None, env={}) == HOME
    assert throttle.client_source(None, {"X-Forwarded-For": "::ffff:203.0.113.7"}, env=PROXY) == (
        HOME
    )


@pytest.mark.parametrize("garbage", ["not-an-ip", "999.1.1.1", "1.2.3", "unknown", "x" * 500])
def test_garbage_is_its_own_source_never_local_and_capped(garbage):
    found = throttle.client_source(garbage, None, env={})
    assert found != throttle.LOCAL
    assert found.startswith("unparsed:")
    assert len(found) <= len("unparsed:") + 100
    assert throttle.client_source(None, {"X-Forwarded-For": garbage}, env=PROXY) == found


@pytest.mark.parametrize("value", [12345, b"203.0.113.7", ["203.0.113.7"], object()])
def test_a_non_string_address_is_the_local_client(value):
    assert throttle.client_source(value, None, env={}) == throttle.LOCAL


# Delays (throttle.wait_seconds on recorded failures) --------------------------------------


@pytest.fixture
def org(session):
    return make_org(session)


@pytest.fixture
def aino(session, org) -> int:
    v = add_person(
        session,
        org.organisation_id,
        org.team_id,
        EMAIL,
        password_hash=auth.hash_password(PASSWORD),
    )
    session.commit()
    return v.person_id


def _fail(
    session, n, *, source, person_id=None, device="attacker", at=NOW, step=None, account=None
):
    """``n`` failures; on Aino's account when ``person_id`` is given, else each on another
    address (unless ``account`` names one)."""
    for i in range(n):
        moment = at + (step * i if step is not None else dt.timedelta(0))
        dev = device if isinstance(device, str) else device(i)
        src = source if isinstance(source, str) else source(i)
        tried = account or (EMAIL if person_id is not None else f"arvaus-{i}-{src}@test.fi")
        throttle.record_failure(
            session, source=src, account=tried, person_id=person_id, device=dev, now=moment
        )
    session.commit()


def _wait(session, *, source, person_id=None, device="someone", now=NOW, env=None, account=None):
    tried = account or (EMAIL if person_id is not None else "uusi@test.fi")
    return throttle.wait_seconds(
        session,
        source=source,
        account=tried,
        person_id=person_id,
        device=device,
        now=now,
        env=env,
    )


def test_delays_per_source_grow_and_cap(session):
    env = {"MERKITYS_THROTTLE_SOURCE_FREE": "3"}
    waits = []
    for _count in range(1, 16):
        _fail(session, 1, source="6.6.6.6")
        waits.append(_wait(session, source="6.6.6.6", env=env))
    assert waits[:2] == [0.0, 0.0]  # within the allowance
    assert waits[2:6] == [1.0, 2.0, 4.0, 8.0]  # then doubling
    assert max(waits) == throttle.SOURCE_CAP_SECONDS
    assert waits == sorted(waits)
    # Another address is not slowed at all.
    assert _wait(session, source="198.51.100.1", env=env) == 0.0


def test_source_delay_counts_from_the_latest_failure_and_ends(session):
    env = {"MERKITYS_THROTTLE_SOURCE_FREE": "3"}
    _fail(session, 5, source="6.6.6.6")  # 5 failures: 4 s
    assert _wait(session, source="6.6.6.6", env=env) == 4.0
    later = NOW + dt.timedelta(seconds=3)
    assert _wait(session, source="6.6.6.6", now=later, env=env) == pytest.approx(1.0)
    assert _wait(session, source="6.6.6.6", now=NOW + dt.timedelta(seconds=4), env=env) == 0.0
    # Past the window the failures no longer count.
    past = NOW + throttle.WINDOW + dt.timedelta(seconds=1)
    assert _wait(session, source="6.6.6.6", now=past, env=env) == 0.0


def test_default_source_allowance_is_generous_for_a_shared_workplace(session):
    _fail(session, 19, source=HOME)
    assert _wait(session, source=HOME) == 0.0
    _fail(session, 1, source=HOME)
    assert _wait(session, source=HOME) > 0


def test_account_is_slowed_for_unknown_browsers_from_any_address(session, aino):
    _fail(
        session,
        5,
        source=lambda i: f"198.51.100.{i}",
        device=lambda i: f"bot-{i}",
        person_id=aino,
    )
    # A new address and a new browser: the account's failures slow it.
    assert _wait(session, source="192.0.2.1", person_id=aino, device="fresh") == 1.0
    # The same address guessing another (or no) account is not slowed by them.
    assert _wait(session, source="192.0.2.1", person_id=None, device="fresh") == 0.0


def test_account_delays_grow_and_cap(session, aino):
    _fail(session, 40, source=lambda i: f"198.51.100.{i}", person_id=aino)
    assert _wait(session, source="192.0.2.1", person_id=aino) == throttle.ACCOUNT_CAP_SECONDS


# Signing in: model.signin.with_password -----------------------------------------------------


@pytest.fixture
def people_db(engine):
    with db.write_session(engine) as s:
        org = make_org(s)
        pid = add_person(
            s, org.organisation_id, org.team_id, EMAIL, password_hash=auth.hash_password(PASSWORD)
        ).person_id
    return engine, pid


def _sign_in(engine, *, email=EMAIL, password=PASSWORD, source=HOME, device=OWN_DEVICE, now=NOW):
    return signin.with_password(
        engine, email=email, password=password, source=source, device=device, now=now
    )


@pytest.fixture
def verify_calls(monkeypatch):
    calls: list[str] = []
    real = auth.verify

    def counting(stored, password):
        calls.append(password)
        return real(stored, password)

    monkeypatch.setattr(auth, "verify", counting)
    return calls


def _rows(engine, table):
    with db.read_session(engine) as s:
        return s.exec(select(table)).all()


def test_right_password_leaves_a_hand_off_and_a_known_device(people_db):
    engine, pid = people_db
    assert _sign_in(engine) == signin.Outcome(ok=True)
    (known,) = _rows(engine, KnownDevice)
    assert known.person_id == pid
    assert known.device_hash == sessions.digest(OWN_DEVICE)
    (handoff,) = _rows(engine, SignInHandoff)
    assert handoff.person_id == pid
    assert handoff.device_hash == sessions.digest(OWN_DEVICE)


def test_without_a_device_cookie_nothing_is_checked(people_db, verify_calls):
    engine, _ = people_db
    assert _sign_in(engine, device=None) == signin.Outcome(ok=False, no_device=True)
    assert _sign_in(engine, device="") == signin.Outcome(ok=False, no_device=True)
    assert verify_calls == []


def test_unknown_address_and_wrong_password_give_the_same_outcome(people_db, verify_calls):
    engine, _ = people_db
    unknown = _sign_in(engine, email="ei-ole@test.fi", device="d1")
    wrong = _sign_in(engine, password=WRONG, device="d2", source="192.0.2.2")
    assert unknown == wrong == signin.Outcome(ok=False)
    assert len(verify_calls) == 2  # the unknown address was checked (against a throwaway hash)


def test_a_retired_person_with_the_right_password_gets_the_same_outcome(people_db):
    engine, pid = people_db
    with db.write_session(engine) as s:
        s.get(Person, pid).active = False
    assert _sign_in(engine) == signin.Outcome(ok=False)
    assert _rows(engine, SignInHandoff) == []


def test_throttling_does_not_tell_whether_an_address_has_an_account(people_db):
    engine, _ = people_db
    outcomes = {}
    for email in (EMAIL, "ei-ole@test.fi"):
        moment = NOW
        for i in range(6):  # each guess from a fresh address and browser
            outcome = _sign_in(
                engine,
                email=email,
                password=WRONG,
                source=f"198.51.{len(email)}.{i}",
                device=f"bot-{email}-{i}",
                now=moment,
            )
            moment += dt.timedelta(milliseconds=100)
        outcomes[email] = outcome
    assert outcomes[EMAIL] == outcomes["ei-ole@test.fi"], outcomes


def test_a_throttled_attempt_is_refused_without_checking_the_password(people_db, verify_calls):
    engine, pid = people_db
    with db.write_session(engine) as s:
        _fail(s, 8, source=lambda i: f"198.51.100.{i}", person_id=pid)
    outcome = _sign_in(engine, device="unknown-browser", source="192.0.2.9")
    assert not outcome.ok
    assert outcome.wait_seconds > 0
    assert verify_calls == []
    # Throttled by source for an unknown address too.
    with db.write_session(engine) as s:
        _fail(s, 30, source="6.6.6.6")
    outcome = _sign_in(engine, email="ei-ole@test.fi", source="6.6.6.6", device="x")
    assert outcome.wait_seconds > 0
    assert verify_calls == []
    # A throttled attempt is not counted as another failure.
    assert len(_rows(engine, SignInFailure)) == 38


def _make_known(engine):
    assert _sign_in(engine).ok  # Aino has signed in from her own browser before


def test_own_browser_gets_in_after_fifty_failures_from_elsewhere_and_the_same_address(people_db):
    engine, pid = people_db
    _make_known(engine)
    with db.write_session(engine) as s:
        # 25 from other addresses and browsers, 25 from Aino's own workplace address.
        _fail(s, 25, source=lambda i: f"198.51.100.{i}", device=lambda i: f"bot-{i}", person_id=pid)
        _fail(s, 25, source=HOME, device=lambda i: f"colleague-{i}", person_id=pid)
        assert len(s.exec(select(SignInFailure)).all()) == 50
    # The attacker is slowed, from anywhere and from the same address...
    assert _sign_in(engine, device="bot-new", source="192.0.2.1").wait_seconds > 0
    assert _sign_in(engine, device="colleague-new", source=HOME).wait_seconds > 0
    # ...and Aino, in her own browser behind the same address, gets in at once.
    assert _sign_in(engine, now=NOW + dt.timedelta(seconds=1)) == signin.Outcome(ok=True)


def test_own_browser_gets_in_during_a_live_attack(people_db):
    """The attack made through ``with_password`` itself, the clock moving with each answer."""
    engine, pid = people_db
    _make_known(engine)
    moment = NOW
    failures = 0
    for i in range(200):
        outcome = _sign_in(
            engine,
            password=WRONG,
            source=HOME if i % 2 else f"198.51.100.{i % 250}",
            device=f"bot-{i}",
            now=moment,
        )
        failures += outcome == signin.Outcome(ok=False)
        moment += dt.timedelta(seconds=max(outcome.wait_seconds, 0.5))
        if failures >= 50:
            break
    assert failures >= 50
    assert _sign_in(engine, now=moment) == signin.Outcome(ok=True)


def test_own_browser_is_slowed_only_by_its_own_failures(people_db):
    engine, pid = people_db
    _make_known(engine)
    moment = NOW + dt.timedelta(seconds=1)
    for _ in range(5):
        assert _sign_in(engine, password=WRONG, now=moment) == signin.Outcome(ok=False)
    assert _sign_in(engine, password=WRONG, now=moment).wait_seconds == 1.0
    # Its success forgives its own failures.
    assert _sign_in(engine, now=moment + dt.timedelta(seconds=1)).ok
    assert _rows(engine, SignInFailure) == []


def test_a_browser_known_for_one_person_is_unknown_for_another(people_db):
    engine, pid = people_db
    with db.write_session(engine) as s:
        org_id = s.get(Person, pid).organisation_id
        other = add_person(
            s, org_id, None, "ville@test.fi", password_hash=auth.hash_password(PASSWORD)
        ).person_id
        _fail(s, 10, source=lambda i: f"198.51.100.{i}", person_id=other, account="ville@test.fi")
    _make_known(engine)  # known for Aino only
    outcome = _sign_in(engine, email="ville@test.fi", now=NOW + dt.timedelta(seconds=1))
    assert outcome.wait_seconds > 0


# Storage: hashes only, kept a day ------------------------------------------------------------


def test_a_failure_row_stores_hashes_only(people_db):
    engine, pid = people_db
    source, device = "198.51.100.77", "raw-device-cookie-value"
    assert not _sign_in(engine, password=WRONG, source=source, device=device).ok
    (row,) = _rows(engine, SignInFailure)
    assert row.source_hash == throttle.blind("source", source)
    assert row.device_hash == sessions.digest(device)
    assert row.person_id == pid
    for value in row.model_dump().values():
        assert source not in str(value)
        assert device not in str(value)
        assert WRONG not in str(value)


def test_a_stored_source_hash_does_not_give_the_address_away(people_db):
    engine, _ = people_db
    secret_address = "198.51.100.77"
    assert not _sign_in(engine, password=WRONG, source=secret_address, device="d").ok
    (row,) = _rows(engine, SignInFailure)
    found = None
    for host in ipaddress.ip_network("198.51.0.0/16"):
        if hashlib.sha256(str(host).encode()).hexdigest() == row.source_hash:
            found = str(host)
            break
    assert found is None, f"recovered {found} from the stored hash"


def test_failures_older_than_a_day_are_dropped(session, aino):
    _fail(session, 3, source="6.6.6.6", person_id=aino, at=NOW - dt.timedelta(hours=25))
    _fail(session, 2, source="6.6.6.6", person_id=aino, at=NOW - dt.timedelta(hours=23))
    _fail(session, 1, source="6.6.6.6", person_id=aino, at=NOW)
    session.expire_all()
    kept = session.exec(select(SignInFailure)).all()
    assert len(kept) == 3
    assert all(r.at > NOW - throttle.KEEP for r in kept)


def test_forget_old_drops_day_old_failures(session):
    _fail(session, 2, source="6.6.6.6", at=NOW - dt.timedelta(days=2))
    throttle.forget_old(session, now=NOW)
    session.commit()
    assert session.exec(select(SignInFailure)).all() == []


# The password is checked outside any transaction ---------------------------------------------


def _sqlite_path(url: str) -> str | None:
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else None


def _probe(engine, url, seen: list[str]):
    """While argon2 runs: no connection of the app's pool is checked out, and on SQLite another
    connection takes the write lock at once (``BEGIN IMMEDIATE`` with no timeout)."""
    seen.append(f"checked out: {engine.pool.checkedout()}")
    path = _sqlite_path(url)
    if path is not None:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            seen.append("write lock free")
        except sqlite3.OperationalError as error:
            seen.append(f"write lock held: {error}")
        finally:
            other.close()


@pytest.fixture
def file_people(file_db_url):
    engine = db.make_engine(file_db_url)
    with db.write_session(engine) as s:
        org = make_org(s)
        add_person(
            s, org.organisation_id, org.team_id, EMAIL, password_hash=auth.hash_password(PASSWORD)
        )
    yield engine, file_db_url
    engine.dispose()


def test_the_probe_notices_a_held_write_lock(file_people):
    engine, url = file_people
    if _sqlite_path(url) is None:
        pytest.skip("the write-lock probe is SQLite's")
    seen: list[str] = []
    with db.write_session(engine) as s:
        s.exec(select(Person)).first()
        _probe(engine, url, seen)
    assert seen[0] == "checked out: 1"
    assert seen[1].startswith("write lock held")


@pytest.mark.parametrize("password", [PASSWORD, WRONG])
def test_argon2_runs_outside_any_transaction(file_people, monkeypatch, password):
    engine, url = file_people
    seen: list[str] = []
    real = auth.verify

    def probing(stored, given):
        _probe(engine, url, seen)
        return real(stored, given)

    monkeypatch.setattr(auth, "verify", probing)
    outcome = signin.with_password(
        engine, email=EMAIL, password=password, source=HOME, device=OWN_DEVICE, now=NOW
    )
    assert outcome.ok is (password == PASSWORD)
    expected = ["checked out: 0"] + (["write lock free"] if _sqlite_path(url) else [])
    assert seen == expected


def test_rehashing_an_old_hash_also_runs_outside_any_transaction(file_people, monkeypatch):
    from argon2 import PasswordHasher

    engine, url = file_people
    old = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    with db.write_session(engine) as s:
        s.exec(select(Person).where(Person.email == EMAIL)).one().password_hash = old
    seen: list[str] = []
    real = auth.rehash_if_needed

    def probing(stored, given):
        _probe(engine, url, seen)
        return real(stored, given)

    monkeypatch.setattr(auth, "rehash_if_needed", probing)
    assert signin.with_password(
        engine, email=EMAIL, password=PASSWORD, source=HOME, device=OWN_DEVICE, now=NOW
    ).ok
    assert seen == ["checked out: 0"] + (["write lock free"] if _sqlite_path(url) else [])
    with db.read_session(engine) as s:
        stored = s.exec(select(Person).where(Person.email == EMAIL)).one().password_hash
    assert stored != old
    assert auth.verify(stored, PASSWORD)


def test_simultaneous_attempts_do_not_outrun_the_account_throttle(file_people, monkeypatch):
    engine, _ = file_people
    attempts = 12
    free = 5  # MERKITYS_THROTTLE_ACCOUNT_FREE's default
    barrier = threading.Barrier(attempts)
    checked: list[int] = []
    lock = threading.Lock()
    real = auth.verify

    def in_step(stored, given):
        with lock:
            checked.append(1)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=5)  # every attempt that got this far checks at once
        return real(stored, given)

    monkeypatch.setattr(auth, "verify", in_step)

    def attempt(i: int) -> None:
        signin.with_password(
            engine,
            email=EMAIL,
            password=WRONG,
            source=f"198.51.100.{i}",
            device=f"bot-{i}",
            now=NOW,
        )

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    # One after another, only the free allowance is checked at one moment.
    assert len(checked) <= free, f"{len(checked)} guesses checked at one moment"


def test_colleagues_signing_in_at_once_behind_one_address_do_not_hold_each_other_up(session):
    # 25 attempts from one workplace address are being checked (counted on their accounts
    # before the check); the next colleague from that address waits for none of them.
    for i in range(25):
        throttle.reserve(
            session, account=f"kollega{i}@test.fi", person_id=None, device=f"d{i}", now=NOW
        )
    session.commit()
    assert _wait(session, source=HOME, account="kollega25@test.fi") == 0.0
    # Once they have failed, they count for the address as well.
    for reserved in session.exec(select(SignInFailure.id)).all():
        throttle.failed(session, reserved, source=HOME)
    session.commit()
    assert _wait(session, source=HOME, account="kollega25@test.fi") > 0


def test_the_browser_that_set_the_password_is_the_persons_own(people_db):
    from urllib.parse import parse_qs, urlsplit

    from model import accounts
    from model.viewer import load_viewer

    engine, pid = people_db
    with db.write_session(engine) as s:
        org_id = s.get(Person, pid).organisation_id
        admin = add_person(s, org_id, None, "admin@test.fi", roles=("admin",))
        link = accounts.issue_link(s, viewer=admin, person_id=pid, now=NOW, base_url="http://x")
        assert load_viewer(s, admin.person_id) is not None
    token = parse_qs(urlsplit(link).query)["token"][0]
    new_password = "kolme karhua metsässä"
    # What pages/set_password.py does: prepare, store, then hand the session to this browser.
    with db.read_session(engine) as s:
        new = accounts.prepare_password(s, token=token, password=new_password, now=NOW)
    with db.write_session(engine) as s:
        accounts.store_password(s, new, now=NOW)
        sessions.hand_off(s, device=OWN_DEVICE, person_id=pid, method="link", now=NOW)
    with db.write_session(engine) as s:
        assert sessions.begin(s, device=OWN_DEVICE, now=NOW) is not None
        _fail(s, 50, source=lambda i: f"198.51.100.{i}", device=lambda i: f"bot-{i}", person_id=pid)
    later = NOW + dt.timedelta(seconds=1)
    assert _sign_in(engine, password=new_password, now=later) == signin.Outcome(ok=True)
