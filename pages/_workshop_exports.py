"""Downloads of a workshop: its deck (PowerPoint) and its workbook (Excel), each built only when
its button is pressed and written to the audit log. When the workshop presents a released round,
both begin with the team view of its unit and round, as the facilitator may see it."""

from __future__ import annotations

import streamlit as st

from exports.deck import workshop_deck
from exports.team_workbook import workshop_workbook
from model import audit, db, release, timesource
from model import teamview as tv
from model import workshops as ws
from model.viewer import AccessDenied, Viewer
from pages import _shared as ui

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _material(workshop_id: int, viewer: Viewer):
    """The board, its actions, the unit's name and the team view (None without a released
    round), read when a file is made."""
    engine = ui.engine()
    with db.read_session(engine) as session:
        board = ws.facilitator_board(session, viewer=viewer, workshop_id=workshop_id)
        actions = ws.workshop_actions(session, viewer=viewer, workshop_id=workshop_id)
        units = tv.units_for(session, viewer=viewer)
    names = dict(zip(units["unit_id"], units["name"], strict=True))
    unit_name = names.get(board.unit_id, "")
    if board.round_id is None or board.unit_id is None:
        return board, actions, unit_name, None
    today = ui.today()
    with db.read_session(engine) as session:
        due = release.due_rounds(session, viewer.organisation_id, today=today)
    if due:  # a round closed since anyone last looked: release it once, for everyone
        with db.write_session(engine) as session:
            release.release_due(session, viewer.organisation_id, now=timesource.now())
    try:
        with db.read_session(engine) as session:
            view = tv.team_view(
                session,
                viewer=viewer,
                unit_id=board.unit_id,
                round_id=board.round_id,
                today=today,
            )
    except AccessDenied:
        return board, actions, unit_name, None
    return board, actions, unit_name, view if view.released else None


def _log(viewer: Viewer, event: str, workshop_id: int) -> None:
    with db.write_session(ui.engine()) as session:
        audit.record(
            session,
            event=event,
            actor_id=viewer.person_id,
            detail={"workshop_id": workshop_id},
        )


def render(workshop_id: int, viewer: Viewer, lang: str) -> None:
    """The workshop's download buttons: the deck and the workbook."""
    st.markdown(f"**{ui.md_escape(ui.t('deck.exports_title'))}**")
    with db.read_session(ui.engine()) as session:
        round_id = ws.get_workshop(session, viewer=viewer, workshop_id=workshop_id).round_id
    if round_id is None:
        st.caption(ui.t("deck.exports_no_round"))

    def _deck() -> bytes:
        board, actions, unit_name, view = _material(workshop_id, viewer)
        data = workshop_deck(
            view,
            board,
            actions,
            lang,
            made_at=timesource.now(),
            zone_name=ui.zone(),
            unit_name=unit_name,
        )
        _log(viewer, "export_workshop_deck", workshop_id)
        return data

    def _workbook() -> bytes:
        board, actions, _unit_name, view = _material(workshop_id, viewer)
        data = workshop_workbook(
            view, board, actions, lang, made_at=timesource.now(), zone_name=ui.zone()
        )
        _log(viewer, "export_workshop_workbook", workshop_id)
        return data

    deck_slot, workbook_slot = st.columns(2)
    ui.export_button(
        deck_slot,
        ui.t("deck.download_workshop"),
        _deck,
        file_name=f"merkitys-tyopaja-{workshop_id}.pptx",
        mime=PPTX,
        key=f"workshop.deck.{workshop_id}",
    )
    ui.export_button(
        workbook_slot,
        ui.t("deck.download_workbook"),
        _workbook,
        file_name=f"merkitys-tyopaja-{workshop_id}.xlsx",
        mime=XLSX,
        key=f"workshop.workbook.{workshop_id}",
    )
