"""Team views: anonymous aggregates of one unit or team for one round (F2, S1).

Everything here is suppressed before it is returned (TRUST.md 1-4): a hidden cell has no count,
no share and no note in any frame, so pages, charts, tooltips and exports cannot leak it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from model.framework import Framework, parse_framework
from model.privacy import Cell, Thresholds, suppress, suppress_tree, thresholds
from model.scope import require_unit, unit_tree, visible_units, with_descendants
from model.tables import (
    LIGHT_SCORE,
    Assessment,
    AssessmentStatus,
    FrameworkVersion,
    Note,
    ObstaclePick,
    Person,
    Rating,
    Role,
    Round,
    RoundScope,
    Sharing,
    UnitKind,
)
from model.viewer import AccessDenied, Viewer

LIGHTS = tuple(LIGHT_SCORE)
MAX_SEGMENTS = 8
OVER_UNDER_PP = 10.0  # a colour differs "clearly" from the reference at 10 percentage points

DIST_COLUMNS = ["cell", "kind", "label", "field_key", "light", "count", "share"]
CELL_COLUMNS = ["cell", "kind", "label", "invited", "respondents", "shown"]
TREND_COLUMNS = ["round_id", "round", "date", "field_key", "light", "count", "share"]
COMPARE_COLUMNS = ["cell", "label", "field_key", "light", "share", "reference", "diff_pp", "flag"]
NOTE_COLUMNS = ["category", "level", "field_key", "text"]
OBSTACLE_COLUMNS = ["obstacle_key", "points", "picks", "reasons"]


def _counted(query):
    """Answers that count in team views: submitted, and not kept private by their author."""
    return query.where(
        Assessment.status == AssessmentStatus.submitted, Assessment.sharing != Sharing.private
    )


def _frame(session: Session, statement, columns: list[str]) -> pd.DataFrame:
    """The rows of a column select as a DataFrame, built column by column.

    Executed through Core (no ORM row processing), and never ``pd.DataFrame(list_of_rows)``:
    pandas does not recognise SQLAlchemy ``Row`` as a tuple and probes every row with
    ``hasattr``, which raises and catches an AttributeError per row inside SQLAlchemy
    (0.7 s for the 140,000 rows of an organisation-wide aggregate).
    """
    rows = session.connection().execute(statement).all()
    if not rows:
        return pd.DataFrame(columns=columns)
    data = dict(zip(columns, zip(*rows, strict=True), strict=True))
    return pd.DataFrame(data, columns=columns)


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


# --- segments -------------------------------------------------------------------------------


def segment_profiles(profiles: pd.DataFrame, fields: list[str], n: int) -> pd.Series:
    """A segment number per respondent (index: person), deterministic.

    People with the same pattern of lights start in one group; then the smallest group joins the
    group whose average pattern is closest, until every group has at least ``n`` people and there
    are at most eight groups.
    """
    if profiles.empty:
        return pd.Series(dtype="int64")
    scores = profiles[fields].replace(LIGHT_SCORE).astype(float)
    digits = scores.astype(int).astype(str)
    pattern = digits[fields[0]]
    for f in fields[1:]:
        pattern = pattern + digits[f]
    grouped = scores.groupby(pattern)
    groups = {p: list(idx) for p, idx in grouped.groups.items()}
    # Sums of integer scores are exact, so sum / size equals the mean of the members; keeping
    # them per group makes a merge O(fields) instead of recomputing every group's mean.
    sums = {p: row.to_numpy() for p, row in grouped.sum().iterrows()}
    while len(groups) > 1 and (
        len(groups) > MAX_SEGMENTS or min(len(m) for m in groups.values()) < n
    ):
        means = {p: sums[p] / len(groups[p]) for p in groups}
        smallest = min(groups, key=lambda p: (len(groups[p]), p))
        target = min(
            (p for p in groups if p != smallest),
            key=lambda p: (np.abs(means[p] - means[smallest]).sum(), -len(groups[p]), p),
        )
        groups[target] = groups[target] + groups.pop(smallest)
        sums[target] = sums[target] + sums.pop(smallest)
    # Number segments by size (largest first) so labels are stable for the same answers.
    ordered = sorted(groups.values(), key=lambda m: (-len(m), sorted(m)))
    return pd.Series({person: i + 1 for i, members in enumerate(ordered) for person in members})


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

    def shown(self, cell: str) -> bool:
        row = self.cells[self.cells["cell"] == cell]
        return bool(len(row)) and bool(row["shown"].iloc[0])


def _distributions(
    ratings: pd.DataFrame, members: dict[str, frozenset], fields: list[str]
) -> pd.DataFrame:
    """Count and share of each light per field among each cell's members (all lights, zeros
    included), for every cell in one grouping instead of one filter per cell."""
    membership = pd.DataFrame(
        [(key, person) for key, people in members.items() for person in people],
        columns=["cell", "person_id"],
    )
    joined = membership.merge(ratings[["person_id", "field_key", "light"]], on="person_id")
    counts = joined.groupby(["cell", "field_key", "light"]).size()
    index = pd.MultiIndex.from_product(
        [list(members), fields, LIGHTS], names=["cell", "field_key", "light"]
    )
    counts = counts.reindex(index, fill_value=0)
    totals = counts.groupby(level=["cell", "field_key"]).transform("sum")
    frame = pd.DataFrame({"count": counts, "share": (counts / totals.where(totals > 0)).fillna(0)})
    return frame.reset_index()


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


def team_view(
    session: Session,
    *,
    viewer: Viewer,
    unit_id: int,
    round_id: int,
    rng: random.Random | None = None,
) -> TeamView:
    """The whole anonymous view of a unit (or team) for a round, suppressed before returning."""
    require_aggregate_viewer(viewer)
    require_unit(session, viewer=viewer, unit_id=unit_id)
    rnd = session.get(Round, round_id)
    if rnd is None or rnd.organisation_id != viewer.organisation_id:
        raise AccessDenied("round not found")
    th = thresholds(session, viewer.organisation_id)
    framework = parse_framework(session.get(FrameworkVersion, rnd.framework_id).data)
    fields = [f.key for f in framework.fields_for(rnd.modules)]
    core = [f.key for f in framework.fields_for({})]

    units = unit_tree(session, viewer.organisation_id)
    subtree = with_descendants(units, {unit_id})
    teams = sorted(
        (u for u in subtree if units[u].kind == UnitKind.team and u != unit_id),
        key=lambda u: units[u].name,
    )
    # Every counted answer of the round in the organisation (ids only), then its ratings.
    answers = _frame(
        session,
        _counted(
            select(Assessment.id, Assessment.person_id, Assessment.team_id).where(
                Assessment.round_id == round_id
            )
        ),
        ["assessment_id", "person_id", "team_id"],
    )
    in_unit = answers[answers["team_id"].isin(subtree)]
    ratings = _frame(
        session,
        select(Rating.assessment_id, Rating.field_key, Rating.light).where(
            col(Rating.assessment_id).in_(
                _counted(
                    select(Assessment.id).where(
                        Assessment.round_id == round_id, col(Assessment.team_id).in_(subtree)
                    )
                )
            )
        ),
        ["assessment_id", "field_key", "light"],
    ).merge(in_unit[["assessment_id", "person_id", "team_id"]], on="assessment_id")

    # Cells shown together: the unit, its teams, its segments, and the organisation.
    unit_members = frozenset(in_unit["person_id"])
    cells: dict[str, Cell] = {"unit": Cell(unit_members, family="tree")}
    labels = {"unit": units[unit_id].name, "org": ""}
    kinds = {"unit": "unit", "org": "org"}
    for t in teams:
        key = f"team:{t}"
        cells[key] = Cell(frozenset(in_unit.loc[in_unit["team_id"] == t, "person_id"]), "tree")
        labels[key], kinds[key] = units[t].name, "team"
    profiles = ratings[ratings["field_key"].isin(core)].pivot_table(
        index="person_id", columns="field_key", values="light", aggfunc="first"
    )
    profiles = profiles.dropna(subset=[c for c in core if c in profiles.columns])
    segment_of = (
        segment_profiles(profiles, core, th.n)
        if set(core) <= set(profiles.columns)
        else pd.Series(dtype="int64")
    )
    for seg in sorted(set(segment_of)):
        key = f"segment:{seg}"
        cells[key] = Cell(frozenset(segment_of.index[segment_of == seg]), "segment", rank=0)
        labels[key], kinds[key] = str(seg), "segment"
    cells["org"] = Cell(frozenset(answers["person_id"]), family="tree")
    hidden = suppress(cells, th.n)

    # Invited = people in teams that both lie in this unit and are inside the round's scope.
    scope = set(session.exec(select(RoundScope.unit_id).where(RoundScope.round_id == round_id)))
    invited = _invited_by_team(
        session, viewer.organisation_id, subtree & with_descendants(units, scope)
    )
    cell_rows = []
    for key, cell in cells.items():
        shown = key not in hidden
        inv = None
        if key == "unit":
            inv = sum(invited.values())
        elif key.startswith("team:"):
            inv = invited.get(int(key.split(":")[1]), 0)
        cell_rows.append(
            {
                "cell": key,
                "kind": kinds[key],
                "label": labels[key],
                "invited": inv,
                "respondents": len(cell.members) if shown else None,
                "shown": shown,
            }
        )
    cell_frame = pd.DataFrame(cell_rows, columns=CELL_COLUMNS)

    org_ratings = _org_distribution(session, round_id, fields) if "org" not in hidden else None
    dist_parts = []
    members = {k: c.members for k, c in cells.items() if k not in hidden and k != "org"}
    if members:
        d = _distributions(ratings, members, fields)
        d.insert(1, "kind", d["cell"].map(kinds))
        d.insert(2, "label", d["cell"].map(labels))
        dist_parts.append(d)
    if org_ratings is not None:
        dist_parts.append(org_ratings.assign(cell="org", kind="org", label=""))
    distribution = (
        pd.concat(dist_parts, ignore_index=True)[DIST_COLUMNS]
        if dist_parts
        else pd.DataFrame(columns=DIST_COLUMNS)
    )

    comparison = pd.DataFrame(columns=COMPARE_COLUMNS)
    unit_dist = distribution[distribution["cell"] == "unit"]
    if "unit" not in hidden and org_ratings is not None:
        parts = [_compare(unit_dist, org_ratings, "unit", labels["unit"])]
        for key in cells:
            if key.startswith("segment:") and key not in hidden:
                seg_dist = distribution[distribution["cell"] == key]
                parts.append(_compare(seg_dist, unit_dist, key, labels[key]))
        comparison = pd.concat(parts, ignore_index=True)

    seg_rows = []
    for key in cells:
        if key.startswith("segment:") and key not in hidden:
            members = cells[key].members
            mean = profiles.loc[sorted(members), core].replace(LIGHT_SCORE).astype(float).mean()
            seg_rows.append(
                {"cell": key, "label": labels[key], "size": len(members)}
                | {f"mean_{k}": round(float(mean[k]), 2) for k in core}
            )
    segments = pd.DataFrame(
        seg_rows, columns=["cell", "label", "size"] + [f"mean_{k}" for k in core]
    )

    notes = pd.DataFrame(columns=NOTE_COLUMNS)
    obstacles = pd.DataFrame(columns=OBSTACLE_COLUMNS)
    if "unit" not in hidden and len(unit_members) >= th.n_text:
        notes = _pooled_notes(session, round_id, subtree, rng or random.SystemRandom())
    if "unit" not in hidden:
        with_reasons = len(unit_members) >= th.n_text
        obstacles = _obstacles(
            session, round_id, subtree, rng or random.SystemRandom(), with_reasons=with_reasons
        )

    return TeamView(
        unit_id=unit_id,
        unit_name=units[unit_id].name,
        round_id=round_id,
        round_name=rnd.name,
        thresholds=th,
        framework=framework,
        cells=cell_frame,
        distribution=distribution,
        trend=unit_trend(session, viewer=viewer, unit_id=unit_id, until=rnd),
        comparison=comparison,
        segments=segments,
        notes=notes,
        obstacles=obstacles,
        fields=fields,
    )


def _invited_by_team(session: Session, organisation_id: int, subtree: set[int]) -> dict[int, int]:
    return dict(
        session.exec(
            select(Person.team_id, func.count())
            .where(Person.organisation_id == organisation_id, Person.active)
            .where(col(Person.team_id).in_(subtree))
            .group_by(Person.team_id)
        ).all()
    )


def _org_distribution(session: Session, round_id: int, fields: list[str]) -> pd.DataFrame:
    counts = _frame(
        session,
        _counted(
            select(Rating.field_key, Rating.light, func.count())
            .join(Assessment, col(Assessment.id) == Rating.assessment_id)
            .where(Assessment.round_id == round_id)
        ).group_by(Rating.field_key, Rating.light),
        ["field_key", "light", "count"],
    )
    index = pd.MultiIndex.from_product([fields, LIGHTS], names=["field_key", "light"])
    counts = counts.set_index(["field_key", "light"])["count"].reindex(index, fill_value=0)
    totals = counts.groupby(level="field_key").transform("sum")
    return pd.DataFrame(
        {"count": counts, "share": (counts / totals.where(totals > 0)).fillna(0)}
    ).reset_index()


def unit_trend(session: Session, *, viewer: Viewer, unit_id: int, until: Round) -> pd.DataFrame:
    """The unit's distribution in each earlier round, only where it may be shown."""
    require_unit(session, viewer=viewer, unit_id=unit_id)
    th = thresholds(session, viewer.organisation_id)
    units = unit_tree(session, viewer.organisation_id)
    subtree = with_descendants(units, {unit_id})
    rounds = {
        r.id: r
        for r in session.exec(
            select(Round).where(
                Round.organisation_id == viewer.organisation_id, Round.opens_on <= until.opens_on
            )
        )
    }
    in_rounds = col(Assessment.round_id).in_(list(rounds))
    inside = col(Assessment.team_id).in_(subtree)
    frame = _frame(
        session,
        _counted(
            select(Assessment.round_id, Rating.field_key, Rating.light, func.count())
            .join(Rating, col(Rating.assessment_id) == Assessment.id)
            .where(in_rounds, inside)
        ).group_by(Assessment.round_id, Rating.field_key, Rating.light),
        ["round_id", "field_key", "light", "count"],
    )
    if frame.empty:
        return pd.DataFrame(columns=TREND_COLUMNS)
    # Outside the unit only head counts matter, for suppression: count answers without joining
    # their ratings (a submitted answer rates every field of its round, model.assessments).
    outside = dict(
        session.connection()
        .execute(
            _counted(
                select(Assessment.round_id, func.count()).where(
                    in_rounds, or_(~inside, col(Assessment.team_id).is_(None))
                )
            ).group_by(Assessment.round_id)
        )
        .all()
    )
    # Respondents per round = answers to the most answered field (each answer rates every field).
    per_field = frame.groupby(["round_id", "field_key"])["count"].sum()
    respondents = per_field.groupby(level="round_id").max()
    parts = []
    for rid in sorted(rounds, key=lambda r: rounds[r].opens_on):
        unit_n = int(respondents.get(rid, 0))
        org_n = unit_n + int(outside.get(rid, 0))
        counts = {"unit": unit_n, "org": org_n}
        if "unit" in suppress_tree(counts, {"unit": "org", "org": None}, th.n):
            continue
        sub = frame[frame["round_id"] == rid]
        sub = sub.groupby(["field_key", "light"])["count"].sum().reset_index()
        sub["share"] = sub["count"] / sub.groupby("field_key")["count"].transform("sum")
        sub.insert(0, "round_id", rid)
        sub.insert(1, "round", rounds[rid].name)
        sub.insert(2, "date", pd.Timestamp(rounds[rid].opens_on))
        parts.append(sub)
    if not parts:
        return pd.DataFrame(columns=TREND_COLUMNS)
    return pd.concat(parts, ignore_index=True)[TREND_COLUMNS]


def _pooled_notes(
    session: Session, round_id: int, subtree: set[int], rng: random.Random
) -> pd.DataFrame:
    """Notes of people who allowed pooling: no author, no time, shuffled (TRUST.md rule 3)."""
    rows = session.exec(
        _counted(
            select(Note.category, Note.level, Note.field_key, Note.text)
            .join(Assessment, col(Assessment.id) == Note.assessment_id)
            .where(
                Assessment.round_id == round_id,
                col(Assessment.team_id).in_(subtree),
                Assessment.notes_in_pool,
            )
        )
    ).all()
    rows = [tuple(r) for r in rows]
    rng.shuffle(rows)
    return pd.DataFrame(rows, columns=NOTE_COLUMNS)


def _obstacles(
    session: Session,
    round_id: int,
    subtree: set[int],
    rng: random.Random,
    *,
    with_reasons: bool,
) -> pd.DataFrame:
    """Top-five obstacle picks: points 5…1 by rank, how many picked each, and their reasons
    (shuffled, without authors, only when notes may be shown)."""
    rows = session.exec(
        _counted(
            select(
                ObstaclePick.obstacle_key,
                ObstaclePick.rank,
                ObstaclePick.reason,
                Assessment.notes_in_pool,
            )
            .join(Assessment, col(Assessment.id) == ObstaclePick.assessment_id)
            .where(Assessment.round_id == round_id, col(Assessment.team_id).in_(subtree))
        )
    ).all()
    frame = pd.DataFrame(rows, columns=["obstacle_key", "rank", "reason", "pool"])
    if frame.empty:
        return pd.DataFrame(columns=OBSTACLE_COLUMNS)
    frame["points"] = 6 - frame["rank"].clip(1, 5)
    # Reasons are free text: only from people who let their notes be pooled.
    frame.loc[~frame["pool"].astype(bool), "reason"] = None

    def reasons(texts: pd.Series) -> list[str]:
        found = [t for t in texts if isinstance(t, str) and t.strip()] if with_reasons else []
        rng.shuffle(found)
        return found

    ranking = frame.groupby("obstacle_key").agg(
        points=("points", "sum"), picks=("rank", "size"), reasons=("reason", reasons)
    )
    ranking = ranking.sort_values(["points", "picks"], ascending=False).reset_index()
    return ranking[OBSTACLE_COLUMNS]


# --- organisation-wide aggregate ------------------------------------------------------------


def organisation_aggregate(session: Session, *, viewer: Viewer) -> pd.DataFrame:
    """Counts of every light per unit, round and field for the whole organisation, suppressed.

    One GROUP BY by team, rolled up the unit tree in pandas; suppression from head counts.
    Columns: round_id, unit_id, field_key, light, count.
    """
    require_aggregate_viewer(viewer)
    units = unit_tree(session, viewer.organisation_id)
    allowed = visible_units(session, viewer=viewer)
    th = thresholds(session, viewer.organisation_id)
    teams = _frame(
        session,
        _counted(
            select(
                Assessment.team_id,
                Assessment.round_id,
                Rating.field_key,
                Rating.light,
                func.count(),
            )
            .join(Rating, col(Rating.assessment_id) == Assessment.id)
            .join(Round, col(Round.id) == Assessment.round_id)
            .where(Round.organisation_id == viewer.organisation_id)
        ).group_by(Assessment.team_id, Assessment.round_id, Rating.field_key, Rating.light),
        ["unit_id", "round_id", "field_key", "light", "count"],
    )
    parents = {u.id: u.parent_id for u in units.values()}
    # Roll each team's counts up to every ancestor.
    levels = [teams]
    current = teams
    while True:
        up = current.assign(unit_id=current["unit_id"].map(parents)).dropna(subset=["unit_id"])
        if up.empty:
            break
        up = up.astype({"unit_id": "int64"})
        up = up.groupby(["unit_id", "round_id", "field_key", "light"], as_index=False)[
            "count"
        ].sum()
        levels.append(up)
        current = up
    allc = pd.concat(levels, ignore_index=True)
    allc = allc.groupby(["round_id", "unit_id", "field_key", "light"], as_index=False)[
        "count"
    ].sum()
    per_field = allc.groupby(["round_id", "unit_id", "field_key"])["count"].sum()
    respondents = per_field.groupby(level=["round_id", "unit_id"]).max()
    hidden_pairs = []
    for rid, group in respondents.groupby(level="round_id"):
        counts = {int(u): int(c) for (_, u), c in group.items()}
        for u in suppress_tree(counts, {u: parents.get(u) for u in counts}, th.n):
            hidden_pairs.append((rid, u))
    if hidden_pairs:
        hide = pd.MultiIndex.from_tuples(hidden_pairs, names=["round_id", "unit_id"])
        keep = ~allc.set_index(["round_id", "unit_id"]).index.isin(hide)
        allc = allc[keep]
    return allc[allc["unit_id"].isin(allowed)].reset_index(drop=True)


def participation(view: TeamView) -> pd.DataFrame:
    """Invited, respondents and rate per unit and team; hidden groups carry no respondent count."""
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
        }
    ).reset_index(drop=True)


def clear_differences(view: TeamView, cell: str) -> pd.DataFrame:
    """The over- or under-represented lights of one cell against its reference."""
    rows = view.comparison[(view.comparison["cell"] == cell) & (view.comparison["flag"] != "")]
    return rows.reset_index(drop=True)
