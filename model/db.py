"""Engine factory, sessions and migrations: the one place that knows about the database."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from sqlalchemy import Engine, ExceptionContext, create_engine, event, text
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from model.settings import ROOT, normalise_url

BUSY_TIMEOUT_MS = 30_000
_CHECKPOINT_DUE = "merkitys.checkpoint_after_commit"
log = logging.getLogger(__name__)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a 30 s busy timeout and foreign keys (TRUST 17).

    Statement parameters never reach a log or an error message (``hide_parameters``, TRUST 25):
    they are people's texts, e-mail addresses and password hashes.
    """
    url = normalise_url(url)
    if not url.startswith("sqlite"):
        engine = create_engine(
            url, pool_pre_ping=True, pool_size=10, max_overflow=50, hide_parameters=True
        )
        event.listen(engine, "handle_error", _error_without_values)
        return engine

    memory = url in ("sqlite://", "sqlite:///:memory:")
    if not memory:
        path = url.removeprefix("sqlite:///")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        # Safe: a Session (and so a connection) is never shared between threads.
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        poolclass=StaticPool if memory else None,
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted content is overwritten with zeros, not only unlinked (erasure, TRUST 30).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # A deferred transaction that reads and then writes cannot wait for the write lock and
        # fails at once with "database is locked"; writers therefore start IMMEDIATE.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _error_without_values(context: ExceptionContext) -> None:
    """Keep stored values out of PostgreSQL's error messages (TRUST 25).

    The server's text quotes them: "Key (email)=(…) already exists", "Failing row contains
    (…)" in its DETAIL, "invalid input syntax for type integer: "…"" in a data error's message.
    The message keeps the primary text (it names the constraint or column) and the SQLSTATE;
    a data error (class 22) keeps only its kind. The full diagnostics stay in ``orig.diag``.
    """
    orig = context.original_exception
    error = context.sqlalchemy_exception
    state = getattr(getattr(orig, "diag", None), "sqlstate", None)
    if not state or error is None:
        return  # no server error (a lost connection): nothing of ours in it
    kind = type(orig).__name__
    text = f"{kind if state.startswith('22') else orig.diag.message_primary} (SQLSTATE {state})"
    orig.args = (text,)
    error.args = (f"({type(orig).__module__}.{kind}) {text}",)


def _file_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:")


def checkpoint(engine: Engine) -> bool:
    """Copy SQLite's write-ahead log into the database file and truncate the log to nothing.

    Old versions of changed pages stay in the -wal file until then: after an erasure they still
    hold the erased texts (TRUST 30). Run it outside any transaction, after the commit. Returns
    False when another connection kept it from finishing (the busy timeout ran out): the log then
    still holds old pages. Nothing to do on PostgreSQL or in memory.
    """
    if not _file_sqlite(engine):
        return True
    raw = engine.raw_connection()  # autocommit (isolation_level None): outside a transaction
    try:
        cursor = raw.cursor()
        busy, _, _ = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        cursor.close()
    finally:
        raw.close()
    if busy:
        log.warning("wal checkpoint incomplete: busy")
    return not busy


def checkpoint_after_commit(session: Session) -> None:
    """Checkpoint (``checkpoint``) once the session's transaction has committed.

    For a unit of work that must leave the file, not only the tables (an erasure): whoever
    commits the session, the -wal file is emptied right after; a savepoint released does not
    count. After a rollback the next commit of the session checkpoints (harmless).
    """
    engine = session.get_bind().engine
    if not _file_sqlite(engine):
        return
    if _CHECKPOINT_DUE in session.info:  # listening already: due again
        session.info[_CHECKPOINT_DUE] = True
        return
    session.info[_CHECKPOINT_DUE] = True

    def _after_commit(committed: Session) -> None:
        # Releasing a savepoint fires this too, while the outer transaction still writes.
        if committed.in_nested_transaction() or not committed.info.get(_CHECKPOINT_DUE):
            return
        committed.info[_CHECKPOINT_DUE] = False
        checkpoint(engine)

    event.listen(session, "after_commit", _after_commit)


_write_locks: dict[str, threading.RLock] = {}
_write_locks_guard = threading.Lock()


@contextmanager
def _one_writer(engine: Engine) -> Iterator[None]:
    """In this process, one write session at a time per SQLite file; threads wait in line here.

    SQLite lets one writer in anyway. Waiting in its busy handler means sleeping up to 100 ms
    between tries, holding a pooled connection, while the lock may be free: 50 sign-ins at once
    left writes queued for 20 s. Waiting on a lock wakes the next writer as soon as the last one
    is done. After the busy timeout the writer goes on to SQLite's own wait, as without the lock
    (other processes, and writers outside ``write_session``, wait only there)."""
    with _write_locks_guard:
        lock = _write_locks.setdefault(str(engine.url.database), threading.RLock())
    acquired = lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        yield
    finally:
        if acquired:
            lock.release()


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session for one unit of work that writes: committed on success, rolled back on error."""
    with (
        _one_writer(engine) if _file_sqlite(engine) else nullcontext(),
        Session(engine, expire_on_commit=False) as session,
    ):
        if engine.dialect.name == "sqlite":
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def serialise(session: Session, *keys: str) -> None:
    """Make write transactions that name any of ``keys`` take turns until they end. SQLite
    writers take turns already (one write lock); PostgreSQL takes transaction-scoped advisory
    locks, always in the same order so two transactions never wait for each other."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(set(keys)):
        session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": key})


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading only."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["database_url"] = normalise_url(url)
    return cfg


def migrate(url: str, revision: str = "head") -> None:
    """Bring the schema at ``url`` to ``revision`` through Alembic (the only schema path)."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)
