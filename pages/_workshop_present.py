"""The present phase on the room's screen: the released team view of the workshop's unit and
round, with the same charts as the team page."""

from __future__ import annotations

import streamlit as st

from model import db, i18n, release, timesource
from model import teamview as tv
from model import workshops as ws
from model.charts import distribution_chart, grid_chart, grid_frame, trend_chart
from model.viewer import AccessDenied, Viewer
from pages import _followup
from pages import _shared as ui


def render(viewer: Viewer, board: ws.Board, lang: str) -> None:
    if board.unit_id is None or board.round_id is None:
        st.info(ui.t("workshop.present_no_round"))
        return
    today = ui.today()
    with db.read_session(ui.engine()) as session:
        due = release.due_rounds(session, viewer.organisation_id, today=today)
    if due:  # a round closed since anyone last looked: release it once, for everyone
        with db.write_session(ui.engine()) as session:
            release.release_due(session, viewer.organisation_id, now=timesource.now())
    try:
        with db.read_session(ui.engine()) as session:
            view = tv.team_view(
                session, viewer=viewer, unit_id=board.unit_id, round_id=board.round_id, today=today
            )
    except AccessDenied:
        st.error(ui.t("common.access_denied"))
        return
    if not view.released:
        st.info(ui.t("workshop.present_not_released"))
        _followup.unit_section(view, viewer, lang, editable=False)
        return
    st.caption(
        ui.md_escape(ui.t("workshop.present_of", unit=view.unit_name, round=view.round_name))
    )
    n, fw = view.thresholds.n, view.framework
    titles = i18n.chart_titles(lang, n)
    unit_row = tv.participation(view)
    unit_row = unit_row[unit_row["cell"] == "unit"].iloc[0]
    if not unit_row["shown"]:
        st.warning(ui.t("team.unit_hidden", reason=i18n.hidden_reason(unit_row["reason"], n, lang)))
        _followup.unit_section(view, viewer, lang, editable=False)
        return
    tabs = st.tabs([ui.t(f"team.tab.{k}") for k in ("distribution", "trend", "grid", "followup")])
    with tabs[0]:
        st.caption(ui.t("team.distribution_caption"))
        unit_dist = view.distribution[view.distribution["cell"] == "unit"]
        if not unit_dist.empty:
            st.altair_chart(distribution_chart(unit_dist, fw, lang, titles=titles), width="stretch")
    with tabs[1]:
        if view.trend.empty:
            st.info(ui.t("team.trend_empty"))
        else:
            st.caption(ui.t("team.trend_caption"))
            st.altair_chart(trend_chart(view.trend, fw, lang, titles=titles))
    with tabs[2]:
        grid = grid_frame(view.distribution, view.cells, view.fields)
        if grid.empty:
            st.info(ui.t("team.no_teams"))
        else:
            st.caption(ui.t("team.grid_caption"))
            st.altair_chart(grid_chart(grid, fw, lang, titles=titles))
    with tabs[3]:  # what earlier workshops agreed, and how the lights moved since
        _followup.unit_section(view, viewer, lang, editable=False)
