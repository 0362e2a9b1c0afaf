"""Router: page config, language, sign-in gate and the pages the viewer's roles allow."""

import streamlit as st

from model import i18n
from model.navigation import SIGNIN, pages_for
from pages import _shared as ui

st.set_page_config(
    page_title="Merkitys",
    # A file beside app.py: a ":material/...:" icon makes every browser fetch it from an outside
    # font server (TRUST.md rule 32).
    page_icon=__file__.removesuffix("app.py") + "assets/merkitys-icon.png",
    layout="wide",
)

with st.sidebar:
    st.selectbox(
        ui.t("app.language"),
        options=list(i18n.LANGUAGES),
        format_func=i18n.language_name,
        key=ui.LANG_KEY,
    )

viewer = ui.viewer()
if viewer is None:
    st.session_state.pop(ui.PERSON_KEY, None)
    defs = [SIGNIN]
else:
    defs = pages_for(viewer.roles)
    with st.sidebar:
        st.caption(ui.t("app.signed_in_as", roles=i18n.roles_text(viewer.roles, ui.lang())))
        if st.button(ui.t("app.logout"), key="app.logout", icon=":material/logout:"):
            st.session_state.pop(ui.PERSON_KEY, None)
            st.rerun()

pages = [st.Page(d.path, title=ui.t(f"nav.{d.key}"), icon=d.icon, url_path=d.key) for d in defs]
st.navigation(pages).run()
