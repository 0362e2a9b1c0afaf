"""Single sign-on refused (``pages/_sso.py``): the identity provider knows the person, but they
are not someone in the roster who may sign in. Not an account: what to do, and a way out."""

import streamlit as st

from pages import _shared as ui
from pages import _sso

code = st.session_state.get(_sso.REFUSED_KEY, "not_in_roster")
email = _sso.claims().get("email")

st.title(ui.t("sso.refused.title"))
st.error(ui.t(f"sso.refused.{code}"), icon=":material/block:")
if isinstance(email, str) and email.strip():
    st.write(ui.t("sso.refused.who", email=ui.md_escape(email.strip())))
st.write(ui.t("sso.refused.help"))
st.write(ui.t("sso.refused.wrong_account"))
st.button(
    ui.t("sso.logout"),
    key="sso.logout",
    type="primary",
    icon=":material/logout:",
    on_click=ui.acting(_sso.sign_out_of_provider),
)
