"""Suppression rules of ``model.privacy``: threshold, gaps in the tree, per-viewer narrowing.

The property tests build the people behind a random tree of counts and check the atom rule
directly: every group of people that lie in exactly the same shown cells holds 0 or ≥ N people,
so no sum or difference of shown counts can single out 1…N−1 of them.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from model.privacy import (
    KNOWN,
    PROTECTS,
    TOO_FEW,
    make_thresholds,
    profile_segments,
    profiles_summed,
    suppress_tree,
)
from tests.attacker import small_atoms, small_combinations

N = 5
TREE = {"org": None, "unit": "org", "a": "unit", "b": "unit", "c": "unit"}


def test_threshold_has_a_floor_of_three_and_notes_need_at_least_as_many():
    assert make_thresholds(1).n == 3
    assert make_thresholds().n == 5
    assert make_thresholds(5).n_text == 7
    assert make_thresholds(9, 4).n_text == 9


def test_team_of_four_is_hidden_as_too_few():
    assert suppress_tree({"org": 4}, {"org": None}, N) == {"org": TOO_FEW}


def test_unit_of_six_with_a_team_of_five_hides_the_team():
    counts = {"unit": 6, "a": 5}
    assert suppress_tree(counts, {"unit": None, "a": "unit"}, N) == {"a": PROTECTS}


def test_unit_of_twelve_with_teams_of_five_and_seven_shows_all():
    counts = {"unit": 12, "a": 5, "b": 7}
    assert suppress_tree(counts, {"unit": None, "a": "unit", "b": "unit"}, N) == {}


def test_a_hidden_small_team_cannot_be_recovered_from_its_siblings():
    # Unit 12 = teams of 5, 5 and 2: unit − a − b would reveal the team of two.
    counts = {"org": 12, "unit": 12, "a": 5, "b": 5, "c": 2}
    hidden = suppress_tree(counts, TREE, N)
    assert hidden["c"] == TOO_FEW
    assert {"a", "b"} & set(hidden), "a second team is hidden so the remainder is large enough"


def test_a_viewer_who_knows_answers_sees_less_never_more():
    counts = {"org": 20, "unit": 20, "a": 7, "b": 8, "c": 5}
    assert suppress_tree(counts, TREE, N) == {}
    # The viewer knows three answers in team a: 4 unknown remain there.
    mine = dict(counts, org=17, unit=17, a=4)
    hidden = suppress_tree(mine, TREE, N, hidden={}, small=KNOWN, cover=KNOWN)
    assert hidden["a"] == KNOWN
    assert set(hidden) <= {"a", "b", "c"}
    # Every answer of a cell known: showing it teaches nothing, so it may stay.
    assert suppress_tree({"org": 0}, {"org": None}, N, hidden={}) == {}


def test_profiles_hold_at_least_n_and_cover_every_pattern():
    patterns = {"gggg": 6, "rrrr": 5, "yyyy": 1, "gyyg": 2}
    groups = profile_segments(patterns, N)
    assert groups == profile_segments(dict(reversed(patterns.items())), N)
    assert all(sum(patterns[p] for p in g) >= N for g in groups)
    assert sorted(p for g in groups for p in g) == sorted(patterns)
    assert profile_segments({"gggg": 7, "rrrr": 2}, N) == [], "one group is no profile"


# --- properties ----------------------------------------------------------------------------


@st.composite
def trees(draw):
    """A random organisation tree (up to three levels) with people at the leaves."""
    parents = {"org": None}
    leaves = {}
    for u in range(draw(st.integers(1, 3))):
        unit = f"u{u}"
        parents[unit] = "org"
        for s in range(draw(st.integers(0, 2))):
            parents[f"{unit}s{s}"] = unit
        for t in range(draw(st.integers(1, 4))):
            team = f"{unit}t{t}"
            parents[team] = draw(st.sampled_from([k for k, p in parents.items() if k == unit
                                                  or p == unit]))  # fmt: skip
            leaves[team] = draw(st.integers(0, 12))
    members, next_id = {}, 0
    for team, size in leaves.items():
        members[team] = frozenset(range(next_id, next_id + size))
        next_id += size
    for key in parents:
        if key not in members:
            members[key] = frozenset()
    for team in leaves:
        node = parents[team]
        while node is not None:
            members[node] = members[node] | members[team]
            node = parents[node]
    return parents, members


@settings(max_examples=300, deadline=None)
@given(trees(), st.integers(min_value=3, max_value=7))
def test_every_atom_of_the_shown_tree_holds_zero_or_n(tree, n):
    parents, members = tree
    counts = {k: len(m) for k, m in members.items()}
    shown = [members[k] for k in counts if k not in suppress_tree(counts, parents, n)]
    assert small_atoms(shown, set(), n) == []
    assert small_combinations(shown, set(), n, depth=3) == []


@settings(max_examples=300, deadline=None)
@given(trees(), st.integers(min_value=3, max_value=7), st.data())
def test_what_a_viewer_knows_is_subtracted_and_only_hides_more(tree, n, data):
    parents, members = tree
    everyone = sorted(frozenset().union(*members.values()))
    known = set(data.draw(st.lists(st.sampled_from(everyone), max_size=4))) if everyone else set()
    counts = {k: len(m) for k, m in members.items()}
    released = suppress_tree(counts, parents, n)
    mine = {k: len(m - known) if k not in released else 0 for k, m in members.items()}
    hidden = suppress_tree(mine, parents, n, hidden=released, small=KNOWN, cover=KNOWN)
    assert set(released) <= set(hidden)
    shown = [members[k] for k in counts if k not in hidden]
    assert small_atoms(shown, known, n) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.text("ryg", min_size=4, max_size=4), st.integers(0, 9), max_size=12),
        min_size=1,
        max_size=6,
    ),
    st.integers(min_value=3, max_value=6),
)
def test_profiles_of_many_cells_at_once_equal_one_cell_at_a_time(cells, n):
    patterns = sorted({p for cell in cells for p in cell})
    counts = np.array([[cell.get(p, 0) for p in patterns] for cell in cells]).reshape(
        len(cells), len(patterns)
    )
    values = np.arange(len(patterns) * 3).reshape(len(patterns), 3) % 5
    summed = profiles_summed(counts, patterns, n, values)
    many = [[members for members, _, _ in cell] for cell in summed]
    assert many == [profile_segments(cell, n) for cell in cells]
    # Each profile's size and summed values (as a release sums the lights).
    for cell, groups, found in zip(cells, many, summed, strict=True):
        assert [members for members, _, _ in found] == groups
        for members, size, sums in found:
            assert size == sum(cell[p] for p in members)
            expected = sum(cell[p] * values[patterns.index(p)] for p in members)
            assert sums == list(expected)
