"""The workshop on the room's screen (F3): name, phase and timer, the join code with its QR
code, and what the phase shows everyone; it follows the workshop live (``?w=<id>``)."""

import streamlit as st

from model import db, settings
from model import workshop_join as wj
from model import workshops as ws
from model.tables import WorkshopPhase
from model.viewer import AccessDenied
from pages import _shared as ui
from pages import _workshop_present
from pages import _workshop_ui as wui

PICK = "ws.screen.pick"

viewer = ui.require_viewer()
lang = ui.lang()
try:
    with db.read_session(ui.engine()) as session:
        listed = ws.list_workshops(session, viewer=viewer)
except AccessDenied:
    st.error(ui.t("common.access_denied"))
    st.stop()
running = listed[listed["status"] != WorkshopPhase.closed]
names = {int(r.id): r.name for r in listed.itertuples()}
asked = st.query_params.get(wj.WORKSHOP_PARAM)
workshop_id = int(asked) if asked and asked.isdigit() and int(asked) in names else None
if workshop_id is None:
    st.title(ui.t("nav.screen"))
    options = [int(i) for i in running["id"]]
    if not options:
        st.info(ui.t("workshop.none"))
        st.stop()
    chosen = ui.pick(
        st.selectbox,
        ui.t("workshop.open"),
        options=[None, *options],
        format_func=lambda i: ui.t("workshop.open_none") if i is None else names[i],
        key=PICK,
    )
    if chosen is None:
        st.stop()
    st.query_params[wj.WORKSHOP_PARAM] = str(chosen)
    workshop_id = chosen


def load(session) -> ws.Board:
    return ws.facilitator_board(session, viewer=viewer, workshop_id=workshop_id)


with db.read_session(ui.engine()) as session:
    board = load(session)


def draw(board: ws.Board) -> None:
    """The live part: numbers, timer and the phase's content, redrawn when anything changes."""
    cols = st.columns(3)
    cols[0].metric(ui.t("workshop.joined"), board.participants)
    with cols[1].container(key="ws_screen_total"):
        st.metric(ui.t("workshop.notes_total"), board.notes_total)
    wui.clock(board, cols[2])
    wui.small_room(board)
    phase = board.phase
    if phase == WorkshopPhase.write:
        qs = board.questions
        for row in range(0, len(qs), 2):
            for col, q in zip(st.columns(2), qs[row : row + 2], strict=False):
                with col.container(border=True):
                    st.markdown(f"**{ui.md_escape(wui.question(board, q['key']))}**")
    elif phase == WorkshopPhase.reveal:
        wui.notes_by_question(board, board.notes)
    elif phase == WorkshopPhase.group:
        left, right = st.columns(2, gap="large")
        with left:
            st.subheader(ui.t("workshop.themes_title"))
            wui.themes(board)
        with right:
            st.subheader(ui.t("workshop.ungrouped_title", n=len(board.ungrouped)))
            wui.notes_by_question(board, board.ungrouped)
    elif phase == WorkshopPhase.vote:
        st.metric(ui.t("workshop.voters"), board.voters)
        wui.themes(board, notes=False)
    elif phase in (WorkshopPhase.decide, WorkshopPhase.harvest, WorkshopPhase.closed):
        left, right = st.columns(2, gap="large")
        with left:
            st.subheader(ui.t("workshop.themes_by_votes"))
            wui.themes(board, notes=False)
        with right:
            st.subheader(ui.t("workshop.actions_title"))
            with db.read_session(ui.engine()) as session:
                found = ws.workshop_actions(session, viewer=viewer, workshop_id=board.id)
            wui.actions(found)


main, side = st.columns([3, 1], gap="large")
with side:
    if board.code:
        url = wj.join_url(settings.get("MERKITYS_BASE_URL"), board.code)
        st.markdown(f"# {board.code}")
        st.image(wj.qr_png(url), caption=ui.t("workshop.scan"), width="stretch")
        st.caption(ui.md_escape(url))
with main:
    st.title(ui.md_escape(board.name))
    st.header(ui.md_escape(wui.phase_line(board)))
    st.markdown(f"#### {ui.md_escape(ui.t(f'workshop.instruction.{board.phase}'))}")
    wui.live("ws.screen.board", board, load, draw, every=1)
    if board.phase == WorkshopPhase.present:
        _workshop_present.render(viewer, board, lang)
