"""The attacker of TRUST.md rules 1-5, as test code.

``Attacker`` opens every team view a viewer may open (every unit and team in scope, every round,
at every moment the test chooses), keeps everything shown — cells with their respondents,
distributions, trend, profiles, pooled notes and participation — and maps each shown figure to the
set of people it counts, from the ground truth in the database. ``leaks`` then looks for a small
group: per round, every atom of the collected sets (people who lie in exactly the same shown
sets) minus the people whose answers the viewer knows must hold 0 or at least N people (N_text
authors for notes). Any sum or difference of shown counts is constant on atoms, so this covers
every ±1 combination; ``small_combinations`` also tries those literally, up to three sets.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd
from sqlmodel import Session, col, select

from model import release, teamview
from model.scope import unit_tree, with_descendants
from model.tables import (
    Assessment,
    AssessmentStatus,
    Note,
    ObstaclePick,
    Rating,
    Release,
    ShareGrant,
    Sharing,
)
from model.viewer import Viewer

LIGHTS = ("red", "yellow", "green")


@dataclass
class Truth:
    """Who counted in each round, with their team, lights and whether they are a text author."""

    team: dict[int, int | None] = field(default_factory=dict)  # person -> team
    lights: dict[int, dict[str, str]] = field(default_factory=dict)
    author: set[int] = field(default_factory=set)


def truth(session: Session, round_id: int) -> Truth:
    out = Truth()
    answers = session.exec(
        select(Assessment).where(
            Assessment.round_id == round_id,
            Assessment.status == AssessmentStatus.submitted,
            Assessment.sharing != Sharing.private,
        )
    ).all()
    by_id = {a.id: a for a in answers}
    for a in answers:
        out.team[a.person_id] = a.team_id
        out.lights[a.person_id] = {}
    for aid, key, light in session.exec(
        select(Rating.assessment_id, Rating.field_key, Rating.light).where(
            col(Rating.assessment_id).in_(list(by_id))
        )
    ).all():
        out.lights[by_id[aid].person_id][key] = light
    wrote = set(
        session.exec(select(Note.assessment_id).where(col(Note.assessment_id).in_(list(by_id))))
    ) | set(
        session.exec(
            select(ObstaclePick.assessment_id).where(
                col(ObstaclePick.assessment_id).in_(list(by_id)), ObstaclePick.reason != ""
            )
        )
    )
    out.author = {by_id[a].person_id for a in wrote if by_id[a].notes_in_pool}
    return out


def known_people(session: Session, viewer: Viewer, round_id: int) -> set[int]:
    """Whose answers of the round the viewer has seen: their own and everything shared."""
    shared = select(ShareGrant.assessment_id).where(ShareGrant.grantee_id == viewer.person_id)
    return {viewer.person_id} | set(
        session.exec(
            select(Assessment.person_id).where(
                Assessment.round_id == round_id, col(Assessment.id).in_(shared)
            )
        )
    )


@dataclass
class Attacker:
    viewer: Viewer
    truths: dict[int, Truth]  # per round, at release time
    sets: dict[int, set[frozenset]] = field(default_factory=lambda: defaultdict(set))
    text_sets: dict[int, set[frozenset]] = field(default_factory=lambda: defaultdict(set))
    head_sets: list[set[frozenset]] = field(default_factory=list)  # open rounds, per look
    known: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    n: int = 5
    n_text: int = 7
    views: int = 0

    def people(self, round_id: int, node: int | str) -> frozenset:
        t = self.truths[round_id]
        if node == release.ORG:
            return frozenset(t.team)
        return frozenset(p for p, team in t.team.items() if team in self._subtree(node))

    def look(self, session: Session, unit_ids, round_ids, today) -> None:
        """Open every view the viewer may open and keep everything it shows."""
        self._units = unit_tree(session, self.viewer.organisation_id)
        for rid in round_ids:
            self.known[rid] |= known_people(session, self.viewer, rid)
        heads: set[frozenset] = set()
        for uid in unit_ids:
            for rid in round_ids:
                view = teamview.team_view(
                    session, viewer=self.viewer, unit_id=uid, round_id=rid, today=today
                )
                self.views += 1
                self.n, self.n_text = view.thresholds.n, view.thresholds.n_text
                if view.released:
                    self._keep(session, view, uid, rid)
                else:
                    heads |= self._heads(session, view, uid, rid)
        if heads:
            self.head_sets.append(heads)

    def _subtree(self, node) -> set[int]:
        return with_descendants(self._units, {int(node)})

    def _node(self, cell: str, uid: int) -> int | str:
        if cell == "unit":
            return uid
        if cell == "org":
            return release.ORG
        return int(cell.split(":")[1])

    def _keep(self, session, view, uid: int, rid: int) -> None:
        rel = session.exec(select(Release).where(Release.round_id == rid)).one()
        t = self.truths[rid]
        for row in view.cells.itertuples():
            if not row.shown:
                assert pd.isna(row.respondents), f"hidden {row.cell} carries a count"
                assert row.cell not in set(view.distribution["cell"])
                continue
            if row.kind == "segment":
                patterns = rel.data["segments"][str(uid)][int(row.label) - 1]["patterns"]
                core = rel.data["core"]
                members = frozenset(
                    p
                    for p in self.people(rid, uid)
                    if "".join(t.lights[p][k][0] for k in core) in patterns
                )
            else:
                members = self.people(rid, self._node(row.cell, uid))
            if not pd.isna(row.respondents):
                assert int(row.respondents) == len(members), (row.cell, "respondents")
            dist = view.distribution[view.distribution["cell"] == row.cell]
            for key, light, count in zip(
                dist["field_key"], dist["light"], dist["count"], strict=True
            ):
                real = sum(1 for p in members if t.lights[p].get(key) == light)
                assert int(count) == real, (row.cell, key, light, "counts are the truth")
            self.sets[rid].add(members)
        for trend_rid in set(view.trend["round_id"]):
            self.sets[int(trend_rid)].add(self.people(int(trend_rid), uid))
        if view.text_shown:
            self.text_sets[rid].add(self.people(rid, uid) & frozenset(t.author))
        else:
            assert view.notes.empty
            assert all(not r for r in view.obstacles["reasons"])

    def _heads(self, session, view, uid: int, rid: int) -> set[frozenset]:
        """An open round: the respondents of each shown cell at this moment."""
        assert view.distribution.empty
        live = truth(session, rid)
        found = set()
        for row in teamview.participation(view).itertuples():
            if row.shown:
                node = self._node(row.cell, uid)
                if node == release.ORG:
                    members = frozenset(live.team)
                else:
                    sub = self._subtree(node)
                    members = frozenset(p for p, team in live.team.items() if team in sub)
                assert int(row.respondents) == len(members)
                found.add(members)
            else:
                assert pd.isna(row.respondents)
                assert pd.isna(row.rate)
        return found

    # --- what can be worked out ---------------------------------------------------------------

    def leaks(self) -> list[tuple]:
        found = []
        for rid, sets in self.sets.items():
            found += [("ratings", rid, a) for a in small_atoms(sets, self.known[rid], self.n)]
        for rid, sets in self.text_sets.items():
            authors = self.known[rid] & self.truths[rid].author
            found += [("notes", rid, a) for a in small_atoms(sets, authors, self.n_text)]
        for sets in self.head_sets:
            found += [("participation", None, a) for a in small_atoms(sets, set(), self.n)]
        return found


def small_atoms(sets, known: set, n: int) -> list[frozenset]:
    """Atoms of the sets (people in exactly the same sets) that hold 1…n−1 unknown people."""
    signature: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sorted(sets, key=sorted)):
        for person in s:
            signature[person].append(i)
    atoms: dict[tuple, set] = defaultdict(set)
    for person, sig in signature.items():
        atoms[tuple(sig)].add(person)
    return [frozenset(a) for a in atoms.values() if 0 < len(a - known) < n]


def small_combinations(sets, known: set, n: int, depth: int = 3) -> list[frozenset]:
    """Every ±1 combination of up to ``depth`` shown sets that is itself a set of 1…n−1
    unknown people (the literal form of the rule; ``small_atoms`` covers all combinations)."""
    sets = sorted(sets, key=sorted)
    found = []
    for size in range(1, depth + 1):
        for combo in itertools.combinations(sets, size):
            for signs in itertools.product((1, -1), repeat=size):
                weight: dict[int, int] = defaultdict(int)
                for sign, s in zip(signs, combo, strict=True):
                    for person in s:
                        weight[person] += sign
                if all(w in (0, 1) for w in weight.values()):
                    group = {p for p, w in weight.items() if w == 1}
                    if 0 < len(group - known) < n:
                        found.append(frozenset(group))
    return found
