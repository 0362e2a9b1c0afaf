"""Team views: anonymous aggregates of one unit or team for one round (F2, S1).

Everything here is read from the round's release (``model.release``) and narrowed to what the
viewer may see before it is returned (TRUST.md 1-5): a hidden cell has no count, no share and no
note in any frame, so pages, charts, tooltips and exports cannot leak it. Nothing here reads
live answers except participation while a round is open, under the same rules.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import pandas as pd
from sqlmodel import Session, col, select

from model import release
from model.framework import Framework, parse_framework
from model.privacy import Thresholds, make_thresholds, thresholds
from model.scope import require_unit, unit_tree, visible_units, with_descendants
from model.tables import (
    LIGHT_SCORE,
    FrameworkVersion,
    Release,
    ReleaseText,
    Role,
    Round,
    RoundScope,
    UnitKind,
)
from model.viewer import AccessDenied, Viewer

LIGHTS = tuple(LIGHT_SCORE)
OVER_UNDER_PP = 10.0  # a colour differs "clearly" from the reference at 10 percentage points

DIST_COLUMNS = ["cell", "kind", "label", "field_key", "light", "count", "share"]
CELL_COLUMNS = ["cell", "kind", "label", "invited", "respondents", "shown", "reason"]
TREND_COLUMNS = ["round_id", "round", "date", "field_key", "light", "count", "share"]
COMPARE_COLUMNS = ["cell", "label", "field_key", "light", "share", "reference", "diff_pp", "flag"]
NOTE_COLUMNS = ["category", "level", "field_key", "text"]
OBSTACLE_COLUMNS = ["obstacle_key", "points", "picks", "reasons"]


def require_aggregate_viewer(viewer: Viewer) -> None:
    if not (viewer.has(Role.supervisor) or viewer.has(Role.facilitator) or viewer.has(Role.admin)):
        raise AccessDenied("team views need a supervisor, facilitator or admin role")


def units_for(session: Session, *, viewer: Viewer) -> pd.DataFrame:
    """Units and teams the viewer may open, with their parent's name, tree order."""
    require_aggregate_viewer(viewer)
    units = unit_tree(session, viewer.organisation_id)
    allowed = visible_units(session, viewer=viewer)
    rows = [
        {
            "unit_id": u.id,
            "name": u.name,
            "kind": u.kind,
            "parent": units[u.parent_id].name if u.parent_id in units else "",
        }
        for u in units.values()
        if u.id in allowed
    ]
    order = {UnitKind.organisation: 0, UnitKind.unit: 1, UnitKind.team: 2}
    rows.sort(key=lambda r: (order.get(r["kind"], 3), r["parent"], r["name"]))
    return pd.DataFrame(rows, columns=["unit_id", "name", "kind", "parent"])


def rounds_for_unit(session: Session, *, viewer: Viewer, unit_id: int) -> pd.DataFrame:
    """Rounds whose scope covers the unit (or lies inside it), newest first."""
    require_aggregate_viewer(viewer)
    require_unit(session, viewer=viewer, unit_id=unit_id)
    units = unit_tree(session, viewer.organisation_id)
    chain, u = set(), unit_id
    while u is not None:
        chain.add(u)
        u = units[u].parent_id
    related = chain | with_descendants(units, {unit_id})
    ids = select(RoundScope.round_id).where(col(RoundScope.unit_id).in_(related))
    rounds = session.exec(
        select(Round).where(col(Round.id).in_(ids)).order_by(col(Round.opens_on).desc())
    ).all()
    return pd.DataFrame(
        [
            {"round_id": r.id, "name": r.name, "opens_on": r.opens_on, "closes_on": r.closes_on}
            for r in rounds
        ],
        columns=["round_id", "name", "opens_on", "closes_on"],
    )


# --- the view -------------------------------------------------------------------------------


@dataclass
class TeamView:
    unit_id: int
    unit_name: str
    round_id: int
    round_name: str
    thresholds: Thresholds
    framework: Framework
    cells: pd.DataFrame
    distribution: pd.DataFrame
    trend: pd.DataFrame
    comparison: pd.DataFrame
    segments: pd.DataFrame
    notes: pd.DataFrame
    obstacles: pd.DataFrame
    fields: list[str] = field(default_factory=list)
    released: bool = True  # False while the round is open: participation only
    closes_on: dt.date | None = None
    text_shown: bool = False  # whether the unit's pooled notes may be shown to this viewer

    def shown(self, cell: str) -> bool:
        row = self.cells[self.cells["cell"] == cell]
        return bool(len(row)) and bool(row["shown"].iloc[0])


def _dist_rows(cell: str, kind: str, label: str, dist: dict[str, list[int]], fields) -> list:
    rows = []
    for key in fields:
        counts = dist.get(key)
        if counts is None:
            continue
        total = sum(counts)
        for light, count in zip(LIGHTS, counts, strict=True):
            rows.append((cell, kind, label, key, light, count, count / total if total else 0.0))
    return rows


def _compare(group: pd.DataFrame, reference: pd.DataFrame, cell: str, label: str) -> pd.DataFrame:
    merged = group.merge(reference, on=["field_key", "light"], suffixes=("", "_ref"))
    diff = (merged["share"] - merged["share_ref"]) * 100
    flag = pd.Series("", index=merged.index)
    flag[diff >= OVER_UNDER_PP] = "over"
    flag[diff <= -OVER_UNDER_PP] = "under"
    return pd.DataFrame(
        {
            "cell": cell,
            "label": label,
            "field_key": merged["field_key"],
            "light": merged["light"],
            "share": merged["share"],
            "reference": merged["share_ref"],
            "diff_pp": diff.round(1),
            "flag": flag,
        },
        columns=COMPARE_COLUMNS,
    )


def _visible(session: Session, viewer: Viewer) -> set[str]:
    return {str(u) for u in visible_units(session, viewer=viewer)} | {release.ORG}


def team_view(
    session: Session,
    *,
    viewer: Viewer,
    unit_id: int,
    round_id: int,
    today: dt.date,
    rng: random.Random | None = None,
) -> TeamView:
    """The anonymous view of a unit (or team) for a round, read from the round's release and
    narrowed to what this viewer may see (``model.release.for_viewer``). While the round is
    open (or not yet released) it holds participation only."""
    require_aggregate_viewer(viewer)
    require_unit(session, viewer=viewer, unit_id=unit_id)
    rnd = session.get(Round, round_id)
    if rnd is None or rnd.organisation_id != viewer.organisation_id:
        raise AccessDenied("round not found")
    framework = parse_framework(session.get(FrameworkVersion, rnd.framework_id).data)
    units = unit_tree(session, viewer.organisation_id)
    visible = _visible(session, viewer)
    known = release.known_answers(session, viewer, [round_id])[round_id]
    stored = release.stored_data(session, round_id) if release.round_closed(rnd, today) else None
    if stored is None:
        vr = release.live_participation(session, viewer.organisation_id, rnd, known, visible)
    else:
        vr = release.for_viewer(stored[1], known, visible, thresholds(session, rnd.organisation_id))
    data = vr.data
    current = thresholds(session, rnd.organisation_id)
    th = make_thresholds(max(data["n"], current.n), max(data["n_text"], current.n_text))
    fields = data["fields"] or [f.key for f in framework.fields_for(rnd.modules)]
    core = data["core"]

    me = str(unit_id)
    subtree = with_descendants(units, {unit_id})
    teams = sorted(
        (u for u in subtree if units[u].kind == UnitKind.team and u != unit_id),
        key=lambda u: units[u].name,
    )
    keys = [("unit", me, "unit", units[unit_id].name)]
    keys += [(f"team:{t}", str(t), "team", units[t].name) for t in teams]
    segments = vr.segments.get(me, [])
    cell_rows, dist_rows = [], []
    for key, node, kind, label in keys:
        info = data["cells"][node]
        shown = vr.shown(node)
        cell_rows.append(
            {
                "cell": key,
                "kind": kind,
                "label": label,
                "invited": info["invited"],
                "respondents": info["respondents"] if shown else None,
                "shown": shown,
                "reason": vr.reason(node),
            }
        )
        if shown and node in data["dist"]:
            dist_rows += _dist_rows(key, kind, label, data["dist"][node], fields)
    for i, seg in enumerate(segments, start=1):
        key = f"segment:{i}"
        cell_rows.append(
            {
                "cell": key,
                "kind": "segment",
                "label": str(i),
                "invited": None,
                "respondents": seg["size"],
                "shown": True,
                "reason": None,
            }
        )
        dist_rows += _dist_rows(key, "segment", str(i), seg["dist"], core)
    org_shown = vr.shown(release.ORG) and release.ORG in data["dist"]
    cell_rows.append(
        {
            "cell": "org",
            "kind": "org",
            "label": "",
            "invited": None,
            "respondents": data["cells"][release.ORG]["respondents"] if org_shown else None,
            "shown": org_shown,
            "reason": vr.reason(release.ORG),
        }
    )
    if org_shown:
        dist_rows += _dist_rows("org", "org", "", data["dist"][release.ORG], fields)
    cells = pd.DataFrame(cell_rows, columns=CELL_COLUMNS)
    distribution = pd.DataFrame(dist_rows, columns=DIST_COLUMNS)

    comparison = pd.DataFrame(columns=COMPARE_COLUMNS)
    unit_dist = distribution[distribution["cell"] == "unit"]
    if not unit_dist.empty and org_shown:
        org_dist = distribution[distribution["cell"] == "org"]
        parts = [_compare(unit_dist, org_dist, "unit", units[unit_id].name)]
        for i in range(1, len(segments) + 1):
            seg_dist = distribution[distribution["cell"] == f"segment:{i}"]
            parts.append(_compare(seg_dist, unit_dist, f"segment:{i}", str(i)))
        comparison = pd.concat(parts, ignore_index=True)

    seg_rows = []
    for i, seg in enumerate(segments, start=1):
        means = {
            f"mean_{k}": round(
                sum(LIGHT_SCORE[light] * c for light, c in zip(LIGHTS, seg["dist"][k], strict=True))
                / seg["size"],
                2,
            )
            for k in core
        }
        seg_rows.append({"cell": f"segment:{i}", "label": str(i), "size": seg["size"]} | means)
    segment_frame = pd.DataFrame(
        seg_rows, columns=["cell", "label", "size"] + [f"mean_{k}" for k in core]
    )

    rng = rng or random.SystemRandom()
    text_shown = stored is not None and vr.text_shown(me)
    notes = pd.DataFrame(columns=NOTE_COLUMNS)
    obstacles = pd.DataFrame(columns=OBSTACLE_COLUMNS)
    texts = _texts(session, stored[0], subtree) if text_shown else []
    if text_shown:
        rows = [(t.category, t.level, t.field_key, t.text) for t in texts if t.kind == "note"]
        rng.shuffle(rows)
        notes = pd.DataFrame(rows, columns=NOTE_COLUMNS)
    if vr.shown(me) and data["obstacles"].get(me):
        reasons: dict[str, list[str]] = {}
        for t in texts:
            if t.kind == "reason":
                reasons.setdefault(t.obstacle_key, []).append(t.text)
        ranking = []
        for key, (points, picks) in data["obstacles"][me].items():
            found = reasons.get(key, [])
            rng.shuffle(found)
            ranking.append((key, points, picks, found))
        ranking.sort(key=lambda r: (-r[1], -r[2], r[0]))
        obstacles = pd.DataFrame(ranking, columns=OBSTACLE_COLUMNS)

    return TeamView(
        unit_id=unit_id,
        unit_name=units[unit_id].name,
        round_id=round_id,
        round_name=rnd.name,
        thresholds=th,
        framework=framework,
        cells=cells,
        distribution=distribution,
        trend=unit_trend(session, viewer=viewer, unit_id=unit_id, until=rnd, today=today)
        if stored is not None
        else pd.DataFrame(columns=TREND_COLUMNS),
        comparison=comparison,
        segments=segment_frame,
        notes=notes,
        obstacles=obstacles,
        fields=fields,
        released=stored is not None,
        closes_on=rnd.closes_on,
        text_shown=text_shown,
    )


def _texts(session: Session, release_id: int, subtree: set[int]) -> list[ReleaseText]:
    return list(
        session.exec(
            select(ReleaseText).where(
                ReleaseText.release_id == release_id, col(ReleaseText.team_id).in_(subtree)
            )
        )
    )


def unit_trend(
    session: Session, *, viewer: Viewer, unit_id: int, until: Round, today: dt.date
) -> pd.DataFrame:
    """The unit's distribution in each released round up to ``until``, where this viewer may
    see it (each round's release, minus what the viewer knows of that round)."""
    require_unit(session, viewer=viewer, unit_id=unit_id)
    rows = session.exec(
        select(Round, Release.id, Release.released_at)
        .join(Release, col(Release.round_id) == Round.id)
        .where(Round.organisation_id == viewer.organisation_id, Round.opens_on <= until.opens_on)
        .order_by(Round.opens_on)
    ).all()
    rows = [
        (r, release.release_data(session, rel_id, at))
        for r, rel_id, at in rows
        if release.round_closed(r, today)
    ]
    if not rows:
        return pd.DataFrame(columns=TREND_COLUMNS)
    visible = _visible(session, viewer)
    known = release.known_answers(session, viewer, [r.id for r, _ in rows])
    th = thresholds(session, viewer.organisation_id)
    me = str(unit_id)
    out = []
    for rnd, data in rows:
        vr = release.for_viewer(data, known.get(rnd.id, []), visible, th)
        if not vr.shown(me) or me not in data["dist"]:
            continue
        date = pd.Timestamp(rnd.opens_on)
        for _, _, _, key, light, count, share in _dist_rows(
            me, "unit", "", data["dist"][me], data["fields"]
        ):
            out.append((rnd.id, rnd.name, date, key, light, count, share))
    return pd.DataFrame(out, columns=TREND_COLUMNS)


def participation(view: TeamView) -> pd.DataFrame:
    """Invited, respondents and rate per unit and team; a hidden group carries no respondent
    count and no rate, only why it is hidden (``model.privacy`` reasons)."""
    rows = view.cells[view.cells["kind"].isin(["unit", "team"])]
    rate = [
        (r / i if (shown and i) else None)
        for r, i, shown in zip(rows["respondents"], rows["invited"], rows["shown"], strict=True)
    ]
    return pd.DataFrame(
        {
            "cell": rows["cell"],
            "label": rows["label"],
            "invited": rows["invited"].astype("Int64"),
            "respondents": rows["respondents"].where(rows["shown"]).astype("Int64"),
            "rate": rate,
            "shown": rows["shown"],
            "reason": rows["reason"],
        }
    ).reset_index(drop=True)


def clear_differences(view: TeamView, cell: str) -> pd.DataFrame:
    """The over- or under-represented lights of one cell against its reference."""
    rows = view.comparison[(view.comparison["cell"] == cell) & (view.comparison["flag"] != "")]
    return rows.reset_index(drop=True)
