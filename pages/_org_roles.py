"""Organisation page, Roles tab: facilitators get units, supervisors get teams (A1).

Making someone a team's supervisor also makes the team's members report to them
(``model.rounds.assign_role``), so their development discussions follow."""

from __future__ import annotations

import streamlit as st

from model import db, i18n, timesource
from model import rounds as svc
from model.viewer import AccessDenied, Viewer
from pages import _shared as ui

PERSON, ROLE, UNIT = "org.roles.person", "org.roles.role", "org.roles.unit"


def role_label(role: str) -> str:
    return i18n.t(f"role.{role}", ui.lang()).capitalize()


def render(viewer: Viewer) -> None:
    lang = ui.lang()
    st.caption(ui.t("org.roles.intro"))
    role = ui.pick(
        st.radio,
        ui.t("org.roles.role"),
        options=[str(r) for r in svc.ASSIGNABLE_ROLES],
        format_func=role_label,
        key=ROLE,
        horizontal=True,
    )
    with db.read_session(ui.engine()) as session:
        people = svc.people_options(session, viewer=viewer)
        targets = svc.role_unit_options(session, viewer=viewer, role=role)
        assignments = svc.role_assignments(session, viewer=viewer)

    person_labels = {
        p.id: i18n.t("org.roles.person_option", lang, name=p.name, email=p.email)
        for p in people.itertuples()
    }
    unit_labels = {
        u.id: i18n.t("rounds.unit_option", lang, name=u.name, parent=u.parent)
        if u.parent
        else u.name
        for u in targets.itertuples()
    }
    left, right = st.columns(2)
    ui.pick(
        left.selectbox,
        ui.t("org.roles.person"),
        options=list(person_labels),
        format_func=person_labels.get,
        index=None,
        key=PERSON,
        placeholder=ui.t("org.roles.person_placeholder"),
    )
    ui.pick(
        right.selectbox,
        ui.t("org.roles.unit"),
        options=list(unit_labels),
        format_func=unit_labels.get,
        index=None,
        key=UNIT,
        placeholder=ui.t("org.roles.unit_placeholder"),
        help=ui.t("org.roles.unit_help"),
    )
    if role == "supervisor":
        st.caption(ui.t("org.roles.supervisor_note"))
    assign_col, remove_col = st.columns(2)
    assign_col.button(
        ui.t("org.roles.assign"),
        key="org.roles.assign",
        type="primary",
        on_click=ui.acting(_change),
        args=(viewer, True),
        icon=":material/person_add:",
        width="stretch",
    )
    remove_col.button(
        ui.t("org.roles.remove"),
        key="org.roles.remove",
        on_click=ui.acting(_change),
        args=(viewer, False),
        icon=":material/person_remove:",
        width="stretch",
    )
    ui.show_flash(slot="roles")

    st.markdown(f"**{ui.t('org.roles.current')}**")
    if assignments.empty:
        st.info(ui.t("org.roles.none"))
        return
    shown = assignments.assign(role=[role_label(r) for r in assignments["role"]])
    shown = shown[["name", "email", "role", "unit"]]
    st.dataframe(
        shown.rename(columns={c: ui.t(f"org.roles.col.{c}") for c in shown.columns}),
        hide_index=True,
        width="stretch",
    )


def _change(viewer: Viewer, assign: bool) -> None:
    """Button callback: reads the current choices (callback args are frozen at render)."""
    lang = ui.lang()
    moved = 0
    try:
        with db.write_session(ui.engine()) as session:
            common = {
                "viewer": viewer,
                "person_id": ui.value(PERSON),
                "role": ui.value(ROLE),
                "unit_id": ui.value(UNIT),
                "now": timesource.now(),
            }
            if assign:
                moved = svc.assign_role(session, **common)
            else:
                svc.remove_role(session, **common)
    except svc.RoundError as error:
        ui.flash("error", i18n.t(f"error.{error.code}", lang, **error.params), slot="roles")
        return
    except AccessDenied:
        ui.flash("error", ui.t("common.access_denied"), slot="roles")
        return
    message = ui.t("org.roles.assigned" if assign else "org.roles.removed")
    if moved:
        message += " " + ui.t("org.roles.members_moved", count=moved)
    ui.flash("success", message, slot="roles")
