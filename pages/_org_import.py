"""Organisation page, Import tab: a roster file checked, previewed and applied (A1, TRUST 21).

Nothing is written until the admin has seen the plan and confirmed it; applying is one
all-or-nothing transaction (``model.roster``). New people then get one-time password links."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from model import accounts, db, i18n, people, roster, timesource
from model.viewer import AccessDenied, Viewer
from pages import _shared as ui

UPLOAD, CHECKED, APPLIED = "org.import.file", "org.import.checked", "org.import.applied"
CONFIRM, LINKS = "org.import.confirm", "org.import.links"
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "roster-example.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render(viewer: Viewer) -> None:
    st.caption(ui.t("org.import.intro"))
    st.download_button(
        ui.t("org.import.sample"),
        data=SAMPLE.read_bytes(),
        file_name=SAMPLE.name,
        mime=XLSX,
        key="org.import.sample",
        icon=":material/download:",
    )
    # A new key empties the uploader after an import (its value cannot be set).
    uploaded = st.file_uploader(
        ui.t("org.import.file"),
        type=["xlsx", "csv"],
        key=f"{UPLOAD}.{st.session_state.get(UPLOAD, 0)}",
        max_upload_size=5,
    )
    ui.show_flash("import")
    if uploaded is None:
        st.session_state.pop(CHECKED, None)
        _links(viewer)
        return
    data = uploaded.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    checked = st.session_state.get(CHECKED)
    if checked is None or checked[0] != digest:
        # Checked once per file (and again when applying, against the database as it is then).
        with st.spinner(ui.t("org.import.checking")), db.read_session(ui.engine()) as session:
            report = roster.check(session, viewer=viewer, data=data, filename=uploaded.name)
            plan = roster.preview(session, viewer=viewer, report=report) if report.ok else None
        checked = (digest, report, plan)
        st.session_state[CHECKED] = checked
        st.session_state.pop(CONFIRM, None)
    _, report, plan = checked
    if not report.ok:
        _problems(report)
        return
    _plan(viewer, plan)


def _problems(report: roster.Report) -> None:
    lang = ui.lang()
    st.error(ui.t("org.import.invalid", count=len(report.issues)), icon=":material/error:")
    rows = [
        {
            "row": "" if issue.row is None else str(issue.row),
            "column": issue.column or "",
            "problem": roster.issue_text(issue, lang),
        }
        for issue in report.issues
    ]
    frame = pd.DataFrame(rows, columns=["row", "column", "problem"])
    st.dataframe(
        frame.rename(columns={c: ui.t(f"org.import.col.{c}") for c in frame.columns}),
        hide_index=True,
        width="stretch",
    )
    st.caption(ui.t("org.import.fix_and_retry"))


def _plan(viewer: Viewer, plan: roster.Plan) -> None:
    lang = ui.lang()
    st.success(ui.t("org.import.valid"), icon=":material/check_circle:")
    st.markdown(f"**{ui.t('org.import.plan_title')}**")
    for line in roster.summary_lines(plan, lang):
        ui.user_text(line)
    st.caption(ui.t("roster.plan.rule"))
    for part in roster.PLAN_PARTS:
        rows = roster.plan_table(plan, part, lang)
        if not rows:
            continue
        with st.expander(i18n.t(f"roster.plan.{part}", lang, n=len(rows))):
            frame = pd.DataFrame(rows, columns=list(roster.PLAN_COLUMNS))
            st.dataframe(
                frame.rename(columns={c: ui.t(f"roster.plan.col.{c}") for c in frame.columns}),
                hide_index=True,
                width="stretch",
            )
    if plan.empty:
        return
    confirm = True
    if plan.retired:
        confirm = st.checkbox(ui.t("org.import.confirm_retire", n=len(plan.retired)), key=CONFIRM)
    st.button(
        ui.t("org.import.apply"),
        key="org.import.apply",
        type="primary",
        disabled=not confirm,
        on_click=ui.acting(_apply),
        args=(viewer,),
        icon=":material/upload:",
    )


def _apply(viewer: Viewer) -> None:
    _, report, _ = st.session_state[CHECKED]
    try:
        with db.write_session(ui.engine()) as session:
            applied = roster.import_roster(
                session, viewer=viewer, report=report, now=timesource.now()
            )
    except roster.RosterError as error:
        # The database changed after the preview: nothing was written; show what is wrong now.
        if error.report is not None:
            st.session_state[CHECKED] = (st.session_state[CHECKED][0], error.report, None)
        ui.flash("error", i18n.t(f"roster.error.{error.code}", ui.lang(), **error.params), "import")
        return
    except AccessDenied:
        ui.flash("error", ui.t("common.access_denied"), "import")
        return
    st.session_state.pop(CHECKED, None)
    st.session_state[UPLOAD] = st.session_state.get(UPLOAD, 0) + 1
    st.session_state[APPLIED] = applied.added_ids + applied.reactivated_ids
    st.session_state.pop(LINKS, None)
    ui.flash(
        "success",
        ui.t(
            "org.import.applied",
            added=applied.added,
            changed=applied.changed,
            reactivated=applied.reactivated,
            retired=applied.retired,
            units=applied.units,
            teams=applied.teams,
        ),
        "import",
    )


def _links(viewer: Viewer) -> None:
    """After an import: one-time password links for the people it added or brought back."""
    waiting = st.session_state.get(APPLIED) or []
    links = st.session_state.get(LINKS)
    if not waiting and not links:
        return
    if waiting and not links:
        st.caption(ui.t("org.import.links_help"))
        st.button(
            ui.t("org.import.links", n=len(waiting)),
            key="org.import.make_links",
            on_click=ui.acting(_make_links),
            args=(viewer,),
            icon=":material/key:",
        )
        return
    emailed = sum(1 for _, _, sent in links if sent)
    st.info(ui.t("org.import.links_made", n=len(links), emailed=emailed))
    # One line per person, to copy into the admin's own message tool.
    st.code("\n".join(f"{email}\t{link}" for email, link, _ in links), language=None)


def _make_links(viewer: Viewer) -> None:
    made: list[tuple[str, str, bool]] = []
    try:
        for person_id in st.session_state.get(APPLIED) or []:
            with db.write_session(ui.engine()) as session:
                email = people.email_of(session, viewer=viewer, person_id=person_id)
                delivery = accounts.issue_and_deliver(
                    session, viewer=viewer, person_id=person_id, now=timesource.now()
                )
            made.append((email, delivery.link, delivery.emailed))
    except accounts.AccountError as error:
        ui.flash("error", i18n.t(f"error.{error.code}", ui.lang(), **error.params), "import")
    except AccessDenied:
        ui.flash("error", ui.t("common.access_denied"), "import")
    st.session_state[LINKS] = made
    st.session_state.pop(APPLIED, None)
