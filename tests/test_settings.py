"""Settings are declared once and documented; the shipped Streamlit config is safe."""

from __future__ import annotations

import tomllib
from pathlib import Path

from model import settings

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_listed_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    missing = [s.name for s in settings.SETTINGS if f"`{s.name}`" not in readme]
    assert not missing


def test_database_url_defaults_to_sqlite_and_normalises_postgres():
    assert settings.database_url({}).startswith("sqlite:///")
    url = settings.database_url({"DATABASE_URL": "postgres://u@h/db"})
    assert url == "postgresql+psycopg://u@h/db"
    assert settings.normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_shipped_streamlit_config_follows_trust_rule_15():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["client"]["disableDataExport"] is True
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["server"]["maxUploadSize"] <= 10
    assert config["browser"]["gatherUsageStats"] is False


def test_no_page_renders_raw_html():
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        source = path.read_text()
        assert "unsafe_allow_html" not in source, path
        assert "st.html" not in source, path
