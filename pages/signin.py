"""Sign-in: single sign-on when ``[auth]`` is configured (``pages/_sso.py``), and a local
account's password (unless ``[merkitys.sso] passwords = false``); one generic message for every
password failure (``model.signin``)."""

import streamlit as st

from model import signin, throttle, timesource
from model import workshops as ws
from pages import _shared as ui
from pages import _sso


def _sign_in() -> None:
    outcome = signin.with_password(
        ui.engine(),
        email=st.session_state.get("signin.email", ""),
        password=st.session_state.get("signin.password", ""),
        source=throttle.client_source(st.context.ip_address, st.context.headers),
        device=ui.device(),
        now=timesource.now(),
    )
    st.session_state.pop("signin.password", None)
    if outcome.no_device:
        ui.flash("error", ui.t("signin.no_cookie"))
    elif outcome.wait_seconds > 0:
        ui.flash("error", ui.t("signin.wait", seconds=max(1, round(outcome.wait_seconds))))
    elif not outcome.ok:
        ui.flash("error", ui.t("signin.failed"))
    else:
        # The browser collects its session cookie, then goes on to a workshop it was joining.
        ui.redirect(ui.web.begin_path(ws.normalise_code(st.query_params.get("code", ""))))


sso = _sso.config()
st.title(ui.t("signin.title"))
st.write(ui.t("signin.intro_sso" if sso else "signin.intro"))
if sso is not None:
    st.button(
        _sso.button_label(sso),
        key="signin.sso",
        type="primary",
        icon=":material/badge:",
        on_click=ui.acting(_sso.start),
        args=(sso.provider,),
    )
if sso is None or sso.passwords:
    if sso is not None:
        st.caption(ui.t("signin.or_password"))
    with st.form("signin.form"):
        st.text_input(ui.t("signin.email"), key="signin.email", autocomplete="username")
        st.text_input(
            ui.t("signin.password"),
            type="password",
            key="signin.password",
            autocomplete="current-password",
        )
        st.form_submit_button(
            ui.t("signin.submit"),
            type="secondary" if sso else "primary",
            key="signin.submit",
            on_click=ui.acting(_sign_in),
        )
ui.show_flash()
