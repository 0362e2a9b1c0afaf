"""Sessions that survive a reload, in Chromium (TRUST 12, 31; issue 12 point 2).

A sign-in leaves an HttpOnly, SameSite=Lax session cookie and never a token in a URL; a reload
(on a desktop and on a phone) keeps the person signed in; signing out in one tab ends the sign-in
in the other tab at its next click, and a reload afterwards shows the sign-in page; a second
browser that presents the first one's Streamlit session id over a raw websocket gets the
signed-out app.

The demo is shared with the other end-to-end tests: everything here happens in an organisation
of its own (``tests.factories.make_org``) with people no other test knows.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlmodel import select
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from model import auth, db, sessions, timesource
from model.demo import DEMO_PASSWORD
from model.tables import (
    FrameworkVersion,
    Organisation,
    Person,
    Round,
    RoundScope,
    Unit,
    UnitKind,
)
from tests.conftest import ARTIFACTS
from tests.e2e.steps import click, idle, login
from tests.factories import add_person

pytestmark = pytest.mark.e2e

DOMAIN = "istunnot.test"  # nobody else signs in with these addresses
DESKTOP = f"tietokone@{DOMAIN}"
PHONE = f"puhelin@{DOMAIN}"
TABS = f"valilehdet@{DOMAIN}"
STOLEN = f"uhri@{DOMAIN}"
STOLEN_ACTS = f"uhri2@{DOMAIN}"
LOGOUT = "Kirjaudu ulos"
SIGNIN_LABELS = ("Sähköposti", "Salasana", "Kirjaudu sisään")
ROUND_CHOICE = re.compile(r"^Istuntokierros ")


def _organisation(s) -> tuple[int, int]:
    """An organisation with one team and an open round on the demo's framework version."""
    org = Organisation(name="Istuntokunta")
    s.add(org)
    s.flush()
    root = Unit(organisation_id=org.id, kind=UnitKind.organisation, name="Istuntokunta")
    s.add(root)
    s.flush()
    team = Unit(organisation_id=org.id, parent_id=root.id, kind=UnitKind.team, name="Istuntotiimi")
    s.add(team)
    s.flush()
    version = s.exec(select(FrameworkVersion).order_by(FrameworkVersion.id)).first()
    today = timesource.today()
    pulse = Round(
        organisation_id=org.id,
        name="Istuntokierros",
        opens_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=10),
        framework_id=version.id,
    )
    s.add(pulse)
    s.flush()
    s.add(RoundScope(round_id=pulse.id, unit_id=root.id))
    s.flush()
    return org.id, team.id


@pytest.fixture(scope="module")
def people(server):
    """An organisation of our own on the shared server, with one person per journey."""
    engine = db.make_engine(server["database_url"])
    with db.write_session(engine) as s:
        if s.exec(select(Person).where(Person.email == DESKTOP)).first() is None:
            org_id, team_id = _organisation(s)
            hashed = auth.hash_password(DEMO_PASSWORD)
            for email in (DESKTOP, PHONE, TABS, STOLEN):
                add_person(s, org_id, team_id, email, password_hash=hashed)
            # This one has not yet read the privacy notice: its page has a button to press.
            add_person(s, org_id, team_id, STOLEN_ACTS, password_hash=hashed, acknowledged=False)
    yield engine
    engine.dispose()


def _context(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fi-FI")
    context.set_default_timeout(20_000)
    return context


class Trail:
    """Every URL a page navigated to or requested, and its websockets' frames."""

    def __init__(self, page) -> None:
        self.urls: list[str] = []
        self.sockets: list[dict] = []
        page.on(
            "framenavigated",
            lambda frame: self.urls.append(frame.url) if frame == page.main_frame else None,
        )
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("websocket", self._socket)

    def _socket(self, ws) -> None:
        record = {"url": ws.url, "received": [], "sent": []}
        self.sockets.append(record)
        self.urls.append(ws.url)
        ws.on("framereceived", lambda payload: record["received"].append(payload))
        ws.on("framesent", lambda payload: record["sent"].append(payload))

    def session_id(self) -> str:
        """The Streamlit session id of the latest connection (from its ``new_session``)."""
        for record in reversed(self.sockets):
            for payload in record["received"]:
                if isinstance(payload, bytes):
                    msg = ForwardMsg.FromString(payload)
                    if msg.WhichOneof("type") == "new_session":
                        return msg.new_session.initialize.session_id
        raise AssertionError("no new_session message seen")

    def widget_id(self, key: str) -> str:
        """The element id of the widget with user key ``key`` in the latest connection."""
        for record in reversed(self.sockets):
            for payload in reversed(record["received"]):
                if not isinstance(payload, bytes):
                    continue
                msg = ForwardMsg.FromString(payload)
                if msg.WhichOneof("type") != "delta":
                    continue
                element = msg.delta.new_element
                kind = element.WhichOneof("type")
                if kind and hasattr(getattr(element, kind), "id"):
                    found = getattr(element, kind).id
                    if found.endswith(f"-{key}"):
                        return found
        raise AssertionError(f"no widget {key} seen")


def _assert_no_secret_in_urls(trail: Trail, context) -> None:
    secrets_ = [c["value"] for c in context.cookies() if c["name"].startswith("merkitys_")]
    assert secrets_, "no merkitys cookie to look for"
    for url in trail.urls:
        query = urlsplit(url).query + urlsplit(url).fragment
        assert "token" not in query.lower(), url
        for value in secrets_:
            assert value not in url, f"a cookie value in {url}"


def _signed_in(page) -> None:
    """Wait for the signed-in app: the sign-in form is gone and the page has its title."""
    idle(page)
    expect(page.get_by_label("Salasana")).to_have_count(0, timeout=30_000)
    expect(page.locator("h1").first).to_be_visible(timeout=30_000)


def _signed_out(page) -> None:
    idle(page)
    expect(page.get_by_label("Salasana")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Kirjaudu sisään")).to_be_visible()


def _shows_the_round(page) -> None:
    """The person's own page: their open round and its submit button."""
    main = page.get_by_test_id("stMain")
    # The round box (a selectbox: its choice is the value of an input).
    expect(main.locator("input").first).to_have_value(ROUND_CHOICE, timeout=30_000)
    expect(main.get_by_role("button", name="Lähetä arvio")).to_be_visible(timeout=30_000)


def _heading(page) -> str:
    return page.locator("h1").first.inner_text()


def _cookies(context) -> dict[str, dict]:
    return {c["name"]: c for c in context.cookies()}


def test_sign_in_holds_over_a_reload_on_a_desktop(server, people, browser):
    base = server["base"]
    context = _context(browser, 1366, 900)
    try:
        page = context.new_page()
        trail = Trail(page)
        login(page, base, DESKTOP)
        _signed_in(page)
        expect(page.get_by_role("button", name=LOGOUT)).to_be_visible()
        _assert_no_secret_in_urls(trail, context)

        jar = _cookies(context)
        session = jar[sessions.SESSION_COOKIE]
        assert session["httpOnly"] is True
        assert session["sameSite"] == "Lax"
        assert session["path"] == "/"
        assert session["expires"] > time.time() + 24 * 3600  # outlives the browser tab
        device = jar[sessions.DEVICE_COOKIE]
        assert device["httpOnly"] is True
        assert device["sameSite"] == "Lax"
        # No script on the page can read either cookie.
        assert sessions.SESSION_COOKIE not in page.evaluate("document.cookie")
        assert sessions.DEVICE_COOKIE not in page.evaluate("document.cookie")

        heading = _heading(page)
        _shows_the_round(page)
        page.reload()
        _signed_in(page)
        expect(page.get_by_role("button", name=LOGOUT)).to_be_visible()
        assert _heading(page) == heading
        _shows_the_round(page)
        expect(page.get_by_label("Sähköposti")).to_have_count(0)
        _assert_no_secret_in_urls(trail, context)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "sessions-1366.png"), full_page=True)

        # The same browser opening the address again is still signed in, too.
        page.goto(base)
        _signed_in(page)
        assert _heading(page) == heading
        _assert_no_secret_in_urls(trail, context)
    finally:
        context.close()


def test_sign_in_holds_over_a_reload_on_a_phone(server, people, browser):
    base = server["base"]
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="fi-FI", is_mobile=True, has_touch=True
    )
    context.set_default_timeout(20_000)
    try:
        page = context.new_page()
        trail = Trail(page)
        login(page, base, PHONE)
        _signed_in(page)
        heading = _heading(page)
        page.reload()
        _signed_in(page)
        assert _heading(page) == heading
        _shows_the_round(page)
        _assert_no_secret_in_urls(trail, context)
        session = _cookies(context)[sessions.SESSION_COOKIE]
        assert session["httpOnly"] is True
        assert session["sameSite"] == "Lax"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "sessions-390.png"), full_page=True)
    finally:
        context.close()


def test_sign_out_in_one_tab_ends_the_sign_in_in_the_other(server, people, browser):
    base = server["base"]
    context = _context(browser, 1366, 900)
    try:
        first = context.new_page()
        login(first, base, TABS)
        _signed_in(first)
        second = context.new_page()
        second.goto(base)
        _signed_in(second)
        expect(second.get_by_role("button", name=LOGOUT)).to_be_visible()

        click(first, LOGOUT)
        _signed_out(first)
        assert sessions.SESSION_COOKIE not in _cookies(context)

        # The second tab's connection still carries the old cookie: its next click finds the
        # session revoked and shows the sign-in page.
        idle(second)
        second.get_by_role("link", name="Oma historia").click()
        _signed_out(second)
        expect(second.get_by_role("button", name=LOGOUT)).to_have_count(0)

        # After signing out, a reload shows the sign-in page (TRUST 12), in both tabs.
        first.reload()
        _signed_out(first)
        second.reload()
        _signed_out(second)
    finally:
        context.close()


# A stolen Streamlit session id ----------------------------------------------------------------


def _fresh_browser_cookies(browser, base: str) -> dict[str, str]:
    """The cookies a fresh, signed-out browser gets from loading the app: Streamlit's XSRF
    cookie and a device cookie of its own."""
    context = _context(browser, 1366, 900)
    try:
        page = context.new_page()
        page.goto(base)
        _signed_out(page)
        return {c["name"]: c["value"] for c in context.cookies()}
    finally:
        context.close()


def _hijack(base: str, cookies: dict[str, str], session_id: str, back: BackMsg) -> list[ForwardMsg]:
    """Connect to Streamlit's websocket as the frontend does, presenting ``session_id`` in the
    subprotocol list (``streamlit, <xsrf token>, <session id>``) with a valid XSRF cookie and
    token, send ``back`` and return the messages up to the end of that run."""
    from websockets.sync.client import connect

    host = urlsplit(base).netloc
    xsrf = cookies["_streamlit_xsrf"]
    header = "; ".join(f"{k}={v}" for k, v in cookies.items())
    received: list[ForwardMsg] = []
    with connect(
        f"ws://{host}/_stcore/stream",
        subprotocols=["streamlit", xsrf, session_id],
        additional_headers={"Origin": base, "Cookie": header},
        max_size=None,
        open_timeout=20,
    ) as ws:
        ws.send(back.SerializeToString())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            payload = ws.recv(timeout=30)
            msg = ForwardMsg.FromString(payload)
            received.append(msg)
            if msg.WhichOneof("type") == "script_finished":
                break
    return received


def _rerun(widgets: list[tuple[str, str, bool]] = ()) -> BackMsg:
    back = BackMsg()
    back.rerun_script.query_string = ""
    for widget_id, field, value in widgets:
        state = back.rerun_script.widget_states.widgets.add()
        state.id = widget_id
        setattr(state, field, value)
    return back


def _texts(messages: list[ForwardMsg]) -> str:
    return "\n".join(str(m) for m in messages)


def test_another_browser_with_the_session_id_gets_the_signed_out_app(server, people, browser):
    base = server["base"]
    context = _context(browser, 1366, 900)
    try:
        page = context.new_page()
        trail = Trail(page)
        login(page, base, STOLEN)
        _signed_in(page)
        expect(page.get_by_role("button", name=LOGOUT)).to_be_visible()
        stolen = trail.session_id()

        attacker = _fresh_browser_cookies(browser, base)
        assert sessions.SESSION_COOKIE not in attacker
        assert "_streamlit_xsrf" in attacker
        assert sessions.DEVICE_COOKIE in attacker
        messages = _hijack(base, attacker, stolen, _rerun())

        kinds = [m.WhichOneof("type") for m in messages]
        assert "new_session" in kinds, kinds
        assert kinds[-1] == "script_finished", kinds
        # Streamlit did hand the attacker the victim's session (the id alone is enough for it):
        # only the session cookie keeps the attacker out.
        new = next(m for m in messages if m.WhichOneof("type") == "new_session")
        assert new.new_session.initialize.session_id == stolen
        text = _texts(messages)
        assert LOGOUT not in text
        for label in SIGNIN_LABELS:
            assert label in text, label
        pages = [
            p.page_name
            for m in messages
            if m.WhichOneof("type") == "navigation"
            for p in m.navigation.app_pages
        ]
        assert pages == ["Kirjaudu"], pages  # nav.signin: the one page a signed-out browser has
        assert STOLEN not in text
        assert "Uhri" not in text

        # The victim is still signed in.
        page.reload()
        _signed_in(page)
        expect(page.get_by_role("button", name=LOGOUT)).to_be_visible()
    finally:
        context.close()


def test_another_browser_with_the_session_id_cannot_press_the_victims_buttons(
    server, people, browser
):
    base = server["base"]
    context = _context(browser, 1366, 900)
    try:
        page = context.new_page()
        trail = Trail(page)
        login(page, base, STOLEN_ACTS)
        _signed_in(page)
        # The victim ticks the privacy box but has not pressed "continue".
        page.get_by_text("Olen lukenut").first.click()
        idle(page)
        stolen = trail.session_id()
        # The id is computable from the app's source; here it is read from the victim's page.
        button = trail.widget_id("assess.privacy_btn")

        with db.read_session(people) as s:
            victim = s.exec(select(Person).where(Person.email == STOLEN_ACTS)).one()
        assert victim.privacy_ack_at is None  # the victim never pressed it

        attacker = _fresh_browser_cookies(browser, base)
        messages = _hijack(base, attacker, stolen, _rerun([(button, "trigger_value", True)]))
        assert LOGOUT not in _texts(messages)  # the attacker sees the sign-in page...
        with db.read_session(people) as s:
            victim = s.exec(select(Person).where(Person.email == STOLEN_ACTS)).one()
        # ...and the victim's button was not pressed as the victim (ui.acting).
        assert victim.privacy_ack_at is None, "the attacker acted as the victim"
    finally:
        context.close()
