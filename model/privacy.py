"""Anonymity rules for every aggregate: threshold and complementary suppression (P1-P3).

Suppression decides, before anything is computed for display, which groups ("cells") may be
shown. Rules (TRUST.md 1-2), applied until nothing changes:

1. a cell with fewer than N respondents is hidden;
2. two shown cells whose respondent sets differ by 1…N−1 people on either side: one of them is
   hidden — a segment before an organisational group, otherwise the smaller one;
3. a shown cell and the shown cells of one family (teams, segments…) that lie inside it: if they
   leave out 1…N−1 of its respondents, the smallest outermost of those cells is hidden
   (otherwise the cell minus the shown parts reveals the hidden rest).

Each round, the violation whose cell to hide comes first (rank, size, key) is resolved first, so
the result does not depend on the order cells were given in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from itertools import combinations

from sqlmodel import Session, select

from model.tables import Setting

THRESHOLD_FLOOR = 3
DEFAULT_THRESHOLD = 5
DEFAULT_TEXT_THRESHOLD = 7


@dataclass(frozen=True)
class Thresholds:
    n: int  # smallest group whose ratings may be shown
    n_text: int  # smallest group whose pooled notes may be shown


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


@dataclass(frozen=True)
class Cell:
    """A group that may be shown: its respondents and its family (cells of a family are
    disjoint or nested, like the units and teams of the organisation tree)."""

    members: frozenset
    family: str | None = None
    # Of two cells in conflict the lower rank yields first, then the smaller: the app's own
    # segments (rank 0) give way to organisational groups (rank 1), which people recognise.
    rank: int = 1


def suppress(cells: Mapping[Hashable, Cell], n: int) -> set[Hashable]:
    """The keys of the cells that must be hidden (rules 1-3 above)."""
    shown = {k for k, c in cells.items() if len(c.members) >= n}

    def order(key: Hashable) -> tuple[int, int, str]:
        return (cells[key].rank, len(cells[key].members), repr(key))

    while True:
        victims: list[Hashable] = []
        keys = sorted(shown, key=order)
        for a, b in combinations(keys, 2):
            ma, mb = cells[a].members, cells[b].members
            only_a, only_b = len(ma - mb), len(mb - ma)
            if 0 < only_a < n or 0 < only_b < n:
                victims.append(min(a, b, key=order))
        by_family: dict[Hashable, list[Hashable]] = defaultdict(list)
        for k in keys:
            by_family[cells[k].family or ("own", k)].append(k)
        for p in keys:
            whole = cells[p].members
            for family_keys in by_family.values():
                # Cells equal to the whole add nothing an attacker could subtract.
                parts = [k for k in family_keys if cells[k].members < whole]
                outer = [
                    k
                    for k in parts
                    if not any(j != k and cells[k].members < cells[j].members for j in parts)
                ]
                if not outer:
                    continue
                covered = frozenset().union(*(cells[k].members for k in outer))
                if 0 < len(whole - covered) < n:
                    victims.append(min(outer, key=order))
        if not victims:
            return set(cells) - shown
        shown.discard(min(victims, key=order))


def suppress_tree(
    counts: Mapping[Hashable, int], parents: Mapping[Hashable, Hashable | None], n: int
) -> set[Hashable]:
    """``suppress`` for cells that form a tree partition, from head counts alone.

    Every respondent belongs to exactly one leaf and a node holds all respondents below it, so
    set differences follow from counts: nested cells differ by the difference of their sizes and
    disjoint cells by their full sizes. Used for organisation-wide aggregates, where comparing
    sets pairwise would be far too slow; the property tests check it agrees with ``suppress``.
    """
    shown = {k for k, c in counts.items() if c >= n}
    ancestors: dict[Hashable, list[Hashable]] = {}
    for k in counts:
        chain, p = [], parents.get(k)
        while p is not None:
            chain.append(p)
            p = parents.get(p)
        ancestors[k] = chain
    children: dict[Hashable, list[Hashable]] = defaultdict(list)
    for k, p in parents.items():
        if p is not None and k in counts:
            children[p].append(k)

    def order(key: Hashable) -> tuple[int, str]:
        return (counts[key], repr(key))

    def same_people_below(c: Hashable) -> list[Hashable]:
        # In a tree partition a descendant with an equal count holds exactly the same people.
        found, stack = [], list(children.get(c, []))
        while stack:
            d = stack.pop()
            if counts[d] == counts[c]:
                found += [d] if d in shown else []
                stack.extend(children.get(d, []))
        return found

    def outermost_shown_below(p: Hashable) -> list[Hashable]:
        found, stack = [], list(children.get(p, []))
        while stack:
            c = stack.pop()
            if c in shown and counts[c] < counts[p]:  # an equal count is the same people
                found.append(c)
            else:
                stack.extend(children.get(c, []))
        return found

    while True:
        victims = []
        for k in shown:
            for a in ancestors[k]:
                if a in shown and 0 < counts[a] - counts[k] < n:
                    victims.append(k)
                    break
        for p in shown:
            outer = outermost_shown_below(p)
            if outer and 0 < counts[p] - sum(counts[c] for c in outer) < n:
                candidates = outer + [d for c in outer for d in same_people_below(c)]
                victims.append(min(candidates, key=order))
        if not victims:
            return set(counts) - shown
        shown.discard(min(victims, key=order))
