"""Altair chart specs: one theme, traffic colours and symbols defined once (from the framework)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from model.framework import Framework
from model.tables import LIGHT_SCORE

FONT = "Source Sans Pro, Arial, sans-serif"
# Altair point shapes matching the framework's symbols ■ ▲ ●: shape is a second cue to colour.
SHAPES = {"red": "square", "yellow": "triangle-up", "green": "circle"}


@alt.theme.register("merkitys", enable=True)
def merkitys_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "axis": {"labelFontSize": 13, "titleFontSize": 13, "labelLimit": 260},
            "legend": {"labelFontSize": 13, "titleFontSize": 13, "orient": "bottom"},
            "title": {"fontSize": 16, "anchor": "start"},
            "view": {"stroke": None},
        }
    }


def light_scales(framework: Framework, lang: str) -> tuple[alt.Scale, alt.Scale, list[str]]:
    """Colour and shape scales keyed by the translated light label, in red-yellow-green order."""
    labels = [framework.light_text(light.key, lang) for light in framework.lights]
    colours = alt.Scale(domain=labels, range=[light.colour for light in framework.lights])
    shapes = alt.Scale(domain=labels, range=[SHAPES[light.key] for light in framework.lights])
    return colours, shapes, labels


def history_chart(
    ratings: pd.DataFrame, framework: Framework, lang: str, *, titles: dict[str, str]
) -> alt.Chart:
    """My lights per field over time: one row per field, one marker per round."""
    data = pd.DataFrame(
        {
            "round": ratings["round"],
            "date": ratings["date"],
            "field": [framework.field_label(k, lang) for k in ratings["field_key"]],
            "light": [framework.light_text(v, lang) for v in ratings["light"]],
        }
    )
    colours, shapes, labels = light_scales(framework, lang)
    field_order = [f.label.get(lang) for f in framework.all_fields()]
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title=titles["date"], axis=alt.Axis(format="%m/%Y", tickCount="month")),
        y=alt.Y("field:N", title=None, sort=field_order),
    )
    points = base.mark_point(size=260, filled=True, opacity=1).encode(
        color=alt.Color("light:N", scale=colours, title=titles["light"], sort=labels),
        shape=alt.Shape("light:N", scale=shapes, title=titles["light"], sort=labels),
        tooltip=[
            alt.Tooltip("round:N", title=titles["round"]),
            alt.Tooltip("field:N", title=titles["field"]),
            alt.Tooltip("light:N", title=titles["light"]),
        ],
    )
    line = base.mark_line(color="#9e9e9e", strokeDash=[3, 3]).encode(detail="field:N")
    return (line + points).properties(height=alt.Step(48))


# --- team views ------------------------------------------------------------------------------


def _light_frame(frame: pd.DataFrame, framework: Framework, lang: str) -> pd.DataFrame:
    out = frame.copy()
    out["field"] = [framework.field_label(k, lang) for k in out["field_key"]]
    out["light_text"] = [framework.light_text(v, lang) for v in out["light"]]
    out["symbol"] = [framework.light(v).symbol for v in out["light"]]
    out["order"] = out["light"].map(LIGHT_SCORE)
    out["percent"] = (out["share"] * 100).round(0)
    return out


def distribution_chart(
    dist: pd.DataFrame, framework: Framework, lang: str, *, titles: dict[str, str]
) -> alt.Chart:
    """Stacked red-yellow-green shares per field (never an average), symbols on the bars."""
    data = _light_frame(dist, framework, lang)
    colours, _, labels = light_scales(framework, lang)
    field_order = [f.label.get(lang) for f in framework.all_fields()]
    base = alt.Chart(data).encode(
        y=alt.Y("field:N", title=None, sort=field_order),
        x=alt.X("share:Q", stack="normalize", title=titles["share"], axis=alt.Axis(format="%")),
        order=alt.Order("order:Q"),
    )
    bars = base.mark_bar(height={"band": 0.7}).encode(
        color=alt.Color("light_text:N", scale=colours, sort=labels, title=titles["light"]),
        tooltip=[
            alt.Tooltip("field:N", title=titles["field"]),
            alt.Tooltip("light_text:N", title=titles["light"]),
            alt.Tooltip("count:Q", title=titles["count"]),
            alt.Tooltip("share:Q", title=titles["share"], format=".0%"),
        ],
    )
    text = (
        base.transform_filter("datum.share >= 0.08")
        .mark_text(color="white", fontWeight="bold", fontSize=13)
        .encode(
            x=alt.X("share:Q", stack="normalize", bandPosition=0.5),
            text=alt.Text("label:N"),
        )
        .transform_calculate(label="datum.symbol + ' ' + datum.percent + '%'")
    )
    return (bars + text).properties(height=alt.Step(44))


def trend_chart(
    trend: pd.DataFrame, framework: Framework, lang: str, *, titles: dict[str, str]
) -> alt.Chart:
    """Shares of each light per round, one small chart per field."""
    data = _light_frame(trend, framework, lang)
    colours, _, labels = light_scales(framework, lang)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%m/%y", tickCount="month")),
            y=alt.Y("share:Q", stack="normalize", title=None, axis=alt.Axis(format="%")),
            color=alt.Color("light_text:N", scale=colours, sort=labels, title=titles["light"]),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("round:N", title=titles["round"]),
                alt.Tooltip("light_text:N", title=titles["light"]),
                alt.Tooltip("share:Q", title=titles["share"], format=".0%"),
            ],
        )
        .properties(width=170, height=150)
        .facet(
            facet=alt.Facet(
                "field:N", title=None, sort=[f.label.get(lang) for f in framework.all_fields()]
            ),
            columns=4,
        )
    )


def grid_frame(dist: pd.DataFrame, cells: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """One row per team and field: the most common light and the green share; hidden teams get
    a row without numbers so the board shows them as 'fewer than N'."""
    rows = []
    teams = cells[cells["kind"] == "team"]
    # One pass over the team rows of the distribution, not one DataFrame filter per team × field.
    team_dist = dist[dist["cell"].isin(set(teams["cell"]))]
    shares: dict[tuple[str, str], dict[str, float]] = {}
    for cell, key, light, share in zip(
        team_dist["cell"],
        team_dist["field_key"],
        team_dist["light"],
        team_dist["share"],
        strict=True,
    ):
        shares.setdefault((cell, key), {})[light] = share
    for team in teams.itertuples():
        for key in fields:
            found = shares.get((team.cell, key))
            if not team.shown or not found:
                rows.append(
                    {
                        "cell": team.cell,
                        "label": team.label,
                        "field_key": key,
                        "light": None,
                        "green": None,
                        "red": None,
                        "shown": False,
                    }
                )
                continue
            # Ties go to the weaker light: the board should not look better than the answers.
            top = max(
                tuple(LIGHT_SCORE),
                key=lambda v: (round(found.get(v, 0), 6), -LIGHT_SCORE[v]),
            )
            rows.append(
                {
                    "cell": team.cell,
                    "label": team.label,
                    "field_key": key,
                    "light": top,
                    "green": float(found.get("green", 0)),
                    "red": float(found.get("red", 0)),
                    "shown": True,
                }
            )
    return pd.DataFrame(
        rows, columns=["cell", "label", "field_key", "light", "green", "red", "shown"]
    )


def grid_chart(
    grid: pd.DataFrame, framework: Framework, lang: str, *, titles: dict[str, str]
) -> alt.Chart:
    """Teams × fields board in the style of a squad health check."""
    data = grid.copy()
    data["field"] = [framework.field_label(k, lang) for k in data["field_key"]]
    data["light_text"] = [
        framework.light_text(v, lang) if isinstance(v, str) else titles["hidden"]
        for v in data["light"]
    ]
    data["mark"] = [
        f"{framework.light(v).symbol} {round(g * 100)}%"
        if isinstance(v, str)
        else titles["hidden_short"]
        for v, g in zip(data["light"], data["green"].fillna(0), strict=True)
    ]
    colours, _, labels = light_scales(framework, lang)
    scale = alt.Scale(domain=[*labels, titles["hidden"]], range=[*colours.range, "#e0e0e0"])
    field_order = [f.label.get(lang) for f in framework.all_fields()]
    base = alt.Chart(data).encode(
        x=alt.X("field:N", title=None, sort=field_order, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("label:N", title=None),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=3).encode(
        color=alt.Color("light_text:N", scale=scale, title=titles["light"]),
        tooltip=[
            alt.Tooltip("label:N", title=titles["team"]),
            alt.Tooltip("field:N", title=titles["field"]),
            alt.Tooltip("light_text:N", title=titles["light"]),
        ],
    )
    text = base.mark_text(fontSize=13, fontWeight="bold", color="black").encode(text="mark:N")
    return (rect + text).properties(height=alt.Step(38), width=alt.Step(150))


def comparison_chart(
    comparison: pd.DataFrame, framework: Framework, lang: str, *, titles: dict[str, str]
) -> alt.Chart:
    """How much more or less of each light the group has than the reference, in points."""
    data = _light_frame(comparison.rename(columns={"diff_pp": "diff"}), framework, lang)
    colours, _, labels = light_scales(framework, lang)
    field_order = [f.label.get(lang) for f in framework.all_fields()]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("light_text:N", title=None, sort=labels),
            x=alt.X("diff:Q", title=titles["diff"]),
            color=alt.Color("light_text:N", scale=colours, sort=labels, legend=None),
            row=alt.Row(
                "field:N",
                title=None,
                sort=field_order,
                header=alt.Header(labelAngle=0, labelAlign="left"),
            ),
            tooltip=[
                alt.Tooltip("field:N", title=titles["field"]),
                alt.Tooltip("light_text:N", title=titles["light"]),
                alt.Tooltip("share:Q", title=titles["group"], format=".0%"),
                alt.Tooltip("reference:Q", title=titles["reference"], format=".0%"),
                alt.Tooltip("diff:Q", title=titles["diff"], format="+.1f"),
            ],
        )
        .properties(height=alt.Step(22), width=360)
    )
