"""Router: page config, language, sign-in gate and the pages the viewer's roles allow."""

import streamlit as st

from model import accounts, db, i18n, production, timesource
from model.navigation import JOIN, SET_PASSWORD, SIGNIN, SSO_REFUSED, pages_for
from model.workshop_join import CODE_PARAM
from model.workshop_join import TOKEN_PARAM as PARTICIPANT_PARAM
from pages import _shared as ui
from pages import _sso

TOKEN_PARAM = "token"  # a one-time password link: /?token=… (model.accounts)

st.set_page_config(
    page_title="Merkitys",
    # A file beside app.py: a ":material/...:" icon makes every browser fetch it from an outside
    # font server (TRUST.md rule 32).
    page_icon=__file__.removesuffix("app.py") + "assets/merkitys-icon.png",
    layout="wide",
)
# Production mode refuses to run with the demo or placeholder secrets (TRUST 11, 33).
if problems := production.problems(ui.engine()):
    st.error(ui.t("production.refused", reason="; ".join(problems)))
    st.stop()
# ... and the [auth] secrets single sign-on uses, wherever Streamlit loaded them from.
if problems := _sso.production_problems():
    st.error(ui.t("production.refused", reason="; ".join(problems)))
    st.stop()


def _link_language() -> None:
    """Someone opening a password link sees it in their own language until they choose one;
    set before the language box is drawn (a widget's state cannot change after)."""
    token = st.query_params.get(TOKEN_PARAM)
    if not token or ui.LANG_KEY in st.session_state:
        return
    with db.read_session(ui.engine()) as session:
        person = accounts.check_token(session, token, now=timesource.now())
    if person is not None and person.language in i18n.LANGUAGES:
        st.session_state[ui.LANG_KEY] = person.language


# Who is signed in comes from the session cookie on every run (TRUST 31), never from state kept
# in the Streamlit session.
viewer = ui.viewer()
if viewer is not None and ui.LANG_KEY not in st.session_state:
    st.session_state[ui.LANG_KEY] = viewer.language  # a new page load after signing in
_link_language()
# Back from the identity provider (TRUST 10): sign in the roster person, or say why not. Only
# when this browser asked for it: the provider's cookie alone signs nobody in again.
sso_refusal = _sso.finish() if viewer is None else None
with st.sidebar:
    st.selectbox(
        ui.t("app.language"),
        options=ui.languages(viewer),  # the organisation's, once someone is signed in
        format_func=i18n.language_name,
        key=ui.LANG_KEY,
    )

if viewer is None and sso_refusal is not None:
    defs = [SSO_REFUSED]
elif viewer is None and (CODE_PARAM in st.query_params or PARTICIPANT_PARAM in st.query_params):
    defs = [SIGNIN, JOIN]  # a workshop's join link (/join?code=…) opens for guests too
elif viewer is None:
    defs = [SET_PASSWORD if TOKEN_PARAM in st.query_params else SIGNIN]
else:
    defs = pages_for(viewer.roles)
    with st.sidebar:
        st.caption(ui.t("app.signed_in_as", roles=i18n.roles_text(viewer.roles, ui.lang())))
        if st.button(ui.t("app.logout"), key="app.logout", icon=":material/logout:"):
            ui.sign_out()
            st.stop()

# A click refused because the sign-in changed since the page was drawn (ui.acting) says so here.
with st.container():  # always one element, so that the page's own elements keep their places
    ui.show_flash(slot=ui.STALE_SLOT)
pages = [st.Page(d.path, title=ui.t(f"nav.{d.key}"), icon=d.icon, url_path=d.key) for d in defs]
st.navigation(pages).run()
