"""Single sign-on in the app: Streamlit's ``st.login`` and ``st.user`` around ``model.sso``.

The flow (``model.sessions`` has the cookies):

1. The sign-in page's button (``start``) records that this browser asked for single sign-on
   (``sessions.want_sso``) and sends it to the identity provider with ``st.login``.
2. Back from the provider, Streamlit knows the person's claims (``st.user``). ``finish`` (from
   ``app.py``, while nobody is signed in) links them to their roster person (``sso.link``) and
   hands the sign-in over to the browser like a password sign-in (``ui.signed_in_here``) — only
   when this browser asked for it, so someone who signed out of Merkitys is not signed in again
   by the provider's cookie. A refusal shows ``pages/sso_refused.py``.
3. Signing out goes through ``ui.sign_out``: ``/merkitys/session/end`` ends the session and goes
   on to Streamlit's ``/auth/logout``, which forgets ``st.user`` and signs out at the provider.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import streamlit as st

from model import db, production, sessions, sso, timesource
from pages import _shared as ui

_log = logging.getLogger("merkitys.pages.sso")

REFUSED_KEY = "sso.refused"  # why the sign-in was refused (an ``sso.CODES`` code)


def _secrets() -> Mapping[str, Any]:
    """The secrets Streamlit loaded (``secrets.toml``, ``--secrets.files``, ``st.App``)."""
    if not st.secrets.load_if_toml_exists():
        return {}
    return st.secrets.to_dict()


def config() -> sso.Config | None:
    """How single sign-on is configured, or None when ``[auth]`` names no provider."""
    return sso.config(_secrets())


def production_problems() -> list[str]:
    """Production mode refuses a guessable cookie secret in the ``[auth]`` that is in use."""
    return production.auth_problems(_secrets().get("auth"))


def claims() -> dict[str, Any]:
    """What the identity provider said about the person (``st.user``); empty when this browser
    is not signed in there."""
    user = dict(st.user.to_dict())
    return user if user.get("is_logged_in") is True else {}


def button_label(cfg: sso.Config) -> str:
    if cfg.label:
        return ui.t("signin.sso", provider=ui.md_escape(cfg.label))
    return ui.t("signin.sso_generic")


def start(provider: str | None) -> None:
    """The sign-in button's callback: remember the request, then go to the provider."""
    device = ui.device()
    if device is None:
        ui.flash("error", ui.t("signin.no_cookie"))
        return
    with db.write_session(ui.engine()) as session:
        sessions.want_sso(session, device=device, now=timesource.now())
    st.login(provider)


def finish() -> str | None:
    """While nobody is signed in: finish a single sign-on this browser asked for. Signs the
    person in (and stops the run while the browser collects its session), or returns why the
    sign-in was refused; None when there is nothing to finish."""
    if config() is None:
        return None
    user = claims()
    if not user:
        st.session_state.pop(REFUSED_KEY, None)
        return None
    if REFUSED_KEY in st.session_state:  # a rerun of the refusal page (e.g. another language)
        return st.session_state[REFUSED_KEY]
    device, now = ui.device(), timesource.now()
    with db.read_session(ui.engine()) as session:
        wanted = sessions.sso_wanted(session, device=device, now=now)
    if not wanted or device is None:
        return None  # signed in at the provider, but not asked from here: the sign-in page
    try:
        with db.write_session(ui.engine()) as session:
            person_id = sso.link(session, user, now)
            sessions.forget_sso(session, device=device, now=now)
    except sso.SsoError as refusal:
        _log.log(logging.WARNING, "single sign-on refused: %s", refusal.code)
        with db.write_session(ui.engine()) as session:
            sessions.forget_sso(session, device=device, now=now)
        st.session_state[REFUSED_KEY] = refusal.code
        return refusal.code
    ui.signed_in_here(person_id, "sso")
    st.caption(ui.t("sso.signing_in"))
    st.stop()


def sign_out_of_provider() -> None:
    """The refusal page's button: forget the provider's answer and sign out there too."""
    st.session_state.pop(REFUSED_KEY, None)
    st.logout()
