"""The participant's phone in the write and vote phases: a form per question, their own notes
to edit or delete, and their dots on the themes."""

from __future__ import annotations

import streamlit as st

from model import workshops as ws
from model.viewer import Viewer
from pages import _shared as ui
from pages import _workshop_ui as wui


def _send(token: str, viewer: Viewer | None, question_key: str) -> None:
    key = f"ws_note_{question_key}"
    data = ws.NoteInput(question_key=question_key, text=st.session_state.get(key, ""))
    if wui.run(
        lambda s: ws.add_note(s, token=token, viewer=viewer, data=data),
        ui.t("workshop.note_sent"),
        slot=f"note.{question_key}",
    ):
        st.session_state[key] = ""


def _edit(token: str, viewer: Viewer | None, ref: str) -> None:
    text = st.session_state.get(f"ws_edit_{ref}", "")
    wui.run(
        lambda s: ws.edit_note(s, token=token, viewer=viewer, ref=ref, text=text),
        ui.t("workshop.note_saved"),
        slot="mine",
    )


def _delete(token: str, viewer: Viewer | None, ref: str) -> None:
    wui.run(
        lambda s: ws.delete_note(s, token=token, viewer=viewer, ref=ref),
        ui.t("workshop.note_deleted"),
        slot="mine",
    )


def _vote(token: str, viewer: Viewer | None, theme_id: int, add: bool, seen: int) -> None:
    call = ws.cast_vote if add else ws.remove_vote
    wui.run(
        lambda s: call(s, token=token, viewer=viewer, theme_id=theme_id, seen=seen), slot="vote"
    )


def votes(board: ws.Board, token: str, viewer: Viewer | None) -> None:
    """Each theme with the participant's dots on it and buttons to give or take one."""
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
                    args=(token, viewer, theme.id, False, mine),
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
                    args=(token, viewer, theme.id, True, mine),
                    help=ui.t("workshop.vote_add"),
                    width=56,
                )
            for note in theme.notes:
                st.caption(ui.md_escape(note.text))


def write(board: ws.Board, token: str, viewer: Viewer | None) -> None:
    """A form per question (never redrawn while typing), and the participant's own notes."""
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
                args=(token, viewer, key),
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
                    args=(token, viewer, note.ref),
                )
                st.button(
                    ui.t("workshop.delete_note"),
                    key=f"ws_delete_{note.ref}",
                    on_click=ui.acting(_delete),
                    args=(token, viewer, note.ref),
                )
