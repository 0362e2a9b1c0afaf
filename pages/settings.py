"""Organisation settings (A3) and removing answers past the retention period (TRUST 24): admins."""

from dataclasses import asdict
from zoneinfo import available_timezones

import streamlit as st

from model import db, i18n, org_settings, retention, timesource
from model.org_settings import OrgSettings, SettingsError
from model.privacy import THRESHOLD_FLOOR
from model.viewer import AccessDenied
from pages import _shared as ui

FIELDS = tuple(OrgSettings.__dataclass_fields__)
BASE = "settings.base"  # the values the form was loaded from: a save based on older ones is refused
PLAN = "settings.plan"  # the dry run last shown: only those rounds are removed
CONFIRM = "settings.purge_confirm"

viewer = ui.require_viewer()
try:
    with db.read_session(ui.engine()) as session:
        stored = org_settings.load_for(session, viewer=viewer)
except AccessDenied:
    st.error(ui.t("common.access_denied"))
    st.stop()


def _load(values: OrgSettings) -> None:
    """Fill the form (before it is drawn, or in a callback) and remember what it was based on."""
    plain = asdict(values) | {"languages": list(values.languages)}
    for name in FIELDS:
        st.session_state[f"settings.{name}"] = plain[name]
    st.session_state[BASE] = plain


def _settings(plain: dict) -> OrgSettings:
    return OrgSettings(**(plain | {"languages": tuple(plain["languages"] or ())}))


def _save() -> None:
    """Form callback: validate and store in one transaction; a refused save keeps what was typed."""
    typed = {name: st.session_state.get(f"settings.{name}") for name in FIELDS}
    try:
        with db.write_session(ui.engine()) as session:
            changed = org_settings.update(
                session, viewer=viewer, new=_settings(typed), base=_settings(st.session_state[BASE])
            )
            saved = org_settings.load(session, viewer.organisation_id)
    except SettingsError as error:
        if error.code == "changed_elsewhere":
            with db.read_session(ui.engine()) as session:
                _load(org_settings.load(session, viewer.organisation_id))
        ui.flash("error", ui.t(f"settings.error.{error.code}", **error.params), slot="form")
        return
    except AccessDenied:
        ui.flash("error", ui.t("common.access_denied"), slot="form")
        return
    _load(saved)
    message = ui.t("settings.saved", count=len(changed)) if changed else ui.t("settings.unchanged")
    ui.flash("success", message, slot="form")


# Widgets not drawn lose their state: coming back from another page loads the form afresh.
if BASE not in st.session_state or any(f"settings.{n}" not in st.session_state for n in FIELDS):
    _load(stored)
zones = sorted(available_timezones() | {st.session_state["settings.time_zone"]})

st.title(ui.t("settings.title"))
st.caption(ui.t("settings.intro"))
with st.form("settings.form"):
    st.text_input(ui.t("settings.name"), key="settings.name", max_chars=org_settings.NAME_MAX)
    st.selectbox(
        ui.t("settings.time_zone"),
        options=zones,
        key="settings.time_zone",
        help=ui.t("settings.time_zone_help"),
    )
    left, right = st.columns(2)
    left.number_input(
        ui.t("settings.anonymity_threshold"),
        min_value=THRESHOLD_FLOOR,
        step=1,
        key="settings.anonymity_threshold",
        help=ui.t("settings.anonymity_threshold_help", floor=THRESHOLD_FLOOR),
    )
    right.number_input(
        ui.t("settings.notes_threshold"),
        min_value=THRESHOLD_FLOOR,
        step=1,
        key="settings.notes_threshold",
        help=ui.t("settings.notes_threshold_help"),
    )
    st.caption(ui.t("settings.threshold_rule"))
    st.number_input(
        ui.t("settings.retention_months"),
        min_value=org_settings.RETENTION_MIN,
        max_value=org_settings.RETENTION_MAX,
        step=1,
        key="settings.retention_months",
        help=ui.t(
            "settings.retention_help",
            low=org_settings.RETENTION_MIN,
            high=org_settings.RETENTION_MAX,
        ),
    )
    st.multiselect(
        ui.t("settings.languages"),
        options=list(i18n.LANGUAGES),
        format_func=i18n.language_name,
        key="settings.languages",
        help=ui.t("settings.languages_help"),
        placeholder=ui.t("settings.languages_placeholder"),
    )
    st.form_submit_button(
        ui.t("settings.save"), type="primary", on_click=ui.acting(_save), key="settings.save"
    )
ui.show_flash(slot="form")


# --- Retention: count first, then remove what was counted, once confirmed -----------------------
def _count() -> None:
    try:
        with db.read_session(ui.engine()) as session:
            plan = retention.due_for(session, viewer=viewer, now=timesource.now())
    except AccessDenied:
        ui.flash("error", ui.t("common.access_denied"), slot="retention")
        return
    oldest = i18n.date_text(plan.oldest, ui.lang()) if plan.oldest else ""
    ids = [r.round_id for r in plan.rounds]
    st.session_state[PLAN] = plan.counts | {"round_ids": ids, "oldest": oldest}
    st.session_state[CONFIRM] = False


def _purge() -> None:
    plan = st.session_state.pop(PLAN, None)
    if plan is None or not st.session_state.get(CONFIRM):
        ui.flash("error", ui.t("settings.retention.not_confirmed"), slot="retention")
        return
    try:
        with db.write_session(ui.engine()) as session:
            removed = retention.purge_for(
                session, viewer=viewer, now=timesource.now(), round_ids=plan["round_ids"]
            )
    except AccessDenied:
        ui.flash("error", ui.t("common.access_denied"), slot="retention")
        return
    ui.flash("success", ui.t("settings.retention.removed", **removed), slot="retention")


st.divider()
st.subheader(ui.t("settings.retention.title"))
st.caption(ui.t("settings.retention.intro", months=stored.retention_months))
st.button(ui.t("settings.retention.count"), key="settings.count", on_click=ui.acting(_count))
plan = st.session_state.get(PLAN)
if plan is not None and not plan["round_ids"]:
    st.info(ui.t("settings.retention.nothing"))
elif plan is not None:
    st.warning(ui.t("settings.retention.would_remove", **plan))
    st.checkbox(ui.t("settings.retention.confirm"), key=CONFIRM)
    st.button(
        ui.t("settings.retention.remove"),
        key="settings.remove",
        type="primary",
        icon=":material/delete_forever:",
        on_click=ui.acting(_purge),
        disabled=not st.session_state.get(CONFIRM),
    )
ui.show_flash(slot="retention")
