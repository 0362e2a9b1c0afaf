"""Which parts of the organisation a viewer may see in aggregate (TRUST.md rules 6-7).

Admins see the whole organisation, facilitators the units assigned to them (with everything
below), supervisors the teams they lead. Employees alone see no aggregates.
"""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from model.tables import Role, RoleGrant, Unit
from model.viewer import AccessDenied, Viewer


def unit_tree(session: Session, organisation_id: int) -> dict[int, Unit]:
    return {
        u.id: u for u in session.exec(select(Unit).where(Unit.organisation_id == organisation_id))
    }


def children_map(units: dict[int, Unit]) -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for u in sorted(units.values(), key=lambda u: u.name):
        children[u.parent_id].append(u.id)
    return children


def with_descendants(units: dict[int, Unit], roots: set[int]) -> set[int]:
    children = children_map(units)
    seen: set[int] = set()
    stack = [r for r in roots if r in units]
    while stack:
        uid = stack.pop()
        if uid not in seen:
            seen.add(uid)
            stack.extend(children.get(uid, []))
    return seen


def visible_units(session: Session, *, viewer: Viewer) -> set[int]:
    """Every unit or team whose aggregates the viewer may open."""
    units = unit_tree(session, viewer.organisation_id)
    if viewer.has(Role.admin):
        return set(units)
    grants = session.exec(
        select(RoleGrant.unit_id).where(
            RoleGrant.person_id == viewer.person_id,
            col(RoleGrant.role).in_([Role.facilitator, Role.supervisor]),
            col(RoleGrant.unit_id).is_not(None),
        )
    ).all()
    return with_descendants(units, set(grants))


def require_unit(session: Session, *, viewer: Viewer, unit_id: int) -> None:
    # Checked in the data layer on every call: a page that forgot to filter still leaks nothing.
    if unit_id not in visible_units(session, viewer=viewer):
        raise AccessDenied("unit outside the viewer's scope")
