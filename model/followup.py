"""Following a workshop up (PRODUCT.md F3, S5): which held workshop a later round follows, and
how the unit's lights moved between the workshop's round and that one, from released views only.
"""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session, col, select

from model import scope
from model.framework import Framework
from model.i18n import t
from model.tables import Round, Workshop, WorkshopPhase
from model.teamview import TeamView
from model.viewer import Viewer

MOVE_COLUMNS = ["field_key", "light", "before", "after", "diff_pp"]


def workshop_before(
    session: Session, *, viewer: Viewer, unit_id: int, round_id: int
) -> Workshop | None:
    """The latest workshop held for this unit on an earlier round, before ``round_id`` closed."""
    scope.require_unit(session, viewer=viewer, unit_id=unit_id)
    rnd = session.get(Round, round_id)
    if rnd is None or rnd.organisation_id != viewer.organisation_id:
        return None
    rows = session.exec(
        select(Workshop, Round)
        .join(Round, col(Round.id) == Workshop.round_id)
        .where(
            Workshop.organisation_id == viewer.organisation_id,
            Workshop.unit_id == unit_id,
            Workshop.status != WorkshopPhase.planned,
            Round.opens_on < rnd.opens_on,
        )
    ).all()
    held = [
        (w, baseline)
        for w, baseline in rows
        if w.planned_on is None or w.planned_on <= rnd.closes_on
    ]
    if not held:
        return None
    return max(held, key=lambda pair: (pair[1].opens_on, pair[0].planned_on or rnd.opens_on))[0]


def movement(view: TeamView, baseline_round_id: int) -> pd.DataFrame:
    """Per field and light, the unit's share in the workshop's round and in this one, in
    percentage points; empty when either round's view of the unit is hidden from this viewer."""
    trend = view.trend
    before = trend[trend["round_id"] == baseline_round_id]
    after = trend[trend["round_id"] == view.round_id]
    if before.empty or after.empty:
        return pd.DataFrame(columns=MOVE_COLUMNS)
    merged = before[["field_key", "light", "share"]].merge(
        after[["field_key", "light", "share"]], on=["field_key", "light"], suffixes=("_b", "_a")
    )
    merged["before"] = merged["share_b"]
    merged["after"] = merged["share_a"]
    merged["diff_pp"] = ((merged["after"] - merged["before"]) * 100).round(1)
    order = {key: i for i, key in enumerate(view.fields)}
    merged["_order"] = merged["field_key"].map(order)
    merged = merged.sort_values(["_order", "light"], kind="stable")
    return merged[MOVE_COLUMNS].reset_index(drop=True)


def _percent(share: float) -> str:
    return f"{share:.0%}"


def movement_lines(moved: pd.DataFrame, framework: Framework, lang: str) -> list[str]:
    """One sentence per field: green and red before → after, in percentage points."""
    lines = []
    for field_key, rows in moved.groupby("field_key", sort=False):
        by_light = rows.set_index("light")
        if not {"green", "red"} <= set(by_light.index):
            continue
        green, red = by_light.loc["green"], by_light.loc["red"]
        lines.append(
            t(
                "followup.move_line",
                lang,
                field=framework.field_label(str(field_key), lang),
                g_before=_percent(green["before"]),
                g_after=_percent(green["after"]),
                g_diff=f"{green['diff_pp']:+.0f}",
                r_before=_percent(red["before"]),
                r_after=_percent(red["after"]),
                r_diff=f"{red['diff_pp']:+.0f}",
            )
        )
    return lines


def plain_rows(frame: pd.DataFrame) -> list[dict]:
    """A DataFrame's rows as dicts with None for every missing value (NaN, NaT)."""
    return [
        {
            k: (None if v is None or (not isinstance(v, str | list) and pd.isna(v)) else v)
            for k, v in row.items()
        }
        for row in frame.to_dict("records")
    ]
