"""Planning a workshop: the form for a new one and for changing or cancelling a planned one."""

from __future__ import annotations

import streamlit as st

from model import db
from model import teamview as tv
from model import workshop_join as wj
from model import workshops as ws
from model.assessments import round_framework
from model.framework import default_framework
from model.tables import Workshop
from model.viewer import Viewer
from model.workshop_templates import ANY_LANGUAGE, BLANK, templates
from pages import _shared as ui
from pages import _workshop_ui as wui

NEW, EDIT = "ws.plan", "ws.edit"
FIELDS = ("name", "unit", "round", "template", "questions", "planned_on", "guests", "budget")


def _blank(today) -> dict:
    return {
        "name": "",
        "unit": None,
        "round": None,
        "template": "tampere1",
        "questions": "",
        "planned_on": today,
        "guests": False,
        "budget": 3,
        "version": None,
    }


def _values(w: Workshop) -> dict:
    typed = [q["text"].get(ANY_LANGUAGE, "") for q in w.questions] if w.template == BLANK else []
    return {
        "name": w.name,
        "unit": w.unit_id,
        "round": w.round_id,
        "template": w.template,
        "questions": "\n".join(typed),
        "planned_on": w.planned_on,
        "guests": w.allow_guests,
        "budget": w.vote_budget,
        "version": w.version,
    }


def _load(prefix: str, values: dict) -> None:
    for name, value in values.items():
        st.session_state[f"{prefix}.{name}"] = value


def _input(prefix: str) -> ws.WorkshopInput:
    state = st.session_state
    questions = state.get(f"{prefix}.questions", "").splitlines()
    return ws.WorkshopInput(
        name=state.get(f"{prefix}.name", ""),
        unit_id=ui.value(f"{prefix}.unit"),
        round_id=ui.value(f"{prefix}.round"),
        template=ui.value(f"{prefix}.template") or BLANK,
        planned_on=state.get(f"{prefix}.planned_on"),
        allow_guests=bool(state.get(f"{prefix}.guests")),
        vote_budget=int(state.get(f"{prefix}.budget") or 3),
        questions=[q for q in questions if q.strip()],
    )


def _save(viewer: Viewer, prefix: str, workshop_id: int | None) -> None:
    if ui.value(f"{prefix}.unit") is None:
        ui.flash("error", ui.t("workshop.error.unit_empty"), slot=prefix)
        return
    try:
        data = _input(prefix)
    except ValueError:
        ui.flash("error", ui.t("workshop.error.name_empty"), slot=prefix)
        return
    created: list[int] = []

    def call(session) -> None:
        if workshop_id is None:
            created.append(ws.plan_workshop(session, viewer=viewer, data=data))
        else:
            version = st.session_state.get(f"{prefix}.version")
            ws.update_plan(
                session, viewer=viewer, workshop_id=workshop_id, data=data, version=version
            )

    if not wui.run(call, slot=prefix):
        return
    if created:  # open the new workshop: its control panel shows the code
        _load(NEW, _blank(ui.today()))
        st.session_state["ws.open"] = created[0]
        ui.flash("success", ui.t("workshop.planned"))
    else:
        st.session_state.pop(f"{EDIT}.loaded", None)  # reload the new version
        ui.flash("success", ui.t("workshop.plan_saved"), slot=prefix)


def _form(viewer: Viewer, prefix: str, lang: str, workshop_id: int | None) -> None:
    with db.read_session(ui.engine()) as session:
        units = tv.units_for(session, viewer=viewer)
    names = dict(zip(units["unit_id"], units["name"], strict=True))
    parents = dict(zip(units["unit_id"], units["parent"], strict=True))
    st.text_input(ui.t("workshop.name"), key=f"{prefix}.name", max_chars=ws.NAME_MAX)
    unit = ui.pick(
        st.selectbox,
        ui.t("workshop.unit"),
        options=list(names),
        format_func=lambda u: f"{names[u]} ({parents[u]})" if parents[u] else names[u],
        index=None,
        placeholder=ui.t("workshop.unit_placeholder"),
        key=f"{prefix}.unit",
    )
    rounds = {}
    if unit is not None:
        with db.read_session(ui.engine()) as session:
            found = tv.rounds_for_unit(session, viewer=viewer, unit_id=unit)
        found = wj.released_rounds(found, ui.today())
        rounds = dict(zip(found["round_id"], found["name"], strict=True))
    round_id = ui.pick(
        st.selectbox,
        ui.t("workshop.round"),
        options=[None, *rounds],
        format_func=lambda r: ui.t("workshop.round_none") if r is None else rounds[r],
        key=f"{prefix}.round",
        placeholder=ui.t("workshop.round_none"),
        help=ui.t("workshop.round_help"),
    )
    with db.read_session(ui.engine()) as session:
        framework = round_framework(session, round_id) if round_id else default_framework()
    found_templates = {t.key: t for t in templates(framework)}
    chosen = ui.pick(
        st.selectbox,
        ui.t("workshop.template"),
        options=list(found_templates),
        format_func=lambda k: found_templates[k].label.get(lang, k),
        key=f"{prefix}.template",
    )
    if chosen in found_templates:
        st.caption(ui.md_escape(found_templates[chosen].description.get(lang, "")))
    if chosen == BLANK:
        st.text_area(
            ui.t("workshop.questions"),
            key=f"{prefix}.questions",
            help=ui.t("workshop.questions_help", n=ws.QUESTIONS_MAX),
        )
    left, mid, right = st.columns(3)
    left.date_input(
        ui.t("workshop.planned_on"),
        key=f"{prefix}.planned_on",
        format="DD.MM.YYYY" if lang == "fi" else "YYYY-MM-DD",
    )
    mid.number_input(
        ui.t("workshop.budget"),
        min_value=ws.BUDGET_RANGE[0],
        max_value=ws.BUDGET_RANGE[1],
        step=1,
        key=f"{prefix}.budget",
        help=ui.t("workshop.budget_help"),
    )
    right.checkbox(
        ui.t("workshop.guests"), key=f"{prefix}.guests", help=ui.t("workshop.guests_help")
    )
    label = "workshop.plan_submit" if workshop_id is None else "workshop.plan_save"
    st.button(
        ui.t(label),
        key=f"{prefix}.save",
        type="primary",
        on_click=ui.acting(_save),
        args=(viewer, prefix, workshop_id),
    )
    ui.show_flash(slot=prefix)


def render(viewer: Viewer, lang: str) -> None:
    """A new workshop."""
    st.subheader(ui.t("workshop.plan_title"))
    if f"{NEW}.name" not in st.session_state:
        _load(NEW, _blank(ui.today()))
    with st.container(border=True):
        _form(viewer, NEW, lang, None)


def _cancel(viewer: Viewer, workshop_id: int) -> None:
    if wui.run(
        lambda session: ws.delete_planned(session, viewer=viewer, workshop_id=workshop_id),
        ui.t("workshop.cancelled"),
    ):
        st.session_state["ws.open"] = None


def edit(viewer: Viewer, workshop_id: int, lang: str) -> None:
    """Change or cancel a workshop that has not started."""
    if st.session_state.get(f"{EDIT}.loaded") != workshop_id:
        with db.read_session(ui.engine()) as session:
            _load(EDIT, _values(ws.get_workshop(session, viewer=viewer, workshop_id=workshop_id)))
        st.session_state[f"{EDIT}.loaded"] = workshop_id
    with st.expander(ui.t("workshop.edit_title")):
        _form(viewer, EDIT, lang, workshop_id)
        st.divider()
        sure = st.checkbox(ui.t("workshop.cancel_sure"), key="ws.cancel_sure")
        st.button(
            ui.t("workshop.cancel"),
            key="ws.cancel",
            disabled=not sure,
            on_click=ui.acting(_cancel),
            args=(viewer, workshop_id),
        )
