"""Being signed in (TRUST 31): a server-side session carried by an HttpOnly cookie.

How a browser gets its session, without a credential ever in a URL:

1. Every page load gives the browser a random *device* cookie (``model.web``), HttpOnly.
2. The app checks the password (or the single sign-on) and stores a *hand-off* for that device
   cookie's hash: who signed in, valid for ``HANDOFF_SECONDS``.
3. The app sends the browser to ``/merkitys/session/begin``; that route finds the hand-off by the
   device cookie the browser sends, deletes it, starts a session and sets the session cookie.
4. Every run of the app reads the session cookie and looks the session up again (``resolve``):
   a Streamlit session id taken from someone else carries nothing, and a revoked session stops at
   the next click in every tab and on every replica.

Only SHA-256 hashes of the cookies are stored. Functions take ``now``; the caller commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, or_, update
from sqlmodel import Session, select

from model import settings
from model.tables import KnownDevice, Person, SignInHandoff, SignInSession

SESSION_COOKIE = "merkitys_session"
DEVICE_COOKIE = "merkitys_device"
HANDOFF_SECONDS = 120  # from a checked password to the browser collecting its cookie
SSO_INTENT_SECONDS = 600  # from "sign in with …" to coming back from the identity provider
TOUCH_EVERY = dt.timedelta(minutes=5)  # last_seen_at is written at most this often
DEVICE_MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie
METHODS = ("password", "sso", "link")


def new_token() -> str:
    """A random token for a cookie: 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Limits:
    idle: dt.timedelta
    lifetime: dt.timedelta


def limits(env: Mapping[str, str] | None = None) -> Limits:
    return Limits(
        idle=dt.timedelta(minutes=settings.get_int("MERKITYS_SESSION_IDLE_MINUTES", env)),
        lifetime=dt.timedelta(hours=settings.get_int("MERKITYS_SESSION_HOURS", env)),
    )


# Hand-offs ------------------------------------------------------------------------------------


def hand_off(
    session: Session, *, device: str, person_id: int, method: str, now: dt.datetime
) -> None:
    """Record that ``person_id`` signed in from the browser holding ``device``; the browser
    collects its session at ``/merkitys/session/begin`` within ``HANDOFF_SECONDS``."""
    if not device:
        raise ValueError("a hand-off needs the browser's device cookie")
    _drop_handoffs(session, device, now)
    session.add(
        SignInHandoff(
            device_hash=digest(device),
            purpose="session",
            person_id=person_id,
            method=method,
            created_at=now,
            expires_at=now + dt.timedelta(seconds=HANDOFF_SECONDS),
        )
    )


def begin(
    session: Session, *, device: str | None, now: dt.datetime, env: Mapping[str, str] | None = None
) -> str | None:
    """The new session token for the hand-off waiting for ``device``, or None. The hand-off is
    used up, so the same browser cannot collect twice."""
    if not device:
        return None
    handoff = session.exec(
        select(SignInHandoff)
        .where(SignInHandoff.device_hash == digest(device))
        .where(SignInHandoff.purpose == "session")
        .where(SignInHandoff.expires_at > now)
        .order_by(SignInHandoff.id.desc())
    ).first()
    # Only the request whose own delete took the row goes on: two requests at the same moment
    # both read it on PostgreSQL, and the second one's delete finds it gone.
    taken = 0
    if handoff is not None:
        taken = session.exec(delete(SignInHandoff).where(SignInHandoff.id == handoff.id)).rowcount
    _drop_handoffs(session, device, now)
    if handoff is None or taken != 1 or handoff.person_id is None:
        return None
    person = session.get(Person, handoff.person_id)
    if person is None or not person.active:
        return None
    # Signed in here (by password, link or single sign-on): this browser is the person's own, and
    # guessing on their account elsewhere never keeps it out (``model.throttle``).
    remember_device(session, person_id=person.id, device=device, now=now)
    return start(session, person_id=person.id, method=handoff.method, now=now, env=env)


def remember_device(session: Session, *, person_id: int, device: str, now: dt.datetime) -> None:
    """Record that ``person_id`` signed in from the browser holding ``device``."""
    device_hash = digest(device)
    known = session.exec(
        select(KnownDevice)
        .where(KnownDevice.person_id == person_id)
        .where(KnownDevice.device_hash == device_hash)
    ).first()
    if known is None:
        known = KnownDevice(person_id=person_id, device_hash=device_hash)
    known.last_signed_in_at = now
    session.add(known)


def _drop_handoffs(session: Session, device: str, now: dt.datetime, purpose: str = "session"):
    session.exec(
        delete(SignInHandoff).where(
            or_(
                (SignInHandoff.device_hash == digest(device)) & (SignInHandoff.purpose == purpose),
                SignInHandoff.expires_at <= now,
            )
        )
    )


def want_sso(session: Session, *, device: str, now: dt.datetime) -> None:
    """Remember that this browser asked for single sign-on: coming back signed in at the identity
    provider starts a session only then (no sign-in forced on a browser that did not ask)."""
    if not device:
        raise ValueError("single sign-on needs the browser's device cookie")
    _drop_handoffs(session, device, now, purpose="sso")
    session.add(
        SignInHandoff(
            device_hash=digest(device),
            purpose="sso",
            method="sso",
            created_at=now,
            expires_at=now + dt.timedelta(seconds=SSO_INTENT_SECONDS),
        )
    )


def sso_wanted(session: Session, *, device: str | None, now: dt.datetime) -> bool:
    if not device:
        return False
    found = session.exec(
        select(SignInHandoff.id)
        .where(SignInHandoff.device_hash == digest(device))
        .where(SignInHandoff.purpose == "sso")
        .where(SignInHandoff.expires_at > now)
    ).first()
    return found is not None


def forget_sso(session: Session, *, device: str, now: dt.datetime) -> None:
    _drop_handoffs(session, device, now, purpose="sso")


# Sessions -------------------------------------------------------------------------------------


def start(
    session: Session,
    *,
    person_id: int,
    method: str,
    now: dt.datetime,
    env: Mapping[str, str] | None = None,
) -> str:
    """A new session for ``person_id``; returns the token for the cookie (stored only hashed)."""
    if method not in METHODS:
        raise ValueError(f"unknown sign-in method {method!r}")
    token = new_token()
    session.add(
        SignInSession(
            person_id=person_id,
            token_hash=digest(token),
            method=method,
            created_at=now,
            last_seen_at=now,
            expires_at=now + limits(env).lifetime,
        )
    )
    return token


def resolve(
    session: Session, token: str | None, *, now: dt.datetime, env: Mapping[str, str] | None = None
) -> SignInSession | None:
    """The live session behind a cookie: not revoked, not past its lifetime, used within the
    idle limit, its person active. A read only (see ``needs_touch``)."""
    if not token or len(token) > 200:
        return None
    row = session.exec(
        select(SignInSession).where(SignInSession.token_hash == digest(token))
    ).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    if row.last_seen_at + limits(env).idle <= now:
        return None
    person = session.get(Person, row.person_id)
    if person is None or not person.active:
        return None
    return row


def needs_touch(row: SignInSession, now: dt.datetime, env: Mapping[str, str] | None = None) -> bool:
    """Whether the idle clock should be written again: at most every ``TOUCH_EVERY``, and at
    least twice per idle limit (a kiosk's 3-minute limit must not end a session in use)."""
    every = min(TOUCH_EVERY, limits(env).idle / 2)
    return now - row.last_seen_at >= every


def touch(session: Session, session_id: int, now: dt.datetime) -> None:
    session.exec(
        update(SignInSession)
        .where(SignInSession.id == session_id)
        .where(SignInSession.revoked_at.is_(None))
        .values(last_seen_at=now)
    )


def revoke(session: Session, token: str | None, *, now: dt.datetime) -> bool:
    """End the session behind ``token`` everywhere it is used; whether there was one."""
    if not token:
        return False
    result = session.exec(
        update(SignInSession)
        .where(SignInSession.token_hash == digest(token))
        .where(SignInSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return bool(result.rowcount)


def revoke_all(session: Session, person_id: int, *, now: dt.datetime) -> int:
    """End every session of a person (a new password, retirement); how many were live. Their
    browsers stop being known devices too: one that signed in with a leaked password must not
    stay exempt from throttling after the password changed."""
    result = session.exec(
        update(SignInSession)
        .where(SignInSession.person_id == person_id)
        .where(SignInSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    session.exec(delete(SignInHandoff).where(SignInHandoff.person_id == person_id))
    session.exec(delete(KnownDevice).where(KnownDevice.person_id == person_id))
    return int(result.rowcount or 0)


def purge(session: Session, *, now: dt.datetime, env: Mapping[str, str] | None = None) -> int:
    """Delete sessions that can no longer be used (a day after they ended), stale hand-offs and
    known devices not signed in from for longer than a browser keeps its device cookie; how
    many sessions went."""
    grace = dt.timedelta(days=1)
    idle = limits(env).idle
    result = session.exec(
        delete(SignInSession).where(
            or_(
                SignInSession.expires_at <= now - grace,
                SignInSession.revoked_at <= now - grace,
                SignInSession.last_seen_at <= now - idle - grace,
            )
        )
    )
    session.exec(delete(SignInHandoff).where(SignInHandoff.expires_at <= now))
    device_age = dt.timedelta(seconds=DEVICE_MAX_AGE)
    session.exec(delete(KnownDevice).where(KnownDevice.last_signed_in_at <= now - device_age))
    return int(result.rowcount or 0)
