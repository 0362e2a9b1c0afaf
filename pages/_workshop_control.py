"""The facilitator's control panel of one workshop: the phase and its buttons, the join code,
and what each phase needs (counts, grouping, actions, the harvest)."""

from __future__ import annotations

import streamlit as st

from model import db, timesource
from model import workshop_join as wj
from model import workshops as ws
from model.tables import WorkshopPhase
from model.viewer import AccessDenied, Viewer
from pages import _shared as ui
from pages import _workshop_decide, _workshop_exports, _workshop_group, _workshop_plan
from pages import _workshop_ui as wui

TIMER = "ws.timer"


def _go(viewer: Viewer, workshop_id: int, phase: str) -> None:
    minutes = int(st.session_state.get(TIMER) or 0) or None
    moved = wui.run(
        lambda session: ws.set_phase(
            session,
            viewer=viewer,
            workshop_id=workshop_id,
            phase=phase,
            now=timesource.now(),
            minutes=minutes,
        ),
        ui.t("workshop.moved", phase=wui.phase_name(phase)),
    )
    if moved:  # each phase's timer is chosen anew
        st.session_state[TIMER] = 0


def _close(viewer: Viewer, workshop_id: int) -> None:
    wui.run(
        lambda session: ws.close_workshop(session, viewer=viewer, workshop_id=workshop_id),
        ui.t("workshop.closed_done"),
    )


def _phase_buttons(viewer: Viewer, board: ws.Board) -> None:
    following = ws.next_phase(board.phase)
    back = wj.previous_phase(board.phase)
    if board.phase == WorkshopPhase.closed:
        return
    timer, prev_col, next_col = st.columns([2, 2, 3], vertical_alignment="bottom")
    if following not in (None, WorkshopPhase.closed):
        timer.number_input(
            ui.t("workshop.timer"),
            min_value=0,
            max_value=ws.TIMER_MAX_MINUTES,
            step=1,
            key=TIMER,
            help=ui.t("workshop.timer_help"),
        )
    if back is not None:
        prev_col.button(
            ui.t("workshop.back_to", phase=wui.phase_name(back)),
            key="ws.prev",
            icon=":material/arrow_back:",
            on_click=ui.acting(_go),
            args=(viewer, board.id, back),
            width="stretch",
        )
    if following not in (None, WorkshopPhase.closed):
        next_col.button(
            ui.t("workshop.next_to", phase=wui.phase_name(following)),
            key="ws.next",
            type="primary",
            icon=":material/arrow_forward:",
            on_click=ui.acting(_go),
            args=(viewer, board.id, following),
            width="stretch",
        )


def _counts(board: ws.Board) -> None:
    """The live numbers of the current phase."""
    cols = st.columns(3)
    cols[0].metric(ui.t("workshop.joined"), board.participants)
    if board.phase == WorkshopPhase.vote:
        cols[1].metric(ui.t("workshop.voters"), board.voters)
    else:
        cols[1].metric(ui.t("workshop.notes_total"), board.notes_total)
    wui.clock(board, cols[2])
    if board.phase == WorkshopPhase.reveal:  # per question only once revealed
        for q in board.questions:
            count = board.notes_written.get(q["key"], 0)
            st.markdown(f"**{count}** · {ui.md_escape(wui.question(board, q['key']))}")
    wui.small_room(board)


def _harvest(viewer: Viewer, board: ws.Board, lang: str) -> None:
    st.subheader(ui.t("workshop.themes_title"))
    wui.themes(board, notes=False)
    st.subheader(ui.t("workshop.actions_title"))
    with db.read_session(ui.engine()) as session:
        found = ws.workshop_actions(session, viewer=viewer, workshop_id=board.id)
    wui.actions(found)
    _workshop_exports.render(board.id, viewer, lang)
    if board.phase == WorkshopPhase.harvest:
        st.divider()
        sure = st.checkbox(ui.t("workshop.close_sure"), key="ws.close_sure")
        st.button(
            ui.t("workshop.close"),
            key="ws.close",
            disabled=not sure,
            on_click=ui.acting(_close),
            args=(viewer, board.id),
            icon=":material/lock:",
        )


def render(viewer: Viewer, workshop_id: int, lang: str) -> None:
    def load(session) -> ws.Board:
        return ws.facilitator_board(session, viewer=viewer, workshop_id=workshop_id)

    try:
        with db.read_session(ui.engine()) as session:
            board = load(session)
    except AccessDenied:
        st.error(ui.t("common.access_denied"))
        return
    # Always one element here, message or not: the live part below must keep its place on the
    # page, or a tick landing during a full run draws it over the next element.
    with st.container():
        ui.show_flash()
    head, code_col = st.columns([3, 1])
    head.subheader(ui.md_escape(board.name))
    head.markdown(f"**{ui.md_escape(wui.phase_line(board))}**")
    head.caption(ui.t(f"workshop.facilitate.{board.phase}"))
    if board.code:
        code_col.metric(ui.t("workshop.code"), board.code)
    code_col.link_button(
        ui.t("workshop.open_screen"),
        f"{wj.SCREEN_PATH}?{wj.WORKSHOP_PARAM}={board.id}",
        icon=":material/present_to_all:",
    )
    if board.phase == WorkshopPhase.planned:
        _workshop_plan.edit(viewer, board.id, lang)
        st.button(
            ui.t("workshop.start"),
            key="ws.start",
            type="primary",
            icon=":material/play_arrow:",
            on_click=ui.acting(_go),
            args=(viewer, board.id, WorkshopPhase.present),
        )
        return
    _phase_buttons(viewer, board)
    st.divider()
    wui.live("ws.control.board", board, load, _counts, every=2)
    if board.phase == WorkshopPhase.reveal:
        wui.notes_by_question(board, board.notes)
    elif board.phase == WorkshopPhase.group:
        _workshop_group.render(viewer, board)
    elif board.phase == WorkshopPhase.vote:
        wui.themes(board)
    elif board.phase == WorkshopPhase.decide:
        _workshop_decide.render(viewer, board, lang)
    elif board.phase in (WorkshopPhase.harvest, WorkshopPhase.closed):
        _harvest(viewer, board, lang)
