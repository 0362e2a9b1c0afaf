"""`python -m model.cli import-roster PATH [--dry-run]`: exit 0 when applied (or valid, for a dry
run), 1 with the report on standard output when invalid; the operator imports into the only
organisation. On SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from model import cli, db
from model.tables import AuditEvent, Organisation, Person, Role, RoleGrant, Unit
from tests.test_roster import ERRORS, csv_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "roster-example.csv"


def counts(url: str) -> tuple[int, int, int]:
    engine = db.make_engine(url)
    try:
        with db.read_session(engine) as s:
            return tuple(
                s.exec(select(func.count()).select_from(table)).one()
                for table in (Person, Unit, RoleGrant)
            )
    finally:
        engine.dispose()


@pytest.fixture
def url(file_db_url, monkeypatch) -> str:
    """A migrated database with an organisation and its admin, as create-admin leaves it."""
    monkeypatch.setenv("DATABASE_URL", file_db_url)
    engine = db.make_engine(file_db_url)
    with db.write_session(engine) as s:
        org = Organisation(name="Esimerkkikunta")
        s.add(org)
        s.flush()
        admin = Person(organisation_id=org.id, email="admin@esimerkkikunta.fi", display_name="A")
        s.add(admin)
        s.flush()
        s.add(RoleGrant(person_id=admin.id, role=Role.admin))
    engine.dispose()
    return file_db_url


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as exited:
        cli.main(["import-roster", *args])
    return exited.value.code


def test_dry_run_of_the_sample_is_valid_and_writes_nothing(url, capsys):
    before = counts(url)
    assert run(str(SAMPLE), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "The file roster-example.csv is valid: 25 people." in out
    assert "People to add: 25" in out
    assert "Dry run: nothing was saved." in out
    assert counts(url) == before


def test_apply_then_again_changes_nothing(url, capsys):
    assert run(str(SAMPLE)) == 0
    out = capsys.readouterr().out
    assert (
        "Saved: 25 added, 0 changed, 0 reactivated, 0 retired; 8 new units and 5 new teams." in out
    )
    assert "one-time link" in out
    after = counts(url)
    assert after[0] == 26
    assert run(str(SAMPLE)) == 0
    out = capsys.readouterr().out
    assert "nothing changes" in out
    assert counts(url) == after
    engine = db.make_engine(url)
    with db.read_session(engine) as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.event == "roster_imported")).all()
    engine.dispose()
    assert [e.actor_id for e in events] == [None, None]  # the operator, not a person


def test_an_invalid_file_prints_the_report_and_exits_1(url, tmp_path, capsys):
    path = tmp_path / "henkilöstö.csv"
    path.write_bytes(csv_bytes(ERRORS, encoding="cp1252"))
    before = counts(url)
    assert run(str(path), "--dry-run") == 1
    out = capsys.readouterr().out
    assert "The file henkilöstö.csv has problems (12), so nothing was saved:" in out
    assert (
        "Row 3, column “sähköposti”: The e-mail address “matti.virtanen@esimerkkikunta” is not "
        "valid." in out
    )
    assert "Row 5, column “nimi”: The cell holds a formula" in out
    assert run(str(path)) == 1
    assert counts(url) == before


def test_a_missing_file_or_no_organisation_exits_1(file_db_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATABASE_URL", file_db_url)
    assert run(str(tmp_path / "missing.csv")) == 1
    assert "could not be opened" in capsys.readouterr().out
    assert run(str(SAMPLE), "--dry-run") == 1
    assert "Create an admin first" in capsys.readouterr().out
    assert counts(file_db_url) == (0, 0, 0)


def test_the_command_runs_as_a_module(url):
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "model.cli", "import-roster", str(SAMPLE), "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "People to add: 25" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "model.cli", "import-roster", str(ROOT / "README.md")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 1
    assert "The file type is not recognised" in bad.stdout
