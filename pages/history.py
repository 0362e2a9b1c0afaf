"""My history: lights over time, what changed, my notes, my data download and erasure (E5, E6)."""

import streamlit as st

from exports import mydata
from model import audit, db, i18n
from model import discussion_text as dtext
from model import history as svc
from model.charts import history_chart
from model.discussions import my_actions_by_round
from model.framework import default_framework
from pages import _followup
from pages import _shared as ui

viewer = ui.require_viewer()
lang = ui.lang()
framework = default_framework()
st.title(ui.t("history.title"))
ui.show_flash()

with db.read_session(ui.engine()) as session:
    ratings = svc.my_ratings(session, viewer=viewer)
    notes = svc.my_notes(session, viewer=viewer)
    events = audit.events_about_me(session, viewer=viewer)
    data = svc.my_data(session, viewer=viewer)
    actions = my_actions_by_round(session, viewer=viewer, today=ui.today())

if ratings.empty:
    st.info(ui.t("history.empty"))
else:
    st.altair_chart(
        history_chart(ratings, framework, lang, titles=i18n.chart_titles(lang)), width="stretch"
    )
    st.subheader(ui.t("history.changes_title"))
    changes = svc.changes_since_previous(ratings)
    if changes.empty:
        st.caption(ui.t("history.changes_none"))
    for row in changes.itertuples():
        st.markdown(ui.md_escape(i18n.change_line(framework, row, lang)))

    st.subheader(ui.t("history.rounds_title"))
    for round_id in reversed(ratings["round_id"].unique()):  # newest round first
        group = ratings[ratings["round_id"] == round_id]
        with st.expander(ui.md_escape(group["round"].iloc[0])):
            for r in group.itertuples():
                st.markdown(
                    f"**{ui.md_escape(framework.field_label(r.field_key, lang))}** · "
                    f"{ui.md_escape(framework.light_text(r.light, lang))}"
                )
                if r.reason:
                    ui.user_text(r.reason)
            for n in notes[notes["round_id"] == round_id].to_dict("records"):
                st.caption(ui.md_escape(i18n.note_heading(framework, n, lang)))
                ui.user_text(n["text"])
            if actions.get(round_id):  # E5: what we agreed, next to the lights it grew from
                st.markdown(f"**{ui.t('history.actions_for_round')}**")
                for action in actions[round_id]:
                    ui.user_text(dtext.action_heading(action, lang))

_followup.my_team_section(viewer, framework, lang)  # where the team's workshop actions live

st.subheader(ui.t("history.log_title"))
if events.empty:
    st.caption(ui.t("history.log_empty"))
for e in events.itertuples():
    st.markdown(ui.md_escape(i18n.event_line(e, lang, ui.zone())))

st.subheader(ui.t("history.data_title"))
left, right = st.columns(2)
# Built from sanitised text (exports.safe); if a file still cannot be made, the person is told
# and erasure below stays available (issue 10).
downloads = (
    (left, "history.json", "json", mydata.my_data_json, "application/json"),
    (
        right,
        "history.xlsx",
        "xlsx",
        mydata.my_data_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
)
for column, key, ext, build, mime in downloads:
    file = ui.built(lambda build=build: build(data))
    if file is None:
        column.error(ui.t("common.export_failed"), icon=":material/error:")
    else:
        column.download_button(
            ui.t(f"history.download_{ext}"),
            data=file,
            file_name=f"merkitys-my-data.{ext}",
            mime=mime,
            key=key,
            icon=":material/download:",
        )

with st.expander(ui.t("history.erase_title")):
    st.write(ui.t("history.erase_explain"))
    sure = st.checkbox(ui.t("history.erase_confirm"), key="history.erase_ok")

    def _erase() -> None:
        with db.write_session(ui.engine()) as session:
            count = svc.erase_my_data(session, viewer=viewer)
        st.session_state["history.erase_ok"] = False
        ui.flash("success", ui.t("history.erased", count=count))

    st.button(
        ui.t("history.erase_button"),
        key="history.erase",
        type="primary",
        disabled=not sure,
        on_click=ui.acting(_erase),
        icon=":material/delete_forever:",
    )
