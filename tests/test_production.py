"""Production mode (TRUST 11, 33): no demo, no demo accounts, no placeholder secrets."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from model import cli, db, production
from model.demo import DEMO_PASSWORD
from model.tables import Person
from tests.apptest_helpers import APP

STRONG = "Kuusi-kanteletta-soi-illalla"
CLEAN = {
    "MERKITYS_ENV": "production",
    "DATABASE_URL": f"postgresql+psycopg://merkitys:{STRONG}@db.kunta.fi/merkitys",
    "MERKITYS_BASE_URL": "https://merkitys.kunta.fi",
    "MERKITYS_SECRET_KEY": "Vq3nR8sLw1YcT6pXz0KbM4hJd7GfU2eA",
}
COOKIE = "k5JvQ2mZr8TqL0wXy3NbH7sUe1PdA9cF"  # 32 characters


def refused(env: dict, secrets=()) -> list[str]:
    return production.config_problems(env, secrets=list(secrets))


@pytest.fixture(autouse=True)
def _no_secrets_files(monkeypatch, tmp_path):
    """The machine's own ~/.streamlit must not decide these tests."""
    monkeypatch.setattr(production, "secrets_files", lambda: [tmp_path / "none.toml"])
    for name in (
        "MERKITYS_ENV",
        "MERKITYS_LOAD_DEMO",
        "MERKITYS_SMTP_PASSWORD",
        "MERKITYS_SMTP_USER",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    "value",
    ["", "  ", "change-me", "CHANGEME", "please-change-me", "secret", "password", "placeholder",
     "example", "xxx", "XXXXXXXX", "todo", "merkitys-demo", DEMO_PASSWORD, "<your secret>",
     "${SMTP_PASSWORD}", "{{ cookie_secret }}", "********"],
)  # fmt: skip
def test_placeholders_are_recognised(value):
    assert production.is_placeholder(value)


@pytest.mark.parametrize("value", [STRONG, COOKIE, "t9#Lq2!vR7pW"])
def test_real_secrets_are_not_placeholders(value):
    assert not production.is_placeholder(value)


def test_development_ignores_everything_production_refuses(demo_url):
    env = {"DATABASE_URL": "postgresql://u:change-me@h/d", "MERKITYS_LOAD_DEMO": "1"}
    assert production.problems(demo_url, env) == []
    assert production.problems(demo_url, env | {"MERKITYS_ENV": "development"}) == []


def test_an_unknown_mode_is_refused_rather_than_run_as_development():
    assert refused({"MERKITYS_ENV": "prod"}) == [
        "MERKITYS_ENV must be one of development, production"
    ]


def test_a_clean_production_configuration_starts():
    assert refused(CLEAN) == []
    assert (
        refused(CLEAN | {"MERKITYS_SMTP_USER": "merkitys", "MERKITYS_SMTP_PASSWORD": STRONG}) == []
    )
    # No password in the address (peer authentication, a .pgpass file) is not a placeholder.
    assert refused(CLEAN | {"DATABASE_URL": "postgresql://merkitys@db/merkitys"}) == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"MERKITYS_LOAD_DEMO": "1"}, "MERKITYS_LOAD_DEMO is set: production never loads the demo"),
        (
            {"DATABASE_URL": "postgresql://merkitys:change-me@db/merkitys"},
            "DATABASE_URL holds a placeholder password",
        ),
        ({"MERKITYS_SMTP_PASSWORD": "changeme"}, "MERKITYS_SMTP_PASSWORD is a placeholder"),
        (
            {"MERKITYS_SMTP_USER": "merkitys"},
            "MERKITYS_SMTP_USER is set but MERKITYS_SMTP_PASSWORD is empty",
        ),
        ({"MERKITYS_BASE_URL": ""}, "MERKITYS_BASE_URL is not set"),
        ({"MERKITYS_SECRET_KEY": ""}, "MERKITYS_SECRET_KEY must be a random secret"),
        ({"MERKITYS_SECRET_KEY": "short-but-random-Vq3nR8"}, "MERKITYS_SECRET_KEY must be"),
        ({"MERKITYS_SECRET_KEY": "change-me" * 4}, "MERKITYS_SECRET_KEY must be"),
    ],
)
def test_production_refuses_with_a_one_line_reason(change, reason):
    found = refused(CLEAN | change)
    assert len(found) == 1
    assert found[0].startswith(reason)
    assert "\n" not in found[0]
    assert not any(value in found[0] for value in ("change-me", "changeme"))  # never the value


def test_streamlit_secrets_are_checked_when_present(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text(
        f'[auth]\ncookie_secret = "{COOKIE}"\n[auth.entra]\nclient_secret = "{STRONG}"\n'
    )
    assert refused(CLEAN, [path]) == []
    path.write_text('[auth]\ncookie_secret = "xxx"\n')
    assert refused(CLEAN, [path]) == [f"{path}: [auth] cookie_secret is missing or a placeholder"]
    path.write_text('[auth]\nredirect_uri = "https://merkitys.kunta.fi/oauth2callback"\n')
    assert refused(CLEAN, [path]) == [f"{path}: [auth] cookie_secret is missing or a placeholder"]
    path.write_text('[auth]\ncookie_secret = "lyhyt-mutta-satunnainen"\n')
    assert refused(CLEAN, [path]) == [f"{path}: [auth] cookie_secret is shorter than 32 characters"]
    path.write_text(f'[auth]\ncookie_secret = "{COOKIE}"\n[auth.entra]\nclient_secret = "TODO"\n')
    assert refused(CLEAN, [path]) == [f"{path}: auth.entra.client_secret is a placeholder"]
    path.write_text("[auth\n")
    assert refused(CLEAN, [path]) == [f"{path} is not valid TOML"]
    assert refused(CLEAN, [tmp_path / "missing.toml"]) == []


def test_production_refuses_a_database_with_the_demo(demo_url):
    found = production.problems(demo_url, CLEAN)
    assert found == [
        "the database holds 150 demo account(s) (e-mail ending in @demo.fi): use a database "
        "without the demo",
        "the database holds the demo organisation (Harjulahden kaupunki)",
    ]


def test_a_database_before_its_first_migration_has_nothing_to_refuse(tmp_path):
    assert production.problems(f"sqlite:///{tmp_path / 'new.db'}", CLEAN) == []


def count_people(url: str) -> int:
    with db.read_session(db.make_engine(url)) as s:
        return s.exec(select(func.count()).select_from(Person)).one()


def production_env(monkeypatch, url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MERKITYS_ENV", "production")
    monkeypatch.setenv("MERKITYS_BASE_URL", CLEAN["MERKITYS_BASE_URL"])
    monkeypatch.setenv("MERKITYS_SECRET_KEY", CLEAN["MERKITYS_SECRET_KEY"])


def test_setup_in_production_with_the_demo_switched_on_refuses_and_loads_nothing(
    file_db_url, monkeypatch, capsys
):
    production_env(monkeypatch, file_db_url)
    monkeypatch.setenv("MERKITYS_LOAD_DEMO", "1")
    with pytest.raises(SystemExit) as refusal:
        cli.main(["setup"])
    assert refusal.value.code == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "refusing to start in production mode: MERKITYS_LOAD_DEMO is set: production never "
        "loads the demo (unset it)"
    ]
    assert count_people(file_db_url) == 0


def test_setup_in_production_migrates_without_the_demo(file_db_url, monkeypatch, capsys):
    production_env(monkeypatch, file_db_url)
    cli.main(["setup"])
    assert "database migrated" in capsys.readouterr().out
    assert count_people(file_db_url) == 0


def test_setup_and_create_admin_refuse_a_database_holding_the_demo(demo_url, monkeypatch, capsys):
    production_env(monkeypatch, demo_url)
    with pytest.raises(SystemExit) as refusal:
        cli.main(["setup"])
    assert refusal.value.code == 1
    assert "150 demo account(s)" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(STRONG + "\n"))
    with pytest.raises(SystemExit) as refusal:
        cli.main(["create-admin", "--email", "a@kunta.fi", "--name", "A", "--password-stdin"])
    assert refusal.value.code == 1
    assert count_people(demo_url) == 150


def test_create_admin_in_production_refuses_the_demo_password(file_db_url, monkeypatch):
    production_env(monkeypatch, file_db_url)
    args = ["create-admin", "--email", "a@kunta.fi", "--name", "A", "--organisation", "Kunta"]
    monkeypatch.setattr("sys.stdin", io.StringIO(DEMO_PASSWORD + "\n"))
    with pytest.raises(SystemExit, match="placeholder or demo password"):
        cli.main([*args, "--password-stdin"])
    assert count_people(file_db_url) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(STRONG + "\n"))
    cli.main([*args, "--password-stdin"])
    assert count_people(file_db_url) == 1


# --- the app -------------------------------------------------------------------------------------


def test_the_app_refuses_to_start_in_production_on_the_demo_and_says_why(app_env, monkeypatch):
    monkeypatch.setenv("MERKITYS_ENV", "production")
    monkeypatch.setenv("MERKITYS_BASE_URL", CLEAN["MERKITYS_BASE_URL"])
    monkeypatch.setenv("MERKITYS_SECRET_KEY", CLEAN["MERKITYS_SECRET_KEY"])
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    [error] = at.error
    assert error.value.startswith("Palvelua ei ole määritetty tuotantokäyttöön")
    assert "150 demo account(s)" in error.value
    assert not at.text_input, "no sign-in form"


def test_the_app_starts_in_production_on_a_clean_database(file_db_url, monkeypatch):
    production_env(monkeypatch, file_db_url)
    monkeypatch.setattr("sys.stdin", io.StringIO(STRONG + "\n"))
    cli.main(["create-admin", "--email", "a@kunta.fi", "--name", "A", "--organisation", "Kunta",
              "--password-stdin"])  # fmt: skip
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert not at.error
    assert at.text_input(key="signin.email")


def test_the_app_in_development_runs_on_the_demo(app_env):
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.error
    assert at.text_input(key="signin.email")


# --- single sign-on: the [auth] section Streamlit loaded, wherever from ---------------------------


def test_the_loaded_auth_section_needs_a_real_cookie_secret():
    entra = {"client_id": "c", "client_secret": STRONG}
    where = "the secrets Streamlit loaded"
    good = {"cookie_secret": COOKIE, "entra": entra}
    assert production.auth_problems(good, CLEAN) == []
    assert production.auth_problems(None, CLEAN) == []
    assert production.auth_problems({"cookie_secret": "xxx"}, {}) == []  # development
    assert production.auth_problems({"cookie_secret": "change-me"}, CLEAN) == [
        f"{where}: [auth] cookie_secret is missing or a placeholder"
    ]
    assert production.auth_problems({"redirect_uri": "https://m.fi/oauth2callback"}, CLEAN) == [
        f"{where}: [auth] cookie_secret is missing or a placeholder"
    ]
    assert production.auth_problems({"cookie_secret": "k5JvQ2mZr8TqL0w"}, CLEAN) == [
        f"{where}: [auth] cookie_secret is shorter than 32 characters"
    ]
    placeholder = {"cookie_secret": COOKIE, "entra": entra | {"client_secret": "<secret>"}}
    assert production.auth_problems(placeholder, CLEAN) == [
        f"{where}: auth.entra.client_secret is a placeholder"
    ]


def test_the_app_refuses_a_short_cookie_secret_from_any_secrets_source(file_db_url, monkeypatch):
    # E.g. `streamlit run serve.py --secrets.files /etc/merkitys/secrets.toml` or
    # st.App(secrets=...): not one of the usual secrets.toml places the file check reads.
    production_env(monkeypatch, file_db_url)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets = {"auth": {"cookie_secret": "lyhyt-mutta-satunnainen", "client_id": "c"}}
    at.run()
    assert not at.exception
    [error] = at.error
    assert "[auth] cookie_secret is shorter than 32 characters" in error.value
    assert "lyhyt" not in error.value  # never the value
    assert not at.text_input, "no sign-in form"
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets = {"auth": {"cookie_secret": COOKIE, "client_id": "c"}}
    at.run()
    assert not at.error
    assert at.button(key="signin.sso")
