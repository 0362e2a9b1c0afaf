"""Admin view of the organisation: structure, people, roster import, and who facilitates or
supervises what (A1). Each tab lives in its own module; this page lays them out."""

import streamlit as st

from model import db, organisation
from pages import _org_import, _org_people, _org_roles, _org_structure
from pages import _shared as ui

viewer = ui.require_viewer()
st.title(ui.t("org.title"))
with db.read_session(ui.engine()) as session:
    summary, units = organisation.overview(session, viewer=viewer)
cols = st.columns(4)
for col, key in zip(cols, ("units", "teams", "people", "rounds"), strict=True):
    col.metric(ui.t(f"org.{key}"), summary[key])
structure_tab, people_tab, import_tab, roles_tab = st.tabs(
    [
        ui.t("org.tab.structure"),
        ui.t("org.tab.people"),
        ui.t("org.tab.import"),
        ui.t("org.tab.roles"),
    ]
)
with structure_tab:
    _org_structure.render(viewer)
with people_tab:
    _org_people.render(viewer)
with import_tab:
    _org_import.render(viewer)
with roles_tab:
    _org_roles.render(viewer)
