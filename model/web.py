"""The HTTP side of signing in: Starlette routes and middleware that ``serve.py`` gives to
Streamlit's ``st.App`` (see ``model.sessions`` for the whole flow).

- ``DeviceCookie``: every page load without one gets a random HttpOnly device cookie, which binds
  a sign-in checked in the app to the browser that made it.
- ``/merkitys/session/begin``: trades the waiting hand-off for a session cookie, then sends the
  browser back to the app.
- ``/merkitys/session/end``: ends the session behind the cookie and deletes the cookie.

Cookies are HttpOnly and SameSite=Lax, and Secure when ``MERKITYS_BASE_URL`` is https.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from functools import lru_cache
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from model import db, sessions, settings, timesource

log = logging.getLogger("merkitys.web")

BEGIN_PATH = "/merkitys/session/begin"
END_PATH = "/merkitys/session/end"
SSO_COOKIE_PREFIX = "_streamlit_user"  # Streamlit's cookies of an st.login sign-in
SSO_LOGOUT_PATH = "/auth/logout"  # Streamlit's route that forgets them
# Requests that are not a page load: Streamlit's own endpoints, assets and our routes.
_NOT_PAGES = (
    "/_stcore/",
    "/static/",
    "/media/",
    "/component/",
    "/app/static/",
    "/auth/",
    "/merkitys/",
)


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    return db.make_engine(url)


def engine() -> Engine:
    return _engine(settings.database_url())


def secure_cookies(env: Mapping[str, str] | None = None) -> bool:
    return settings.get("MERKITYS_BASE_URL", env).lower().startswith("https://")


def cookie_header(name: str, value: str, *, max_age: int, secure: bool) -> str:
    """A ``Set-Cookie`` value: HttpOnly, SameSite=Lax, for the whole site."""
    cookie: SimpleCookie = SimpleCookie()
    cookie[name] = value
    morsel = cookie[name]
    morsel["path"] = "/"
    morsel["max-age"] = max_age
    morsel["httponly"] = True
    morsel["samesite"] = "Lax"
    if secure:
        morsel["secure"] = True
    return morsel.OutputString()


class DeviceCookie:
    """ASGI middleware: a page load from a browser without a device cookie sets one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or not _is_page(scope):
            await self.app(scope, receive, send)
            return
        if sessions.DEVICE_COOKIE in Request(scope).cookies:
            await self.app(scope, receive, send)
            return
        header = cookie_header(
            sessions.DEVICE_COOKIE,
            sessions.new_token(),
            max_age=sessions.DEVICE_MAX_AGE,
            secure=secure_cookies(),
        ).encode("latin-1")

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"set-cookie", header)]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _is_page(scope: Scope) -> bool:
    path = scope.get("path", "/")
    return not any(path.startswith(prefix) for prefix in _NOT_PAGES)


def _begin_session(device: str | None) -> str | None:
    with db.write_session(engine()) as session:
        return sessions.begin(session, device=device, now=timesource.now())


def _end_session(token: str | None) -> None:
    with db.write_session(engine()) as session:
        sessions.revoke(session, token, now=timesource.now())


# Where a sign-in may continue besides the app's start: a workshop's join page with its code (a
# guest who had to sign in first). Nothing else, so the parameter opens no redirect elsewhere.
_CONTINUE = re.compile(r"/join\?code=[A-Z0-9]{4,12}")


def begin_path(join_code: str | None = None) -> str:
    """The address that collects the session, continuing to the join page of ``join_code``."""
    if join_code and _CONTINUE.fullmatch(f"/join?code={join_code}"):
        return f"{BEGIN_PATH}?{urlencode({'next': f'/join?code={join_code}'})}"
    return BEGIN_PATH


def _continue_to(value: str | None) -> str:
    return value if value and _CONTINUE.fullmatch(value) else "/"


async def begin(request: Request) -> Response:
    """Collect the session that the app prepared for this browser, then go to the app (or to
    the workshop the person was joining)."""
    token = await run_in_threadpool(_begin_session, request.cookies.get(sessions.DEVICE_COOKIE))
    response = RedirectResponse(_continue_to(request.query_params.get("next")), status_code=303)
    response.headers["Cache-Control"] = "no-store"
    if token is None:
        log.info("session begin: no hand-off")
        return response
    lifetime = int(sessions.limits().lifetime.total_seconds())
    response.headers.append(
        "set-cookie",
        cookie_header(sessions.SESSION_COOKIE, token, max_age=lifetime, secure=secure_cookies()),
    )
    return response


async def end(request: Request) -> Response:
    """Sign out: the session ends everywhere it is used, and this browser forgets the cookie.
    Someone who came through single sign-on goes on to Streamlit's own sign-out, which forgets
    the identity provider's answer and signs out there too when the provider allows it.

    A navigation another site started (``Sec-Fetch-Site: cross-site`` or ``same-site``; the
    cookie comes along on a top-level GET) changes nothing: a link elsewhere cannot sign anyone
    out. The app's own sign-out ends the session before it sends the browser here."""
    if request.headers.get("sec-fetch-site", "").lower() in ("cross-site", "same-site"):
        response = RedirectResponse("/", status_code=303)
        response.headers["Cache-Control"] = "no-store"
        return response
    await run_in_threadpool(_end_session, request.cookies.get(sessions.SESSION_COOKIE))
    sso = any(name.startswith(SSO_COOKIE_PREFIX) for name in request.cookies)
    response = RedirectResponse(SSO_LOGOUT_PATH if sso else "/", status_code=303)
    response.headers["Cache-Control"] = "no-store"
    response.headers.append(
        "set-cookie",
        cookie_header(sessions.SESSION_COOKIE, "", max_age=0, secure=secure_cookies()),
    )
    return response


def routes() -> list[Route]:
    return [
        Route(BEGIN_PATH, begin, methods=["GET"]),
        Route(END_PATH, end, methods=["GET"]),
    ]
