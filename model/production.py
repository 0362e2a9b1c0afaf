"""Production mode (TRUST.md 11 and 33, PRODUCT.md A6): with ``MERKITYS_ENV=production`` the app
and its command line refuse to start while the demo is switched on or present in the database, or
while a secret is a placeholder, and say why in one line each (English: the operator's console).

Demo accounts are recognised by their e-mail domain (``@demo.fi``, which the demo alone uses) and
the demo organisation by its name; passwords are not tried against the demo password, because
verifying every account's argon2 hash would take ~0.1 s per person at every start.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Engine, func, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlmodel import Session, col, select

from model import db, demo, settings
from model.tables import Organisation, Person

PRODUCTION = "production"
ENVIRONMENTS = ("development", PRODUCTION)
DEMO_EMAIL_DOMAIN = "@demo.fi"
COOKIE_SECRET_MIN = 32  # Streamlit signs its cookies with it: a long random string

# Values that stand in for a secret in examples, templates and quick set-ups (compared casefolded).
PLACEHOLDERS = frozenset(
    {
        "change-me",
        "changeme",
        "change_me",
        "change-this",
        "changethis",
        "replace-me",
        "replaceme",
        "secret",
        "password",
        "passw0rd",
        "placeholder",
        "example",
        "xxx",
        "todo",
        "tbd",
        "fixme",
        "dummy",
        "test",
        "default",
        "admin",
        "postgres",
        "merkitys",
        "merkitys-demo",
        demo.DEMO_PASSWORD.casefold(),
        "12345678",
        "123456",
    }
)
_PLACEHOLDER_PARTS = (
    "change-me",
    "changeme",
    "change_me",
    "replace-me",
    "replace_me",
    "placeholder",
)
# "xxxx", "****", "<your secret>", "{{ secret }}", "${SECRET}" (an unexpanded variable)
_PLACEHOLDER_SHAPES = re.compile(r"x+|\*+|\.+|<.*>|\{\{.*\}\}|\$\{.*\}|\$[a-z_][a-z0-9_]*")
# Keys of secrets.toml whose values are secrets.
_SECRET_KEY = re.compile(r"secret|password|passwd|token|api_key|private_key")


SECRET_KEY_MIN = 32


def is_production(env: Mapping[str, str] | None = None) -> bool:
    return settings.get("MERKITYS_ENV", env).strip().casefold() == PRODUCTION


def is_placeholder(value: str | None) -> bool:
    """True when ``value`` is empty or looks like a stand-in rather than a real secret."""
    v = (value or "").strip().casefold()
    return (
        not v
        or v in PLACEHOLDERS
        or any(part in v for part in _PLACEHOLDER_PARTS)
        or _PLACEHOLDER_SHAPES.fullmatch(v) is not None
    )


def secrets_files(cwd: Path | None = None, home: Path | None = None) -> list[Path]:
    """Where Streamlit looks for ``secrets.toml``: the user's and the working folder's
    ``.streamlit``, and the app's own (the working folder when started from it)."""
    folders = [home or Path.home(), cwd or Path.cwd(), settings.ROOT]
    found: list[Path] = []
    for folder in folders:
        path = folder / ".streamlit" / "secrets.toml"
        if path.resolve() not in [p.resolve() for p in found]:
            found.append(path)
    return found


def _walk(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _walk(value, f"{name}.")
        else:
            yield name, value


def _secrets_problems(path: Path) -> list[str]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError:
        return [f"{path} cannot be read"]
    except tomllib.TOMLDecodeError:
        return [f"{path} is not valid TOML"]
    found = []
    auth = data.get("auth")
    if isinstance(auth, Mapping):
        found += cookie_secret_problems(auth, str(path))
    for name, value in _walk(data):
        if name == "auth.cookie_secret" or not _SECRET_KEY.search(name.rsplit(".", 1)[-1]):
            continue
        if isinstance(value, str) and is_placeholder(value):
            found.append(f"{path}: {name} is a placeholder")
    return found


def cookie_secret_problems(auth: Mapping[str, Any], where: str) -> list[str]:
    """What is wrong with the ``cookie_secret`` of an ``[auth]`` section (single sign-on, TRUST
    10 and 11): Streamlit signs the identity cookie with it, so a guessable one lets anyone
    forge who they are at the identity provider."""
    cookie = auth.get("cookie_secret")
    if not isinstance(cookie, str) or is_placeholder(cookie):
        return [f"{where}: [auth] cookie_secret is missing or a placeholder"]
    if len(cookie.strip()) < COOKIE_SECRET_MIN:
        return [f"{where}: [auth] cookie_secret is shorter than {COOKIE_SECRET_MIN} characters"]
    return []


def auth_problems(
    auth: Mapping[str, Any] | None,
    env: Mapping[str, str] | None = None,
    where: str = "the secrets Streamlit loaded",
) -> list[str]:
    """In production mode, what is wrong with the ``[auth]`` section Streamlit actually loaded,
    wherever it came from (``--secrets.files``, a secrets directory, ``st.App(secrets=...)``):
    ``secrets_files`` knows only the usual ``secrets.toml`` places. Empty outside production
    mode and without an ``[auth]`` section."""
    if not is_production(env) or not isinstance(auth, Mapping):
        return []
    found = cookie_secret_problems(auth, where)
    for name, value in _walk(auth, "auth."):
        if name == "auth.cookie_secret" or not _SECRET_KEY.search(name.rsplit(".", 1)[-1]):
            continue
        if isinstance(value, str) and is_placeholder(value):
            found.append(f"{where}: {name} is a placeholder")
    return found


def config_problems(
    env: Mapping[str, str] | None = None, *, secrets: Sequence[Path] | None = None
) -> list[str]:
    """What in the environment and ``secrets.toml`` keeps production mode from starting."""
    mode = settings.get("MERKITYS_ENV", env).strip().casefold()
    if mode not in ENVIRONMENTS:
        return [f"MERKITYS_ENV must be one of {', '.join(ENVIRONMENTS)}"]
    if mode != PRODUCTION:
        return []
    found = []
    if settings.get("MERKITYS_LOAD_DEMO", env).strip() not in ("", "0"):
        found.append("MERKITYS_LOAD_DEMO is set: production never loads the demo (unset it)")
    try:
        password = make_url(settings.database_url(env)).password
    except ArgumentError:
        found.append("DATABASE_URL is not a valid database address")
    else:
        if password is not None and is_placeholder(str(password)):
            found.append("DATABASE_URL holds a placeholder password")
    if not (env if env is not None else os.environ).get("MERKITYS_BASE_URL", "").strip():
        found.append("MERKITYS_BASE_URL is not set: password links would point to localhost")
    key = settings.get("MERKITYS_SECRET_KEY", env).strip()
    if len(key) < SECRET_KEY_MIN or is_placeholder(key):
        found.append(
            f"MERKITYS_SECRET_KEY must be a random secret of at least {SECRET_KEY_MIN} characters "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )
    smtp_password = settings.get("MERKITYS_SMTP_PASSWORD", env)
    if smtp_password and is_placeholder(smtp_password):
        found.append("MERKITYS_SMTP_PASSWORD is a placeholder")
    elif settings.get("MERKITYS_SMTP_USER", env).strip() and not smtp_password.strip():
        found.append("MERKITYS_SMTP_USER is set but MERKITYS_SMTP_PASSWORD is empty")
    for path in secrets_files() if secrets is None else secrets:
        if path.is_file():
            found += _secrets_problems(path)
    return found


def data_problems(session: Session) -> list[str]:
    """What in the database keeps production mode from starting: the demo or its accounts.
    A database without tables yet (before the first migration) has nothing to refuse."""
    if not inspect(session.connection()).has_table(Person.__tablename__):
        return []
    found = []
    accounts = session.exec(
        select(func.count())
        .select_from(Person)
        .where(col(Person.email).like(f"%{DEMO_EMAIL_DOMAIN}"))
    ).one()
    if accounts:
        found.append(
            f"the database holds {accounts} demo account(s) (e-mail ending in "
            f"{DEMO_EMAIL_DOMAIN}): use a database without the demo"
        )
    if session.exec(
        select(Organisation.id).where(Organisation.name == demo.ORGANISATION_NAME)
    ).first():
        found.append(f"the database holds the demo organisation ({demo.ORGANISATION_NAME})")
    return found


def problems(
    bind: Session | Engine | str | None,
    env: Mapping[str, str] | None = None,
    *,
    secrets: Sequence[Path] | None = None,
) -> list[str]:
    """Every reason production mode refuses to start, one line each; empty outside production
    mode (except an unknown ``MERKITYS_ENV``). ``bind`` None checks the configuration only."""
    found = config_problems(env, secrets=secrets)
    if not is_production(env) or bind is None:
        return found
    if isinstance(bind, Session):
        return found + data_problems(bind)
    engine = db.make_engine(bind) if isinstance(bind, str) else bind
    try:
        with db.read_session(engine) as session:
            return found + data_problems(session)
    finally:
        if isinstance(bind, str):
            engine.dispose()


def check_or_exit(
    bind: Session | Engine | str | None,
    env: Mapping[str, str] | None = None,
    *,
    secrets: Sequence[Path] | None = None,
    out: TextIO | None = None,
) -> None:
    """For the command line: print each reason on its own line and exit with code 1."""
    found = problems(bind, env, secrets=secrets)
    if found:
        out = out or sys.stderr
        for reason in found:
            print(f"refusing to start in production mode: {reason}", file=out)
        sys.exit(1)
