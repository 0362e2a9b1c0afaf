"""Throttling failed password sign-ins without locking the rightful person out (TRUST 9, 31).

Failures are counted over a sliding ``WINDOW``. Past a free allowance, the next attempt waits a
delay that doubles with every further failure, up to a cap, counted from the latest failure:

- per **source** (the client address, ``client_source``): one address guessing many accounts;
  the allowance is generous because a whole workplace may share one address;
- per **account**, for browsers the person has never signed in from: many addresses guessing one
  account. Counted by the e-mail address tried, whether or not anyone has it, so waiting never
  tells whether an address is registered;
- a browser the person **has** signed in from (a known device, ``model.tables.KnownDevice``) is
  judged only by the failures made in that browser, so someone guessing elsewhere, even behind
  the same address, never keeps the person out with the right password.

A throttled attempt is refused before the password is checked. An attempt that may go on is
counted as a failure on its account *before* its check (``reserve``), in a write that attempts
on the same account take in turns (``db.serialise``): attempts sent at the same moment
cannot all pass the account's allowance. A wrong password then counts for the source too
(``failed``; not before, or fifty colleagues signing in at 8:00 behind one address would
throttle each other), a right one forgives the attempt (``record_success``).

Client and e-mail addresses are stored only as keyed hashes (HMAC-SHA-256 with
``MERKITYS_SECRET_KEY``; a plain hash of an IPv4 address is reversed by trying all 2^32), device
cookies (random 256-bit values) as plain hashes; all are kept for a day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
from collections.abc import Mapping

from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from model import db, sessions, settings
from model.tables import KnownDevice, SignInFailure

WINDOW = dt.timedelta(minutes=15)
KEEP = dt.timedelta(days=1)
SOURCE_CAP_SECONDS = 900
ACCOUNT_CAP_SECONDS = 600
LOCAL = "local"  # a client on this machine (Streamlit gives no address for localhost)
DEVELOPMENT_KEY = "merkitys-development-only"  # production refuses to start without a real key


def blind(kind: str, value: str, env: Mapping[str, str] | None = None) -> str:
    """A keyed hash of a client or e-mail address: without the key it cannot be reversed by
    trying every address."""
    key = settings.get("MERKITYS_SECRET_KEY", env).strip() or DEVELOPMENT_KEY
    message = f"{kind}:{value}".encode("utf-8", "surrogatepass")
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def client_source(
    ip_address: str | None,
    headers: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
) -> str:
    """The client address behind a request. With ``MERKITYS_PROXY_HEADER`` set (behind nginx:
    ``X-Forwarded-For``), the address the trusted proxy saw, counted ``MERKITYS_PROXY_HOPS``
    from the right: entries further left were written by the client and prove nothing. An IPv6
    address counts as its /64 network, which one client can rotate through."""
    found = ip_address if isinstance(ip_address, str) else None
    header = settings.get("MERKITYS_PROXY_HEADER", env).strip()
    if header and headers is not None:
        # Repeated lines of a field are one comma-separated list (RFC 9110 5.3), the trusted
        # proxy's own line last: Streamlit's headers keep every line (``get_all``).
        get_all = getattr(headers, "get_all", None)
        lines = get_all(header) if callable(get_all) else [headers.get(header) or ""]
        value = ",".join(line for line in lines if isinstance(line, str))
        entries = [part.strip() for part in value.split(",") if part.strip()]
        hops = max(1, settings.get_int("MERKITYS_PROXY_HOPS", env))
        if len(entries) >= hops:
            found = entries[-hops]
    if not found:
        return LOCAL
    try:
        address = ipaddress.ip_address(found.strip().strip("[]"))
    except ValueError:
        return "unparsed:" + found.strip()[:100]
    if address.version == 6 and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address.ipv4_mapped or address) if address.version == 6 else str(address)


def _delay(failures: int, free: int, cap: int) -> float:
    """Seconds to wait after the latest of ``failures``: none within the allowance, then 1 s
    doubling with each further failure, at most ``cap``."""
    if failures < free:
        return 0.0
    return float(min(cap, 2 ** min(failures - free, 30)))


def _wait(session: Session, condition, *, free: int, cap: int, now: dt.datetime) -> float:
    count, latest = session.exec(
        select(func.count(SignInFailure.id), func.max(SignInFailure.at))
        .where(SignInFailure.at > now - WINDOW)
        .where(condition)
    ).one()
    if not count or latest is None:
        return 0.0
    latest = latest if latest.tzinfo else latest.replace(tzinfo=dt.UTC)
    remaining = (latest + dt.timedelta(seconds=_delay(count, free, cap)) - now).total_seconds()
    return max(0.0, remaining)


def is_known(session: Session, *, person_id: int | None, device: str | None) -> bool:
    if person_id is None or not device:
        return False
    found = session.exec(
        select(KnownDevice.id)
        .where(KnownDevice.person_id == person_id)
        .where(KnownDevice.device_hash == sessions.digest(device))
    ).first()
    return found is not None


def wait_seconds(
    session: Session,
    *,
    source: str,
    account: str,
    person_id: int | None,
    device: str | None,
    now: dt.datetime,
    env: Mapping[str, str] | None = None,
) -> float:
    """How long this attempt must wait before it may be checked; 0 lets it through. ``account``
    is the e-mail address tried (``auth.normalise_email``), ``person_id`` its active holder."""
    account_free = settings.get_int("MERKITYS_THROTTLE_ACCOUNT_FREE", env)
    if is_known(session, person_id=person_id, device=device):
        own = SignInFailure.device_hash == sessions.digest(device or "")
        return _wait(session, own, free=account_free, cap=ACCOUNT_CAP_SECONDS, now=now)
    source_free = settings.get_int("MERKITYS_THROTTLE_SOURCE_FREE", env)
    return max(
        _wait(
            session,
            SignInFailure.source_hash == blind("source", source, env),
            free=source_free,
            cap=SOURCE_CAP_SECONDS,
            now=now,
        ),
        _wait(
            session,
            SignInFailure.account_hash == blind("account", account, env),
            free=account_free,
            cap=ACCOUNT_CAP_SECONDS,
            now=now,
        ),
    )


def serialise(session: Session, *, account: str, env: Mapping[str, str] | None = None) -> None:
    """Let attempts on the same account read and count in turns (never those from one source:
    a whole workplace signs in from one address)."""
    db.serialise(session, blind("account", account, env))


def _attempt(
    session: Session,
    *,
    source_hash: str,
    account: str,
    person_id: int | None,
    device: str | None,
    now: dt.datetime,
    env: Mapping[str, str] | None,
) -> int:
    forget_old(session, now=now)
    row = SignInFailure(
        at=now,
        source_hash=source_hash,
        account_hash=blind("account", account, env),
        device_hash=sessions.digest(device) if device else "",
        person_id=person_id,
    )
    session.add(row)
    session.flush()
    return row.id


def record_failure(
    session: Session,
    *,
    source: str,
    account: str,
    person_id: int | None,
    device: str | None,
    now: dt.datetime,
    env: Mapping[str, str] | None = None,
) -> int:
    """Count a failed attempt; the row's id. Forgets the ones older than a day."""
    return _attempt(
        session,
        source_hash=blind("source", source, env),
        account=account,
        person_id=person_id,
        device=device,
        now=now,
        env=env,
    )


def reserve(
    session: Session,
    *,
    account: str,
    person_id: int | None,
    device: str | None,
    now: dt.datetime,
    env: Mapping[str, str] | None = None,
) -> int:
    """Count an attempt on ``account`` as failed before its password is checked; the row's id.
    Its source is written only when it did fail (``failed``): people signing in at the same
    moment from one workplace address must not throttle each other while they are checked."""
    return _attempt(
        session,
        source_hash="",
        account=account,
        person_id=person_id,
        device=device,
        now=now,
        env=env,
    )


def failed(
    session: Session, reserved: int, *, source: str, env: Mapping[str, str] | None = None
) -> None:
    """The attempt ``reserved`` was wrong: it counts for its source too from now on."""
    session.exec(
        update(SignInFailure)
        .where(SignInFailure.id == reserved)
        .values(source_hash=blind("source", source, env))
    )


def forget_old(session: Session, *, now: dt.datetime) -> None:
    """Delete failed attempts older than ``KEEP``: throttling looks back only ``WINDOW``."""
    session.exec(delete(SignInFailure).where(SignInFailure.at < now - KEEP))


def record_success(
    session: Session, *, person_id: int, device: str, now: dt.datetime, reserved: int | None = None
) -> None:
    """The person signed in from this browser: it is theirs from now on, and its own failures
    on their account (and the attempt ``reserved`` for this check) are forgiven."""
    device_hash = sessions.digest(device)
    sessions.remember_device(session, person_id=person_id, device=device, now=now)
    forgiven = (SignInFailure.person_id == person_id) & (SignInFailure.device_hash == device_hash)
    if reserved is not None:
        forgiven = forgiven | (SignInFailure.id == reserved)
    session.exec(delete(SignInFailure).where(forgiven))
