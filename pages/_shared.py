"""The one UI helper module: cached engine, the current viewer, language and safe text output."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st
from sqlalchemy import Engine
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner import get_script_run_ctx

from model import db, i18n, org_settings, sessions, settings, text, timesource, web
from model.viewer import Viewer, load_viewer, same_access

_log = logging.getLogger("merkitys.pages")

LANG_KEY = "app.lang"
REDIRECT_KEY = "app.redirected_to"  # where the last redirect sent the browser (for tests)
FLASH_KEY = "app.flash"
ZONE_KEY = "app.zone"  # the signed-in person's organisation's time zone (a plain string)
DRAWN_FOR_KEY = "app.drawn_for"  # who the last run drew the page for: compared, never trusted


@st.cache_resource
def _engine_for(url: str) -> Engine:
    # Keyed on the URL string: a zero-argument cache leaked one test's database into the next.
    return db.make_engine(url)


def engine() -> Engine:
    return _engine_for(settings.database_url())


def lang() -> str:
    return st.session_state.get(LANG_KEY, "fi")


def languages(viewer: Viewer | None) -> list[str]:
    """The languages to choose from: the signed-in person's organisation's (all before signing
    in); a current choice no longer offered becomes the first offered. Call before the language
    box is drawn."""
    offered = i18n.LANGUAGES
    if viewer is not None:
        with db.read_session(engine()) as session:
            offered = org_settings.offered_languages(session, viewer.organisation_id)
    if lang() not in offered:
        st.session_state[LANG_KEY] = offered[0]
    return list(offered)


def t(key: str, **params: object) -> str:
    return i18n.t(key, lang(), **params)


def zone() -> str:
    return st.session_state.get(ZONE_KEY, timesource.DEFAULT_ZONE)


def today() -> dt.date:
    """Today in the organisation's time zone, from the one time source."""
    return timesource.today(zone())


def cookies() -> Mapping[str, str]:
    """The cookies of the browser connection behind this run: never anything kept in the
    Streamlit session, which a stolen session id would carry along (TRUST 31)."""
    return st.context.cookies


def device() -> str | None:
    """This browser's device cookie (``model.web.DeviceCookie``), if it sent one."""
    return cookies().get(sessions.DEVICE_COOKIE) or None


def viewer() -> Viewer | None:
    """The signed-in person, from the session cookie, read fresh on every run: roles, retirement,
    sign-out in another tab and an expired session apply at once. The page is drawn for them
    (``acting`` compares a click's browser with this)."""
    v = _read_viewer()
    st.session_state[DRAWN_FOR_KEY] = v
    return v


def _read_viewer() -> Viewer | None:
    token = cookies().get(sessions.SESSION_COOKIE)
    if not token:
        return None
    now = timesource.now()
    with db.read_session(engine()) as session:
        row = sessions.resolve(session, token, now=now)
        v = load_viewer(session, row.person_id) if row is not None else None
    if v is None:
        return None
    if sessions.needs_touch(row, now):
        with db.write_session(engine()) as session:
            sessions.touch(session, row.id, now)
    st.session_state[ZONE_KEY] = v.time_zone
    return v


def redirect(path: str) -> None:
    """Send the browser to ``path`` on this server (a full page load), as ``st.login`` does."""
    st.session_state[REDIRECT_KEY] = path
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    message = ForwardMsg()
    message.auth_redirect.url = path
    ctx.enqueue(message)


def signed_in_here(person_id: int, method: str) -> bool:
    """Finish a sign-in checked on a page: the browser collects its session cookie next. False
    when the browser sent no device cookie (cookies blocked, or the app started without
    ``serve.py``): then nobody can be signed in, and the page says so."""
    here = device()
    if here is None:
        return False
    with db.write_session(engine()) as session:
        sessions.hand_off(
            session, device=here, person_id=person_id, method=method, now=timesource.now()
        )
    redirect(web.BEGIN_PATH)
    return True


def sign_out() -> None:
    """End this sign-in everywhere it is used, then let the browser forget its cookie."""
    with db.write_session(engine()) as session:
        sessions.revoke(session, cookies().get(sessions.SESSION_COOKIE), now=timesource.now())
    redirect(web.END_PATH)


def acting(callback: Callable[..., Any]) -> Callable[..., None]:
    """``callback`` as a widget callback that acts only for the person the page was drawn for.

    Streamlit runs callbacks before the script, so before app.py reads the session cookie again;
    a callback's closure holds the viewer of the previous run. Every ``on_click``, ``on_change``
    and ``on_submit`` goes through here (a test keeps it so): the browser behind this click must
    still be signed in as the same person with the same roles and team, or nothing is done and
    the page that follows says why. This stops the first click after a sign-out in another tab,
    a retirement or a changed role, and a click through a stolen Streamlit session id (whose
    browser lacks the cookie) from acting (TRUST 31).
    """

    def run(*args: Any, **kwargs: Any) -> None:
        drawn = st.session_state.get(DRAWN_FOR_KEY)
        fresh = _read_viewer()
        if not same_access(fresh, drawn):
            ended = fresh is None and drawn is not None
            flash("info", t("common.stale_ended" if ended else "common.stale_click"), STALE_SLOT)
            return
        callback(*args, **kwargs)

    return run


STALE_SLOT = "stale"


def require_viewer() -> Viewer:
    v = viewer()
    if v is None:
        st.error(t("common.signed_out"))
        st.stop()
    return v


def md_escape(value: str) -> str:
    """Text safe to put inside Markdown, labels included: no links, icons, colours, maths,
    images, HTML or formatting (TRUST 27; ``model.text.markdown_literal``)."""
    return text.markdown_literal(value)


def user_text(value: str) -> None:
    """Render text a person typed: always as text, never as Markdown or HTML."""
    st.text(text.paragraph(value))


def _valid(value: Any, options: list) -> bool:
    if value is None:
        return True
    return set(value) <= set(options) if isinstance(value, list) else value in options


def value(key: str) -> Any:
    """The current choice of a ``pick`` widget, for callbacks: they run before the page is drawn,
    so a choice sent together with a button (in a form) has not reached ``key`` yet."""
    state = st.session_state
    widget_key, seen = f"{key}@{lang()}", f"{key}@seen"
    if widget_key in state and state[widget_key] != state.get(seen):
        state[key] = state[seen] = state[widget_key]  # the person changed the widget
    return state.get(key)


def _distinct_labels(options: list, format_func: Callable[[Any], Any]) -> Callable[[Any], str]:
    """``format_func`` whose labels never repeat (``model.text.distinct_labels``)."""
    labels = text.distinct_labels([str(format_func(option)) for option in options])
    return dict(zip(options, labels, strict=True)).__getitem__


def pick(widget: Callable[..., Any], label: str, *, key: str, **kwargs: Any) -> Any:
    """A radio, selectbox or multiselect whose value, under ``key``, is always an option (a key),
    never a label, so the language can change under unsaved input (TRUST 26).

    Streamlit keeps a choice as its formatted label: after a language switch the old label came
    back as the value and crashed the save. The widget is therefore keyed per language and seeded
    from ``key`` before it is drawn; code sets a choice by writing ``key``, reads it with ``value``.
    """
    state = st.session_state
    widget_key, seen = f"{key}@{lang()}", f"{key}@seen"
    options = list(kwargs["options"])
    kwargs["format_func"] = _distinct_labels(options, kwargs.get("format_func", str))
    current = value(key)
    if key in state and not _valid(current, options):
        # A stale choice (an option that went away) falls back to the widget's default.
        for k in (key, widget_key, seen):
            state.pop(k, None)
    if key in state:
        if widget_key not in state or state[widget_key] != current:
            state[widget_key] = current
        kwargs.pop("index", None)  # the value comes from session state, not from a default
        kwargs.pop("default", None)
    widget(label, key=widget_key, **kwargs)
    state[key] = state[seen] = state.get(widget_key)
    return state[key]


def built(build: Callable[[], bytes]) -> bytes | None:
    """The bytes of an export, or None: an export never fails silently (the caller says so).
    Only the exception's type is logged, because its message may quote what a person typed."""
    try:
        return build()
    except Exception as error:  # whatever broke, the person gets a message, not a dead button
        _log.log(logging.WARNING, "export failed: %s", type(error).__name__)
        return None


def export_button(
    container: Any, label: str, build: Callable[[], bytes], *, file_name: str, mime: str, key: str
) -> None:
    """A download made on request: the first click builds the file in a callback, where a
    failure can be shown; the second downloads it. (A download button's own deferred ``data``
    runs outside the script, so its failure could not be shown to anyone.)"""
    ready_key = f"{key}.ready"
    if st.session_state.get(ready_key) is None:

        def _prepare() -> None:
            data = built(build)
            if data is None:
                flash("error", t("common.export_failed"), slot=key)
            else:
                st.session_state[ready_key] = data

        container.button(
            t("common.export_prepare", label=label),
            key=f"{key}.prepare",
            on_click=acting(_prepare),
            icon=":material/description:",
        )
    else:
        container.download_button(
            label,
            data=st.session_state[ready_key],
            file_name=file_name,
            mime=mime,
            key=key,
            type="primary",
            icon=":material/download:",
            on_click=acting(lambda: st.session_state.pop(ready_key, None)),
            help=t("common.export_ready"),
        )
    with container:
        show_flash(slot=key)


def flash(kind: str, message: str, slot: str = "main") -> None:
    """Keep a message for the next run; callbacks run before the page is drawn again."""
    st.session_state[f"{FLASH_KEY}.{slot}"] = (kind, message)


def show_flash(slot: str = "main") -> None:
    kind, message = st.session_state.pop(f"{FLASH_KEY}.{slot}", (None, None))
    if kind == "success":
        st.success(message, icon=":material/check_circle:")
    elif kind == "error":
        st.error(message, icon=":material/error:")
    elif kind == "info":
        st.info(message, icon=":material/info:")
