"""Rounds and the annual clock (F1): plan, create and edit rounds for the viewer's units."""

import datetime as dt

import streamlit as st

from model import db, i18n
from model import rounds as svc
from model.annual_clock import annual_clock_chart, clock_titles
from model.tables import RoundKind
from model.viewer import AccessDenied
from pages import _shared as ui

NEW, EDIT = "rounds.new", "rounds.edit"
EDIT_PICK, EDIT_LOADED = "rounds.edit_pick", "rounds.edit_loaded"
FIELDS = ("name", "kind", "scope", "opens_on", "closes_on")

viewer = ui.require_viewer()
lang = ui.lang()
today = ui.today()
date_format = "DD.MM.YYYY" if lang == "fi" else "YYYY-MM-DD"
st.title(ui.t("rounds.title"))
st.caption(ui.t("rounds.intro"))

try:
    with db.read_session(ui.engine()) as session:
        rounds = svc.list_rounds(session, viewer=viewer)
        units = svc.scope_options(session, viewer=viewer)
except AccessDenied:
    st.error(ui.t("common.access_denied"))
    st.stop()

labels = {
    u.id: i18n.t("rounds.unit_option", lang, name=u.name, parent=u.parent) if u.parent else u.name
    for u in units.itertuples()
}


def _load(prefix: str, values: dict) -> None:
    for name in FIELDS:
        st.session_state[f"{prefix}.{name}"] = values[name]
    for m in svc.MODULES:
        st.session_state[f"{prefix}.module.{m}"] = values["modules"][m]
    st.session_state[f"{prefix}.version"] = values.get("version")  # TRUST 28


def _read(prefix: str) -> dict:
    values = {name: ui.value(f"{prefix}.{name}") for name in FIELDS}
    values["scope"] = list(values["scope"] or [])
    values["modules"] = {
        m: st.session_state.get(f"{prefix}.module.{m}", False) for m in svc.MODULES
    }
    return values


def _save(prefix: str) -> None:
    """Form callback: validate, write in one transaction, keep the typed values on error."""
    try:
        data = svc.parse_round_input(_read(prefix))
        with db.write_session(ui.engine()) as session:
            if prefix == NEW:
                svc.create_round(session, viewer=viewer, data=data)
            else:
                svc.update_round(
                    session,
                    viewer=viewer,
                    round_id=ui.value(EDIT_PICK),
                    data=data,
                    version=st.session_state.get(f"{EDIT}.version"),
                )
    except svc.RoundError as error:
        ui.flash("error", i18n.t(f"error.{error.code}", lang, **error.params), slot=prefix)
        return
    except AccessDenied:
        ui.flash("error", ui.t("common.access_denied"), slot=prefix)
        return
    if prefix == NEW:
        _load(NEW, svc.blank_round(today))
    else:
        st.session_state.pop(EDIT_LOADED, None)  # reload: the form now shows the new version
    ui.flash("success", ui.t("rounds.created" if prefix == NEW else "rounds.updated"), slot=prefix)


def round_form(prefix: str, submit_label: str) -> None:
    with st.form(f"{prefix}.form"):
        st.text_input(
            ui.t("rounds.name"),
            key=f"{prefix}.name",
            max_chars=svc.NAME_MAX,
            placeholder=ui.t("rounds.name_placeholder"),
        )
        ui.pick(
            st.selectbox,
            ui.t("rounds.kind"),
            options=[k.value for k in RoundKind],
            format_func=lambda k: i18n.t(f"rounds.kind.{k}", lang),
            key=f"{prefix}.kind",
        )
        ui.pick(
            st.multiselect,
            ui.t("rounds.scope"),
            options=list(labels),
            format_func=labels.get,
            key=f"{prefix}.scope",
            help=ui.t("rounds.scope_help"),
            placeholder=ui.t("rounds.scope_placeholder"),
        )
        opens, closes = st.columns(2)
        opens.date_input(ui.t("rounds.opens_on"), key=f"{prefix}.opens_on", format=date_format)
        closes.date_input(ui.t("rounds.closes_on"), key=f"{prefix}.closes_on", format=date_format)
        st.markdown(f"**{ui.t('rounds.modules')}**")
        for m in svc.MODULES:
            st.checkbox(ui.t(f"rounds.module.{m}"), key=f"{prefix}.module.{m}")
        st.form_submit_button(
            submit_label,
            type="primary",
            on_click=ui.acting(_save),
            args=(prefix,),
            key=f"{prefix}.submit",
        )
    ui.show_flash(slot=prefix)


# --- The year: clock beside the form for a new round ------------------------------------------
clock_col, new_col = st.columns([5, 6], gap="large")
with clock_col:
    years = sorted({today.year - 1, today.year, today.year + 1, *(d.year for d in rounds.opens_on)})
    year = st.selectbox(
        ui.t("rounds.year"), options=years, index=years.index(today.year), key="rounds.year"
    )
    with db.read_session(ui.engine()) as session:
        workshops = svc.list_workshops(session, viewer=viewer, year=year)
    in_year = rounds[
        (rounds["opens_on"] <= dt.date(year, 12, 31)) & (rounds["closes_on"] >= dt.date(year, 1, 1))
    ]
    st.subheader(ui.t("rounds.clock_title", year=year))
    st.altair_chart(
        annual_clock_chart(in_year, workshops, year, lang, titles=clock_titles(lang), today=today),
        width="content",
        alt=ui.t("rounds.clock_alt", year=year, rounds=len(in_year), workshops=len(workshops)),
    )
    st.caption(ui.t("rounds.clock_caption"))
with new_col:
    st.subheader(ui.t("rounds.new_title"))
    if f"{NEW}.name" not in st.session_state:
        _load(NEW, svc.blank_round(today))
    round_form(NEW, ui.t("rounds.create"))

# --- The year's rounds --------------------------------------------------------------------------
st.subheader(ui.t("rounds.list_title", year=year))
if in_year.empty:
    st.info(ui.t("rounds.none"))
else:
    table = in_year.assign(
        kind=[i18n.t(f"rounds.kind.{k}", lang) for k in in_year["kind"]],
        modules=[", ".join(ui.t(f"rounds.module.{m}") for m in ms) for ms in in_year["modules"]],
    )[["name", "kind", "opens_on", "closes_on", "scope", "invited", "modules"]]
    dates = {
        c: st.column_config.DateColumn(ui.t(f"rounds.col.{c}"), format=date_format)
        for c in ("opens_on", "closes_on")
    }
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={c: dates.get(c, ui.t(f"rounds.col.{c}")) for c in table.columns},
    )

# --- Editing: only rounds whose whole scope is the viewer's --------------------------------------
st.subheader(ui.t("rounds.edit_title"))
editable = rounds[rounds["editable"].astype(bool)]
edit_col, _ = st.columns([6, 5], gap="large")
with edit_col:
    if editable.empty:
        st.info(ui.t("rounds.edit_none"))
    else:
        names = {
            r.id: i18n.t(
                "rounds.edit_option",
                lang,
                name=r.name,
                opens=i18n.date_text(r.opens_on, lang),
                closes=i18n.date_text(r.closes_on, lang),
            )
            for r in editable.itertuples()
        }
        pick = ui.pick(
            st.selectbox,
            ui.t("rounds.edit_pick"),
            options=list(names),
            format_func=names.get,
            key=EDIT_PICK,
        )
        # Load the round only when another one is picked, so a failed save keeps what was typed.
        if st.session_state.get(EDIT_LOADED) != pick or f"{EDIT}.name" not in st.session_state:
            with db.read_session(ui.engine()) as session:
                _load(EDIT, svc.get_round(session, viewer=viewer, round_id=pick))
            st.session_state[EDIT_LOADED] = pick
        st.caption(ui.t("rounds.edit_note"))
        round_form(EDIT, ui.t("rounds.save"))
