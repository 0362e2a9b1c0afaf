"""Sign-in with a local account; one generic message for every failure."""

import streamlit as st

from model import auth, db
from model.viewer import load_viewer
from pages import _shared as ui

FAILURES_KEY = "signin.failures"

st.title(ui.t("signin.title"))
st.write(ui.t("signin.intro"))

with st.form("signin.form"):
    email = st.text_input(ui.t("signin.email"), key="signin.email", autocomplete="username")
    password = st.text_input(
        ui.t("signin.password"), type="password", key="signin.password",
        autocomplete="current-password",
    )
    submitted = st.form_submit_button(ui.t("signin.submit"), type="primary")

if submitted:
    with db.write_session(ui.engine()) as session:
        person_id = auth.authenticate(session, email=email, password=password)
        v = load_viewer(session, person_id) if person_id is not None else None
    if v is None:
        failures = st.session_state.get(FAILURES_KEY, 0) + 1
        st.session_state[FAILURES_KEY] = failures
        auth.pause(auth.failure_delay(failures))
        st.error(ui.t("signin.failed"), icon=":material/error:")
    else:
        st.session_state[FAILURES_KEY] = 0
        st.session_state[ui.PERSON_KEY] = v.person_id
        st.session_state[ui.LANG_KEY] = v.language
        st.rerun()
