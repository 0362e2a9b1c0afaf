"""Self-assessment: the quadrant with lights and reasons, ERRC notes, sharing (E1, E2, E4)."""

import streamlit as st

from model import assess_form as form
from model import assessments as svc
from model import db, i18n
from model.tables import Sharing
from pages import _shared as ui

viewer = ui.require_viewer()
lang = ui.lang()
st.title(ui.t("assess.title"))

with db.read_session(ui.engine()) as session:
    rounds = svc.rounds_for(session, viewer=viewer, today=ui.today())
    needs_ack = svc.needs_privacy_ack(session, viewer=viewer)

if needs_ack:
    # TRUST.md rule 22: purpose and privacy notice before the first answer.
    st.subheader(ui.t("privacy.title"))
    st.info(ui.t("privacy.purpose"), icon=":material/volunteer_activism:")
    st.write(ui.t("privacy.notice"))
    agreed = st.checkbox(ui.t("privacy.checkbox"), key="assess.privacy_ok")

    def _ack() -> None:
        with db.write_session(ui.engine()) as session:
            svc.acknowledge_privacy(session, viewer=viewer)

    st.button(
        ui.t("privacy.continue"),
        key="assess.privacy_btn",
        type="primary",
        disabled=not agreed,
        on_click=ui.acting(_ack),
    )
    st.stop()

if not rounds:
    st.info(ui.t("assess.no_rounds"))
    st.stop()

by_id = {r.id: r for r in rounds}
round_id = ui.pick(
    st.selectbox,
    ui.t("assess.round"),
    options=list(by_id),
    format_func=lambda rid: i18n.round_label(by_id[rid], lang),
    key="assess.round",
)
info = by_id[round_id]
with db.read_session(ui.engine()) as session:
    framework = svc.round_framework(session, round_id)
    fields = [f.key for f in framework.fields_for(info.modules)]
    if st.session_state.get(form.LOADED) != round_id or form.SHARING not in st.session_state:
        mine = svc.get_my_assessment(session, viewer=viewer, round_id=round_id)
        st.session_state.update(form.form_state(mine, fields, round_id))

closed = not info.is_open
if closed:
    st.warning(ui.t("assess.closed", date=i18n.date_text(info.closes_on, lang)))
elif info.status == "submitted":
    st.success(ui.t("assess.submitted_editable", date=i18n.date_text(info.closes_on, lang)))
elif info.status == "draft":
    st.info(ui.t("assess.draft_saved"))

for quadrant in framework.quadrants_for(info.modules):
    st.subheader(ui.md_escape(quadrant.title.get(lang)))
    st.caption(ui.md_escape(quadrant.intro.get(lang)))
    columns = st.columns(2)
    for i, f in enumerate(quadrant.fields):
        with columns[i % 2], st.container(border=True):
            st.markdown(f"#### {ui.md_escape(f.label.get(lang))}")
            ui.pick(
                st.radio,
                f.prompt.get(lang),
                options=[light.key for light in framework.lights],
                format_func=lambda k: i18n.light_option(framework, k, lang),
                key=form.light_key(f.key),
                horizontal=True,
                disabled=closed,
                help=f.help.get(lang),
            )
            st.text_area(
                ui.t("assess.reason"),
                key=form.reason_key(f.key),
                placeholder=ui.t("assess.reason_placeholder"),
                disabled=closed,
                height=90,
            )

st.subheader(ui.t("assess.notes_title"))
st.caption(ui.t("assess.notes_intro"))
for index, note in enumerate(st.session_state[form.NOTES]):
    with st.container(border=True):
        st.caption(ui.md_escape(i18n.note_heading(framework, note, lang)))
        ui.user_text(note["text"])
        if not closed:
            st.button(
                ui.t("assess.note_remove"),
                key=f"assess.remove.{index}",
                on_click=ui.acting(lambda i=index: st.session_state[form.NOTES].pop(i)),
            )


def _add_note() -> None:
    note = form.new_note_from_state(st.session_state)
    try:
        svc.check_note(note, framework, fields)
    except svc.AssessmentError as error:
        ui.flash("error", i18n.error_text(error, framework, lang), slot="note")
        return
    st.session_state[form.NOTES].append(note.model_dump())
    st.session_state[form.note_key("text")] = ""


if not closed:
    with st.expander(ui.t("assess.note_add_title"), expanded=not st.session_state[form.NOTES]):
        ui.pick(
            st.selectbox,
            ui.t("assess.note_category"),
            options=[c.key for c in framework.errc.categories],
            format_func=lambda k: i18n.category_option(framework, k, lang),
            key=form.note_key("category"),
        )
        ui.pick(
            st.radio,
            ui.t("assess.note_level"),
            options=[lv.key for lv in framework.errc.levels],
            format_func=lambda k: framework.level_label(k, lang),
            key=form.note_key("level"),
            horizontal=True,
        )
        ui.pick(
            st.selectbox,
            ui.t("assess.note_field"),
            options=[None, *fields],
            format_func=lambda k: (
                framework.field_label(k, lang) if k else i18n.t("assess.note_no_field", lang)
            ),
            key=form.note_key("field"),
        )
        ui.pick(
            st.radio,
            ui.t("assess.note_influence"),
            options=["yes", "no", "unsure"],
            format_func=lambda k: i18n.t(f"assess.influence.{k}", lang),
            key=form.note_key("influence"),
            horizontal=True,
            index=2,
        )
        st.text_area(
            ui.t("assess.note_text"),
            key=form.note_key("text"),
            placeholder=ui.t("assess.note_placeholder"),
            height=80,
        )
        st.button(
            ui.t("assess.note_add"),
            key="assess.note_add",
            on_click=ui.acting(_add_note),
            icon=":material/add:",
        )
        ui.show_flash(slot="note")

st.subheader(ui.t("assess.sharing_title"))
ui.pick(
    st.radio,
    ui.t("assess.sharing_label"),
    options=[s.value for s in Sharing],
    format_func=lambda k: i18n.t(f"sharing.{k}", lang),
    captions=[ui.t(f"sharing.{s.value}.explain") for s in Sharing],
    key=form.SHARING,
    disabled=closed,
)
st.checkbox(ui.t("assess.pool"), key=form.POOL, disabled=closed, help=ui.t("assess.pool_help"))


def _save(submit: bool) -> None:
    data = form.input_from_state(st.session_state, fields)
    try:
        with db.write_session(ui.engine()) as session:
            svc.save_assessment(
                session,
                viewer=viewer,
                round_id=round_id,
                data=data,
                submit=submit,
                today=ui.today(),
                version=st.session_state.get(form.VERSION, 0),
            )
    except svc.AssessmentError as error:
        ui.flash("error", i18n.error_text(error, framework, lang))
        st.session_state[form.CONFLICT] = error.code == "changed_elsewhere"
        return
    st.session_state.pop(form.LOADED, None)  # show what was stored, with its new version
    ui.flash("success", ui.t("assess.saved_submitted" if submit else "assess.saved_draft"))


if st.session_state.get(form.CONFLICT):
    st.button(
        ui.t("assess.load_saved"),
        key="assess.load_saved",
        on_click=ui.acting(lambda: st.session_state.pop(form.LOADED, None)),
        icon=":material/refresh:",
    )
if not closed:
    left, right = st.columns(2)
    if info.status != "submitted":
        left.button(
            ui.t("assess.save_draft"),
            key="assess.save_draft",
            on_click=ui.acting(_save),
            args=(False,),
            width="stretch",
            icon=":material/save:",
        )
    right.button(
        ui.t("assess.resubmit" if info.status == "submitted" else "assess.submit"),
        key="assess.submit",
        on_click=ui.acting(_save),
        args=(True,),
        type="primary",
        width="stretch",
        icon=":material/send:",
    )
ui.show_flash()
