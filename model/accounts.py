"""Accounts of local sign-in: one-time links to set or reset a password, and their e-mail.

An admin issues a link (``issue_link``, or ``issue_and_deliver`` which also e-mails it when SMTP
is configured); the person opens it without being signed in, chooses a password under the policy
of ``model.auth`` and is signed in. Only a SHA-256 of a link's token is stored: the database
never holds a working link. A link works once, until it expires, and only the newest one of a
person works.

A reset link leaves the old password working until the new one is set. Removing it at once would
add nothing against an admin (who can set a password through the link anyway) but would let
anyone with an admin's session lock a person out with one click, and the person who forgot
nothing could go on working; the pause after repeated failures (``model.auth``) still guards the
old password meanwhile. Setting the new password clears that pause.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage

from sqlmodel import Session, col, select

from model import audit, auth, i18n, sessions, settings, timesource
from model.tables import PasswordToken, Person, Role
from model.viewer import AccessDenied, Viewer

log = logging.getLogger(__name__)

PURPOSES = ("set", "reset")
# A new person may not read their mail for a week; a reset is asked for and used at once.
LINK_LIFETIME = {"set": dt.timedelta(days=7), "reset": dt.timedelta(hours=24)}
SMTP_TIMEOUT_SECONDS = 15
ACCOUNT_CODES = (
    "link_invalid",
    *auth.PASSWORD_CODES,
    "mail_failed",
    "account_person_unknown",
    "account_person_retired",
    "account_purpose_unknown",
)


class AccountError(ValueError):
    """A problem the person can fix; ``code`` and ``params`` pick the text ``error.<code>``."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Delivery:
    """What ``issue_and_deliver`` did: the link (always, for the admin to copy), when it expires
    (UTC), and whether it was e-mailed; ``mail_failed`` when SMTP is set up but sending failed."""

    link: str
    expires_at: dt.datetime
    emailed: bool
    mail_failed: bool = False


@dataclass(frozen=True)
class NewPassword:
    """A password checked against the policy and hashed, waiting for ``store_password``."""

    person_id: int
    token_hash: str = field(repr=False)
    password_hash: str = field(repr=False)


def _digest(token: str) -> str:
    # The token is 256 random bits, so a plain SHA-256 cannot be reversed or guessed offline.
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _lifetime(purpose: str) -> dt.timedelta:
    if purpose not in LINK_LIFETIME:
        raise AccountError("account_purpose_unknown")
    return LINK_LIFETIME[purpose]


def issue_link(
    session: Session,
    *,
    viewer: Viewer,
    person_id: int,
    now: dt.datetime,
    purpose: str = "set",
    base_url: str | None = None,
    env: Mapping[str, str] | None = None,
) -> str:
    """A new one-time link for ``person_id`` to set (``"set"``, 7 days) or reset (``"reset"``,
    24 hours) their password; the person's earlier unused links stop working. Admins only, in
    their own organisation. The link is ``{base_url}/?token=…`` (``MERKITYS_BASE_URL``).
    """
    viewer.require(Role.admin)
    lifetime = _lifetime(purpose)
    person = session.get(Person, person_id)
    if person is None:
        raise AccountError("account_person_unknown")
    if person.organisation_id != viewer.organisation_id:
        raise AccessDenied("person of another organisation")
    if not person.active:
        raise AccountError("account_person_retired")
    earlier = session.exec(
        select(PasswordToken).where(
            PasswordToken.person_id == person_id,
            col(PasswordToken.used_at).is_(None),
            PasswordToken.expires_at > now,
        )
    ).all()
    for token_row in earlier:
        # Expired now rather than "used": the audit and the row still say it was never opened.
        token_row.expires_at = now
        session.add(token_row)
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordToken(
            person_id=person_id,
            token_hash=_digest(token),
            purpose=purpose,
            created_by=viewer.person_id,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    audit.record(
        session,
        event="password_link_issued",
        actor_id=viewer.person_id,
        subject_id=person_id,
        detail={"purpose": purpose, "replaced": len(earlier)},
    )
    session.flush()
    base = (base_url or settings.get("MERKITYS_BASE_URL", env)).rstrip("/")
    return f"{base}/?token={token}"


def _valid_token(session: Session, token: str, now: dt.datetime) -> PasswordToken | None:
    if not token or len(token) > 200:
        return None
    row = session.exec(
        select(PasswordToken).where(PasswordToken.token_hash == _digest(token))
    ).first()
    if row is None or row.used_at is not None or timesource.as_utc(row.expires_at) <= now:
        return None
    return row


def check_token(session: Session, token: str, *, now: dt.datetime) -> Person | None:
    """The active person a link's token belongs to while it is unused and unexpired, else None.
    No viewer: whoever holds the link is not signed in; the token is the authority."""
    row = _valid_token(session, token, now)
    if row is None:
        return None
    person = session.get(Person, row.person_id)
    return person if person is not None and person.active else None


def prepare_password(
    session: Session, *, token: str, password: str, now: dt.datetime
) -> NewPassword:
    """Check the link and the policy and hash the password, writing nothing.

    Run it outside any write transaction (argon2 takes ~0.1 s; TRUST 31), then ``store_password``
    in a short write. Raises ``AccountError``: ``link_invalid`` for an unknown, used or expired
    link alike (which one is not told), or a code of ``auth.PASSWORD_CODES``.
    """
    person = check_token(session, token, now=now)
    if person is None:
        raise AccountError("link_invalid")
    problem = auth.password_problem(password, personal=(person.email, person.display_name))
    if problem is not None:
        raise AccountError(problem, min=auth.MIN_PASSWORD_LENGTH, max=auth.MAX_PASSWORD_LENGTH)
    return NewPassword(
        person_id=person.id,
        token_hash=_digest(token),
        password_hash=auth.hash_password(password),
    )


def store_password(session: Session, new: NewPassword, *, now: dt.datetime) -> int:
    """Store a prepared password and use up its link; returns the person id.

    The link is checked again inside this write, so of two submits of one link only the first
    sets a password (the second gets ``link_invalid``). Clears a sign-in pause.
    """
    row = session.exec(
        select(PasswordToken).where(PasswordToken.token_hash == new.token_hash)
    ).first()
    person = session.get(Person, new.person_id)
    if (
        row is None
        or row.person_id != new.person_id
        or row.used_at is not None
        or timesource.as_utc(row.expires_at) <= now
        or person is None
        or not person.active
    ):
        raise AccountError("link_invalid")
    row.used_at = now
    person.password_hash = new.password_hash
    session.add_all([row, person])
    # A new password ends every earlier sign-in: whoever knew the old one is signed out.
    sessions.revoke_all(session, person.id, now=now)
    audit.record(
        session,
        event="password_set",
        actor_id=person.id,
        subject_id=person.id,
        detail={"purpose": row.purpose, "token_id": row.id},
    )
    session.flush()
    return person.id


def set_password_with_token(
    session: Session, *, token: str, password: str, now: dt.datetime
) -> int:
    """``prepare_password`` and ``store_password`` in one session; returns the person id.

    Hashing then happens inside the caller's transaction: pages use the two steps instead.
    """
    return store_password(
        session, prepare_password(session, token=token, password=password, now=now), now=now
    )


def _language(person: Person, lang: str | None) -> str:
    for candidate in (lang, person.language):
        if candidate in i18n.LANGUAGES:
            return candidate
    return i18n.LANGUAGES[0]


def link_message(
    person: Person, link: str, *, lang: str, purpose: str = "set", sender: str
) -> EmailMessage:
    """The plain-text e-mail that carries a link, in ``lang``."""
    hours = int(_lifetime(purpose).total_seconds() // 3600)
    msg = EmailMessage()
    msg["Subject"] = i18n.t(f"accounts.mail.subject.{purpose}", lang)
    msg["From"] = sender
    msg["To"] = person.email
    msg.set_content(
        i18n.t(
            f"accounts.mail.body.{purpose}",
            lang,
            name=person.display_name,
            link=link,
            days=hours // 24,
            hours=hours,
            min=auth.MIN_PASSWORD_LENGTH,
        )
    )
    return msg


def smtp_configured(env: Mapping[str, str] | None = None) -> bool:
    return bool(settings.get("MERKITYS_SMTP_HOST", env).strip())


def _send(message: EmailMessage, env: Mapping[str, str] | None) -> None:
    host = settings.get("MERKITYS_SMTP_HOST", env).strip()
    port = settings.get_int("MERKITYS_SMTP_PORT", env)  # a typo raises ValueError: mail_failed
    user = settings.get("MERKITYS_SMTP_USER", env)
    # Port 465 speaks TLS from the first byte; others upgrade with STARTTLS unless told not to.
    if port == 465:
        context = ssl.create_default_context()
        smtp = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT_SECONDS, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
    with smtp:
        if port != 465 and settings.get("MERKITYS_SMTP_STARTTLS", env) == "1":
            smtp.starttls(context=ssl.create_default_context())
        if user:
            smtp.login(user, settings.get("MERKITYS_SMTP_PASSWORD", env))
        smtp.send_message(message)


def send_link(
    person: Person,
    link: str,
    *,
    lang: str | None = None,
    purpose: str = "set",
    env: Mapping[str, str] | None = None,
) -> bool:
    """E-mail ``link`` to the person in ``lang`` (default: their own language) when
    ``MERKITYS_SMTP_HOST`` is set; False when it is not (the admin copies the link instead).

    Raises ``AccountError("mail_failed")`` when the server cannot be reached or refuses; the log
    gets the error's type only, never the address or the link.
    """
    if not smtp_configured(env):
        return False
    sender = settings.get("MERKITYS_SMTP_FROM", env)
    try:
        message = link_message(
            person, link, lang=_language(person, lang), purpose=purpose, sender=sender
        )
        _send(message, env)
    except (OSError, smtplib.SMTPException, ValueError) as error:
        # The error's text may quote the address (a refused recipient): type only, and no chain.
        log.warning("password link e-mail failed: %s", type(error).__name__)
        raise AccountError("mail_failed") from None
    return True


def issue_and_deliver(
    session: Session,
    *,
    viewer: Viewer,
    person_id: int,
    now: dt.datetime,
    purpose: str = "set",
    env: Mapping[str, str] | None = None,
) -> Delivery:
    """Issue a link (``issue_link``) and e-mail it when SMTP is configured, for the People page.

    The link is always returned, e-mailed or not: the page shows it for copying
    (``st.code(delivery.link)``) and says whether it went by e-mail (``emailed``) or the mail
    failed (``mail_failed``; the link still works). Without SMTP nothing is sent.

    It **commits** the session before sending: the SMTP conversation (up to
    ``SMTP_TIMEOUT_SECONDS``) must not hold the database's write lock, and a mailed link must
    exist. Call it last in its unit of work (``db.write_session``). Raises ``AccessDenied`` and
    ``AccountError`` like ``issue_link``, before anything is written.
    """
    link = issue_link(
        session, viewer=viewer, person_id=person_id, now=now, purpose=purpose, env=env
    )
    person = session.get(Person, person_id)
    session.commit()
    expires_at = timesource.as_utc(now) + LINK_LIFETIME[purpose]
    try:
        emailed = send_link(person, link, purpose=purpose, env=env)
    except AccountError:
        return Delivery(link=link, expires_at=expires_at, emailed=False, mail_failed=True)
    return Delivery(link=link, expires_at=expires_at, emailed=emailed)
