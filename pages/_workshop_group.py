"""The group phase for the facilitator: gather notes into themes, move, merge, rename, delete."""

from __future__ import annotations

import streamlit as st

from model import text
from model import workshops as ws
from model.viewer import Viewer
from pages import _shared as ui
from pages import _workshop_ui as wui

NOTES, TITLE, TARGET = "ws.group.notes", "ws.group.title", "ws.group.target"
INTO, MERGED = "ws.group.into", "ws.group.merged"
SHORT = 70


def _short(note: ws.BoardNote) -> str:
    line = text.line(note.text)
    return line if len(line) <= SHORT else line[: SHORT - 1] + "…"


def _done(keys: tuple[str, ...]) -> None:
    for key in keys:
        st.session_state[key] = "" if key == TITLE else []


def _create(viewer: Viewer, workshop_id: int) -> None:
    refs = list(ui.value(NOTES) or [])
    title = st.session_state.get(TITLE, "")
    if wui.run(
        lambda s: ws.create_theme(
            s, viewer=viewer, workshop_id=workshop_id, title=title, refs=refs
        ),
        slot="group",
    ):
        _done((NOTES, TITLE))


def _move(viewer: Viewer, workshop_id: int) -> None:
    refs = list(ui.value(NOTES) or [])
    target = ui.value(TARGET)
    if wui.run(
        lambda s: ws.move_notes(
            s, viewer=viewer, workshop_id=workshop_id, refs=refs, theme_id=target
        ),
        slot="group",
    ):
        _done((NOTES,))


def _merge(viewer: Viewer, workshop_id: int) -> None:
    into, merged = ui.value(INTO), list(ui.value(MERGED) or [])
    if into is None:
        return
    if wui.run(
        lambda s: ws.merge_themes(
            s, viewer=viewer, workshop_id=workshop_id, into=into, merged=merged
        ),
        slot="group",
    ):
        _done((MERGED,))


def _rename(viewer: Viewer, workshop_id: int, theme_id: int) -> None:
    title = st.session_state.get(f"ws.theme.{theme_id}.title", "")
    wui.run(
        lambda s: ws.rename_theme(
            s, viewer=viewer, workshop_id=workshop_id, theme_id=theme_id, title=title
        ),
        slot="group",
    )


def _delete(viewer: Viewer, workshop_id: int, theme_id: int) -> None:
    wui.run(
        lambda s: ws.delete_theme(s, viewer=viewer, workshop_id=workshop_id, theme_id=theme_id),
        slot="group",
    )


def _tools(viewer: Viewer, board: ws.Board) -> None:
    notes = {n.ref: n for n in (*board.ungrouped, *(n for t in board.themes for n in t.notes))}
    titles = {t.id: t.title for t in board.themes}
    # A form: choosing several notes must not redraw the page after every choice.
    with st.form("ws.group.form"):
        ui.pick(
            st.multiselect,
            ui.t("workshop.group.notes"),
            options=list(notes),
            format_func=lambda r: _short(notes[r]),
            key=NOTES,
            placeholder=ui.t("workshop.group.notes_placeholder"),
        )
        new_col, move_col = st.columns(2)
        with new_col:
            st.text_input(ui.t("workshop.group.title"), key=TITLE, max_chars=ws.THEME_MAX)
            st.form_submit_button(
                ui.t("workshop.group.create"),
                key="ws.group.create",
                type="primary",
                icon=":material/add:",
                on_click=ui.acting(_create),
                args=(viewer, board.id),
            )
        with move_col:
            ui.pick(
                st.selectbox,
                ui.t("workshop.group.target"),
                options=[None, *titles],
                format_func=lambda t: ui.t("workshop.ungrouped") if t is None else titles[t],
                key=TARGET,
            )
            st.form_submit_button(
                ui.t("workshop.group.move"),
                key="ws.group.move",
                icon=":material/drive_file_move:",
                on_click=ui.acting(_move),
                args=(viewer, board.id),
            )
    if len(titles) > 1:
        with st.expander(ui.t("workshop.group.merge_title")):
            ui.pick(
                st.selectbox,
                ui.t("workshop.group.into"),
                options=list(titles),
                format_func=titles.get,
                key=INTO,
            )
            ui.pick(
                st.multiselect,
                ui.t("workshop.group.merged"),
                options=list(titles),
                format_func=titles.get,
                key=MERGED,
            )
            st.button(
                ui.t("workshop.group.merge"),
                key="ws.group.merge",
                on_click=ui.acting(_merge),
                args=(viewer, board.id),
            )
    ui.show_flash(slot="group")


def render(viewer: Viewer, board: ws.Board) -> None:
    _tools(viewer, board)
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(ui.t("workshop.ungrouped_title", n=len(board.ungrouped)))
        wui.notes_by_question(board, board.ungrouped)
    with right:
        st.subheader(ui.t("workshop.themes_title"))
        if not board.themes:
            st.info(ui.t("workshop.no_themes"))
        for theme in board.themes:
            with st.container(border=True):
                key = f"ws.theme.{theme.id}.title"
                if st.session_state.get(f"{key}.was") != theme.title:
                    st.session_state[key] = st.session_state[f"{key}.was"] = theme.title
                st.text_input(ui.t("workshop.group.rename_label"), key=key)
                rename, delete = st.columns(2)
                rename.button(
                    ui.t("workshop.group.rename"),
                    key=f"ws.theme.{theme.id}.rename",
                    on_click=ui.acting(_rename),
                    args=(viewer, board.id, theme.id),
                )
                delete.button(
                    ui.t("workshop.group.delete"),
                    key=f"ws.theme.{theme.id}.delete",
                    on_click=ui.acting(_delete),
                    args=(viewer, board.id, theme.id),
                )
                for note in theme.notes:
                    ui.user_text(note.text)
