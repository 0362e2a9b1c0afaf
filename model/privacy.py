"""Anonymity rules for every aggregate (PRODUCT.md P1-P3, TRUST.md 1-5).

The attacker
------------
A viewer remembers everything they have ever been shown — every page, chart, tooltip, chart spec
and export, of every unit, team, segment and round in their scope, at every moment — plus their
own answers and everything people shared with them individually. Nothing they can compute from
all of it by adding and subtracting may determine the ratings of fewer than N people or the notes
of fewer than N_text authors.

How that holds
--------------
* **One release per round** (``model.release``): when a round closes, every cell any page or export
  can show — the organisation, every unit at every level, every team, the profiles (segments) —
  is suppressed together and stored as counts. Pages and exports read only the release, and a
  release never changes (late answers, edits and erasures leave its counts as they are), so
  "before and after one more answer" does not exist. While a round is open only participation is
  shown, under the same rules.
* **Atoms.** The people of the shown cells fall into *atoms*: people who belong to exactly the
  same shown cells. Any sum or difference of shown counts is constant on every atom, so it can
  only ever single out whole atoms. The rule is therefore: every atom holds 0 or at least N
  people (N_text authors for free text). For the organisation tree the atom of a shown cell is
  its *gap* — its people minus those of the outermost shown cells inside it — and
  ``suppress_tree`` keeps every gap at 0 or ≥ N, hiding the smallest outermost cell inside a
  cell whose gap is too small. That covers a unit minus a team, a unit minus a sub-unit,
  siblings, and the organisation minus the viewer's own units, at once and at every depth.
* **Profiles (segments)** are built only inside a shown cell with no shown cell below it (a leaf
  of the shown tree). There they partition the cell, so their atoms are the profiles themselves
  (each ≥ N), and they can never be intersected with a team or a sub-unit. All profiles of a
  cell are shown together or not at all.
* **Free text** (pooled notes and obstacle reasons) follows the same tree rule on *author* sets —
  distinct people who let their notes be pooled and wrote any — with N_text, and only for cells
  whose ratings are shown.
* **What the viewer knows** (their own answer, assessments shared with them, ever) is subtracted
  from every count and the same rules run again for that viewer, starting from the release's
  hidden cells: a per-viewer check only ever hides more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
from sqlmodel import Session, select

from model.tables import LIGHT_SCORE, Setting

THRESHOLD_FLOOR = 3
DEFAULT_THRESHOLD = 5
DEFAULT_TEXT_THRESHOLD = 7
MAX_SEGMENTS = 8

# Why a cell is hidden; each is true of the cell and gives no count.
TOO_FEW = "too_few"  # fewer than N answered
PROTECTS = "protects"  # shown, it would let others' answers be worked out
KNOWN = "known"  # hidden for this viewer: they know some of its members' answers


@dataclass(frozen=True)
class Thresholds:
    n: int  # smallest group whose ratings may be shown
    n_text: int  # smallest author group whose pooled notes may be shown


def make_thresholds(n: int | None = None, n_text: int | None = None) -> Thresholds:
    """Apply the floor: N is never below 3, and notes never need fewer people than ratings."""
    n = max(THRESHOLD_FLOOR, DEFAULT_THRESHOLD if n is None else int(n))
    n_text = max(n, DEFAULT_TEXT_THRESHOLD if n_text is None else int(n_text))
    return Thresholds(n=n, n_text=n_text)


def thresholds(session: Session, organisation_id: int) -> Thresholds:
    """The organisation's thresholds from settings (A3), with the floor applied."""
    rows = dict(
        session.exec(
            select(Setting.key, Setting.value).where(Setting.organisation_id == organisation_id)
        ).all()
    )
    return make_thresholds(rows.get("anonymity_threshold"), rows.get("notes_threshold"))


def suppress_tree(
    counts: Mapping[Hashable, int],
    parents: Mapping[Hashable, Hashable | None],
    n: int,
    *,
    hidden: Mapping[Hashable, str] | None = None,
    small: str = TOO_FEW,
    cover: str = PROTECTS,
) -> dict[Hashable, str]:
    """The hidden cells of a tree of nested or disjoint groups, with the reason for each.

    ``counts`` are the people of each cell (a cell holds everyone below it); ``hidden`` are cells
    already hidden (kept, with their reasons). A cell with 1…N−1 people is hidden (``small``);
    then, bottom up, a shown cell whose gap — its people minus those of the outermost shown
    cells inside it — is 1…N−1 hides the smallest of those (``cover``) until the gap is 0 or
    ≥ N. A cell of 0 people is hidden unless ``hidden`` is given (a viewer who knows every
    answer of a released cell learns nothing from it).
    """
    result: dict[Hashable, str] = dict(hidden or {})
    per_viewer = hidden is not None
    for key, c in counts.items():
        if key not in result and (0 < c < n or (c == 0 and not per_viewer)):
            result[key] = small
    children: dict[Hashable, list[Hashable]] = defaultdict(list)
    for key in sorted(counts, key=repr):
        p = parents.get(key)
        if p is not None and p in counts:
            children[p].append(key)
    roots = [k for k in sorted(counts, key=repr) if parents.get(k) not in counts]
    order: list[Hashable] = []  # post-order: every cell after everything below it
    stack = [(r, False) for r in reversed(roots)]
    while stack:
        key, done = stack.pop()
        if done:
            order.append(key)
            continue
        stack.append((key, True))
        stack.extend((c, False) for c in reversed(children[key]))
    # cov[k]: people of the outermost shown cells strictly inside k.
    cov: dict[Hashable, int] = {}
    outer: dict[Hashable, list[Hashable]] = {}
    for key in order:
        total, found = 0, []
        for c in children[key]:
            if c in result:
                total += cov[c]
                found += outer[c]
            else:
                total += counts[c]
                found.append(c)
        cov[key], outer[key] = total, found
        if key in result:
            continue
        while 0 < counts[key] - cov[key] < n and outer[key]:
            victim = min(outer[key], key=lambda k: (counts[k], repr(k)))
            result[victim] = cover
            # The victim's own outermost cells take its place, in every cell up to this one.
            delta = cov[victim] - counts[victim]
            node = parents.get(victim)
            while node is not None:
                cov[node] += delta
                at = outer[node].index(victim)
                outer[node][at : at + 1] = outer[victim]
                if node == key:
                    break
                node = parents.get(node)
    return result


# --- profiles (segments) ---------------------------------------------------------------------


def profile_segments(patterns: Mapping[str, int], n: int) -> list[list[str]]:
    """Profiles of one cell from the counts of its light patterns ("gyrg": one letter per core
    field); each profile is a list of patterns, largest profile first. Deterministic.

    People with the same pattern start in one group; the smallest group joins the group whose
    average pattern is closest, until every group has at least ``n`` people and there are at
    most eight. Fewer than two groups means no profiles. This is the definition; a release uses
    ``profiles_summed``, which gives the same for thousands of cells at once (tested).
    """
    letters = {light[0]: score for light, score in LIGHT_SCORE.items()}
    groups = {p: [p] for p in patterns if patterns[p] > 0}
    sizes = {p: patterns[p] for p in groups}
    sums = {p: np.array([letters[ch] for ch in p], dtype=float) * patterns[p] for p in groups}
    while len(groups) > 1 and (len(groups) > MAX_SEGMENTS or min(sizes.values()) < n):
        means = {p: sums[p] / sizes[p] for p in groups}
        smallest = min(groups, key=lambda p: (sizes[p], p))
        target = min(
            (p for p in groups if p != smallest),
            key=lambda p: (np.abs(means[p] - means[smallest]).sum(), -sizes[p], p),
        )
        groups[target] += groups.pop(smallest)
        sizes[target] += sizes.pop(smallest)
        sums[target] = sums[target] + sums.pop(smallest)
    if len(groups) < 2:
        return []
    ordered = sorted(groups, key=lambda p: (-sizes[p], sorted(groups[p])))
    return [sorted(groups[p]) for p in ordered]


def profiles_summed(
    counts: np.ndarray, patterns: list[str], n: int, values: np.ndarray
) -> list[list[tuple[list[str], int, list[int]]]]:
    """``counts`` (cells × patterns): for each cell the profiles ``profile_segments`` gives for
    ``{patterns[p]: counts[c, p]}`` — the same greedy merge done for every cell at a time (a
    release has thousands of leaf cells), ties broken as there — each with its size and its
    people's total of ``values`` (patterns × k, integers): per cell a list of (patterns, size,
    Σ count × values[pattern])."""
    counts = np.asarray(counts, dtype=np.int64)
    out: list[list[tuple[list[str], int, list[int]]]] = [[] for _ in range(counts.shape[0])]
    if counts.size == 0:
        return out
    merged = _merge_profiles(counts, patterns, n)
    if merged is None:
        return out
    todo, ids, owner, size, alive, present = merged
    done = np.flatnonzero(alive.sum(axis=1) > 1)
    if done.size == 0:
        return out
    # Each profile's total of values: the people of each slot times its pattern's values, added
    # into the slot that owns it (one bincount per column).
    d_ids, d_owner, d_present = ids[done], owner[done], present[done]
    wide = ids.shape[1]
    slot_people = np.where(d_present, counts[todo[done][:, None], d_ids], 0).astype(float)
    into = (np.arange(done.size)[:, None] * wide + d_owner).ravel()
    groups = alive[done]
    position = (np.cumsum(groups.ravel()) - 1).reshape(groups.shape).tolist()
    flat_values = np.asarray(values, dtype=float)
    sums = (
        np.column_stack(
            [
                np.bincount(
                    into,
                    weights=(slot_people * flat_values[d_ids, k]).ravel(),
                    minlength=done.size * wide,
                )[groups.ravel()]
                for k in range(flat_values.shape[1])
            ]
        )
        if flat_values.shape[1]
        else np.zeros((int(groups.sum()), 0))
    )
    sums_list = np.rint(sums).astype(np.int64).tolist()
    # Read back as lists once (one numpy call per cell costs more than the cell's work).
    done_slots = d_ids.tolist()
    done_owner = d_owner.tolist()
    done_sizes = size[done].tolist()
    # Present patterns come first in each row (packed to the left).
    done_present = d_present.sum(axis=1).tolist()
    for d, (r, slots, own, sizes, k) in enumerate(
        zip(done.tolist(), done_slots, done_owner, done_sizes, done_present, strict=True)
    ):
        members: dict[int, list[str]] = {}
        for slot, g in zip(slots[:k], own[:k], strict=True):
            members.setdefault(g, []).append(patterns[slot])
        for g in members:
            members[g].sort()
        ordered = sorted(members, key=lambda g: (-sizes[g], members[g]))
        out[todo[r]] = [(members[g], sizes[g], sums_list[position[d][g]]) for g in ordered]
    return out


def _merge_profiles(counts: np.ndarray, patterns: list[str], n: int):
    """The greedy merge of ``profile_segments`` for every row of ``counts`` at once: the rows
    worked on, and per row its slots' pattern ids, each slot's owner (the slot of the group it
    joined), the groups' sizes at their owners, which slots still own a group, which hold a
    pattern. None when no row can have two groups."""
    width = counts.shape[1]
    rank = np.empty(width, dtype=np.int64)
    rank[sorted(range(width), key=lambda p: patterns[p])] = np.arange(width)
    letters = {light[0]: score for light, score in LIGHT_SCORE.items()}
    scores = np.array([[letters[ch] for ch in p] for p in patterns], dtype=float)
    present = counts > 0
    # Fewer than 2n people, or one pattern: never two groups of n.
    todo = np.flatnonzero((present.sum(axis=1) > 1) & (counts.sum(axis=1) >= 2 * n))
    if todo.size == 0:
        return None
    # Each cell's patterns packed to the left: slot j of row r is pattern ids[r, j].
    rows_present = present[todo]
    wide = int(rows_present.sum(axis=1).max())
    order = np.argsort(~rows_present, axis=1, kind="stable")[:, :wide]
    ids = order
    size = np.take_along_axis(counts[todo], order, axis=1)
    alive = size > 0
    slot_present = alive.copy()
    key_rank = np.where(alive, rank[ids], 0)
    sums = size[:, :, None] * scores[ids]  # exact: small integers in float64
    means = sums / np.where(alive, size, 1)[:, :, None]
    owner = np.broadcast_to(np.arange(wide), size.shape).copy()
    big = np.iinfo(np.int64).max

    def unfinished(rows: np.ndarray) -> np.ndarray:
        g = alive[rows].sum(axis=1)
        smallest = np.where(alive[rows], size[rows], big).min(axis=1)
        return rows[(g > 1) & ((g > MAX_SEGMENTS) | (smallest < n))]

    rows = unfinished(np.arange(todo.size))
    while rows.size:
        a, s_, kr = alive[rows], size[rows], key_rank[rows]
        k = np.arange(rows.size)
        small = np.where(a, s_ * width + kr, big).argmin(axis=1)
        m = means[rows]
        ref = m[k, small]
        dist = np.zeros(s_.shape)
        for f in range(m.shape[2]):  # left to right, as numpy sums a short vector
            dist = dist + np.abs(m[:, :, f] - ref[:, None, f])
        cand = a.copy()
        cand[k, small] = False
        cand &= dist == np.where(cand, dist, np.inf).min(axis=1)[:, None]
        cand &= s_ == np.where(cand, s_, -1).max(axis=1)[:, None]
        target = np.where(cand, kr, big).argmin(axis=1)
        size[rows, target] += size[rows, small]
        size[rows, small] = 0
        sums[rows, target] += sums[rows, small]
        means[rows, target] = sums[rows, target] / size[rows, target][:, None]
        alive[rows, small] = False
        o = owner[rows]
        owner[rows] = np.where(o == small[:, None], target[:, None], o)
        rows = unfinished(rows)
    return todo, ids, owner, size, alive, slot_present
