"""Single sign-on in a real Chromium (TRUST 10, issue 12): an OpenID Connect provider
(``oidc-provider-mock``) on 127.0.0.1 and ``streamlit run serve.py`` with an ``[auth]`` section
in a secrets file of its own (``--secrets.files``), both started here.

- A roster person signs in with the provider: linked by their verified address on the first
  sign-in, by the provider's subject on the second; a reload keeps them signed in; signing out
  ends the Merkitys session and the provider's, and leaves the sign-in page, also after a reload.
- Someone the provider knows but the roster does not gets a clear page, not an account, and can
  sign out of the provider from it.

Screenshots at 1366 and 390 px: test-artifacts/sso-*.png.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import threading
from pathlib import Path

import pytest
import werkzeug.serving
from playwright.sync_api import expect
from sqlalchemy import func
from sqlmodel import select

from model import db
from model.tables import Person
from tests.conftest import ARTIFACTS
from tests.e2e.steps import idle
from tests.streamlit_server import AT_MOMENT, free_port, running

pytestmark = pytest.mark.e2e
expect.set_options(timeout=30_000)  # a first page load imports the whole app

ROOT = Path(__file__).resolve().parents[2]
LABEL = "Kuntatunnus"  # [merkitys.sso] label
BUTTON = f"Kirjaudu sisään: {LABEL}"
EMPLOYEE = "tyontekija@demo.fi"
SUBJECT = "matti-4f1c"  # the roster person at the provider
STRANGER = "vieras-9b2e"  # someone the provider knows and the roster does not
SIGN_OUT = "Kirjaudu ulos"
REFUSED = "Et pääse Merkitykseen tällä tunnuksella"
WIDTHS = (1366, 390)


@pytest.fixture(scope="module")
def provider():
    """The identity provider on 127.0.0.1 and a free port, in a thread of this process."""
    from oidc_provider_mock import User, app

    # The provider refuses plain http unless told it is a test.
    saved = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    users = [
        User(sub=SUBJECT, claims={"email": EMPLOYEE, "email_verified": True, "name": "Matti"}),
        User(
            sub=STRANGER,
            claims={"email": "vieras@muualla.fi", "email_verified": True, "name": "Vieras"},
        ),
    ]
    server = werkzeug.serving.make_server("127.0.0.1", 0, app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()
        if saved is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = saved


@pytest.fixture(scope="module")
def app_server(provider, tmp_path_factory):
    """``streamlit run serve.py`` on the demo, signing in through ``provider``."""
    folder = tmp_path_factory.mktemp("sso")
    url = f"sqlite:///{folder / 'merkitys.db'}"
    env = {**os.environ, "DATABASE_URL": url, "MERKITYS_LOAD_DEMO": "1"}
    subprocess.run([*AT_MOMENT, "model.cli", "setup"], cwd=ROOT, env=env, check=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        f"""[auth]
redirect_uri = "{base}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"

[auth.kunta]
client_id = "merkitys"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[merkitys.sso]
label = "{LABEL}"
"""
    )
    log_path = ARTIFACTS / "e2e-sso-server.log"
    args = ("--secrets.files", str(secrets_file))
    with running(env, log_path, port=port, args=args, launcher=AT_MOMENT) as base:
        yield {"base": base, "database_url": url, "log": log_path}


@pytest.fixture
def context_for(browser):
    """A new browser (own cookies) at a given width; only 127.0.0.1 is reachable (the
    provider's pages link a style sheet on a CDN)."""
    contexts = []

    def make(width: int):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fi-FI")
        context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield make
    for context in contexts:
        context.close()


def shot(page, name: str, width: int) -> None:
    idle(page)
    page.evaluate("document.fonts.ready.then(() => true)")  # icons are drawn with a font
    page.screenshot(path=str(ARTIFACTS / f"sso-{name}-{width}.png"), full_page=True)


def sign_in_page(page) -> None:
    expect(page.get_by_role("button", name=BUTTON)).to_be_visible()
    idle(page)


def at_the_provider(page, provider: str, subject: str) -> None:
    """Choose ``subject`` on the provider's sign-in form."""
    page.wait_for_url(f"{provider}/**")
    page.get_by_role("button", name=subject, exact=True).click()


def end_provider_session(page, provider: str) -> None:
    """The provider asks before it ends its session, then sends the browser back."""
    page.wait_for_url(f"{provider}/oauth2/end_session**")
    page.get_by_role("button", name="End session").click()


def sidebar_button(page, name: str):
    """A sidebar button, once the app has drawn it; on a phone the sidebar opens first."""
    button = page.locator('[data-testid="stSidebar"]').get_by_role("button", name=name)
    expand = page.get_by_test_id("stExpandSidebarButton")
    expect(button.or_(expand).first).to_be_visible()
    if not button.is_visible():
        expand.click()
    expect(button).to_be_visible()
    return button


def sso_link(url: str, email: str) -> tuple[str | None, str | None]:
    with db.read_session(db.make_engine(url)) as s:
        person = s.exec(select(Person).where(Person.email == email)).one()
        return person.sso_issuer, person.sso_subject


def people(url: str) -> int:
    with db.read_session(db.make_engine(url)) as s:
        return s.exec(select(func.count()).select_from(Person)).one()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_roster_person_signs_in_reloads_and_signs_out(provider, app_server, context_for, width):
    base, url = app_server["base"], app_server["database_url"]
    page = context_for(width)
    page.goto(base)
    sign_in_page(page)
    shot(page, "signin", width)
    page.get_by_role("button", name=BUTTON).click()
    at_the_provider(page, provider, SUBJECT)

    # Back in the app: signed in as the roster person, with their roles from our database.
    page.wait_for_url(f"{base}/**")
    expect(page.get_by_role("heading", name="Itsearviointi", exact=True)).to_be_visible()
    shot(page, "signed-in", width)
    sidebar_button(page, SIGN_OUT)
    expect(page.get_by_text("Kirjautuneena · työntekijä")).to_be_visible()
    assert sso_link(url, EMPLOYEE) == (provider, SUBJECT)
    names = {c["name"] for c in page.context.cookies()}
    assert {"merkitys_session", "merkitys_device", "_streamlit_user"} <= names

    page.reload()  # a reload keeps the sign-in (the session cookie)
    sidebar_button(page, SIGN_OUT)
    assert page.get_by_role("button", name=BUTTON).count() == 0

    sidebar_button(page, SIGN_OUT).click()
    end_provider_session(page, provider)
    page.wait_for_url(f"{base}/**")
    sign_in_page(page)
    names = {c["name"] for c in page.context.cookies()}
    assert "merkitys_session" not in names
    assert not [n for n in names if n.startswith("_streamlit_user")]
    page.reload()  # still signed out: nothing signs the person in by itself
    sign_in_page(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_role("button", name=SIGN_OUT).count() == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_someone_outside_the_roster_gets_a_clear_page(provider, app_server, context_for, width):
    base, url = app_server["base"], app_server["database_url"]
    before = people(url)
    page = context_for(width)
    page.goto(base)
    sign_in_page(page)
    page.get_by_role("button", name=BUTTON).click()
    at_the_provider(page, provider, STRANGER)

    page.wait_for_url(f"{base}/**")
    expect(page.get_by_role("heading", name=REFUSED)).to_be_visible()
    expect(page.get_by_text("ei ole organisaatiosi Merkitys-henkilöstöluettelossa")).to_be_visible()
    assert page.get_by_label("Sähköposti").count() == 0
    assert people(url) == before, "no account was made"
    assert "merkitys_session" not in {c["name"] for c in page.context.cookies()}
    sign_out = page.get_by_role("button", name="Kirjaudu ulos tunnistuspalvelusta")
    expect(sign_out).to_be_visible()
    shot(page, "refused", width)

    sign_out.click()
    end_provider_session(page, provider)
    page.wait_for_url(f"{base}/**")
    sign_in_page(page)
    assert not [c for c in page.context.cookies() if c["name"].startswith("_streamlit_user")]
