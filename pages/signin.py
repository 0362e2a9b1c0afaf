"""Sign-in with a local account; one generic message for every failure."""

import streamlit as st

from model import auth, db
from model.viewer import load_viewer
from pages import _shared as ui

FAILURES_KEY = "signin.failures"


def _sign_in() -> None:
    # A callback runs before any widget is drawn, so it may set the language for the next run.
    with db.write_session(ui.engine()) as session:
        person_id = auth.authenticate(
            session,
            email=st.session_state.get("signin.email", ""),
            password=st.session_state.get("signin.password", ""),
        )
        viewer = load_viewer(session, person_id) if person_id is not None else None
    if viewer is None:
        failures = st.session_state.get(FAILURES_KEY, 0) + 1
        st.session_state[FAILURES_KEY] = failures
        auth.pause(auth.failure_delay(failures))
        ui.flash("error", ui.t("signin.failed"))
        return
    st.session_state[FAILURES_KEY] = 0
    st.session_state[ui.PERSON_KEY] = viewer.person_id
    st.session_state[ui.LANG_KEY] = viewer.language


st.title(ui.t("signin.title"))
st.write(ui.t("signin.intro"))
with st.form("signin.form"):
    st.text_input(ui.t("signin.email"), key="signin.email", autocomplete="username")
    st.text_input(
        ui.t("signin.password"),
        type="password",
        key="signin.password",
        autocomplete="current-password",
    )
    st.form_submit_button(
        ui.t("signin.submit"), type="primary", key="signin.submit", on_click=_sign_in
    )
ui.show_flash()
