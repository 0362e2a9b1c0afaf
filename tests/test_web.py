"""The HTTP side of signing in (``model.web``) through Starlette's TestClient: the device cookie
middleware in front of a page, and the routes that trade a hand-off for a session cookie and
end it (TRUST 31, 12; issue 12 point 2)."""

from __future__ import annotations

import datetime as dt
from http.cookies import SimpleCookie

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from model import db, sessions, timesource, web
from tests.factories import add_person, make_org

DEVICE = "device-cookie-of-aino"


def _page(request):
    return PlainTextResponse("page")


def _app() -> Starlette:
    """What ``serve.py`` gives ``st.App``, with a dummy page and Streamlit-like endpoints."""
    return Starlette(
        routes=[
            *web.routes(),
            Route("/", _page),
            Route("/team", _page),
            Route("/_stcore/health", _page),
            Route("/_stcore/host-config", _page),
            Route("/static/js/main.js", _page),
            Route("/media/x.png", _page),
            Route("/auth/logout", _page),
            Route("/form", _page, methods=["POST"]),
        ],
        middleware=[Middleware(web.DeviceCookie)],
    )


@pytest.fixture
def database(file_db_url, monkeypatch):
    """The routes' engine (``model.web.engine``) on this test's database."""
    monkeypatch.setenv("DATABASE_URL", file_db_url)
    monkeypatch.delenv("MERKITYS_BASE_URL", raising=False)
    monkeypatch.delenv("MERKITYS_SESSION_HOURS", raising=False)
    web._engine.cache_clear()
    engine = db.make_engine(file_db_url)
    with db.write_session(engine) as s:
        org = make_org(s)
        pid = add_person(s, org.organisation_id, org.team_id, "aino@test.fi").person_id
    yield engine, pid
    engine.dispose()
    web.engine().dispose()
    web._engine.cache_clear()


def _client() -> TestClient:
    return TestClient(_app(), follow_redirects=False)


def _set_cookies(response) -> dict[str, dict[str, str]]:
    """Each Set-Cookie of a response: name -> its value and attributes (lowercase keys)."""
    found: dict[str, dict[str, str]] = {}
    for header in response.headers.get_list("set-cookie"):
        parts = [p.strip() for p in header.split(";")]
        name, _, value = parts[0].partition("=")
        attrs = {"value": value}
        for part in parts[1:]:
            key, _, attr = part.partition("=")
            attrs[key.lower()] = attr or "true"
        found[name] = attrs
    return found


def _hand_off(engine, pid: int, device: str = DEVICE) -> None:
    with db.write_session(engine) as s:
        sessions.hand_off(s, device=device, person_id=pid, method="password", now=timesource.now())


def _resolve(engine, token: str):
    with db.read_session(engine) as s:
        return sessions.resolve(s, token, now=timesource.now())


def _begin(device: str | None, extra: dict[str, str] | None = None):
    client = _client()
    if device is not None:
        client.cookies.set(sessions.DEVICE_COOKIE, device)
    for name, value in (extra or {}).items():
        client.cookies.set(name, value)
    return client.get(web.BEGIN_PATH)


# The device cookie ---------------------------------------------------------------------------


def test_a_page_load_without_a_device_cookie_gets_one(database):
    response = _client().get("/")
    assert response.status_code == 200
    assert response.text == "page"
    cookie = _set_cookies(response)[sessions.DEVICE_COOKIE]
    assert len(cookie["value"]) >= 43
    assert cookie["httponly"] == "true"
    assert cookie["path"] == "/"
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == str(sessions.DEVICE_MAX_AGE)
    assert "secure" not in cookie  # http://localhost needs no Secure


def test_the_header_is_exactly_httponly_path_samesite(database):
    (header,) = _client().get("/").headers.get_list("set-cookie")
    assert header.startswith(f"{sessions.DEVICE_COOKIE}=")
    assert "HttpOnly" in header
    assert "Path=/" in header
    assert "SameSite=Lax" in header
    assert "Secure" not in header


def test_device_cookie_is_secure_when_the_base_url_is_https(database, monkeypatch):
    monkeypatch.setenv("MERKITYS_BASE_URL", "https://merkitys.example.fi")
    header = _client().get("/team").headers["set-cookie"]
    cookie = SimpleCookie()
    cookie.load(header)
    assert cookie[sessions.DEVICE_COOKIE]["secure"] is True
    assert "Secure" in header


def test_every_browser_gets_its_own_device_cookie(database):
    values = {_set_cookies(_client().get("/"))[sessions.DEVICE_COOKIE]["value"] for _ in range(20)}
    assert len(values) == 20


@pytest.mark.parametrize(
    "path",
    ["/_stcore/health", "/_stcore/host-config", "/static/js/main.js", "/media/x.png"],
)
def test_no_device_cookie_on_streamlit_endpoints_and_assets(database, path):
    response = _client().get(path)
    assert response.status_code == 200
    assert "set-cookie" not in response.headers


def test_no_device_cookie_on_a_post(database):
    assert "set-cookie" not in _client().post("/form").headers


def test_no_new_device_cookie_when_the_browser_has_one(database):
    client = _client()
    first = _set_cookies(client.get("/"))[sessions.DEVICE_COOKIE]["value"]
    again = client.get("/")  # the client's jar sends it back
    assert "set-cookie" not in again.headers
    assert client.cookies.get(sessions.DEVICE_COOKIE) == first


# /merkitys/session/begin ---------------------------------------------------------------------


def test_begin_with_a_waiting_hand_off_sets_the_session_cookie(database):
    engine, pid = database
    _hand_off(engine, pid)
    response = _begin(DEVICE)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert response.headers["cache-control"] == "no-store"
    cookie = _set_cookies(response)[sessions.SESSION_COOKIE]
    assert cookie["httponly"] == "true"
    assert cookie["path"] == "/"
    assert cookie["samesite"] == "Lax"
    assert "secure" not in cookie
    assert cookie["max-age"] == str(int(sessions.limits().lifetime.total_seconds()))
    assert cookie["max-age"] == str(168 * 3600)
    token = cookie["value"]
    assert token not in response.headers["location"]
    row = _resolve(engine, token)
    assert row is not None
    assert row.person_id == pid
    # No device cookie from the route itself: the browser keeps the one it has.
    assert sessions.DEVICE_COOKIE not in _set_cookies(response)


def test_begin_max_age_follows_the_session_lifetime(database, monkeypatch):
    engine, pid = database
    monkeypatch.setenv("MERKITYS_SESSION_HOURS", "3")
    _hand_off(engine, pid)
    cookie = _set_cookies(_begin(DEVICE))[sessions.SESSION_COOKIE]
    assert cookie["max-age"] == str(3 * 3600)
    row = _resolve(engine, cookie["value"])
    assert timesource.as_utc(row.expires_at) - timesource.as_utc(row.created_at) == dt.timedelta(
        hours=3
    )


def test_begin_session_cookie_is_secure_behind_https(database, monkeypatch):
    engine, pid = database
    monkeypatch.setenv("MERKITYS_BASE_URL", "https://merkitys.example.fi/")
    _hand_off(engine, pid)
    assert "secure" in _set_cookies(_begin(DEVICE))[sessions.SESSION_COOKIE]


@pytest.mark.parametrize("device", [None, DEVICE, "some-other-device"])
def test_begin_without_a_hand_off_sets_no_session_cookie(database, device):
    response = _begin(device)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert response.headers["cache-control"] == "no-store"
    assert sessions.SESSION_COOKIE not in _set_cookies(response)


def test_the_hand_off_cannot_be_collected_twice(database):
    engine, pid = database
    _hand_off(engine, pid)
    assert sessions.SESSION_COOKIE in _set_cookies(_begin(DEVICE))
    assert sessions.SESSION_COOKIE not in _set_cookies(_begin(DEVICE))


def test_the_hand_off_cannot_be_collected_by_another_device(database):
    engine, pid = database
    _hand_off(engine, pid)
    assert sessions.SESSION_COOKIE not in _set_cookies(_begin("attacker-device"))
    assert sessions.SESSION_COOKIE not in _set_cookies(_begin(None))
    # Nor by presenting the device cookie's hash, or in the query string.
    assert sessions.SESSION_COOKIE not in _set_cookies(_begin(sessions.digest(DEVICE)))
    query = _client().get(web.BEGIN_PATH, params={sessions.DEVICE_COOKIE: DEVICE})
    assert sessions.SESSION_COOKIE not in _set_cookies(query)
    # The rightful browser still collects it.
    assert sessions.SESSION_COOKIE in _set_cookies(_begin(DEVICE))


def test_begin_is_get_only(database):
    engine, pid = database
    _hand_off(engine, pid)
    client = _client()
    client.cookies.set(sessions.DEVICE_COOKIE, DEVICE)
    assert client.post(web.BEGIN_PATH).status_code == 405
    assert sessions.SESSION_COOKIE in _set_cookies(_begin(DEVICE))


# /merkitys/session/end -----------------------------------------------------------------------


def _signed_in(engine, pid) -> str:
    _hand_off(engine, pid)
    return _set_cookies(_begin(DEVICE))[sessions.SESSION_COOKIE]["value"]


def _end(token: str | None, extra: dict[str, str] | None = None, headers=None):
    client = _client()
    client.cookies.set(sessions.DEVICE_COOKIE, DEVICE)
    if token is not None:
        client.cookies.set(sessions.SESSION_COOKIE, token)
    for name, value in (extra or {}).items():
        client.cookies.set(name, value)
    return client.get(web.END_PATH, headers=headers or {})


def test_end_revokes_the_session_and_expires_the_cookie(database):
    engine, pid = database
    token = _signed_in(engine, pid)
    assert _resolve(engine, token) is not None
    response = _end(token)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert response.headers["cache-control"] == "no-store"
    cookie = _set_cookies(response)[sessions.SESSION_COOKIE]
    assert cookie["max-age"] == "0"
    assert cookie["path"] == "/"
    assert cookie["value"] in ("", '""')
    assert cookie["httponly"] == "true"
    assert _resolve(engine, token) is None


def test_end_ends_only_this_browser_s_session(database):
    engine, pid = database
    mine, other = _signed_in(engine, pid), _signed_in(engine, pid)
    _end(mine)
    assert _resolve(engine, mine) is None
    assert _resolve(engine, other) is not None


def test_end_without_a_session_still_forgets_the_cookie(database):
    response = _end(None)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert _set_cookies(response)[sessions.SESSION_COOKIE]["max-age"] == "0"
    garbage = _end("x" * 5000)
    assert garbage.status_code == 303


@pytest.mark.parametrize("name", ["_streamlit_user", "_streamlit_user__1"])
def test_end_after_single_sign_on_goes_to_streamlit_logout(database, name):
    engine, pid = database
    token = _signed_in(engine, pid)
    response = _end(token, extra={name: "signed-by-streamlit"})
    assert response.status_code == 303
    assert response.headers["location"] == web.SSO_LOGOUT_PATH
    assert _resolve(engine, token) is None
    assert _set_cookies(response)[sessions.SESSION_COOKIE]["max-age"] == "0"


def test_another_site_cannot_sign_a_person_out(database):
    engine, pid = database
    token = _signed_in(engine, pid)
    _end(
        token,
        headers={"sec-fetch-site": "cross-site", "referer": "https://evil.example/"},
    )
    assert _resolve(engine, token) is not None
    # The app's own sign-out is a same-origin navigation, and one typed in the address bar has
    # no site at all: both end the session.
    for site in ("same-origin", "none"):
        token = _signed_in(engine, pid)
        response = _end(token, headers={"sec-fetch-site": site})
        assert response.status_code == 303
        assert _resolve(engine, token) is None


def test_begin_continues_to_a_workshop_join_page_and_nowhere_else(database):
    engine, pid = database
    assert web.begin_path("ABC234") == f"{web.BEGIN_PATH}?next=%2Fjoin%3Fcode%3DABC234"
    assert web.begin_path("") == web.BEGIN_PATH
    assert web.begin_path("abc/../x") == web.BEGIN_PATH
    _hand_off(engine, pid)
    client = _client()
    client.cookies.set(sessions.DEVICE_COOKIE, DEVICE)
    response = client.get(web.begin_path("ABC234"))
    assert response.headers["location"] == "/join?code=ABC234"
    for elsewhere in (
        "https://evil.example/",
        "//evil.example/join?code=ABC234",
        "/join?code=ABC234&x=1",
        "/join?code=ABC234/../../x",
        "/settings",
    ):
        response = client.get(web.BEGIN_PATH, params={"next": elsewhere})
        assert response.headers["location"] == "/", elsewhere
