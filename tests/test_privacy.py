"""Suppression: threshold, differencing guard, complementary suppression (TRUST.md 1-2).

The property tests play an attacker who knows every shown cell and subtracts shown cells from
each other; whatever they compute must never single out a group of 1…N−1 people.
"""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from model.privacy import Cell, make_thresholds, suppress, suppress_tree

N = 5


def test_threshold_has_a_floor_of_three_and_notes_need_at_least_as_many():
    assert make_thresholds(1).n == 3
    assert make_thresholds().n == 5
    assert make_thresholds(5).n_text == 7
    assert make_thresholds(9, 4).n_text == 9


def test_team_of_four_is_suppressed():
    cells = {"team": Cell(frozenset(range(4)))}
    assert suppress(cells, N) == {"team"}


def test_unit_of_six_with_a_team_of_five_hides_the_team():
    unit = frozenset(range(6))
    cells = {"unit": Cell(unit), "team": Cell(frozenset(range(5)), family="team")}
    assert suppress(cells, N) == {"team"}


def test_unit_of_twelve_with_a_team_of_five_shows_both():
    cells = {
        "unit": Cell(frozenset(range(12))),
        "a": Cell(frozenset(range(5)), family="team"),
        "b": Cell(frozenset(range(5, 12)), family="team"),
    }
    assert suppress(cells, N) == set()


def test_a_hidden_small_team_cannot_be_recovered_from_its_siblings():
    # Unit 12 = teams of 5, 5 and 2: unit − a − b would reveal the team of two.
    cells = {
        "unit": Cell(frozenset(range(12))),
        "a": Cell(frozenset(range(5)), family="team"),
        "b": Cell(frozenset(range(5, 10)), family="team"),
        "c": Cell(frozenset(range(10, 12)), family="team"),
    }
    hidden = suppress(cells, N)
    assert "c" in hidden
    assert hidden & {"a", "b"}, "a second team is hidden so the remainder is large enough"


# --- properties ----------------------------------------------------------------------------

universe = st.integers(min_value=0, max_value=24)
member_sets = st.frozensets(universe, max_size=25)


@st.composite
def tree_cells(draw):
    """A unit split into teams (a partition) and, separately, into segments (another one)."""
    people = sorted(draw(st.frozensets(universe, min_size=0, max_size=25)))
    cells = {"unit": Cell(frozenset(people))}
    for family, count in (("team", draw(st.integers(1, 5))), ("segment", draw(st.integers(0, 4)))):
        if count == 0:
            continue
        labels = draw(
            st.lists(st.integers(0, count - 1), min_size=len(people), max_size=len(people))
        )
        for i in range(count):
            members = frozenset(p for p, lab in zip(people, labels, strict=True) if lab == i)
            cells[f"{family}{i}"] = Cell(members, family=family)
    if draw(st.booleans()):  # the organisation around the unit, as in the comparison
        cells["org"] = Cell(frozenset(people) | draw(member_sets))
    return cells


def _attacks(cells, shown):
    """Every set an attacker computes: each shown cell, each difference of two shown cells, and a
    shown cell minus any disjoint shown cells of one family inside it (a unit minus its teams)."""
    for k in shown:
        yield cells[k].members
    for p in shown:
        inside = [k for k in shown if k != p and cells[k].members <= cells[p].members]
        for size in range(1, min(4, len(inside)) + 1):
            for combo in combinations(inside, size):
                if len({cells[k].family or k for k in combo}) > 1:
                    continue
                sets = [cells[k].members for k in combo]
                if sum(len(s) for s in sets) == len(frozenset().union(*sets)):  # disjoint
                    yield cells[p].members - frozenset().union(*sets)
    for a, b in combinations(shown, 2):
        yield cells[a].members - cells[b].members
        yield cells[b].members - cells[a].members


@settings(max_examples=300, deadline=None)
@given(tree_cells(), st.integers(min_value=3, max_value=7))
def test_no_computable_group_is_smaller_than_the_threshold(cells, n):
    shown = set(cells) - suppress(cells, n)
    for found in _attacks(cells, shown):
        assert len(found) == 0 or len(found) >= n, (sorted(found), n)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from("abcdefgh"), member_sets, max_size=8),
    st.integers(min_value=3, max_value=7),
)
def test_no_displayed_pair_differs_by_one_to_n_minus_one(raw, n):
    cells = {k: Cell(v) for k, v in raw.items()}
    shown = set(cells) - suppress(cells, n)
    for k in shown:
        assert len(cells[k].members) >= n
    for a, b in combinations(shown, 2):
        ma, mb = cells[a].members, cells[b].members
        assert not 0 < len(ma - mb) < n
        assert not 0 < len(mb - ma) < n


@st.composite
def trees(draw):
    """A random organisation tree with head counts at the leaves."""
    parents = {"org": None}
    counts = {}
    units = [f"u{i}" for i in range(draw(st.integers(1, 4)))]
    for u in units:
        parents[u] = "org"
    for i in range(draw(st.integers(1, 10))):
        team = f"t{i}"
        parents[team] = draw(st.sampled_from(units))
        counts[team] = draw(st.integers(0, 14))
    for u in units:
        counts[u] = sum(c for t, c in counts.items() if parents.get(t) == u)
    counts["org"] = sum(counts[u] for u in units)
    return counts, parents


@settings(max_examples=300, deadline=None)
@given(trees(), st.integers(min_value=3, max_value=7))
def test_tree_suppression_from_counts_agrees_with_the_set_based_rules(tree, n):
    counts, parents = tree
    # Build member sets that realise the counts: each team gets its own people.
    members, next_id = {}, 0
    for key in sorted(k for k in counts if k.startswith("t")):
        members[key] = frozenset(range(next_id, next_id + counts[key]))
        next_id += counts[key]
    for key in sorted(k for k in counts if k.startswith("u")):
        members[key] = frozenset().union(*(m for t, m in members.items() if parents[t] == key))
    members["org"] = frozenset().union(*(members[k] for k in counts if k.startswith("u")))
    cells = {k: Cell(members[k], family="tree") for k in counts}
    assert suppress_tree(counts, parents, n) == suppress(cells, n)
