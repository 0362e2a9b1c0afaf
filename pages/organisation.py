"""Admin overview of the organisation: units, teams, people and roles (read-only for now)."""

import streamlit as st

from model import db, organisation
from pages import _shared as ui

viewer = ui.require_viewer()
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
