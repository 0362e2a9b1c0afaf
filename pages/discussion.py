"""My development discussion: what I share, who looked, my agenda, our actions (E4, E5, S3, S4)."""

import streamlit as st

from model import db, i18n
from model import discussion_text as text
from model import discussions as svc
from model.framework import default_framework
from model.tables import Person, Sharing
from model.viewer import AccessDenied
from pages import _shared as ui
from pages._actions import action_card, agenda_editor, run, summary_row

viewer = ui.require_viewer()
lang = ui.lang()
today = ui.today()
st.title(ui.t("mydisc.title"))
st.caption(ui.t("mydisc.intro"))
ui.show_flash()

try:
    with db.read_session(ui.engine()) as session:
        has_supervisor = session.get(Person, viewer.person_id).supervisor_id is not None
        shares = svc.my_shares(session, viewer=viewer, today=today)
        log = svc.others_on_my_data(session, viewer=viewer)
        agenda = svc.my_agenda(session, viewer=viewer)
        actions = svc.my_actions(session, viewer=viewer, today=today)
        discussions = svc.my_discussions(session, viewer=viewer, today=today)
except AccessDenied:
    st.error(ui.t("common.access_denied"))
    st.stop()
framework = default_framework()
date_format = "DD.MM.YYYY" if lang == "fi" else "YYYY-MM-DD"

# --- Sharing ---
st.subheader(ui.t("mydisc.sharing_title"))
if not has_supervisor:
    st.info(ui.t("mydisc.no_supervisor"))
elif not shares:
    st.info(ui.t("mydisc.no_assessments"))
else:
    by_id = {s.assessment_id: s for s in shares}
    picked = ui.pick(
        st.selectbox,
        ui.t("mydisc.pick"),
        options=list(by_id),
        format_func=lambda a: by_id[a].round_name,
        key="mydisc.pick",
    )
    state = by_id[picked]
    with st.container(border=True):
        said = text.share_state_text(state, lang, ui.zone())
        (st.success if state.live else st.info)(ui.md_escape(said))
        left, right = st.columns(2)
        with left:
            limited = st.checkbox(ui.t("mydisc.set_end"), key="mydisc.limited")
            if limited:
                st.date_input(
                    ui.t("mydisc.end_date"),
                    min_value=today,
                    format=date_format,
                    key="mydisc.end",
                )

            def _share() -> None:
                end = (
                    st.session_state.get("mydisc.end")
                    if st.session_state.get("mydisc.limited")
                    else None
                )
                run(
                    lambda session: svc.share_with_supervisor(
                        session,
                        viewer=viewer,
                        assessment_id=picked,
                        expires_on=end,
                        today=ui.today(),
                    ),
                    ui.t("mydisc.shared"),
                )

            st.button(
                ui.t("mydisc.share_again" if state.live else "mydisc.share"),
                key="mydisc.share",
                type="primary",
                on_click=ui.acting(_share),
                icon=":material/share:",
            )
        with right:
            if state.live:
                ui.pick(
                    st.radio,
                    ui.t("mydisc.after_withdraw"),
                    options=[Sharing.anonymous.value, Sharing.private.value],
                    format_func=lambda s: i18n.t(f"sharing.{s}", lang),
                    key="mydisc.keep",
                )

                def _withdraw() -> None:
                    run(
                        lambda session: svc.withdraw_share(
                            session,
                            viewer=viewer,
                            assessment_id=picked,
                            keep=Sharing(ui.value("mydisc.keep") or "anonymous"),
                        ),
                        ui.t("mydisc.withdrawn"),
                    )

                st.button(
                    ui.t("mydisc.withdraw"),
                    key="mydisc.withdraw",
                    on_click=ui.acting(_withdraw),
                    icon=":material/block:",
                )

# --- Who looked ---
st.subheader(ui.t("mydisc.log_title"))
if not log:
    st.caption(ui.t("mydisc.log_empty"))
for entry in log:
    ui.user_text(text.log_line(entry, lang, ui.zone()))

# --- Agenda ---
if has_supervisor:
    st.subheader(ui.t("mydisc.agenda_title"))
    st.caption(ui.t("mydisc.agenda_help"))
    agenda_editor(viewer, agenda, prefix="mydisc", label=ui.t("mydisc.agenda_new"))

# --- Actions ---
st.subheader(ui.t("mydisc.actions_title"))
if not actions:
    st.caption(ui.t("mydisc.actions_empty"))
for action in actions:
    action_card(action, framework, viewer, lang)

# --- Summaries ---
st.subheader(ui.t("mydisc.discussions_title"))
if not discussions:
    st.caption(ui.t("mydisc.discussions_empty"))
for info in discussions:
    summary_row(viewer, info.id, text.discussion_label(info, lang), lang)
