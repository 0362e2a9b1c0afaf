"""The decide phase for the facilitator: themes by dots, and an action (S3 fields) per theme."""

from __future__ import annotations

import streamlit as st

from model import db, i18n
from model import discussions as svc
from model import workshops as ws
from model.tables import ActionOwner, Workshop
from model.viewer import Viewer
from pages import _shared as ui
from pages import _workshop_ui as wui

FORM = "ws.action"
TEXTS = ("title", "means", "measure", "span")
CHOICES = ("due", "field", "category", "area")


def _create(viewer: Viewer, workshop_id: int) -> None:
    state = st.session_state
    try:
        data = svc.ActionInput(
            title=state.get(f"{FORM}.title", ""),
            means=state.get(f"{FORM}.means", ""),
            owner=ui.value(f"{FORM}.owner") or ActionOwner.team,
            measure=state.get(f"{FORM}.measure", ""),
            time_span=state.get(f"{FORM}.span", ""),
            due_on=state.get(f"{FORM}.due"),
            field_key=ui.value(f"{FORM}.field"),
            category=ui.value(f"{FORM}.category"),
            area=ui.value(f"{FORM}.area"),
        )
    except ValueError:
        ui.flash("error", ui.t("discerror.action_title_empty"), slot=FORM)
        return
    theme_id = ui.value(f"{FORM}.theme")
    created = wui.run(
        lambda s: ws.create_action(
            s,
            viewer=viewer,
            workshop_id=workshop_id,
            theme_id=theme_id,
            data=data,
            today=ui.today(),
        ),
        ui.t("disc.action_added"),
        slot=FORM,
    )
    if created:  # keep what was typed when saving failed; clear it when it worked
        for key in TEXTS:
            state[f"{FORM}.{key}"] = ""
        for key in CHOICES:
            state[f"{FORM}.{key}"] = None


def _form(viewer: Viewer, board: ws.Board, lang: str) -> None:
    with db.read_session(ui.engine()) as session:
        w = session.get(Workshop, board.id)
        framework = ws.framework_for(session, w)
    titles = {t.id: t.title for t in board.themes}
    none = ui.t("action.none")
    date_format = "DD.MM.YYYY" if lang == "fi" else "YYYY-MM-DD"
    with st.container(border=True):
        ui.pick(
            st.selectbox,
            ui.t("workshop.action_for"),
            options=[None, *titles],
            format_func=lambda t: ui.t("workshop.action_no_theme") if t is None else titles[t],
            index=1 if titles else 0,
            placeholder=ui.t("workshop.action_no_theme"),
            key=f"{FORM}.theme",
        )
        st.text_input(ui.t("action.title"), key=f"{FORM}.title", max_chars=svc.TITLE_MAX)
        st.text_area(ui.t("action.means"), key=f"{FORM}.means", max_chars=svc.MEANS_MAX)
        left, right = st.columns(2)
        owners = [o.value for o in ActionOwner]
        ui.pick(
            left.selectbox,
            ui.t("action.owner"),
            options=owners,
            index=owners.index(ActionOwner.team),
            format_func=lambda o: i18n.t(f"action.owner.{o}", lang),
            key=f"{FORM}.owner",
        )
        right.text_input(ui.t("action.measure"), key=f"{FORM}.measure", max_chars=svc.MEASURE_MAX)
        left.text_input(ui.t("action.time_span"), key=f"{FORM}.span", max_chars=svc.TIME_SPAN_MAX)
        right.date_input(
            ui.t("action.due_on"),
            value=None,
            min_value=ui.today(),
            format=date_format,
            key=f"{FORM}.due",
        )
        fields = [f.key for f in framework.all_fields()]
        ui.pick(
            left.selectbox,
            ui.t("action.field"),
            options=[None, *fields],
            format_func=lambda k: none if k is None else framework.field_label(k, lang),
            placeholder=none,
            key=f"{FORM}.field",
        )
        ui.pick(
            right.selectbox,
            ui.t("action.category"),
            options=[None, *(c.key for c in framework.errc.categories)],
            format_func=lambda k: none if k is None else framework.category(k).label.get(lang),
            placeholder=none,
            key=f"{FORM}.category",
        )
        areas = {a.key: a.label.get(lang) for a in framework.development_areas}
        ui.pick(
            left.selectbox,
            ui.t("action.area"),
            options=[None, *areas],
            format_func=lambda k: none if k is None else areas[k],
            placeholder=none,
            key=f"{FORM}.area",
        )
        st.button(
            ui.t("disc.add_action"),
            key=f"{FORM}.save",
            type="primary",
            on_click=ui.acting(_create),
            args=(viewer, board.id),
            icon=":material/add_task:",
        )
        ui.show_flash(slot=FORM)


def render(viewer: Viewer, board: ws.Board, lang: str) -> None:
    themes_col, form_col = st.columns([2, 3], gap="large")
    with themes_col:
        st.subheader(ui.t("workshop.themes_by_votes"))
        wui.themes(board, notes=False)
        st.subheader(ui.t("workshop.actions_title"))
        with db.read_session(ui.engine()) as session:
            found = ws.workshop_actions(session, viewer=viewer, workshop_id=board.id)
        wui.actions(found)
    with form_col:
        st.subheader(ui.t("disc.new_action"))
        _form(viewer, board, lang)
