"""Supervisor: who shared, preparation side by side, agenda, actions, recording, summary (S2-S4)."""

import streamlit as st

from model import db, i18n
from model import discussion_text as text
from model import discussions as svc
from model.viewer import AccessDenied
from pages import _shared as ui
from pages._actions import action_card, agenda_editor, new_action_form, run, summary_row

viewer = ui.require_viewer()
lang = ui.lang()
today = ui.today()
st.title(ui.t("disc.title"))
st.caption(ui.t("disc.intro"))
ui.show_flash()

try:
    with db.read_session(ui.engine()) as session:
        people = svc.my_people(session, viewer=viewer, today=today)
except AccessDenied:
    st.error(ui.t("common.access_denied"))
    st.stop()
if not people:
    st.info(ui.t("disc.no_people"))
    st.stop()


st.dataframe(text.people_frame(people, lang), hide_index=True, width="stretch")

sharing = {p.person_id: p.name for p in people if p.shared}
if not sharing:
    st.info(ui.t("disc.nobody_shared"))
    st.stop()
person_id = ui.pick(
    st.selectbox,
    ui.t("disc.pick"),
    options=list(sharing),
    format_func=sharing.get,
    key="disc.person",
)

try:
    # Reading shared assessments is logged for the person (TRUST.md rule 8), hence a write session.
    with db.write_session(ui.engine()) as session:
        prep = svc.prepare(session, viewer=viewer, person_id=person_id, today=today)
        held = [
            d
            for d in svc.discussions_for(session, viewer=viewer, person_id=person_id, today=today)
            if d.held_on
        ]
except AccessDenied:
    st.error(ui.t("disc.no_access"))
    st.stop()
framework = prep.latest.framework
date_format = "DD.MM.YYYY" if lang == "fi" else "YYYY-MM-DD"

st.header(ui.md_escape(prep.person_name))
st.caption(
    ui.t("disc.last_held", date=i18n.date_text(prep.last_held_on, lang))
    if prep.last_held_on
    else ui.t("disc.never_held")
)

# --- Latest and previous side by side ---
columns = st.columns(2)
for column, item, title in (
    (columns[0], prep.previous, "disc.previous"),
    (columns[1], prep.latest, "disc.latest"),
):
    with column, st.container(border=True):
        if item is None:
            st.caption(ui.t("disc.no_previous"))
            continue
        st.subheader(ui.md_escape(ui.t(title, round=item.round_name)))
        for key, light in item.lights.items():
            st.markdown(
                f"**{ui.md_escape(framework.field_label(key, lang))}** · "
                f"{ui.md_escape(framework.light_text(light, lang))}"
            )
            if item.reasons.get(key):
                ui.user_text(item.reasons[key])
        st.markdown(f"**{ui.t('disc.notes')}**")
        if not item.notes:
            st.caption(ui.t("disc.no_notes"))
        for note in item.notes:
            st.caption(ui.md_escape(i18n.note_heading(framework, note.__dict__, lang)))
            ui.user_text(note.text)

st.subheader(ui.t("disc.changes"))
if prep.previous is None:
    st.caption(ui.t("disc.no_previous"))
for change in prep.changes if prep.previous else []:
    st.markdown(ui.md_escape(i18n.change_line(framework, change, lang)))

# --- Agenda ---
st.subheader(ui.t("disc.agenda"))
agenda_editor(
    viewer, prep.agenda, prefix="disc", label=ui.t("disc.agenda_new"), person_id=person_id
)

# --- Actions: the open ones first, overdue on top ---
st.subheader(ui.t("disc.open_actions"))
open_actions = [a for a in prep.actions if a.is_open]
if not open_actions:
    st.caption(ui.t("mydisc.actions_empty"))
for action in open_actions:
    action_card(action, framework, viewer, lang)
closed = [a for a in prep.actions if not a.is_open]
if closed:
    with st.expander(ui.t("disc.closed_actions")):
        for action in closed:
            ui.user_text(text.action_heading(action, lang))

# --- A new action ---
new_action_form(viewer, prep, lang)


# --- Recording the discussion ---
st.subheader(ui.t("disc.record_title"))
st.date_input(
    ui.t("disc.held_on"), value=today, max_value=today, format=date_format, key="disc.held_on"
)
st.button(
    ui.t("disc.record"),
    key="disc.record",
    on_click=ui.acting(run),
    args=(
        lambda session: svc.record_discussion(
            session,
            viewer=viewer,
            person_id=person_id,
            held_on=st.session_state.get("disc.held_on") or ui.today(),
            today=ui.today(),
        ),
        ui.t("disc.recorded"),
    ),
    icon=":material/event_available:",
)

# --- The one-page summary for both ---
st.subheader(ui.t("disc.export_title"))
exportable = ([prep.discussion_id] if prep.discussion_id else []) + [d.id for d in held]
if not exportable:
    st.caption(ui.t("disc.no_discussion"))
labels = {d.id: text.discussion_label(d, lang) for d in held}
for discussion_id in exportable:
    summary_row(viewer, discussion_id, labels.get(discussion_id, ui.t("discussion.open")), lang)
