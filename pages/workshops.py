"""Workshops (F3) for facilitators: the list, planning one, and the control panel that drives a
running workshop through its phases (``?w=<id>`` opens one)."""

import streamlit as st

from model import db, i18n
from model import workshop_join as wj
from model import workshops as ws
from model.viewer import AccessDenied
from pages import _shared as ui
from pages import _workshop_control, _workshop_plan

OPEN = "ws.open"  # the workshop whose control panel is shown (an id, or None)
PICK = "ws.pick"

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
# The open workshop is kept under OPEN, never as a widget's value: the chooser's labels carry the
# phase, and a widget whose labels change is a new widget in the browser (the panel would close).
# A link with ?w=<id> opens that workshop; the address follows what is open.
asked = st.query_params.get(wj.WORKSHOP_PARAM)
if asked and asked.isdigit() and int(asked) in labels and st.session_state.get(OPEN) is None:
    st.session_state[OPEN] = int(asked)
opened = st.session_state.get(OPEN)


def _open() -> None:
    st.session_state[OPEN] = st.session_state.get(PICK)
    st.session_state[PICK] = None


def _close_panel() -> None:
    st.session_state[OPEN] = None
    st.query_params.pop(wj.WORKSHOP_PARAM, None)


if opened in labels:
    st.query_params[wj.WORKSHOP_PARAM] = str(opened)
    st.button(
        ui.t("workshop.all"),
        key="ws.all",
        icon=":material/arrow_back:",
        on_click=ui.acting(_close_panel),
    )
    _workshop_control.render(viewer, opened, lang)
    st.stop()
st.query_params.pop(wj.WORKSHOP_PARAM, None)
st.selectbox(
    ui.t("workshop.open"),
    options=[None, *ids],
    format_func=lambda i: ui.t("workshop.open_none") if i is None else labels[i],
    key=PICK,
    on_change=ui.acting(_open),
)

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
