"""Set a password through a one-time link (``/?token=…``); the person is signed in at once (the
browser collects a session cookie, ``model.sessions``)."""

import streamlit as st

from model import accounts, auth, db, timesource
from pages import _shared as ui

PASSWORD_KEY = "set_password.password"
REPEAT_KEY = "set_password.repeat"


def _token() -> str:
    return st.query_params.get("token", "")


def _to_signin() -> None:
    st.query_params.clear()


def _save() -> None:
    # A callback runs before the page is drawn again, so it may sign the person in and set the
    # language for the next run (as pages/signin.py does).
    password = st.session_state.get(PASSWORD_KEY, "")
    if password != st.session_state.get(REPEAT_KEY, ""):
        ui.flash("error", ui.t("accounts.mismatch"))
        return
    now = timesource.now()
    try:
        # argon2 runs in the read step, outside the write transaction (TRUST 31).
        with db.read_session(ui.engine()) as session:
            new = accounts.prepare_password(session, token=_token(), password=password, now=now)
        with db.write_session(ui.engine()) as session:
            person_id = accounts.store_password(session, new, now=now)
    except accounts.AccountError as error:
        ui.flash("error", ui.t(f"error.{error.code}", **error.params))
        return
    for key in (PASSWORD_KEY, REPEAT_KEY):
        st.session_state.pop(key, None)
    st.query_params.clear()
    # The password is set either way; without a device cookie the person signs in by hand.
    if not ui.signed_in_here(person_id, "link"):
        ui.flash("error", ui.t("signin.no_cookie"))


with db.read_session(ui.engine()) as session:
    person = accounts.check_token(session, _token(), now=timesource.now())

st.title(ui.t("accounts.title"))
if person is None:
    st.error(ui.t("error.link_invalid"), icon=":material/link_off:")
    st.button(
        ui.t("accounts.to_signin"), key="set_password.to_signin", on_click=ui.acting(_to_signin)
    )
    st.stop()

st.markdown(ui.t("accounts.greeting", name=ui.md_escape(person.display_name)))
st.caption(ui.t("accounts.policy", min=auth.MIN_PASSWORD_LENGTH))
with st.form("set_password.form"):
    # The address as a (read-only) user name lets a password manager file the new password.
    st.text_input(
        ui.t("signin.email"),
        value=person.email,
        key="set_password.email",
        disabled=True,
        autocomplete="username",
    )
    for key, label in ((PASSWORD_KEY, "accounts.password"), (REPEAT_KEY, "accounts.repeat")):
        st.text_input(
            ui.t(label),
            type="password",
            key=key,
            autocomplete="new-password",
            max_chars=auth.MAX_PASSWORD_LENGTH,
        )
    st.form_submit_button(
        ui.t("accounts.submit"),
        type="primary",
        key="set_password.submit",
        on_click=ui.acting(_save),
    )
ui.show_flash()
