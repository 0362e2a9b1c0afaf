"""One release per round: the anonymous results, computed once when the round closes.

A release holds suppressed counts of every cell that any page or export can show — the
organisation ("org"), every unit at every level, every team and the profiles of the shown
leaves — and the pooled texts as they were at closing. It never changes afterwards: late
answers, edits, a change of sharing and erasures leave its counts as they are (an erasure
removes the person's texts from it). Readers (``model.teamview``, the workbook) read releases
only, through ``for_viewer``, which subtracts what that viewer already knows. The rules and the
attacker are described in ``model.privacy``.

The data of a release (JSON)::

    {"n": 5, "n_text": 7, "fields": [...], "core": [...],
     "cells": {"org" | "<unit id>": {"parent", "invited", "respondents" (shown only),
                                     "shown", "reason", "text", "authors" (text shown only)}},
     "dist": {cell: {field: [red, yellow, green]}},          # shown cells only
     "segments": {cell: [{"patterns": [...], "size": n, "dist": {field: [r, y, g]}}]},
     "obstacles": {cell: {obstacle_key: [points, picks]}}}   # shown cells only
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import threading
import weakref
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Engine, case, func, insert, literal, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from model import timesource
from model.framework import parse_framework
from model.privacy import (
    KNOWN,
    PROTECTS,
    TOO_FEW,
    Thresholds,
    profiles_summed,
    suppress_tree,
    thresholds,
)
from model.scope import unit_tree
from model.tables import (
    LIGHT_SCORE,
    Assessment,
    AssessmentStatus,
    FrameworkVersion,
    Note,
    ObstaclePick,
    Organisation,
    Person,
    Rating,
    Release,
    ReleaseKnown,
    ReleaseMember,
    ReleaseText,
    Round,
    RoundScope,
    ShareGrant,
    Sharing,
)
from model.viewer import Viewer

ORG = "org"
LIGHTS = tuple(LIGHT_SCORE)
LETTERS = tuple(light[0] for light in LIGHTS)  # "r", "y", "g"
_LETTER_SCORE = np.zeros(256, dtype=np.int64)  # byte of a profile letter -> its score
_LETTER_SCORE[[ord(light[0]) for light in LIGHT_SCORE]] = list(LIGHT_SCORE.values())


def counted(query):
    """Answers that count in team views: submitted, and not kept private by their author."""
    return query.where(
        Assessment.status == AssessmentStatus.submitted, Assessment.sharing != Sharing.private
    )


def round_closed(rnd: Round, today: dt.date) -> bool:
    """A round closes at the end of its last day in the organisation's time zone."""
    return today > rnd.closes_on


def _cell(unit_id: int | None) -> str:
    return ORG if unit_id is None else str(unit_id)


# --- computing ------------------------------------------------------------------------------


@dataclass
class _Tree:
    """The organisation tree as cells: "org" on top, then every unit and team."""

    cells: list[str]
    parents: dict[str, str | None]
    index: dict[str, int]
    up: np.ndarray  # (cells × cells) 1 where the column cell lies in the row cell (or is it)
    levels: list[tuple[np.ndarray, np.ndarray]]  # (cells, their parents) per depth, deepest first

    @classmethod
    def of(cls, session: Session, organisation_id: int) -> _Tree:
        units = unit_tree(session, organisation_id)
        cells = [ORG] + [str(u) for u in sorted(units)]
        parents: dict[str, str | None] = {ORG: None}
        for u in units.values():
            p = u.parent_id
            parents[str(u.id)] = str(p) if p in units else ORG
        index = {c: i for i, c in enumerate(cells)}
        up = np.zeros((len(cells), len(cells)), dtype=np.int64)
        depth = {}
        for c in cells:
            node: str | None = c
            while node is not None:
                up[index[node], index[c]] = 1
                node = parents[node]
            depth[c] = int(up[:, index[c]].sum()) - 1
        levels = []
        for d in range(max(depth.values()), 0, -1):
            at = [c for c in cells if depth[c] == d]
            levels.append(
                (
                    np.array([index[c] for c in at], dtype=np.int64),
                    np.array([index[parents[c]] for c in at], dtype=np.int64),
                )
            )
        return cls(cells, parents, index, up, levels)

    def total(self, x: np.ndarray) -> np.ndarray:
        """Each cell: the sum over the leaves inside it, the same as ``up @ x`` over the cells'
        axis (the middle one of a (rounds × cells × k) array, else the first). Adding each
        depth into its parents is linear in the cells; the dense product is quadratic."""
        y = np.array(x, dtype=np.int64)
        along = np.moveaxis(y, 1 if y.ndim == 3 else 0, 0)
        for kids, parents in self.levels:
            np.add.at(along, parents, along[kids])
        return y

    def leaf(self, team_id: int | None) -> int:
        """The column of an answer's team (an answer without a team counts in "org" only)."""
        return self.index.get(_cell(team_id), 0)


def _pattern(code: int, size: int) -> str:
    """The light pattern ("gyrg", one letter per core field) of a code Σ score × 3^i."""
    letters = []
    for _ in range(size):
        code, score = divmod(code, 3)
        letters.append(LETTERS[score])
    return "".join(letters)


def _decode(patterns: list[str], size: int) -> np.ndarray:
    """(patterns × core fields × lights): 1 where the pattern has that light in that field."""
    m = np.zeros((len(patterns), size, len(LIGHTS)), dtype=np.int64)
    for i, p in enumerate(patterns):
        for f, letter in enumerate(p):
            m[i, f, LETTERS.index(letter)] = 1
    return m


def profile_of(lights: dict[str, str], core: list[str]) -> str | None:
    """An answer's profile: its core lights in order, one letter each; None if one is missing."""
    if not all(lights.get(k) in LIGHT_SCORE for k in core):
        return None
    return "".join(lights[k][0] for k in core)


def _profiles(session: Session, round_ids: list[int], core: list[str]) -> np.ndarray:
    """(round, team or −1, code, answers) of the counted answers, as an int array; ``code`` is
    Σ score × 3^i over the core fields.

    Answers with a stored profile come as one string per team and round, their profiles joined,
    decoded here with numpy: one row per team instead of one per distinct profile, which cost
    more than the query. Answers without one (older rows, hand-made data) are counted from
    their core ratings."""
    team = func.coalesce(Assessment.team_id, literal(-1))
    joined = (
        func.string_agg(Assessment.profile, literal(""))
        if session.get_bind().dialect.name == "postgresql"
        else func.group_concat(Assessment.profile, literal(""))
    )
    stored_rows = _raw_rows(
        session.connection().execute(
            counted(
                select(Assessment.round_id, team, joined)
                .where(col(Assessment.round_id).in_(round_ids))
                .where(col(Assessment.profile).is_not(None))
                .where(func.length(Assessment.profile) == len(core))
            ).group_by(Assessment.round_id, Assessment.team_id)
        )
    )
    weight = case(
        {key: 3**i for i, key in enumerate(core)}, value=Rating.field_key, else_=literal(0)
    )
    score = case(LIGHT_SCORE, value=Rating.light, else_=literal(0))
    per_answer = (
        counted(
            select(
                Assessment.round_id.label("round_id"),
                team.label("team_id"),
                func.sum(weight * score).label("code"),
                func.count().label("rated"),
            )
            .join(Rating, col(Rating.assessment_id) == Assessment.id)
            .where(col(Assessment.round_id).in_(round_ids), col(Rating.field_key).in_(core))
            .where(
                or_(
                    col(Assessment.profile).is_(None),
                    func.length(Assessment.profile) != len(core),
                )
            )
        )
        .group_by(Assessment.id, Assessment.round_id, Assessment.team_id)
        .subquery()
    )
    from_ratings = _raw_rows(
        session.connection().execute(
            select(per_answer.c.round_id, per_answer.c.team_id, per_answer.c.code, func.count())
            .where(per_answer.c.rated == len(core))
            .group_by(per_answer.c.round_id, per_answer.c.team_id, per_answer.c.code)
        )
    )
    out = [np.array(from_ratings, dtype=np.int64).reshape(len(from_ratings), 4)]
    if stored_rows:
        rids, teams, texts = zip(*stored_rows, strict=True)
        answers = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        answers //= len(core)
        letters = np.frombuffer("".join(texts).encode("ascii", "replace"), dtype=np.uint8)
        scores = _LETTER_SCORE[letters.reshape(-1, len(core))]
        codes = scores @ (3 ** np.arange(len(core), dtype=np.int64))
        out.append(
            np.column_stack(
                [
                    np.repeat(np.array(rids, dtype=np.int64), answers),
                    np.repeat(np.array(teams, dtype=np.int64), answers),
                    codes,
                    np.ones(len(codes), dtype=np.int64),
                ]
            )
        )
    return np.concatenate(out)


def _raw_rows(result) -> list[tuple]:
    """All rows as the driver returns them (plain values): skips building a SQLAlchemy row per
    row, which cost as much as the query for an organisation's profile counts."""
    try:
        return list(result.cursor.fetchall()) if result.cursor is not None else []
    finally:
        result.close()


def _team_rows(session: Session, statement) -> list:
    return session.connection().execute(statement).all()


@contextlib.contextmanager
def _collector_paused():
    """Pause Python's cycle collector while a release's plain dicts and lists are built: they
    hold no cycles (reference counting frees them), and every full collection on the way walks
    every live object of the process. Measured in the bench: 0.38-0.44 s paused against
    0.4-1.2 s with collections, growing with what the process holds."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def compute(
    session: Session, organisation_id: int, round_ids: Iterable[int], th: Thresholds | None = None
) -> dict[int, dict]:
    """The release data of each round (not stored): every cell, suppressed together."""
    with _collector_paused():
        return _compute(session, organisation_id, round_ids, th)


def _compute(
    session: Session, organisation_id: int, round_ids: Iterable[int], th: Thresholds | None
) -> dict[int, dict]:
    rounds = {
        r.id: r
        for r in session.exec(
            select(Round).where(
                Round.organisation_id == organisation_id, col(Round.id).in_(list(round_ids))
            )
        )
    }
    if not rounds:
        return {}
    th = th or thresholds(session, organisation_id)
    tree = _Tree.of(session, organisation_id)
    frameworks = {
        fid: parse_framework(session.get(FrameworkVersion, fid).data)
        for fid in {r.framework_id for r in rounds.values()}
    }
    plan = {
        rid: (
            [f.key for f in frameworks[r.framework_id].fields_for(r.modules)],
            [f.key for f in frameworks[r.framework_id].fields_for({})],
        )
        for rid, r in rounds.items()
    }
    size = len(tree.cells)

    # Core lights: per framework core a (rounds × cells × patterns) count array over the
    # patterns that occur, from one GROUP BY (a pattern is every core light of one answer).
    by_core: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for rid, (_, core) in plan.items():
        by_core[tuple(core)].append(rid)
    codes: dict[tuple[str, ...], tuple[list[str], np.ndarray]] = {}
    team_leaf = np.zeros(max((int(c) for c in tree.cells[1:]), default=0) + 2, dtype=np.int64)
    for i, c in enumerate(tree.cells[1:], start=1):
        team_leaf[int(c)] = i  # an unknown team (or −1: none) counts in "org" only
    for core, rids in by_core.items():
        rows = _profiles(session, rids, list(core))
        uniq, found = np.unique(rows[:, 2], return_inverse=True)
        at = np.zeros(max(rids) + 1, dtype=np.int64)
        at[rids] = np.arange(len(rids))
        teams = rows[:, 1]
        known = (teams >= 0) & (teams < len(team_leaf))
        leaf = np.where(known, team_leaf[np.where(known, teams, 0)], 0)
        counts = np.zeros((len(rids), size, len(uniq)), dtype=np.int64)
        np.add.at(counts, (at[rows[:, 0]], leaf, found), rows[:, 3])
        codes[core] = ([_pattern(int(code), len(core)) for code in uniq], counts)

    # Module fields (not part of the profile): their own GROUP BY, only for rounds that have any.
    extra: dict[int, dict[str, np.ndarray]] = defaultdict(dict)
    with_modules = [rid for rid, (fields, core) in plan.items() if len(fields) > len(core)]
    if with_modules:
        core_keys = {k for _, core in plan.values() for k in core}
        for rid, team, key, light, count in _team_rows(
            session,
            counted(
                select(
                    Assessment.round_id,
                    Assessment.team_id,
                    Rating.field_key,
                    Rating.light,
                    func.count(),
                )
                .join(Rating, col(Rating.assessment_id) == Assessment.id)
                .where(
                    col(Assessment.round_id).in_(with_modules),
                    col(Rating.field_key).not_in(core_keys),
                )
            ).group_by(Assessment.round_id, Assessment.team_id, Rating.field_key, Rating.light),
        ):
            if light in LIGHTS and key in plan[rid][0]:
                m = extra[rid].setdefault(key, np.zeros((size, len(LIGHTS)), dtype=np.int64))
                m[tree.leaf(team), LIGHTS.index(light)] += count

    # Text authors: counted answers that let their notes be pooled and wrote a note or a reason.
    wrote = or_(
        col(Assessment.id).in_(select(Note.assessment_id)),
        col(Assessment.id).in_(
            select(ObstaclePick.assessment_id).where(func.length(ObstaclePick.reason) > 0)
        ),
    )
    authors = {rid: np.zeros(size, dtype=np.int64) for rid in rounds}
    for rid, team, count in _team_rows(
        session,
        counted(
            select(Assessment.round_id, Assessment.team_id, func.count()).where(
                col(Assessment.round_id).in_(list(rounds)), Assessment.notes_in_pool, wrote
            )
        ).group_by(Assessment.round_id, Assessment.team_id),
    ):
        authors[rid][tree.leaf(team)] += count

    # Obstacles: points 5…1 by rank and picks, for rounds with the module.
    obstacles: dict[int, dict[str, np.ndarray]] = defaultdict(dict)
    with_obstacles = [rid for rid, r in rounds.items() if (r.modules or {}).get("obstacles")]
    if with_obstacles:
        rank = ObstaclePick.rank
        points = case((rank <= 1, 5), (rank >= 5, 1), else_=6 - rank)
        for rid, team, key, pts, picks in _team_rows(
            session,
            counted(
                select(
                    Assessment.round_id,
                    Assessment.team_id,
                    ObstaclePick.obstacle_key,
                    func.sum(points),
                    func.count(),
                )
                .join(ObstaclePick, col(ObstaclePick.assessment_id) == Assessment.id)
                .where(col(Assessment.round_id).in_(with_obstacles))
            ).group_by(Assessment.round_id, Assessment.team_id, ObstaclePick.obstacle_key),
        ):
            m = obstacles[rid].setdefault(key, np.zeros((size, 2), dtype=np.int64))
            m[tree.leaf(team)] += (int(pts), int(picks))

    invited = _invited(session, organisation_id, tree, rounds)
    out = {}
    # The rounds of one framework core share their patterns: their sums, profiles and profile
    # distributions are computed together (per round they cost more in numpy calls than work).
    for core, rids in by_core.items():
        patterns, counts = codes[core]
        per_cell = tree.total(counts)  # (rounds × cells × patterns)
        decoded = _decode(patterns, len(core)).reshape(len(patterns), len(core) * len(LIGHTS))
        core_dist = (
            (per_cell.astype(float) @ decoded.astype(float))
            .astype(np.int64)
            .reshape(len(rids), size, len(core), len(LIGHTS))
            .tolist()
        )
        respondents = per_cell.sum(axis=2).tolist()
        text = tree.total(np.stack([authors[rid] for rid in rids], axis=1)).T.tolist()
        cut = [_suppress(tree, th, respondents[r], text[r]) for r in range(len(rids))]
        # Profiles only inside a shown cell with no shown cell below it (model.privacy).
        at = [(r, i) for r, (_, _, leaves) in enumerate(cut) for i in leaves]
        rows = per_cell[[r for r, _ in at], [i for _, i in at]] if at else per_cell[0, :0]
        segments: list[dict[str, list[dict]]] = [{} for _ in rids]
        for (r, i), groups in zip(at, profiles_summed(rows, patterns, th.n, decoded), strict=True):
            if groups:
                segments[r][tree.cells[i]] = _segment_data(groups, core)
        for r, rid in enumerate(rids):
            fields = plan[rid][0]
            hidden, text_hidden, _ = cut[r]
            out[rid] = _release_data(
                tree,
                th,
                fields=fields,
                core=core,
                respondents=respondents[r],
                authors=text[r],
                hidden=hidden,
                text_hidden=text_hidden,
                core_dist=core_dist[r],
                extra={k: tree.total(m).tolist() for k, m in extra[rid].items()},
                obstacles={k: tree.total(m) for k, m in obstacles[rid].items()},
                invited=invited[rid],
                segments=segments[r],
            )
    return out


def _invited(
    session: Session, organisation_id: int, tree: _Tree, rounds: dict[int, Round]
) -> dict[int, np.ndarray]:
    """Active people per cell whose team lies inside each round's scope."""
    heads = np.zeros(len(tree.cells), dtype=np.int64)
    for team, count in session.exec(
        select(Person.team_id, func.count())
        .where(Person.organisation_id == organisation_id, Person.active)
        .group_by(Person.team_id)
    ).all():
        if team is not None:
            heads[tree.leaf(team)] += count
    scopes: dict[int, list[int]] = defaultdict(list)
    for rid, unit in session.exec(
        select(RoundScope.round_id, RoundScope.unit_id).where(
            col(RoundScope.round_id).in_(list(rounds))
        )
    ).all():
        scopes[rid].append(tree.index[str(unit)])
    out = {}
    for rid in rounds:
        inside = tree.up[scopes[rid]].max(axis=0) if scopes[rid] else np.zeros(len(tree.cells))
        out[rid] = tree.total(heads * (inside > 0))
    return out


def _segment_data(groups: list[tuple[list[str], int, list[int]]], core) -> list[dict]:
    """A cell's profiles as stored: patterns, size and the lights of each core field (the
    summed lights come flat, field after field)."""
    width = len(LIGHTS)
    return [
        {
            "patterns": members,
            "size": people,
            "dist": {key: lights[f * width : (f + 1) * width] for f, key in enumerate(core)},
        }
        for members, people, lights in groups
    ]


def _suppress(
    tree: _Tree, th: Thresholds, respondents: list[int], authors: list[int]
) -> tuple[dict[str, str], dict[str, str], list[int]]:
    """One round's hidden cells, its cells whose texts are hidden, and the indexes of the shown
    cells with no shown cell below them (where profiles may be shown)."""
    counts = dict(zip(tree.cells, respondents, strict=True))
    hidden = suppress_tree(counts, tree.parents, th.n)
    # Free text: only where the ratings show, on author sets, with N_text.
    text_counts = dict(zip(tree.cells, authors, strict=True))
    text_hidden = {
        c: TOO_FEW for c, count in text_counts.items() if c in hidden or count < th.n_text
    }
    text_hidden = suppress_tree(text_counts, tree.parents, th.n_text, hidden=text_hidden)
    has_shown_below = set()  # cells with a shown cell anywhere below them
    for c in tree.cells:
        if c in hidden:
            continue
        node = tree.parents[c]
        while node is not None and node not in has_shown_below:
            has_shown_below.add(node)
            node = tree.parents[node]
    leaves = [i for i, c in enumerate(tree.cells) if c not in hidden and c not in has_shown_below]
    return hidden, text_hidden, leaves


def _release_data(
    tree: _Tree,
    th: Thresholds,
    *,
    fields: list[str],
    core: tuple[str, ...],
    respondents: list[int],
    authors: list[int],
    hidden: dict[str, str],
    text_hidden: dict[str, str],
    core_dist: list,
    extra: dict[str, list],
    obstacles: dict[str, np.ndarray],
    invited: np.ndarray,
    segments: dict[str, list[dict]],
) -> dict:
    data: dict = {
        "n": th.n,
        "n_text": th.n_text,
        "fields": fields,
        "core": list(core),
        "cells": {},
        "dist": {},
        "segments": segments,
        "obstacles": {},
    }
    invited_rows = invited.tolist()
    for i, c in enumerate(tree.cells):
        is_shown = c not in hidden
        data["cells"][c] = {
            "parent": tree.parents[c],
            "invited": invited_rows[i],
            "respondents": respondents[i] if is_shown else None,
            "shown": is_shown,
            "reason": hidden.get(c),
            "text": c not in text_hidden,
            "authors": authors[i] if c not in text_hidden else None,
        }
        if not is_shown:
            continue
        dist = dict(zip(core, core_dist[i], strict=True))
        if extra or len(fields) != len(core):
            dist.update((key, m[i]) for key, m in extra.items())
            dist = {key: dist.get(key, [0, 0, 0]) for key in fields}
        data["dist"][c] = dist
        if obstacles:
            data["obstacles"][c] = {
                key: [int(m[i, 0]), int(m[i, 1])] for key, m in obstacles.items() if m[i, 1] > 0
            }
    return data


# --- storing --------------------------------------------------------------------------------


def stored(session: Session, round_id: int) -> Release | None:
    return session.exec(select(Release).where(Release.round_id == round_id)).first()


# A release never changes once stored: its data is parsed once per engine (database), keyed by
# id and moment of release. Parsing 24 rounds' releases cost a team view 0.2 s at 11,000 people
# and 0.45 s at 22,000. Shared by every session (TRUST.md 13): it holds anonymous counts that
# were already suppressed for the whole organisation, never a person's answers, and every reader
# still narrows it per viewer (``for_viewer``).
_parsed: weakref.WeakKeyDictionary[Engine, OrderedDict] = weakref.WeakKeyDictionary()
_parsed_lock = threading.Lock()
PARSED_RELEASES = 96


def release_data(session: Session, release_id: int, released_at: dt.datetime) -> dict:
    """The data of a stored release, parsed once; callers must not change it."""
    key = (release_id, released_at)
    with _parsed_lock:
        cache = _parsed.setdefault(session.get_bind(), OrderedDict())
        data = cache.get(key)
        if data is not None:
            cache.move_to_end(key)
            return data
    data = session.exec(select(Release.data).where(Release.id == release_id)).one()
    with _parsed_lock:
        cache[key] = data
        while len(cache) > PARSED_RELEASES:
            cache.popitem(last=False)
    return data


def stored_data(session: Session, round_id: int) -> tuple[int, dict] | None:
    """The id and data of a round's release, or None before it is released."""
    row = session.exec(
        select(Release.id, Release.released_at).where(Release.round_id == round_id)
    ).first()
    return None if row is None else (row[0], release_data(session, *row))


def release_round(session: Session, rnd: Round, *, now: dt.datetime) -> Release:
    """Compute and store the release of a closed round, with its pooled texts; idempotent."""
    existing = stored(session, rnd.id)
    if existing is not None:
        return existing
    data = compute(session, rnd.organisation_id, [rnd.id])[rnd.id]
    release = Release(
        organisation_id=rnd.organisation_id,
        round_id=rnd.id,
        released_at=now,
        data=data,
    )
    try:
        with session.begin_nested():
            session.add(release)
            session.flush()
    except IntegrityError:  # someone else released it a moment ago
        return stored(session, rnd.id)
    with _parsed_lock:  # an id can come back (tests drop releases): forget what it held
        cache = _parsed.get(session.get_bind(), {})
        for key in [k for k in cache if k[0] == release.id]:
            del cache[key]
    _store_texts(session, release)
    session.exec(
        insert(ReleaseMember).from_select(
            ["release_id", "assessment_id"],
            counted(
                select(literal(release.id), Assessment.id).where(
                    Assessment.round_id == release.round_id
                )
            ),
        )
    )
    session.flush()
    return release


def _store_texts(session: Session, release: Release) -> None:
    """Copy the notes and reasons that may be pooled (author allowed it, answer counted)."""
    pooled = counted(
        select(Assessment.id).where(
            Assessment.round_id == release.round_id, Assessment.notes_in_pool
        )
    )
    session.exec(
        insert(ReleaseText).from_select(
            ["release_id", "assessment_id", "team_id", "kind", "category", "level",
             "field_key", "text"],
            select(
                literal(release.id), Note.assessment_id, Assessment.team_id, literal("note"),
                Note.category, Note.level, Note.field_key, Note.text,
            )
            .join(Assessment, col(Assessment.id) == Note.assessment_id)
            .where(col(Note.assessment_id).in_(pooled)),
        )
    )  # fmt: skip
    session.exec(
        insert(ReleaseText).from_select(
            ["release_id", "assessment_id", "team_id", "kind", "obstacle_key", "text"],
            select(
                literal(release.id), ObstaclePick.assessment_id, Assessment.team_id,
                literal("reason"), ObstaclePick.obstacle_key, ObstaclePick.reason,
            )
            .join(Assessment, col(Assessment.id) == ObstaclePick.assessment_id)
            .where(col(ObstaclePick.assessment_id).in_(pooled))
            .where(func.length(ObstaclePick.reason) > 0),
        )
    )  # fmt: skip
    session.flush()


def due_rounds(session: Session, organisation_id: int, *, today: dt.date) -> list[Round]:
    """Rounds of the organisation that have closed and have no release yet, oldest first."""
    return list(
        session.exec(
            select(Round)
            .where(Round.organisation_id == organisation_id, Round.closes_on < today)
            .where(col(Round.id).not_in(select(Release.round_id)))
            .order_by(Round.closes_on)
        ).all()
    )


def release_due(session: Session, organisation_id: int, *, now: dt.datetime) -> list[int]:
    """Release every round of the organisation that has closed and has no release yet."""
    org = session.get(Organisation, organisation_id)
    today = timesource.today(org.time_zone if org else timesource.DEFAULT_ZONE, at=now)
    due = due_rounds(session, organisation_id, today=today)
    for rnd in due:
        release_round(session, rnd, now=now)
    return [r.id for r in due]


def forget_answers(session: Session, assessment_ids: list[int]) -> None:
    """Before an erasure: the released counts stay, the texts go, and every viewer who had seen
    one of these answers (its author, a grantee) keeps it subtracted (``ReleaseKnown``). Only
    answers inside a release's counts are remembered: subtracting one that was never counted
    (private, a draft) would make a viewer's remainder look smaller than it is."""
    if not assessment_ids:
        return
    rows = session.exec(
        select(
            Release.id,
            Assessment.id,
            Assessment.person_id,
            Assessment.team_id,
            Assessment.notes_in_pool,
        )
        .join(ReleaseMember, col(ReleaseMember.release_id) == Release.id)
        .join(Assessment, col(Assessment.id) == ReleaseMember.assessment_id)
        .where(col(Assessment.id).in_(assessment_ids))
    ).all()
    wrote = set(
        session.exec(
            select(ReleaseText.assessment_id).where(
                col(ReleaseText.assessment_id).in_(assessment_ids)
            )
        ).all()
    )
    grantees = defaultdict(set)
    for aid, grantee in session.exec(
        select(ShareGrant.assessment_id, ShareGrant.grantee_id).where(
            col(ShareGrant.assessment_id).in_(assessment_ids)
        )
    ).all():
        grantees[aid].add(grantee)
    for release_id, aid, person_id, team_id, pooled in rows:
        for viewer_id in {person_id} | grantees[aid]:
            session.add(
                ReleaseKnown(
                    release_id=release_id,
                    viewer_id=viewer_id,
                    team_id=team_id,
                    author=bool(pooled and aid in wrote),
                )
            )
    session.exec(
        ReleaseText.__table__.delete().where(col(ReleaseText.assessment_id).in_(assessment_ids))
    )
    session.flush()


# --- what one viewer may see ----------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """An answer the viewer has seen: its team, its core pattern (None: unknown) and whether
    its author's notes were pooled."""

    team_id: int | None
    pattern: str | None
    author: bool


def known_answers(session: Session, viewer: Viewer, round_ids: list[int]) -> dict[int, list[Known]]:
    """Per round, the answers this viewer has seen: their own and every one ever shared with
    them (live, revoked or expired), and erased ones they had seen."""
    shared = select(ShareGrant.assessment_id).where(ShareGrant.grantee_id == viewer.person_id)
    seen = session.exec(
        select(Assessment)
        .where(col(Assessment.round_id).in_(round_ids))
        .where(or_(Assessment.person_id == viewer.person_id, col(Assessment.id).in_(shared)))
    ).all()
    # Only answers inside the counts matter: released rounds say which were counted (sharing
    # may have changed since); an open round counts what counts now.
    members = set(
        session.exec(
            select(ReleaseMember.assessment_id)
            .join(Release, col(Release.id) == ReleaseMember.release_id)
            .where(col(ReleaseMember.assessment_id).in_([a.id for a in seen]))
        ).all()
    )
    released = set(
        session.exec(select(Release.round_id).where(col(Release.round_id).in_(round_ids))).all()
    )
    answers = [
        a
        for a in seen
        if a.id in members
        or (
            a.round_id not in released
            and a.status == AssessmentStatus.submitted
            and a.sharing != Sharing.private
        )
    ]
    out: dict[int, list[Known]] = defaultdict(list)
    if answers:
        lights: dict[int, dict[str, str]] = defaultdict(dict)
        for aid, key, light in session.exec(
            select(Rating.assessment_id, Rating.field_key, Rating.light).where(
                col(Rating.assessment_id).in_([a.id for a in answers])
            )
        ).all():
            lights[aid][key] = light
        wrote = set(
            session.exec(
                select(Note.assessment_id).where(
                    col(Note.assessment_id).in_([a.id for a in answers])
                )
            ).all()
        ) | set(
            session.exec(
                select(ObstaclePick.assessment_id).where(
                    col(ObstaclePick.assessment_id).in_([a.id for a in answers])
                )
            ).all()
        )
        cores = _cores(session, round_ids)
        for a in answers:
            core = cores.get(a.round_id, [])
            got = lights[a.id]
            pattern = (
                "".join(got[k][0] for k in core) if core and all(k in got for k in core) else None
            )
            out[a.round_id].append(Known(a.team_id, pattern, a.notes_in_pool and a.id in wrote))
    for round_id, team_id, author in session.exec(
        select(Release.round_id, ReleaseKnown.team_id, ReleaseKnown.author)
        .join(Release, col(Release.id) == ReleaseKnown.release_id)
        .where(ReleaseKnown.viewer_id == viewer.person_id, col(Release.round_id).in_(round_ids))
    ).all():
        out[round_id].append(Known(team_id, None, author))
    return out


def _cores(session: Session, round_ids: list[int]) -> dict[int, list[str]]:
    rows = session.exec(
        select(Round.id, FrameworkVersion.data)
        .join(FrameworkVersion, col(FrameworkVersion.id) == Round.framework_id)
        .where(col(Round.id).in_(round_ids))
    ).all()
    return {rid: [f.key for f in parse_framework(data).fields_for({})] for rid, data in rows}


@dataclass
class ViewerRelease:
    """A release as one viewer may see it: hidden cells (with reasons) and text cells."""

    data: dict
    hidden: dict[str, str]
    text_hidden: set[str]
    segments: dict[str, list[dict]] = field(default_factory=dict)

    def shown(self, cell: str) -> bool:
        return cell in self.data["cells"] and cell not in self.hidden

    def text_shown(self, cell: str) -> bool:
        return self.shown(cell) and cell not in self.text_hidden

    def reason(self, cell: str) -> str | None:
        return self.hidden.get(cell)


def for_viewer(
    data: dict, known: list[Known], visible: set[str], th: Thresholds | None = None
) -> ViewerRelease:
    """The release minus what the viewer knows, over the cells they may open (and "org").

    Cells outside ``visible`` count as hidden (hiding more is always safe: atoms only merge);
    then each count loses the known answers inside it and the tree rules run again. Thresholds
    raised since the release (``th``) apply at once; lowered ones wait for the next release.
    """
    cells = data["cells"]
    parents = {c: v["parent"] for c, v in cells.items()}
    n = max(data["n"], th.n if th else 0)
    n_text = max(data["n_text"], th.n_text if th else 0)
    k = defaultdict(int)
    k_text = defaultdict(int)
    for answer in known:
        node = _cell(answer.team_id)
        node = node if node in cells else ORG
        while node is not None:
            k[node] += 1
            k_text[node] += answer.author
            node = parents[node]
    hidden = {c: (v["reason"] or PROTECTS) for c, v in cells.items() if not v["shown"]}
    for c, v in cells.items():
        if c not in hidden and v["respondents"] < n:
            hidden[c] = TOO_FEW
    for c in cells:
        if c not in hidden and c not in visible and c != ORG:
            hidden[c] = PROTECTS
    counts = {c: (v["respondents"] - k[c]) if c not in hidden else 0 for c, v in cells.items()}
    hidden = suppress_tree(counts, parents, n, hidden=hidden, small=KNOWN, cover=KNOWN)
    text_hidden = {
        c: TOO_FEW
        for c, v in cells.items()
        if not v["text"] or c in hidden or v["authors"] < n_text
    }
    text_counts = {
        c: (v["authors"] - k_text[c]) if c not in text_hidden else 0 for c, v in cells.items()
    }
    text_hidden = suppress_tree(
        text_counts, parents, n_text, hidden=text_hidden, small=KNOWN, cover=KNOWN
    )
    segments = {}
    for c, groups in data["segments"].items():
        if c in hidden:
            continue
        inside = [a for a in known if _inside(_cell(a.team_id), c, parents)]
        unsure = sum(1 for a in inside if a.pattern is None)  # erased: profile no longer known
        ok = True
        for g in groups:
            most = g["size"] - sum(1 for a in inside if a.pattern in g["patterns"])
            # Unknown people left in the profile: somewhere in most − unsure … most.
            if most > 0 and most - unsure < n:
                ok = False
        if ok:
            segments[c] = groups
    return ViewerRelease(data, hidden, set(text_hidden), segments)


def _inside(cell: str, ancestor: str, parents: dict[str, str | None]) -> bool:
    node: str | None = cell if cell in parents else ORG
    while node is not None:
        if node == ancestor:
            return True
        node = parents[node]
    return False


def live_participation(
    session: Session, organisation_id: int, rnd: Round, known: list[Known], visible: set[str]
) -> ViewerRelease:
    """An open round: respondents per cell from the live answers, under the same rules (no
    distributions, no texts, no profiles)."""
    th = thresholds(session, organisation_id)
    tree = _Tree.of(session, organisation_id)
    leaf = np.zeros(len(tree.cells), dtype=np.int64)
    for team, count in session.exec(
        counted(
            select(Assessment.team_id, func.count()).where(Assessment.round_id == rnd.id)
        ).group_by(Assessment.team_id)
    ).all():
        leaf[tree.leaf(team)] += count
    respondents = tree.total(leaf)
    counts = {c: int(respondents[i]) for i, c in enumerate(tree.cells)}
    hidden = suppress_tree(counts, tree.parents, th.n)
    invited = _invited(session, organisation_id, tree, {rnd.id: rnd})[rnd.id]
    data = {
        "n": th.n,
        "n_text": th.n_text,
        "fields": [],
        "core": [],
        "cells": {
            c: {
                "parent": tree.parents[c],
                "invited": int(invited[i]),
                "respondents": counts[c] if c not in hidden else None,
                "shown": c not in hidden,
                "reason": hidden.get(c),
                "text": False,
                "authors": None,
            }
            for i, c in enumerate(tree.cells)
        },
        "dist": {},
        "segments": {},
        "obstacles": {},
    }
    return for_viewer(data, known, visible, th)
