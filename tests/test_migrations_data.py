"""Migrations keep data (TRUST.md rule 29): every table filled, down the chain and up again.

Generic over the schema and the revisions: the tables and their columns are reflected from the
live database at every step, and the steps are read from the migration scripts, so a new
migration is covered without touching this file.
"""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, func, inspect, select, text

from model import db

ROWS = 3  # rows per table: row i of a child refers to row i of each parent
VERSION_TABLE = "alembic_version"


def _value(column, i: int):
    """A value of the column's type for row ``i`` (1-based); distinct per row."""
    try:
        kind = column.type.python_type
    except NotImplementedError:
        kind = str
    if kind is bool:
        return i % 2 == 1
    if kind is int:
        return i
    if kind in (float, decimal.Decimal):
        return kind(i)
    if kind is dt.datetime:
        return dt.datetime(2026, 1, i, 12, 0, tzinfo=dt.UTC)
    if kind is dt.date:
        return dt.date(2026, 1, i)
    if kind in (dict, list):
        return {"row": i}
    value = f"{i}{column.name}"  # the row number first: unique even when cut to length
    length = getattr(column.type, "length", None)
    return value[:length] if length else value


def _row(table, i: int) -> dict:
    # Every column gets a value (nullable foreign keys too, so cascades and SET NULL can show);
    # a foreign key points at row i of its parent, which has id i.
    return {c.name: (i if c.foreign_keys else _value(c, i)) for c in table.columns}


def _reflect(engine: Engine) -> MetaData:
    meta = MetaData()
    meta.reflect(engine)
    return meta


def _fill_empty_tables(engine: Engine) -> list[str]:
    """Insert ROWS rows into every empty table, parents before children."""
    meta = _reflect(engine)
    filled = []
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            if table.name == VERSION_TABLE:
                continue
            if conn.execute(select(func.count()).select_from(table)).scalar():
                continue
            conn.execute(table.insert(), [_row(table, i) for i in range(1, ROWS + 1)])
            filled.append(table.name)
    return filled


def _counts(engine: Engine) -> dict[str, int]:
    meta = _reflect(engine)
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar()
            for t in meta.sorted_tables
            if t.name != VERSION_TABLE
        }


def _current(engine: Engine) -> str:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def _lost(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {
        name: (before[name], after[name])
        for name in before.keys() & after.keys()
        if before[name] != after[name]
    }


def test_every_step_down_and_up_keeps_every_row(file_db_url):
    cfg = db.alembic_config(file_db_url)
    script = ScriptDirectory.from_config(cfg)
    assert len(script.get_heads()) == 1, "the migration chain must have one head"
    chain = [rev.revision for rev in script.walk_revisions()][::-1]  # first .. head
    engine = db.make_engine(file_db_url)
    assert _current(engine) == chain[-1]

    filled = _fill_empty_tables(engine)
    assert set(filled) == set(_counts(engine)), "every table gets rows"
    child_tables = {t.name for t in _reflect(engine).sorted_tables if t.foreign_keys}
    assert {"action", "actionupdate"} <= child_tables  # the history the bug deleted

    steps = [(chain[i], chain[i - 1]) for i in range(len(chain) - 1, 0, -1)]  # down to first
    steps += [(chain[i - 1], chain[i]) for i in range(1, len(chain))]  # and up to head
    report, problems = [], []
    for source, target in steps:
        up = chain.index(target) > chain.index(source)
        if up:
            # On the way up, tables emptied by the way down or created by the last step get
            # rows again (their parents still hold ids 1..ROWS), so every step is tested on
            # filled tables.
            _fill_empty_tables(engine)
        before = _counts(engine)
        if up:
            command.upgrade(cfg, target)
        else:
            command.downgrade(cfg, target)
        assert _current(engine) == target
        after = _counts(engine)
        lost = _lost(before, after)
        report.append(
            f"{source}->{target}: {sum(before.values())} rows in {len(before)} tables -> "
            f"{sum(after.values())} in {len(after)}; created {sorted(after.keys() - before)}, "
            f"dropped {sorted(before.keys() - after)}, changed {lost}"
        )
        if lost:
            problems.append(f"{source}->{target}: {lost}")
    engine.dispose()
    print("\n".join(report))
    assert not problems, "row counts changed (table: before, after):\n" + "\n".join(problems)


def test_sqlite_migration_refuses_to_leave_broken_foreign_keys(file_db_url):
    """A row pointing nowhere after a migration fails the migration instead of staying."""
    if not file_db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL never turns foreign keys off")
    cfg = db.alembic_config(file_db_url)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    previous = script.get_revision(head).down_revision
    engine = db.make_engine(file_db_url)
    # A dangling reference, as only a migration run with foreign keys off could leave.
    unit = _reflect(engine).tables["unit"]
    with engine.connect() as conn:
        conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        conn.execute(unit.insert(), _row(unit, 1) | {"organisation_id": 99, "parent_id": None})
        conn.commit()
    schema = _schema(engine)
    engine.dispose()
    with pytest.raises(Exception, match="foreign key"):
        command.downgrade(cfg, previous)
    engine = db.make_engine(file_db_url)
    assert _current(engine) == head, "the failed migration was rolled back"
    assert _schema(engine) == schema, "and so was its DDL"
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def _schema(engine: Engine) -> dict[str, list[str]]:
    inspector = inspect(engine)
    return {t: [c["name"] for c in inspector.get_columns(t)] for t in inspector.get_table_names()}
