"""Widgets both discussion pages share: an agreed action with its history and status form."""

from __future__ import annotations

import streamlit as st

from exports.discussion import discussion_pdf, discussion_xlsx
from model import db
from model import discussion_text as text
from model import discussions as svc
from model.framework import Framework
from model.tables import ActionStatus
from model.viewer import AccessDenied, Viewer
from pages import _shared as ui


def run(call, success: str) -> bool:
    """Run a service call in a write session; show the outcome on the next run."""
    try:
        with db.write_session(ui.engine()) as session:
            call(session)
    except svc.DiscussionError as error:
        ui.flash("error", text.error_text(error, ui.lang()))
    except AccessDenied:
        ui.flash("error", ui.t("common.access_denied"))
    else:
        ui.flash("success", success)
        return True
    return False


def action_card(action: svc.ActionView, framework: Framework, viewer: Viewer, lang: str) -> None:
    """One action: details, history and a form to change its status or comment on it."""
    prefix = f"action.{action.id}"
    with st.expander(ui.md_escape(text.action_heading(action, lang)), expanded=action.overdue):
        for label, value in text.action_details(action, framework, lang):
            st.markdown(f"**{ui.md_escape(label)}**")
            ui.user_text(value)
        st.caption(ui.t("mydisc.history"))
        for update in action.history:
            ui.user_text(text.update_line(update, lang))
        statuses = [s.value for s in ActionStatus]
        st.selectbox(
            ui.t("mydisc.new_status"),
            options=statuses,
            index=statuses.index(action.status),
            format_func=lambda s: text.status_text(s, lang),
            key=f"{prefix}.status",
        )
        st.text_input(ui.t("mydisc.comment"), key=f"{prefix}.comment", max_chars=svc.COMMENT_MAX)

        def _save() -> None:
            saved = run(
                lambda session: svc.update_action(
                    session,
                    viewer=viewer,
                    action_id=action.id,
                    # Read at click time: the closure would hold the previous run's values.
                    status=st.session_state[f"{prefix}.status"],
                    comment=st.session_state.get(f"{prefix}.comment", ""),
                    today=ui.today(),
                ),
                ui.t("mydisc.updated"),
            )
            if saved:
                st.session_state[f"{prefix}.comment"] = ""

        st.button(ui.t("mydisc.save_update"), key=f"{prefix}.save", on_click=_save)


def _export(viewer: Viewer, discussion_id: int, fmt: str, lang: str) -> bytes:
    # Built when the button is pressed; every export is in the person's audit log.
    with db.write_session(ui.engine()) as session:
        summary = svc.discussion_summary(
            session, viewer=viewer, discussion_id=discussion_id, today=ui.today()
        )
        svc.record_export(session, viewer=viewer, summary=summary, fmt=fmt)
    return discussion_pdf(summary, lang) if fmt == "pdf" else discussion_xlsx(summary, lang)


def summary_row(viewer: Viewer, discussion_id: int, label: str, lang: str) -> None:
    """A discussion's label with its one-page summary as PDF and Excel downloads."""
    row = st.columns([3, 1, 1])
    row[0].markdown(ui.md_escape(label))
    row[1].download_button(
        ui.t("mydisc.download_pdf"),
        data=lambda: _export(viewer, discussion_id, "pdf", lang),
        file_name=f"kehityskeskustelu-{discussion_id}.pdf",
        mime="application/pdf",
        key=f"summary.pdf.{discussion_id}",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
    )
    row[2].download_button(
        ui.t("mydisc.download_xlsx"),
        data=lambda: _export(viewer, discussion_id, "xlsx", lang),
        file_name=f"kehityskeskustelu-{discussion_id}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"summary.xlsx.{discussion_id}",
        on_click="ignore",
        icon=":material/download:",
    )
