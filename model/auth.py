"""Local accounts: argon2id password hashes, generic failures and a pause after repeated ones."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from model import settings, text, timesource
from model.tables import Person

# argon2-cffi's defaults are argon2id with RFC 9106 low-memory parameters (~0.1 s here).
_hasher = PasswordHasher()
# Verifying against a throwaway hash when the account is unknown keeps both failures equally slow,
# so the response time does not tell whether an address has an account.
_DUMMY_HASH = _hasher.hash("merkitys-no-such-account")
MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str) -> str:
    return text.line(email).casefold()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def _verify(stored: str | None, password: str) -> bool:
    try:
        # A password is a secret, never cleaned: what cannot be encoded simply does not match.
        secret = password.encode("utf-8", "surrogatepass")
        return _hasher.verify(stored or _DUMMY_HASH, secret) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def authenticate(
    session: Session,
    *,
    email: str,
    password: str,
    now: dt.datetime | None = None,
    env: Mapping[str, str] | None = None,
) -> int | None:
    """The person id for a correct e-mail and password, else None — for every kind of failure.

    The caller shows one generic message; after ``MERKITYS_LOGIN_MAX_FAILURES`` failures in a row
    the account refuses even the right password for ``MERKITYS_LOGIN_PAUSE_SECONDS``.
    """
    now = now or timesource.now()
    person = session.exec(select(Person).where(Person.email == normalise_email(email))).first()
    ok = _verify(person.password_hash if person else None, password)
    if person is None or not person.active:
        return None
    if person.locked_until is not None and person.locked_until > now:
        return None
    if not ok:
        person.failed_logins += 1
        if person.failed_logins >= settings.get_int("MERKITYS_LOGIN_MAX_FAILURES", env):
            pause = settings.get_int("MERKITYS_LOGIN_PAUSE_SECONDS", env)
            person.locked_until = now + dt.timedelta(seconds=pause)
            person.failed_logins = 0
        session.add(person)
        return None
    person.failed_logins = 0
    person.locked_until = None
    if _hasher.check_needs_rehash(person.password_hash):
        person.password_hash = _hasher.hash(password)
    session.add(person)
    return person.id


def failure_delay(failures_in_session: int) -> float:
    """Seconds the sign-in page waits after a failure: grows with each one, capped at 8 s."""
    return 0.0 if failures_in_session <= 0 else min(8.0, 0.5 * 2 ** (failures_in_session - 1))


def pause(seconds: float) -> None:
    time.sleep(seconds)
