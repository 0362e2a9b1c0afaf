"""The one UI helper module: cached engine, the current viewer, language and safe text output."""

from __future__ import annotations

import datetime as dt
import re

import streamlit as st
from sqlalchemy import Engine

from model import db, i18n, settings, timesource
from model.viewer import Viewer, load_viewer

LANG_KEY = "app.lang"
PERSON_KEY = "auth.person_id"
FLASH_KEY = "app.flash"
ZONE_KEY = "app.zone"  # the signed-in person's organisation's time zone (a plain string)


@st.cache_resource
def _engine_for(url: str) -> Engine:
    # Keyed on the URL string: a zero-argument cache leaked one test's database into the next.
    return db.make_engine(url)


def engine() -> Engine:
    return _engine_for(settings.database_url())


def lang() -> str:
    return st.session_state.get(LANG_KEY, "fi")


def t(key: str, **params: object) -> str:
    return i18n.t(key, lang(), **params)


def zone() -> str:
    return st.session_state.get(ZONE_KEY, timesource.DEFAULT_ZONE)


def today() -> dt.date:
    """Today in the organisation's time zone, from the one time source."""
    return timesource.today(zone())


def viewer() -> Viewer | None:
    """The signed-in person, read fresh on every run (roles and erasure apply at once)."""
    person_id = st.session_state.get(PERSON_KEY)
    if person_id is None:
        return None
    with db.read_session(engine()) as session:
        v = load_viewer(session, person_id)
    if v is not None:
        st.session_state[ZONE_KEY] = v.time_zone
    return v


def require_viewer() -> Viewer:
    v = viewer()
    if v is None:
        st.error(t("common.signed_out"))
        st.stop()
    return v


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def md_escape(text: str) -> str:
    """Text safe to put inside Markdown: no links, images, HTML or formatting (P6)."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def user_text(text: str) -> None:
    """Render text a person typed: always as text, never as Markdown or HTML."""
    st.text(text)


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
