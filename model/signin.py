"""Signing in with a password, in three steps that keep the database free while argon2 works
(TRUST 31: a hash checked inside a write transaction held SQLite's write lock for ~135 ms per
sign-in, and 12 of 50 simultaneous sign-ins failed):

1. one short write, taken in turns by attempts on the same account: the
   person behind the address, how long throttling asks this attempt to wait, and, when it may
   go on, the attempt counted as a failure on the account until it proves right
   (``throttle.reserve``), so attempts sent at the same moment cannot all pass the allowance;
2. no transaction: the argon2 check (always run, against a throwaway hash for an unknown
   address, so timing does not tell whether an address has an account);
3. one short write: a wrong password's attempt counts for its source too; a right one's is
   forgiven, the browser becomes one of the person's known devices and a hand-off waits for it
   to collect its session (``model.sessions``).

At most ``CHECKS_AT_ONCE`` argon2 checks (one per core) run at a time in a process; the others
wait their turn, known and unknown addresses alike. Each check takes 64 MiB and four threads for
~0.1 s: 50 at once on 2 cores took 13 s (200 threads thrashing, and starving the short writes
that hold SQLite's lock), two at a time 4.2 s.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import select

from model import auth, db, sessions, throttle
from model.tables import Person

CHECKS_AT_ONCE = os.cpu_count() or 2
_checking = threading.BoundedSemaphore(CHECKS_AT_ONCE)


@dataclass(frozen=True)
class Outcome:
    """``ok``: a hand-off waits for this browser. Otherwise ``wait_seconds`` > 0 says the attempt
    was not even checked (throttled), and ``no_device`` that the browser sent no device cookie."""

    ok: bool
    wait_seconds: float = 0.0
    no_device: bool = False


def with_password(
    engine: Engine,
    *,
    email: str,
    password: str,
    source: str,
    device: str | None,
    now: dt.datetime,
    env: Mapping[str, str] | None = None,
) -> Outcome:
    """Check ``email`` and ``password`` from the client ``source`` (``throttle.client_source``)
    in the browser holding the ``device`` cookie."""
    if not device:
        return Outcome(ok=False, no_device=True)
    account = auth.normalise_email(email)
    with db.write_session(engine) as session:
        throttle.serialise(session, account=account, env=env)
        person = session.exec(select(Person).where(Person.email == account)).first()
        person_id = person.id if person is not None and person.active else None
        stored = person.password_hash if person_id is not None else None
        wait = throttle.wait_seconds(
            session,
            source=source,
            account=account,
            person_id=person_id,
            device=device,
            now=now,
            env=env,
        )
        if wait > 0:
            return Outcome(ok=False, wait_seconds=wait)
        reserved = throttle.reserve(
            session,
            account=account,
            person_id=person_id,
            device=device,
            now=now,
            env=env,
        )
    with _checking:
        ok = auth.verify(stored, password) and person_id is not None
        new_hash = auth.rehash_if_needed(stored, password) if ok else None
    if not ok:
        with db.write_session(engine) as session:  # the reserved failure stays, and now counts
            throttle.failed(session, reserved, source=source, env=env)  # for the source as well
        return Outcome(ok=False)
    with db.write_session(engine) as session:
        current = session.get(Person, person_id)
        if current is None or not current.active or current.password_hash != stored:
            # Retired, or the password changed while it was being checked.
            return Outcome(ok=False)
        if new_hash is not None:
            current.password_hash = new_hash
            session.add(current)
        throttle.record_success(
            session, person_id=person_id, device=device, now=now, reserved=reserved
        )
        sessions.hand_off(session, device=device, person_id=person_id, method="password", now=now)
    return Outcome(ok=True)
