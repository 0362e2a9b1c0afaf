"""The operators' command line: setup is idempotent, create-admin makes a working account."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func
from sqlmodel import select

from model import auth, cli, db, demo
from model.tables import Organisation, Person, RoleGrant


def count_people(url: str) -> int:
    with db.read_session(db.make_engine(url)) as s:
        return s.exec(select(func.count()).select_from(Person)).one()


def test_setup_loads_the_demo_once(file_db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", file_db_url)
    monkeypatch.setenv("MERKITYS_LOAD_DEMO", "1")
    cli.main(["setup"])
    people = count_people(file_db_url)
    assert people == 150
    cli.main(["setup"])
    assert count_people(file_db_url) == people
    assert "demo not loaded" in capsys.readouterr().out


def test_setup_without_demo_leaves_the_database_empty(file_db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", file_db_url)
    monkeypatch.setenv("MERKITYS_LOAD_DEMO", "0")
    cli.main(["setup"])
    assert count_people(file_db_url) == 0


def test_create_admin_makes_an_account_that_signs_in(file_db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", file_db_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("pitkä-ja-vahva-salasana\n"))
    cli.main(
        [
            "create-admin",
            "--email",
            " Anna@Kunta.FI",
            "--name",
            "Anna",
            "--organisation",
            "Kunta",
            "--password-stdin",
        ]
    )
    with db.write_session(db.make_engine(file_db_url)) as s:
        pid = auth.authenticate(s, email="anna@kunta.fi", password="pitkä-ja-vahva-salasana")
        assert pid is not None
        assert s.exec(select(RoleGrant.role).where(RoleGrant.person_id == pid)).all() == ["admin"]
        assert s.exec(select(Organisation.name)).all() == ["Kunta"]


def test_create_admin_refuses_a_short_password(file_db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", file_db_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("lyhyt\n"))
    with pytest.raises(SystemExit, match="at least"):
        cli.main(
            [
                "create-admin",
                "--email",
                "a@k.fi",
                "--name",
                "A",
                "--organisation",
                "K",
                "--password-stdin",
            ]
        )
    assert count_people(file_db_url) == 0


def test_create_admin_sets_the_organisation_time_zone_and_refuses_an_unknown_one(
    file_db_url, monkeypatch
):
    monkeypatch.setenv("DATABASE_URL", file_db_url)
    args = ["create-admin", "--email", "a@k.fi", "--name", "A", "--organisation", "K"]
    monkeypatch.setattr("sys.stdin", io.StringIO("pitkä-ja-vahva-salasana\n"))
    with pytest.raises(SystemExit, match="unknown time zone"):
        cli.main([*args, "--time-zone", "Europe/Atlantis", "--password-stdin"])
    assert count_people(file_db_url) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("pitkä-ja-vahva-salasana\n"))
    cli.main([*args, "--time-zone", "Europe/Stockholm", "--password-stdin"])
    with db.read_session(db.make_engine(file_db_url)) as s:
        assert s.exec(select(Organisation.time_zone)).all() == ["Europe/Stockholm"]
    # A second admin cannot quietly ask for another zone: the organisation has one already.
    monkeypatch.setattr("sys.stdin", io.StringIO("pitkä-ja-vahva-salasana\n"))
    again = ["create-admin", "--email", "b@k.fi", "--name", "B", "--time-zone", "Europe/Helsinki"]
    with pytest.raises(SystemExit, match="exists already"):
        cli.main([*again, "--password-stdin"])


def test_load_demo_refuses_a_database_with_data(file_db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", file_db_url)
    cli.main(["load-demo"])
    with pytest.raises(SystemExit, match="refusing"):
        cli.main(["load-demo"])


def test_load_demo_is_refused_in_production(file_db_url, monkeypatch):
    monkeypatch.setenv("MERKITYS_ENV", "production")
    with pytest.raises(SystemExit) as stopped:
        cli.main(["load-demo"])
    assert "production" in str(stopped.value.code)
    with db.read_session(db.make_engine(file_db_url)) as s:
        assert demo.is_empty(s)
