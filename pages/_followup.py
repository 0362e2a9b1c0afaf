"""Workshop follow-up where people work: the actions a workshop agreed (team page, My history)
and, on a later round's team view, how the unit's lights moved since the workshop."""

from __future__ import annotations

import streamlit as st

from model import db, followup
from model import discussion_text as text
from model import workshops as ws
from model.tables import ActionStatus, Role
from model.teamview import TeamView
from model.viewer import AccessDenied, Viewer
from pages import _shared as ui


def _action(row: dict, view_framework, viewer: Viewer, lang: str, editable: bool) -> None:
    status = text.status_text(row["status"], lang)
    heading = ui.t(
        "followup.action_heading", title=row["title"], status=status, workshop=row["workshop"]
    )
    with st.expander(ui.md_escape(heading)):
        if row["theme"]:
            st.markdown(f"**{ui.md_escape(ui.t('followup.theme'))}**")
            ui.user_text(row["theme"])
        for label, value in text.action_details(_Row(row), view_framework, lang):
            st.markdown(f"**{ui.md_escape(label)}**")
            ui.user_text(value)
        if not editable:
            return
        prefix = f"followup.{row['id']}"
        statuses = [s.value for s in ActionStatus]
        ui.pick(
            st.selectbox,
            ui.t("followup.status"),
            options=statuses,
            index=statuses.index(row["status"]),
            format_func=lambda s: text.status_text(s, lang),
            key=f"{prefix}.status",
        )
        st.text_input(ui.t("followup.comment"), key=f"{prefix}.comment")

        def _save() -> None:
            try:
                with db.write_session(ui.engine()) as session:
                    ws.set_action_status(
                        session,
                        viewer=viewer,
                        action_id=row["id"],
                        status=ui.value(f"{prefix}.status"),
                        comment=st.session_state.get(f"{prefix}.comment", ""),
                        version=row["version"],
                    )
            except ws.WorkshopError as error:
                ui.flash("error", ui.t(f"workshop.error.{error.code}", **error.params))
            except AccessDenied:
                ui.flash("error", ui.t("common.access_denied"))
            else:
                st.session_state.pop(f"{prefix}.comment", None)
                ui.flash("success", ui.t("followup.saved"))

        st.button(ui.t("followup.save"), key=f"{prefix}.save", on_click=ui.acting(_save))


class _Row:
    """A row of the actions frame read like the discussion pages' ActionView."""

    def __init__(self, row: dict) -> None:
        self.__dict__.update(row)


def unit_section(
    view: TeamView, viewer: Viewer, lang: str, *, editable: bool | None = None
) -> None:
    """The unit's workshop actions and, when this round follows a workshop, what moved since;
    facilitators change an action's status unless ``editable`` is False (the room's screen)."""
    with db.read_session(ui.engine()) as session:
        actions = followup.plain_rows(ws.unit_actions(session, viewer=viewer, unit_id=view.unit_id))
        held = followup.workshop_before(
            session, viewer=viewer, unit_id=view.unit_id, round_id=view.round_id
        )
        baseline = held.round_id if held is not None else None
        baseline_name = ""
        if held is not None:
            rounds = view.trend[view.trend["round_id"] == baseline]
            baseline_name = str(rounds["round"].iloc[0]) if not rounds.empty else ""
    if held is not None and view.released:
        st.subheader(ui.t("followup.since_title", workshop=held.name))
        moved = followup.movement(view, baseline)
        if moved.empty:
            st.info(ui.t("followup.since_hidden"))
        else:
            st.caption(ui.md_escape(ui.t("followup.since_caption", before=baseline_name)))
            for line in followup.movement_lines(moved, view.framework, lang):
                st.markdown(f"- {ui.md_escape(line)}")
    st.subheader(ui.t("followup.title"))
    st.caption(ui.t("followup.caption"))
    ui.show_flash()
    if not actions:
        st.info(ui.t("followup.empty"))
    if editable is None:
        editable = viewer.has(Role.facilitator) or viewer.has(Role.admin)
    for row in actions:
        _action(row, view.framework, viewer, lang, editable)


def my_team_section(viewer: Viewer, framework, lang: str) -> None:
    """On My history: what our team's workshops agreed (read only)."""
    with db.read_session(ui.engine()) as session:
        actions = followup.plain_rows(ws.my_team_actions(session, viewer=viewer))
    if not actions:
        return
    st.subheader(ui.t("followup.my_title"))
    for row in actions:
        _action(row, framework, viewer, lang, editable=False)
