"""Workshops (F3) for facilitators: the list, planning one, and the control panel that drives a
running workshop through its phases (``?w=<id>`` opens one)."""

import streamlit as st

from model import db, i18n
from model import workshop_join as wj
from model import workshops as ws
from model.viewer import AccessDenied
from pages import _shared as ui
from pages import _workshop_control, _workshop_plan

OPEN = "ws.open"

viewer = ui.require_viewer()
lang = ui.lang()
st.title(ui.t("workshop.title"))

try:
    with db.read_session(ui.engine()) as session:
        listed = ws.list_workshops(session, viewer=viewer)
except AccessDenied:
    st.error(ui.t("common.access_denied"))
    st.stop()

ids = [int(i) for i in listed["id"]]
labels = {
    int(r.id): i18n.t(
        "workshop.option", lang, name=r.name, unit=r.unit, phase=ui.t(f"workshop.phase.{r.status}")
    )
    for r in listed.itertuples()
}
# A link with ?w=<id> opens that workshop; the choice below keeps the address in step.
asked = st.query_params.get(wj.WORKSHOP_PARAM)
if asked and asked.isdigit() and int(asked) in labels and OPEN not in st.session_state:
    st.session_state[OPEN] = int(asked)
chosen = ui.pick(
    st.selectbox,
    ui.t("workshop.open"),
    options=[None, *ids],
    format_func=lambda i: ui.t("workshop.open_none") if i is None else labels[i],
    key=OPEN,
)
if chosen is None:
    st.query_params.pop(wj.WORKSHOP_PARAM, None)
else:
    st.query_params[wj.WORKSHOP_PARAM] = str(chosen)
    _workshop_control.render(viewer, chosen, lang)
    st.stop()

if listed.empty:
    st.info(ui.t("workshop.none"))
else:
    date_format = "DD.MM.YYYY" if lang == "fi" else "YYYY-MM-DD"
    table = listed.assign(
        status=[ui.t(f"workshop.phase.{s}") for s in listed["status"]],
        code=listed["code"].fillna(""),
    )[["name", "unit", "planned_on", "status", "code"]]
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            c: (
                st.column_config.DateColumn(ui.t(f"workshop.col.{c}"), format=date_format)
                if c == "planned_on"
                else ui.t(f"workshop.col.{c}")
            )
            for c in table.columns
        },
    )
_workshop_plan.render(viewer, lang)
