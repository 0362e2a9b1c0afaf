"""Widgets the three workshop pages share: writing through the model with the right message,
the phase and its clock, notes and themes as the room sees them, and the live refresh."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from sqlmodel import Session

from model import db, discussions, i18n, timesource
from model import discussion_text as dtext
from model import workshop_join as wj
from model import workshops as ws
from model.viewer import AccessDenied, same_access
from pages import _shared as ui


def error_text(error: Exception) -> str:
    if isinstance(error, ws.WorkshopError):
        return ui.t(f"workshop.error.{error.code}", **error.params)
    if isinstance(error, discussions.DiscussionError):
        return dtext.error_text(error, ui.lang())
    return ui.t("common.access_denied")


def run(call: Callable[[Session], Any], success: str | None = None, slot: str = "main") -> bool:
    """Run a workshop write in one transaction; say on the next run how it went."""
    try:
        with db.write_session(ui.engine()) as session:
            call(session)
    except (ws.WorkshopError, discussions.DiscussionError, AccessDenied) as error:
        ui.flash("error", error_text(error), slot=slot)
        return False
    if success:
        ui.flash("success", success, slot=slot)
    return True


def phase_name(phase: str) -> str:
    return ui.t(f"workshop.phase.{phase}")


def phase_line(board: ws.Board) -> str:
    at, total = wj.step(board.phase)
    if not at:
        return phase_name(board.phase)
    return ui.t("workshop.phase_step", phase=phase_name(board.phase), at=at, total=total)


def clock(board: ws.Board, container: Any = st) -> None:
    """The phase's timer, if one is set: minutes and seconds left, "time's up" at zero."""
    left = board.seconds_left(timesource.now())
    if left is None:
        return
    value = wj.clock_text(left) if left else ui.t("workshop.time_up")
    container.metric(ui.t("workshop.time_left"), value)


def question(board: ws.Board, key: str) -> str:
    return ws.question_label(board, key, ui.lang())


def notes_by_question(board: ws.Board, notes: tuple[ws.BoardNote, ...]) -> None:
    """Notes under their question, in the board's order (random refs), without authors."""
    for q in board.questions:
        mine = [n for n in notes if n.question_key == q["key"]]
        if not mine:
            continue
        st.markdown(f"**{ui.md_escape(question(board, q['key']))}**")
        for note in mine:
            with st.container(border=True):
                ui.user_text(note.text)


def themes(board: ws.Board, *, notes: bool = True) -> None:
    """Each theme with its notes, and its dots once voting has ended."""
    if not board.themes:
        st.info(ui.t("workshop.no_themes"))
    for theme in board.themes:
        with st.container(border=True):
            heading = ui.md_escape(theme.title)
            if theme.votes is not None:
                dots = ui.t("workshop.dot" if theme.votes == 1 else "workshop.dots", n=theme.votes)
                heading += " · " + ui.md_escape(dots)
            st.markdown(f"**{heading}**")
            if notes:
                for note in theme.notes:
                    ui.user_text(note.text)


def actions(frame: pd.DataFrame) -> None:
    """Agreed actions as cards: title, theme and the S3 details that were filled in."""
    if frame.empty:
        st.info(ui.t("workshop.no_actions"))
    lang = ui.lang()
    for row in frame.to_dict("records"):
        with st.container(border=True):
            st.markdown(f"**{ui.md_escape(row['title'])}**")
            if row.get("theme"):
                st.caption(ui.md_escape(ui.t("workshop.action_theme", theme=row["theme"])))
            details = [
                (ui.t("action.means"), row.get("means")),
                (ui.t("action.owner"), i18n.t(f"action.owner.{row['owner']}", lang)),
                (ui.t("action.measure_short"), row.get("measure")),
                (ui.t("action.time_span"), row.get("time_span")),
            ]
            if row.get("due_on") is not None and not pd.isna(row["due_on"]):
                details.append((ui.t("action.due_on"), i18n.date_text(row["due_on"], lang)))
            for label, value in details:
                if value:
                    ui.user_text(f"{label}: {value}")


def small_room(board: ws.Board) -> None:
    if board.participants < ws.SMALL_ROOM:
        st.caption(ui.t("workshop.small_room", n=ws.SMALL_ROOM))


def live(
    key: str,
    board: ws.Board,
    load: Callable[[Session], ws.Board],
    draw: Callable[[ws.Board], None],
    every: float,
) -> None:
    """Draw ``board`` now and again every ``every`` seconds. Each tick reads only the workshop's
    version number; the board is read again only when it changed, and with it who is signed in
    (a sign-out elsewhere stops the view). A new phase redraws the whole page, so that forms
    outside this part match it."""
    st.session_state[key] = board

    @st.fragment(run_every=every)
    def _tick() -> None:
        shown: ws.Board = st.session_state.get(key, board)
        with db.read_session(ui.engine()) as session:
            current = ws.version(session, shown.id)
        if current != shown.version:
            drawn = st.session_state.get(ui.DRAWN_FOR_KEY)
            if current is None or not same_access(ui.viewer(), drawn):
                st.rerun()
            try:
                with db.read_session(ui.engine()) as session:
                    fresh = load(session)
            except (ws.WorkshopError, AccessDenied):
                st.rerun()
            st.session_state[key] = fresh
            if fresh.phase != shown.phase:
                st.rerun()
            shown = fresh
        # Always one element, even when a phase draws nothing live: an empty fragment's rerun
        # lost its place and wrote over what follows it on the page.
        with st.container():
            draw(shown)

    _tick()
