"""Every environment setting of Merkitys, declared once with its default and help text.

The README lists the same names; ``tests/test_settings.py`` keeps the two in sync.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class EnvSetting:
    name: str
    default: str
    help: str


SETTINGS: tuple[EnvSetting, ...] = (
    EnvSetting(
        "DATABASE_URL",
        f"sqlite:///{ROOT / 'data' / 'merkitys.db'}",
        "Database address. SQLite file by default; postgresql+psycopg://user@host/db for "
        "PostgreSQL (postgres:// is accepted and normalised).",
    ),
    EnvSetting(
        "MERKITYS_ENV",
        "development",
        "`production` for a real deployment: the demo is never loaded, and the app and its "
        "command line refuse to start while demo accounts exist or a secret is a placeholder.",
    ),
    EnvSetting(
        "MERKITYS_LOAD_DEMO",
        "0",
        "1 loads the demo organisation into an empty database at `setup`; `make run` sets it for "
        "trying the app out. Never honoured in production mode.",
    ),
    EnvSetting(
        "MERKITYS_BASE_URL",
        "http://localhost:8501",
        "The address people open the app at; one-time password links start with it.",
    ),
    EnvSetting(
        "MERKITYS_SMTP_HOST",
        "",
        "SMTP server for e-mailing password links. Empty: no e-mail is sent and the admin copies "
        "the link from the app.",
    ),
    EnvSetting("MERKITYS_SMTP_PORT", "587", "SMTP port."),
    EnvSetting("MERKITYS_SMTP_USER", "", "SMTP user name, if the server asks for one."),
    EnvSetting("MERKITYS_SMTP_PASSWORD", "", "SMTP password (a secret: never commit it)."),
    EnvSetting(
        "MERKITYS_SMTP_STARTTLS",
        "1",
        "1 upgrades the SMTP connection with STARTTLS before signing in; 0 for a local relay.",
    ),
    EnvSetting(
        "MERKITYS_SMTP_FROM",
        "merkitys@localhost",
        "Sender address of the e-mails.",
    ),
    EnvSetting(
        "MERKITYS_DEMO_SEED",
        "2026",
        "Seed of the demo organisation: the same seed gives the same people and answers.",
    ),
    EnvSetting(
        "MERKITYS_THROTTLE_SOURCE_FREE",
        "20",
        "Failed sign-ins from one address within 15 minutes before its next attempts wait "
        "(1 s, doubling, at most 15 min). Generous: a workplace may share one address.",
    ),
    EnvSetting(
        "MERKITYS_THROTTLE_ACCOUNT_FREE",
        "5",
        "Failed sign-ins on one account within 15 minutes before attempts on it from other "
        "browsers wait (1 s, doubling, at most 10 min). The person's own browser is not slowed.",
    ),
    EnvSetting(
        "MERKITYS_SECRET_KEY",
        "",
        "A long random secret (at least 32 characters, the same on every replica) that keys the "
        "hashes of client and e-mail addresses kept a day for throttling, so a copy of the "
        "database does not give them away. Required in production; development uses a fixed key.",
    ),
    EnvSetting(
        "MERKITYS_PROXY_HEADER",
        "",
        "Behind a reverse proxy: the header carrying the client address (nginx: "
        "X-Forwarded-For). Empty: the address of the connection itself.",
    ),
    EnvSetting(
        "MERKITYS_PROXY_HOPS",
        "1",
        "How many trusted proxies append to that header: the client address is this many "
        "entries from its right end.",
    ),
    EnvSetting(
        "MERKITYS_SESSION_IDLE_MINUTES",
        "480",
        "A sign-in ends after this many minutes without use (a reload or a dropped connection "
        "within it keeps the person signed in).",
    ),
    EnvSetting(
        "MERKITYS_SESSION_HOURS",
        "168",
        "A sign-in ends this many hours after it began, however much it is used.",
    ),
    EnvSetting(
        "MERKITYS_TEST_NOW",
        "",
        "Tests only: run the suite as if it were this moment (ISO 8601, e.g. "
        "2026-12-31T23:30+02:00; a time without offset is Helsinki time). The clock ticks on "
        "from there; the end-to-end server runs on the same timeline.",
    ),
    EnvSetting(
        "TEST_DATABASE_URL",
        "",
        "Tests only: run the suite against this database (e.g. PostgreSQL) instead of SQLite.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str, env: Mapping[str, str] | None = None) -> str:
    """The value of a declared setting from ``env`` (default: the process environment)."""
    env = os.environ if env is None else env
    return env.get(name) or _BY_NAME[name].default


def normalise_url(url: str) -> str:
    """Accept the common ``postgres://`` spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def database_url(env: Mapping[str, str] | None = None) -> str:
    return normalise_url(get("DATABASE_URL", env))


def get_int(name: str, env: Mapping[str, str] | None = None) -> int:
    return int(get(name, env))
