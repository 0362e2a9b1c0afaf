"""Admin view of the organisation: units, teams, people, and who facilitates or supervises what."""

import streamlit as st

from model import db, i18n, organisation, timesource
from model import rounds as svc
from model.viewer import AccessDenied
from pages import _shared as ui

PERSON, ROLE, UNIT = "org.roles.person", "org.roles.role", "org.roles.unit"

viewer = ui.require_viewer()
lang = ui.lang()
st.title(ui.t("org.title"))
with db.read_session(ui.engine()) as session:
    summary, units = organisation.overview(session, viewer=viewer)
cols = st.columns(4)
for col, key in zip(cols, ("units", "teams", "people", "rounds"), strict=True):
    col.metric(ui.t(f"org.{key}"), summary[key])
st.dataframe(
    units.rename(columns={c: ui.t(f"org.col.{c}") for c in units.columns}),
    hide_index=True,
    width="stretch",
)

# --- Roles: facilitators get units, supervisors get teams (A1) ---------------------------------
st.divider()
st.subheader(ui.t("org.roles.title"))
st.caption(ui.t("org.roles.intro"))


def role_label(role: str) -> str:
    return i18n.t(f"role.{role}", lang).capitalize()


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
    u.id: i18n.t("rounds.unit_option", lang, name=u.name, parent=u.parent) if u.parent else u.name
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


def _change(assign: bool) -> None:
    """Button callback: reads the current choices (callback args are frozen at render)."""
    change = svc.assign_role if assign else svc.remove_role
    try:
        with db.write_session(ui.engine()) as session:
            change(
                session,
                viewer=viewer,
                person_id=ui.value(PERSON),
                role=ui.value(ROLE),
                unit_id=ui.value(UNIT),
                now=timesource.now(),
            )
    except svc.RoundError as error:
        ui.flash("error", i18n.t(f"error.{error.code}", lang, **error.params), slot="roles")
        return
    except AccessDenied:
        ui.flash("error", ui.t("common.access_denied"), slot="roles")
        return
    ui.flash("success", ui.t("org.roles.assigned" if assign else "org.roles.removed"), slot="roles")


assign_col, remove_col = st.columns(2)
assign_col.button(
    ui.t("org.roles.assign"),
    key="org.roles.assign",
    type="primary",
    on_click=_change,
    args=(True,),
    icon=":material/person_add:",
    width="stretch",
)
remove_col.button(
    ui.t("org.roles.remove"),
    key="org.roles.remove",
    on_click=_change,
    args=(False,),
    icon=":material/person_remove:",
    width="stretch",
)
ui.show_flash(slot="roles")

st.markdown(f"**{ui.t('org.roles.current')}**")
if assignments.empty:
    st.info(ui.t("org.roles.none"))
else:
    shown = assignments.assign(role=[role_label(r) for r in assignments["role"]])
    shown = shown[["name", "email", "role", "unit"]]
    st.dataframe(
        shown.rename(columns={c: ui.t(f"org.roles.col.{c}") for c in shown.columns}),
        hide_index=True,
        width="stretch",
    )
