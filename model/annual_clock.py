"""The annual clock (vuosikello): a year as a circle with its rounds and planned workshops (F1).

Angles run clockwise from January 1st at twelve o'clock; every layer shares one theta scale over
the day of the year, so months, rounds and workshops line up.
"""

from __future__ import annotations

import calendar
import datetime as dt

import altair as alt
import pandas as pd

import model.charts  # noqa: F401  (registers the Merkitys theme)
from model import i18n
from model.tables import RoundKind

# Radii in pixels: one lane of rounds gives a clock of about 300 px, narrow enough for a phone.
MONTH_INNER, MONTH_OUTER = 70, 122
LABEL_RADIUS = 96
WORKSHOP_RADIUS = 57
LANE_INNER, LANE_WIDTH, LANE_GAP = 127, 14, 3
MARGIN = 10
MONTH_SHADES = ("#eef2f6", "#dfe6ee")
TODAY_COLOUR = "#b3261e"
WORKSHOP_COLOUR = "#37474f"
# Fixed colours per kind, in RoundKind order, so a kind keeps its colour whatever is shown.
KIND_COLOURS = ("#1f6fb2", "#7b4fa6", "#2e7d5b", "#c26a00")
TITLE_KEYS = ("round", "kind", "opens_on", "closes_on", "workshop", "planned_on", "today")


def clock_titles(lang: str) -> dict[str, str]:
    """Tooltip and legend titles of the annual clock in ``lang``."""
    return {k: i18n.t(f"clock.{k}", lang) for k in TITLE_KEYS}


def _as_date(value: object) -> dt.date:
    return pd.Timestamp(value).date()


def _lanes(spans: list[tuple[int, int]]) -> list[int]:
    """A ring per overlapping round: each span goes to the first lane free when it starts."""
    ends: list[int] = []
    lanes = [0] * len(spans)
    for i in sorted(range(len(spans)), key=lambda i: spans[i]):
        start, end = spans[i]
        lane = next((n for n, last in enumerate(ends) if last < start), len(ends))
        if lane == len(ends):
            ends.append(end)
        else:
            ends[lane] = end
        lanes[i] = lane
    return lanes


def annual_clock_chart(
    rounds: pd.DataFrame,
    workshops: pd.DataFrame,
    year: int,
    lang: str,
    *,
    titles: dict[str, str],
    today: dt.date | None = None,
) -> alt.LayerChart:
    """The year's rounds (name, kind, opens_on, closes_on) and workshops (name, planned_on)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    days = (last - first).days + 1

    def day(value: dt.date) -> int:
        return (value - first).days

    # One shared scale: day 0 is January 1st at the top, day ``days`` closes the circle.
    theta = alt.Scale(domain=[0, days], range=[0, 6.283185307179586])

    months = pd.DataFrame(
        [
            {
                "month": i18n.t(f"clock.month.{m}", lang),
                "start": day(dt.date(year, m, 1)),
                "end": day(dt.date(year, m, calendar.monthrange(year, m)[1])) + 1,
                "shade": m % 2,
            }
            for m in range(1, 13)
        ]
    )
    months["middle"] = (months["start"] + months["end"]) / 2
    sectors = (
        alt.Chart(months)
        .mark_arc(innerRadius=MONTH_INNER, outerRadius=MONTH_OUTER, stroke="white", strokeWidth=2)
        .encode(
            theta=alt.Theta("start:Q", scale=theta),
            theta2="end:Q",
            color=alt.Color(
                "shade:N", scale=alt.Scale(domain=[0, 1], range=list(MONTH_SHADES)), legend=None
            ),
            tooltip=alt.value(None),
        )
    )
    labels = (
        alt.Chart(months)
        .mark_text(radius=LABEL_RADIUS, fontSize=12, color="#37474f")
        .encode(theta=alt.Theta("middle:Q", scale=theta), text="month:N")
    )

    shown = [
        (r["name"], r["kind"], _as_date(r["opens_on"]), _as_date(r["closes_on"]))
        for r in rounds.to_dict("records")
    ]
    shown = [(n, k, o, c) for n, k, o, c in shown if o <= last and c >= first]
    spans = [(day(max(o, first)), day(min(c, last)) + 1) for _, _, o, c in shown]
    lanes = _lanes(spans)
    bands = pd.DataFrame(
        [
            {
                "name": name,
                "kind": i18n.t(f"rounds.kind.{kind}", lang),
                "opens": i18n.date_text(opens, lang),
                "closes": i18n.date_text(closes, lang),
                "start": start,
                "end": end,
                "inner": LANE_INNER + lane * (LANE_WIDTH + LANE_GAP),
                "outer": LANE_INNER + lane * (LANE_WIDTH + LANE_GAP) + LANE_WIDTH,
            }
            for (name, kind, opens, closes), (start, end), lane in zip(
                shown, spans, lanes, strict=True
            )
        ],
        columns=["name", "kind", "opens", "closes", "start", "end", "inner", "outer"],
    )
    kinds = [i18n.t(f"rounds.kind.{k}", lang) for k in RoundKind]
    arcs = (
        alt.Chart(bands)
        .mark_arc(stroke="white", strokeWidth=1, cornerRadius=3)
        .encode(
            theta=alt.Theta("start:Q", scale=theta),
            theta2="end:Q",
            radius=alt.Radius("outer:Q", scale=None),
            radius2="inner:Q",
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=kinds, range=list(KIND_COLOURS)),
                title=titles["kind"],
                legend=alt.Legend(orient="bottom", columns=2, symbolType="square"),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=titles["round"]),
                alt.Tooltip("kind:N", title=titles["kind"]),
                alt.Tooltip("opens:N", title=titles["opens_on"]),
                alt.Tooltip("closes:N", title=titles["closes_on"]),
            ],
        )
    )

    planned = [
        (w["name"], _as_date(w["planned_on"]))
        for w in workshops.to_dict("records")
        if not pd.isna(w["planned_on"])
    ]
    points = pd.DataFrame(
        [
            {"name": name, "planned": i18n.date_text(when, lang), "at": day(when) + 0.5}
            for name, when in planned
            if first <= when <= last
        ],
        columns=["name", "planned", "at"],
    )
    marks = (
        alt.Chart(points)
        # A text glyph, because Vega-Lite places only arcs and texts in polar coordinates.
        .mark_text(text="◆", radius=WORKSHOP_RADIUS, fontSize=16, color=WORKSHOP_COLOUR)
        .encode(
            theta=alt.Theta("at:Q", scale=theta),
            tooltip=[
                alt.Tooltip("name:N", title=titles["workshop"]),
                alt.Tooltip("planned:N", title=titles["planned_on"]),
            ],
        )
    )

    outer = LANE_INNER + max(1, max(lanes, default=0) + 1) * (LANE_WIDTH + LANE_GAP)
    layers: list[alt.Chart] = [sectors]
    if today is not None and first <= today <= last:
        now = pd.DataFrame([{"start": day(today), "end": day(today) + 1, "label": titles["today"]}])
        layers.append(
            alt.Chart(now)
            .mark_arc(innerRadius=MONTH_OUTER - 6, outerRadius=outer + 4, color=TODAY_COLOUR)
            .encode(
                theta=alt.Theta("start:Q", scale=theta),
                theta2="end:Q",
                tooltip=alt.Tooltip("label:N", title=titles["today"]),
            )
        )
    centre = (
        alt.Chart(pd.DataFrame([{"year": str(year)}]))
        .mark_text(fontSize=20, fontWeight="bold", color="#263238")
        .encode(text="year:N")
    )
    layers += [labels, arcs, marks, centre]
    size = 2 * (outer + MARGIN)
    # Month shading and round kinds are different colour scales; only kinds get a legend. The
    # radii are pixels, so the view must keep its size: "pad" puts the legend outside it instead
    # of shrinking the circle's view to make room (Streamlit's default is "fit").
    return (
        alt.layer(*layers)
        .resolve_scale(color="independent")
        .properties(width=size, height=size, autosize=alt.AutoSizeParams(type="pad"))
    )
