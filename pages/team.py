"""Team view: anonymous distributions, trend, team board, comparison, profiles, notes (F2, S1)."""

import streamlit as st

from exports.deck import briefing_deck
from exports.team_workbook import team_workbook
from model import audit, db, i18n, release, timesource
from model import teamview as tv
from model.charts import (
    comparison_chart,
    distribution_chart,
    grid_chart,
    grid_frame,
    trend_chart,
)
from pages import _followup
from pages import _shared as ui

viewer = ui.require_viewer()
lang = ui.lang()
st.title(ui.t("team.title"))

with db.read_session(ui.engine()) as session:
    units = tv.units_for(session, viewer=viewer)
if units.empty:
    st.info(ui.t("team.no_units"))
    st.stop()
names = dict(zip(units["unit_id"], units["name"], strict=True))
parents = dict(zip(units["unit_id"], units["parent"], strict=True))
unit_id = ui.pick(
    st.selectbox,
    ui.t("team.unit"),
    options=list(names),
    format_func=lambda u: f"{names[u]} ({parents[u]})" if parents[u] else names[u],
    key="team.unit",
)
with db.read_session(ui.engine()) as session:
    rounds = tv.rounds_for_unit(session, viewer=viewer, unit_id=unit_id)
if rounds.empty:
    st.info(ui.t("team.no_rounds"))
    st.stop()
round_names = dict(zip(rounds["round_id"], rounds["name"], strict=True))
round_id = ui.pick(
    st.selectbox,
    ui.t("team.round"),
    options=list(round_names),
    format_func=round_names.get,
    key="team.round",
)
today = ui.today()
with db.read_session(ui.engine()) as session:
    due = release.due_rounds(session, viewer.organisation_id, today=today)
if due:  # a round closed since anyone last looked: release it once, for everyone
    with db.write_session(ui.engine()) as session:
        release.release_due(session, viewer.organisation_id, now=timesource.now())
with db.read_session(ui.engine()) as session:
    view = tv.team_view(session, viewer=viewer, unit_id=unit_id, round_id=round_id, today=today)
n = view.thresholds.n
fw = view.framework
titles = i18n.chart_titles(lang, n)
st.caption(ui.t("team.intro", n=n))

part = tv.participation(view)
unit_row = part[part["cell"] == "unit"].iloc[0]
left, mid, right = st.columns(3)
left.metric(ui.t("team.invited"), int(unit_row["invited"]))
if unit_row["shown"]:
    mid.metric(ui.t("team.respondents"), int(unit_row["respondents"]))
    right.metric(ui.t("team.participation"), f"{unit_row['rate']:.0%}")
else:
    mid.metric(ui.t("team.respondents"), ui.t("team.hidden"))
    reason = i18n.hidden_reason(unit_row["reason"], n, lang)
    st.warning(ui.t("team.unit_hidden", reason=reason))

if not view.released:
    st.info(ui.t("team.open_round", date=i18n.date_text(view.closes_on, lang)))
    rows = part[part["cell"] != "unit"]
    if not rows.empty:
        st.subheader(ui.t("team.participation_table"))
    for row in rows.itertuples():
        line = i18n.participation_line(row, n, lang)
        st.markdown(f"**{ui.md_escape(row.label)}** · {ui.md_escape(line)}")
    _followup.unit_section(view, viewer, lang)  # the workshops' actions go on while it is open
    st.stop()
st.caption(ui.t("team.released_note"))

tabs = st.tabs(
    [
        ui.t(f"team.tab.{k}")
        for k in (
            "distribution",
            "trend",
            "grid",
            "comparison",
            "segments",
            "notes",
            "obstacles",
            "followup",
        )
    ]
)
with tabs[0]:
    st.caption(ui.t("team.distribution_caption"))
    unit_dist = view.distribution[view.distribution["cell"] == "unit"]
    if not unit_dist.empty:
        st.altair_chart(distribution_chart(unit_dist, fw, lang, titles=titles), width="stretch")
with tabs[1]:
    st.caption(ui.t("team.trend_caption"))
    if view.trend.empty:
        st.info(ui.t("team.trend_empty"))
    else:
        st.altair_chart(trend_chart(view.trend, fw, lang, titles=titles))
with tabs[2]:
    grid = grid_frame(view.distribution, view.cells, view.fields)
    if grid.empty:
        st.info(ui.t("team.no_teams"))
    else:
        st.caption(ui.t("team.grid_caption"))
        st.altair_chart(grid_chart(grid, fw, lang, titles=titles))
        st.subheader(ui.t("team.participation_table"))
        for row in part[part["cell"] != "unit"].itertuples():
            line = i18n.participation_line(row, n, lang)
            st.markdown(f"**{ui.md_escape(row.label)}** · {ui.md_escape(line)}")
with tabs[3]:
    unit_cmp = view.comparison[view.comparison["cell"] == "unit"]
    if unit_cmp.empty:
        st.info(ui.t("team.comparison_empty"))
    else:
        st.caption(ui.t("team.comparison_caption", pp=int(tv.OVER_UNDER_PP)))
        st.altair_chart(comparison_chart(unit_cmp, fw, lang, titles=titles))
        for row in tv.clear_differences(view, "unit").itertuples():
            st.markdown(f"- {ui.md_escape(i18n.difference_line(row, fw, lang))}")
with tabs[4]:
    st.caption(ui.t("team.segments_method", n=n) + " " + ui.t("team.segments_where"))
    if view.segments.empty:
        st.info(ui.t("team.segments_empty"))
    for seg in view.segments.itertuples():
        with st.container(border=True):
            st.markdown(
                f"**{ui.md_escape(ui.t('team.segment_label', label=seg.label, size=seg.size))}**"
            )
            seg_dist = view.distribution[view.distribution["cell"] == seg.cell]
            st.altair_chart(distribution_chart(seg_dist, fw, lang, titles=titles), width="stretch")
            summary = i18n.segment_summary(tv.clear_differences(view, seg.cell), fw, lang)
            st.caption(ui.md_escape(summary))
with tabs[5]:
    st.caption(ui.t("team.notes_caption"))
    if not view.text_shown:
        st.info(ui.t("team.notes_hidden", n=view.thresholds.n_text))
    elif view.notes.empty:
        st.info(ui.t("team.notes_empty"))
    for category in fw.errc.categories:
        notes = view.notes[view.notes["category"] == category.key]
        if notes.empty:
            continue
        st.markdown(f"#### {ui.md_escape(category.label.get(lang))}")
        for note in notes.to_dict("records"):
            st.caption(ui.md_escape(i18n.note_heading(fw, note, lang)))
            ui.user_text(note["text"])
with tabs[6]:
    if view.obstacles.empty:
        st.info(ui.t("team.obstacles_empty"))
    labels = {o.key: o.label.get(lang) for o in fw.obstacles}
    for rank, row in enumerate(view.obstacles.itertuples(), start=1):
        st.markdown(
            ui.md_escape(
                ui.t(
                    "team.obstacle_line",
                    rank=rank,
                    points=row.points,
                    picks=row.picks,
                    label=labels.get(row.obstacle_key, row.obstacle_key),
                )
            )
        )
        for reason in row.reasons:
            ui.user_text(reason)

with tabs[7]:  # what the unit's workshops agreed, and how its lights moved since
    _followup.unit_section(view, viewer, lang)

engine = ui.engine()


def _workbook() -> bytes:
    # Built only when the button is pressed; every export is written to the audit log.
    data = team_workbook(view, lang, made_at=timesource.now(), zone_name=ui.zone())
    with db.write_session(engine) as session:
        audit.record(
            session,
            event="export_team_workbook",
            actor_id=viewer.person_id,
            detail={"unit_id": unit_id, "round_id": round_id},
        )
    return data


def _briefing() -> bytes:
    data = briefing_deck(view, lang, made_at=timesource.now(), zone_name=ui.zone())
    with db.write_session(engine) as session:
        audit.record(
            session,
            event="export_team_deck",
            actor_id=viewer.person_id,
            detail={"unit_id": unit_id, "round_id": round_id},
        )
    return data


workbook_slot, deck_slot = st.columns(2)
ui.export_button(
    workbook_slot,
    ui.t("team.download"),
    _workbook,
    file_name="merkitys-tyopaja.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key=f"team.download.{unit_id}.{round_id}",
)
ui.export_button(
    deck_slot,
    ui.t("deck.download_briefing"),
    _briefing,
    file_name="merkitys-johdon-katsaus.pptx",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    key=f"team.briefing.{unit_id}.{round_id}",
)
