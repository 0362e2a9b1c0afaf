"""Alembic environment: the schema is SQLModel.metadata; the address comes from settings.

SQLite (TRUST.md rule 29): batch migrations rebuild a table (copy, DROP, rename). With foreign
keys on, the DROP deletes the rows of every child with ON DELETE CASCADE (an action's history)
and nulls SET NULL references. The migrations therefore run with foreign keys off, all in one
transaction; before it commits, ``PRAGMA foreign_key_check`` must report nothing, or the
migration fails and is rolled back.
"""

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

import model.tables  # noqa: F401  (registers every table on SQLModel.metadata)
from model.db import make_engine
from model.settings import database_url

config = context.config
target_metadata = SQLModel.metadata


class ForeignKeyViolation(RuntimeError):
    """A migration left rows whose foreign keys point nowhere."""


def _sqlite_foreign_keys(connection: Connection, on: bool) -> None:
    """Switch foreign keys on the DBAPI connection: outside any transaction, where it counts.

    ``PRAGMA foreign_keys`` is a no-op inside a transaction, and SQLAlchemy's autobegin (with
    model.db's BEGIN hook) would open one at the first statement sent through ``connection``.
    """
    raw = connection.connection.driver_connection
    if connection.in_transaction() or raw.in_transaction:
        raise RuntimeError("foreign keys can only be switched outside a transaction")
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    if raw.execute("PRAGMA foreign_keys").fetchone()[0] != int(on):
        raise RuntimeError(f"SQLite did not turn foreign keys {'on' if on else 'off'}")


def _check_foreign_keys(connection: Connection) -> None:
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if violations:
        shown = "; ".join(
            f"{table} rowid {rowid} -> {parent} (constraint {fk})"
            for table, rowid, parent, fk in violations[:20]
        )
        raise ForeignKeyViolation(
            f"migration rolled back: {len(violations)} foreign key violation(s): {shown}"
        )


def run_migrations_online() -> None:
    url = config.attributes.get("database_url") or database_url()
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                _sqlite_foreign_keys(connection, on=False)
                # A migration writes: take the write lock at BEGIN (see model.db).
                connection.execution_options(sqlite_begin="IMMEDIATE")
            try:
                context.configure(
                    connection=connection,
                    target_metadata=target_metadata,
                    # SQLite cannot ALTER most things; batch mode copies the table instead.
                    render_as_batch=sqlite,
                    # SQLite's DDL is transactional too (model.db issues BEGIN itself): one
                    # transaction for all steps, so a failed foreign key check undoes them all.
                    transactional_ddl=True if sqlite else None,
                    compare_type=True,
                )
                with context.begin_transaction():
                    if sqlite and connection.exec_driver_sql("PRAGMA foreign_keys").scalar():
                        raise RuntimeError("foreign keys are on inside the migration")
                    context.run_migrations()
                    if sqlite:
                        _check_foreign_keys(connection)
            finally:
                if sqlite:
                    if connection.in_transaction():  # pragma: no cover - failed before BEGIN
                        connection.rollback()
                    _sqlite_foreign_keys(connection, on=True)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run against a database.")
run_migrations_online()
