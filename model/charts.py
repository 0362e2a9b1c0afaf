"""Altair chart specs: one theme, traffic colours and symbols defined once (from the framework)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from model.framework import Framework

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
            "level": ratings["light"].map({"red": 0, "yellow": 1, "green": 2}),
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
