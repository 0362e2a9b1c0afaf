"""Single sign-on (TRUST 10): who an identity provider says someone is, and which roster person
that is.

Streamlit's ``st.login`` does the OpenID Connect part (Authlib checks the ID token's signature,
issuer, audience, nonce and expiry) and hands the token's claims over as ``st.user``. Here:

- ``identity``: the key of a person at the provider, never the e-mail address. Microsoft Entra ID
  (``tid`` and ``oid`` in a token issued by Microsoft for that tenant): the tenant's issuer and
  the object id, the same for the person in every app of the tenant; any other provider: the
  token's ``iss`` and ``sub``.
- ``link``: the roster person behind that key. The first sign-in links the active roster person
  with the same e-mail address, and only when the provider vouches for that address
  (``email_verified``, or Entra's ``xms_edov``) and the person has no identity yet; every later
  sign-in finds the person by the key alone, whatever the address says then. Nobody outside the
  roster gets an account, and roles always come from our database.
- ``config``: whether and how single sign-on is configured in ``secrets.toml``.

No Streamlit here: ``pages/_sso.py`` reads ``st.user`` and ``st.secrets`` and passes them in.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import update
from sqlmodel import Session, col, select

from model import audit, auth
from model.tables import Person

_log = logging.getLogger("merkitys.sso")

# Why a sign-in was refused; each has a text "sso.refused.<code>" (model/texts_signin.py).
CODES = (
    "no_identity",  # the claims name no issuer and subject
    "expired",  # the provider's answer is older than its own expiry: sign in again
    "no_email",  # a first sign-in without an e-mail address to find the roster person by
    "unverified",  # the provider does not vouch for the address
    "not_in_roster",  # nobody in the roster has that address
    "retired",  # the roster person has been retired
    "linked_elsewhere",  # the roster person already signs in with another identity
)

ENTRA_ISSUER = "https://login.microsoftonline.com/{tid}/v2.0"
# Hosts that issue Entra ID tokens (worldwide, US Government, China; v1 and v2 endpoints).
ENTRA_HOSTS = frozenset(
    {
        "login.microsoftonline.com",
        "sts.windows.net",
        "login.windows.net",
        "login.microsoftonline.us",
        "login.partner.microsoftonline.cn",
        "login.chinacloudapi.cn",
    }
)
MAX_KEY_LENGTH = 300  # Person.sso_issuer and Person.sso_subject
EXPIRY_LEEWAY = dt.timedelta(minutes=5)  # clocks of the provider and this server may differ
# Keys of an [auth.<name>] table that make it a provider (as Streamlit decides).
_PROVIDER_KEYS = frozenset({"client_id", "client_secret", "server_metadata_url"})


class SsoError(Exception):
    """A refused single sign-on; ``code`` is one of ``CODES``."""

    def __init__(self, code: str) -> None:
        if code not in CODES:
            raise ValueError(f"unknown single sign-on refusal {code!r}")
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Identity:
    issuer: str
    subject: str
    entra: bool  # keyed by Entra's tenant and object ids


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _guid(value: Any) -> str | None:
    try:
        return str(uuid.UUID(_text(value)))
    except ValueError:
        return None


def _entra_tenant(claims: Mapping[str, Any]) -> str | None:
    """The tenant id when the claims come from Entra ID: ``tid`` and ``oid`` are GUIDs and the
    token was issued by Microsoft for that very tenant (another provider may well pass on
    claims named ``tid`` and ``oid``, even ones a user can edit)."""
    tid, oid = _guid(claims.get("tid")), _guid(claims.get("oid"))
    if tid is None or oid is None:
        return None
    parts = urlsplit(_text(claims.get("iss")))
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme != "https" or (parts.hostname or "") not in ENTRA_HOSTS:
        return None
    if not segments or _guid(segments[0]) != tid:
        return None
    return tid


def identity(claims: Mapping[str, Any]) -> Identity:
    """The key of the person the claims are about; ``SsoError("no_identity")`` without one."""
    tid = _entra_tenant(claims)
    if tid is not None:
        return Identity(ENTRA_ISSUER.format(tid=tid), str(_guid(claims.get("oid"))), entra=True)
    issuer, subject = _text(claims.get("iss")), _text(claims.get("sub"))
    if not issuer or not subject or max(len(issuer), len(subject)) > MAX_KEY_LENGTH:
        raise SsoError("no_identity")
    return Identity(issuer, subject, entra=False)


def _true(value: Any) -> bool:
    """A claim that says yes: JSON true (some providers send the string "true")."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().casefold() == "true"


def email_verified(claims: Mapping[str, Any]) -> bool:
    """Whether the provider vouches for the ``email`` claim: ``email_verified``, or for Entra ID
    the optional claim ``xms_edov`` (the address's domain is verified by the tenant)."""
    if _true(claims.get("email_verified")):
        return True
    return _entra_tenant(claims) is not None and _true(claims.get("xms_edov"))


def _check_expiry(claims: Mapping[str, Any], now: dt.datetime) -> None:
    """Refuse claims whose ID token has expired: Streamlit keeps them in a cookie for 30 days,
    and a sign-in should rest on the answer the provider just gave."""
    exp = claims.get("exp")
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        return  # Authlib has already required and checked it when the token arrived
    if dt.datetime.fromtimestamp(exp, tz=dt.UTC) + EXPIRY_LEEWAY < now:
        raise SsoError("expired")


def _linked(session: Session, key: Identity) -> Person | None:
    return session.exec(
        select(Person).where(Person.sso_issuer == key.issuer, Person.sso_subject == key.subject)
    ).first()


def link(session: Session, claims: Mapping[str, Any], now: dt.datetime) -> int:
    """The roster person who signed in with these claims; links them on their first sign-in.
    Raises ``SsoError`` with the reason otherwise. The caller commits."""
    key = identity(claims)
    _check_expiry(claims, now)
    person = _linked(session, key)
    if person is not None:
        if not person.active:
            raise SsoError("retired")
        return int(person.id)
    # First sign-in: the e-mail address, vouched for by the provider, finds the roster person.
    email = auth.normalise_email(_text(claims.get("email")))
    if not email:
        raise SsoError("no_email")
    if not email_verified(claims):
        raise SsoError("unverified")
    person = session.exec(select(Person).where(Person.email == email)).first()
    if person is None:
        raise SsoError("not_in_roster")
    if not person.active:
        raise SsoError("retired")
    if person.sso_issuer is not None or person.sso_subject is not None:
        raise SsoError("linked_elsewhere")
    result = session.exec(
        update(Person)
        .where(col(Person.id) == person.id)
        .where(col(Person.sso_issuer).is_(None))
        .where(col(Person.sso_subject).is_(None))
        .where(col(Person.active).is_(True))
        .values(sso_issuer=key.issuer, sso_subject=key.subject)
    )
    if not result.rowcount:
        # Linked or retired meanwhile: the same identity signing in twice at once is fine.
        session.expire(person)
        again = _linked(session, key)
        if again is not None and again.active:
            return int(again.id)
        raise SsoError("linked_elsewhere")
    audit.record(
        session,
        event="sso_linked",
        actor_id=person.id,
        subject_id=person.id,
        detail={"entra": key.entra},
    )
    _log.log(logging.INFO, "single sign-on linked person %s", person.id)
    return int(person.id)


# Configuration ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    """Single sign-on as configured in ``secrets.toml``.

    ``provider``: the name for ``st.login`` (None: the provider is in ``[auth]`` itself);
    ``label``: the provider's name on the button (None: a generic text); ``passwords``: whether
    the sign-in page keeps the password form too.
    """

    provider: str | None
    label: str | None
    passwords: bool


def _providers(auth_section: Mapping[str, Any]) -> list[str]:
    return [
        name
        for name, value in auth_section.items()
        if isinstance(value, Mapping) and _PROVIDER_KEYS & set(value)
    ]


def config(secrets: Mapping[str, Any]) -> Config | None:
    """Single sign-on from the secrets Streamlit loaded, or None when ``[auth]`` configures no
    provider. Merkitys's own choices are in an optional ``[merkitys.sso]`` table:

    - ``provider``: which ``[auth.<name>]`` to use when there are several (default: the first);
    - ``label``: the name on the button, e.g. "Microsoft" (default: "Microsoft" for Entra ID,
      otherwise a generic "single sign-on");
    - ``passwords``: false hides the password form (default: true, so local accounts, such as
      the first administrator's, can still sign in).
    """
    auth_section = secrets.get("auth")
    if not isinstance(auth_section, Mapping):
        return None
    own = secrets.get("merkitys")
    own = own.get("sso") if isinstance(own, Mapping) else None
    own = own if isinstance(own, Mapping) else {}
    providers = _providers(auth_section)
    wanted = _text(own.get("provider"))
    if _PROVIDER_KEYS & set(auth_section) and not wanted:
        provider, section = None, auth_section
    elif wanted in providers:
        provider, section = wanted, auth_section[wanted]
    elif providers and not wanted:
        provider, section = providers[0], auth_section[providers[0]]
    else:
        if wanted:
            _log.log(logging.WARNING, "[merkitys.sso] provider names no [auth.<name>] table")
        return None
    label = _text(own.get("label")) or None
    if label is None and _is_entra(section):
        label = "Microsoft"
    passwords = own.get("passwords", True)
    return Config(provider=provider, label=label, passwords=passwords is not False)


def _is_entra(section: Mapping[str, Any]) -> bool:
    host = urlsplit(_text(section.get("server_metadata_url"))).hostname or ""
    return host in ENTRA_HOSTS
