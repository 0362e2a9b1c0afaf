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
        st.page_link("pages/signin.py", label=ui.t("workshop.sign_in_link"))


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


def _send(question_key: str) -> None:
    key = f"ws_note_{question_key}"
    data = ws.NoteInput(question_key=question_key, text=st.session_state.get(key, ""))
    if wui.run(
        lambda s: ws.add_note(s, token=token, viewer=viewer, data=data),
        ui.t("workshop.note_sent"),
        slot=f"note.{question_key}",
    ):
        st.session_state[key] = ""


def _edit(ref: str) -> None:
    text = st.session_state.get(f"ws_edit_{ref}", "")
    wui.run(
        lambda s: ws.edit_note(s, token=token, viewer=viewer, ref=ref, text=text),
        ui.t("workshop.note_saved"),
        slot="mine",
    )


def _delete(ref: str) -> None:
    wui.run(
        lambda s: ws.delete_note(s, token=token, viewer=viewer, ref=ref),
        ui.t("workshop.note_deleted"),
        slot="mine",
    )


def _vote(theme_id: int, add: bool) -> None:
    call = ws.cast_vote if add else ws.remove_vote
    wui.run(lambda s: call(s, token=token, viewer=viewer, theme_id=theme_id), slot="vote")


def _votes(board: ws.Board) -> None:
    left = board.vote_budget - sum(board.my_votes.values())
    ui.show_flash(slot="vote")
    for theme in board.themes:
        mine = board.my_votes.get(theme.id, 0)
        with st.container(border=True):
            st.markdown(f"**{ui.md_escape(theme.title)}**")
            with st.container(horizontal=True, vertical_alignment="center"):
                st.button(
                    ui.t("workshop.minus"),
                    key=f"ws_vote_remove_{theme.id}",
                    disabled=not mine,
                    on_click=ui.acting(_vote),
                    args=(theme.id, False),
                    help=ui.t("workshop.vote_remove"),
                    width=56,
                )
                st.markdown(ui.md_escape(ui.t("workshop.my_dots", n=mine)))
                st.button(
                    ui.t("workshop.plus"),
                    key=f"ws_vote_add_{theme.id}",
                    type="primary",
                    disabled=left <= 0,
                    on_click=ui.acting(_vote),
                    args=(theme.id, True),
                    help=ui.t("workshop.vote_add"),
                    width=56,
                )
            for note in theme.notes:
                st.caption(ui.md_escape(note.text))


def draw(board: ws.Board) -> None:
    phase = board.phase
    with st.container(horizontal=True):
        wui.clock(board)
        if phase == WorkshopPhase.vote:
            left = board.vote_budget - sum(board.my_votes.values())
            st.metric(ui.t("workshop.dots_left"), left)
    if phase in (WorkshopPhase.reveal, WorkshopPhase.group):
        if board.themes:
            wui.themes(board)
        wui.notes_by_question(board, board.ungrouped)
    elif phase == WorkshopPhase.vote:
        _votes(board)
    elif phase in (WorkshopPhase.decide, WorkshopPhase.harvest):
        wui.themes(board, notes=False)
        st.subheader(ui.t("workshop.actions_title"))
        with db.read_session(ui.engine()) as session:
            wui.actions(wj.participant_actions(session, token=token, viewer=viewer))


st.title(ui.md_escape(board.name))
st.markdown(f"**{ui.md_escape(wui.phase_line(board))}**")
st.caption(ui.t(f"workshop.instruction.{board.phase}"))
wui.live("ws.join.board", board, load, draw, every=2)
if board.phase == WorkshopPhase.write:
    for q in board.questions:
        key = q["key"]
        with st.form(f"ws_form_{key}"):
            st.text_area(
                ui.md_escape(wui.question(board, key)), key=f"ws_note_{key}", max_chars=ws.NOTE_MAX
            )
            st.form_submit_button(
                ui.t("workshop.send"),
                key=f"ws_send_{key}",
                type="primary",
                on_click=ui.acting(_send),
                args=(key,),
            )
        ui.show_flash(slot=f"note.{key}")
    if board.mine:
        st.subheader(ui.t("workshop.my_notes", n=len(board.mine)))
        ui.show_flash(slot="mine")
    for note in board.mine:
        with st.expander(ui.md_escape(note.text[:60])):
            st.caption(ui.md_escape(wui.question(board, note.question_key)))
            st.text_area(
                ui.t("workshop.edit_note"),
                value=note.text,
                key=f"ws_edit_{note.ref}",
                max_chars=ws.NOTE_MAX,
            )
            with st.container(horizontal=True):
                st.button(
                    ui.t("workshop.save_note"),
                    key=f"ws_save_{note.ref}",
                    on_click=ui.acting(_edit),
                    args=(note.ref,),
                )
                st.button(
                    ui.t("workshop.delete_note"),
                    key=f"ws_delete_{note.ref}",
                    on_click=ui.acting(_delete),
                    args=(note.ref,),
                )
