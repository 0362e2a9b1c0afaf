"""Taking part in a workshop on a phone (F3): join with a code, write notes, see the themes, spend
dots. Signed in or as a guest; the participant's token lives in the address (``?p=``), so a
reload or a screen lock rejoins, and nothing ties a note to a person."""

import streamlit as st

from model import db
from model import workshop_join as wj
from model import workshops as ws
from model.tables import WorkshopPhase
from model.viewer import AccessDenied
from pages import _shared as ui
from pages import _workshop_phone
from pages import _workshop_ui as wui

CODE = "ws_join_code"

viewer = ui.viewer()  # None for a guest
lang = ui.lang()
token = st.query_params.get(wj.TOKEN_PARAM)


def _join() -> None:
    try:
        with db.write_session(ui.engine()) as session:
            new = ws.join(session, code=st.session_state.get(CODE, ""), viewer=viewer)
    except ws.WorkshopError as error:
        ui.flash("error", wui.error_text(error), slot="join")
        return
    st.query_params.pop(wj.CODE_PARAM, None)
    st.query_params[wj.TOKEN_PARAM] = new


def _code_form() -> None:
    st.title(ui.t("nav.join"))
    if CODE not in st.session_state:
        st.session_state[CODE] = ws.normalise_code(st.query_params.get(wj.CODE_PARAM, ""))
    with st.form("ws_join_form", border=False):
        st.text_input(ui.t("workshop.code"), key=CODE, max_chars=12)
        st.form_submit_button(
            ui.t("workshop.join"), key="ws_join_submit", type="primary", on_click=ui.acting(_join)
        )
    ui.show_flash(slot="join")
    if viewer is None:
        st.caption(ui.t("workshop.guest_note"))
        # Signing in keeps the code: the sign-in continues to this join page (model.web).
        code = ws.normalise_code(st.session_state.get(CODE, ""))
        st.page_link(
            "pages/signin.py",
            label=ui.t("workshop.sign_in_link"),
            query_params={wj.CODE_PARAM: code} if code else None,
        )


if not token:
    _code_form()
    st.stop()
try:
    with db.read_session(ui.engine()) as session:
        board = ws.participant_board(session, token=token, viewer=viewer)
except (ws.WorkshopError, AccessDenied) as error:
    st.query_params.pop(wj.TOKEN_PARAM, None)
    st.error(wui.error_text(error))
    _code_form()
    st.stop()


def load(session) -> ws.Board:
    return ws.participant_board(session, token=token, viewer=viewer)


def draw(board: ws.Board) -> None:
    phase = board.phase
    wui.clock(board)
    if phase in (WorkshopPhase.reveal, WorkshopPhase.group):
        if board.themes:
            wui.themes(board)
        wui.notes_by_question(board, board.ungrouped)
    elif phase in (WorkshopPhase.decide, WorkshopPhase.harvest):
        wui.themes(board, notes=False)
        st.subheader(ui.t("workshop.actions_title"))
        with db.read_session(ui.engine()) as session:
            wui.actions(wj.participant_actions(session, token=token, viewer=viewer))


st.title(ui.md_escape(board.name))
st.markdown(f"**{ui.md_escape(wui.phase_line(board))}**")
st.caption(ui.t(f"workshop.instruction.{board.phase}"))
wui.live("ws.join.board", board, load, draw, every=2)
# The participant's own forms and dots live outside the refreshing part: a tick never redraws
# them under a finger, and what they show changes only when the participant acts (a full run).
if board.phase == WorkshopPhase.write:
    _workshop_phone.write(board, token, viewer)
elif board.phase == WorkshopPhase.vote:
    st.metric(ui.t("workshop.dots_left"), board.vote_budget - sum(board.my_votes.values()))
    _workshop_phone.votes(board, token, viewer)
