"""Assessment rounds planned by facilitators and admins, and the scoped roles admins grant (F1, A1).

Every service takes the viewer and checks role and scope itself (TRUST.md rule 7); role changes
and round changes leave one audit row each, with ids only (rule 8).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError
from sqlmodel import Session, col, delete, select

from model import audit, people, release
from model.framework import default_framework
from model.scope import unit_tree, visible_units, with_descendants
from model.tables import (
    FrameworkVersion,
    Person,
    Role,
    RoleGrant,
    Round,
    RoundKind,
    RoundScope,
    Unit,
    UnitKind,
    Workshop,
)
from model.text import Line
from model.viewer import AccessDenied, Viewer

NAME_MAX = 200
DEFAULT_LENGTH_DAYS = 14
MODULES = ("customer_value", "obstacles", "community_capability")
ROUND_COLUMNS = [
    "id",
    "name",
    "kind",
    "opens_on",
    "closes_on",
    "modules",
    "scope_ids",
    "scope",
    "invited",
    "editable",
]
UNIT_COLUMNS = ["id", "kind", "name", "parent"]
WORKSHOP_COLUMNS = ["id", "name", "planned_on"]
PEOPLE_COLUMNS = ["id", "name", "email"]
ASSIGNMENT_COLUMNS = ["person_id", "name", "email", "role", "unit_id", "unit"]
# Only these roles are scoped to a part of the organisation and handed out on the admin page.
ASSIGNABLE_ROLES = (Role.facilitator, Role.supervisor)
PLANNERS = (Role.facilitator, Role.admin)


class RoundError(ValueError):
    """A problem the person can fix; ``code`` and ``params`` pick the text ``error.<code>``."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# Which code a pydantic error becomes when no validator below named one itself.
_FIELD_CODES = {
    "name": "round_name_empty",
    "kind": "round_kind_unknown",
    "opens_on": "round_dates_missing",
    "closes_on": "round_dates_missing",
    "scope": "round_scope_empty",
    "modules": "round_module_unknown",
}

ROUND_CODES = {*_FIELD_CODES.values(), "round_name_too_long", "round_dates_reversed"}


class RoundInput(BaseModel):
    """What a facilitator types into the round form, validated before anything is written."""

    model_config = ConfigDict(hide_input_in_errors=True)

    name: Line
    kind: RoundKind
    opens_on: dt.date
    closes_on: dt.date
    scope: list[int]
    modules: dict[str, bool] = {}

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value:
            raise PydanticCustomError("round_name_empty", "name is empty")
        if len(value) > NAME_MAX:
            raise PydanticCustomError("round_name_too_long", "name is too long")
        return value

    @field_validator("scope")
    @classmethod
    def _scope(cls, value: list[int]) -> list[int]:
        if not value:
            raise PydanticCustomError("round_scope_empty", "scope is empty")
        return sorted(set(value))

    @field_validator("modules")
    @classmethod
    def _modules(cls, value: dict[str, bool]) -> dict[str, bool]:
        if set(value) - set(MODULES):
            raise PydanticCustomError("round_module_unknown", "unknown module")
        return {m: bool(value.get(m, False)) for m in MODULES}

    @model_validator(mode="after")
    def _dates(self) -> RoundInput:
        if self.closes_on < self.opens_on:
            raise PydanticCustomError("round_dates_reversed", "closes before it opens")
        return self


def parse_round_input(values: Mapping[str, Any]) -> RoundInput:
    """A ``RoundInput`` from form values, or ``RoundError`` naming the first problem."""
    try:
        return RoundInput.model_validate(dict(values))
    except ValidationError as exc:
        first = exc.errors()[0]
        code = first["type"]
        if code not in ROUND_CODES:
            field = str(first["loc"][0]) if first["loc"] else ""
            code = _FIELD_CODES.get(field, "round_name_empty")
        params = {"limit": NAME_MAX} if code == "round_name_too_long" else {}
        raise RoundError(code, **params) from None


# --- Reading --------------------------------------------------------------------------------


def _require_planner(viewer: Viewer) -> None:
    if not any(viewer.has(r) for r in PLANNERS):
        raise AccessDenied("facilitator or admin required")


def _scopes(session: Session, round_ids: Iterable[int]) -> dict[int, list[int]]:
    ids = list(round_ids)
    scopes: dict[int, list[int]] = {rid: [] for rid in ids}
    if ids:
        rows = session.exec(select(RoundScope).where(col(RoundScope.round_id).in_(ids))).all()
        for row in rows:
            scopes[row.round_id].append(row.unit_id)
    return scopes


def _active_heads(session: Session, organisation_id: int) -> Counter[int]:
    """Active people per team, counted once for the whole organisation (cheap at 11,000)."""
    rows = session.exec(
        select(Person.team_id).where(
            Person.organisation_id == organisation_id,
            Person.active,
            col(Person.team_id).is_not(None),
        )
    ).all()
    return Counter(rows)


def list_rounds(session: Session, *, viewer: Viewer) -> pd.DataFrame:
    """Rounds that reach any unit the viewer plans for, newest first, with invited counts.

    ``editable`` is true only when the whole scope lies inside the viewer's units: a facilitator
    sees an organisation-wide round that reaches her teams, but may not narrow it for everyone.
    """
    _require_planner(viewer)
    units = unit_tree(session, viewer.organisation_id)
    mine = visible_units(session, viewer=viewer)
    rounds = session.exec(
        select(Round)
        .where(Round.organisation_id == viewer.organisation_id)
        .order_by(col(Round.opens_on).desc(), col(Round.id).desc())
    ).all()
    scopes = _scopes(session, (r.id for r in rounds))
    heads = _active_heads(session, viewer.organisation_id)
    rows = []
    for r in rounds:
        scope = [u for u in scopes[r.id] if u in units]
        reach = with_descendants(units, set(scope))
        if not reach & mine:
            continue
        rows.append(
            {
                "id": r.id,
                "name": r.name,
                "kind": r.kind,
                "opens_on": r.opens_on,
                "closes_on": r.closes_on,
                "modules": [m for m in MODULES if (r.modules or {}).get(m)],
                "scope_ids": sorted(scope),
                "scope": ", ".join(sorted(units[u].name for u in scope)),
                "invited": sum(heads.get(u, 0) for u in reach),
                "editable": bool(scope) and set(scope) <= mine,
            }
        )
    return pd.DataFrame(rows, columns=ROUND_COLUMNS)


def scope_options(session: Session, *, viewer: Viewer) -> pd.DataFrame:
    """The units and teams the viewer may invite to a round, in tree order with parent names."""
    _require_planner(viewer)
    return _tree_frame(session, viewer.organisation_id, visible_units(session, viewer=viewer))


def _tree_frame(session: Session, organisation_id: int, allowed: set[int]) -> pd.DataFrame:
    units = unit_tree(session, organisation_id)
    children: dict[int | None, list[Unit]] = {}
    for u in sorted(units.values(), key=lambda u: u.name.casefold()):
        children.setdefault(u.parent_id if u.parent_id in units else None, []).append(u)
    rows: list[dict[str, Any]] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        u = stack.pop()
        if u.id in allowed:
            parent = units.get(u.parent_id)
            rows.append(
                {
                    "id": u.id,
                    "kind": u.kind,
                    "name": u.name,
                    "parent": parent.name if parent else "",
                }
            )
        stack.extend(reversed(children.get(u.id, [])))
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


def blank_round(today: dt.date) -> dict[str, Any]:
    """Form values of a new round: an own reflection open for the coming two weeks."""
    return {
        "name": "",
        "kind": RoundKind.reflection.value,
        "opens_on": today,
        "closes_on": today + dt.timedelta(days=DEFAULT_LENGTH_DAYS),
        "scope": [],
        "modules": dict.fromkeys(MODULES, False),
    }


def get_round(session: Session, *, viewer: Viewer, round_id: int) -> dict[str, Any]:
    """The form values of one round the viewer may edit."""
    rnd, scope = _editable_round(session, viewer, round_id)
    return {
        "name": rnd.name,
        "kind": rnd.kind,
        "opens_on": rnd.opens_on,
        "closes_on": rnd.closes_on,
        "scope": scope,
        "modules": {m: bool((rnd.modules or {}).get(m)) for m in MODULES},
        "version": rnd.version,
    }


def invited_people(session: Session, round_id: int) -> set[int]:
    """Ids of the active people whose team lies inside the round's scope (participation base)."""
    rnd = session.get(Round, round_id)
    if rnd is None:
        return set()
    units = unit_tree(session, rnd.organisation_id)
    reach = with_descendants(units, set(_scopes(session, [round_id])[round_id]))
    if not reach:
        return set()
    return set(
        session.exec(
            select(Person.id).where(
                Person.organisation_id == rnd.organisation_id,
                Person.active,
                col(Person.team_id).in_(reach),
            )
        ).all()
    )


def list_workshops(session: Session, *, viewer: Viewer, year: int) -> pd.DataFrame:
    """Workshops planned for ``year`` in the viewer's units (organisation-wide ones for admins)."""
    _require_planner(viewer)
    mine = visible_units(session, viewer=viewer)
    rows = session.exec(
        select(Workshop).where(
            Workshop.organisation_id == viewer.organisation_id,
            col(Workshop.planned_on).is_not(None),
            col(Workshop.planned_on) >= dt.date(year, 1, 1),
            col(Workshop.planned_on) <= dt.date(year, 12, 31),
        )
    ).all()
    shown = [
        {"id": w.id, "name": w.name, "planned_on": w.planned_on}
        for w in rows
        if w.unit_id in mine
        or (w.unit_id is None and (viewer.has(Role.admin) or w.created_by == viewer.person_id))
    ]
    return pd.DataFrame(shown, columns=WORKSHOP_COLUMNS)


# --- Writing --------------------------------------------------------------------------------


def current_framework_id(session: Session) -> int:
    """The newest version of the default framework, stored from the shipped file if missing."""
    framework = default_framework()
    found = session.exec(
        select(FrameworkVersion.id)
        .where(FrameworkVersion.key == framework.key)
        .order_by(col(FrameworkVersion.version).desc())
    ).first()
    if found is not None:
        return found
    row = FrameworkVersion(
        key=framework.key, version=framework.version, data=framework.model_dump(mode="json")
    )
    session.add(row)
    session.flush()
    return row.id


def _check_scope(session: Session, viewer: Viewer, scope: list[int]) -> None:
    # visible_units is the whole organisation for admins and the assigned units (with all
    # below them) for facilitators: a unit of another organisation is never in it.
    outside = set(scope) - visible_units(session, viewer=viewer)
    if outside:
        raise AccessDenied("round scope outside the viewer's units")


def _editable_round(session: Session, viewer: Viewer, round_id: int) -> tuple[Round, list[int]]:
    _require_planner(viewer)
    rnd = session.get(Round, round_id)
    if rnd is None or rnd.organisation_id != viewer.organisation_id:
        raise RoundError("round_missing")
    scope = sorted(_scopes(session, [round_id])[round_id])
    _check_scope(session, viewer, scope)
    return rnd, scope


def create_round(session: Session, *, viewer: Viewer, data: RoundInput) -> int:
    """Store a new round on the newest framework version; returns its id."""
    _require_planner(viewer)
    _check_scope(session, viewer, data.scope)
    rnd = Round(
        organisation_id=viewer.organisation_id,
        name=data.name,
        kind=data.kind,
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        framework_id=current_framework_id(session),
        modules=dict(data.modules),
        created_by=viewer.person_id,
    )
    session.add(rnd)
    session.flush()
    session.add_all(RoundScope(round_id=rnd.id, unit_id=u) for u in data.scope)
    audit.record(
        session, event="round_created", actor_id=viewer.person_id, detail={"round_id": rnd.id}
    )
    session.flush()
    return rnd.id


def update_round(
    session: Session,
    *,
    viewer: Viewer,
    round_id: int,
    data: RoundInput,
    version: int | None = None,
) -> None:
    """Change a round's name, kind, dates, scope and modules; its framework stays as it was.

    Closing a round early (even before today) is allowed: the facilitator may end it at once.
    ``version`` is the one the edit form loaded: an edit based on an older one is refused
    (TRUST 28), so two facilitators cannot silently undo each other.
    """
    rnd, _old_scope = _editable_round(session, viewer, round_id)
    if version is not None and version != rnd.version:
        raise RoundError("round_changed_elsewhere")
    rnd.version += 1
    _check_scope(session, viewer, data.scope)
    if data.closes_on > rnd.closes_on and release.stored(session, round_id) is not None:
        # Its results are out: reopening would let later answers change them (TRUST.md 2).
        raise RoundError("round_released")
    rnd.name = data.name
    rnd.kind = data.kind
    rnd.opens_on = data.opens_on
    rnd.closes_on = data.closes_on
    rnd.modules = dict(data.modules)
    session.add(rnd)
    session.exec(delete(RoundScope).where(col(RoundScope.round_id) == round_id))
    session.add_all(RoundScope(round_id=round_id, unit_id=u) for u in data.scope)
    audit.record(
        session, event="round_updated", actor_id=viewer.person_id, detail={"round_id": round_id}
    )
    session.flush()


# --- Roles (admin) ---------------------------------------------------------------------------


def _grant_target(
    session: Session, viewer: Viewer, person_id: int | None, role: str, unit_id: int | None
) -> tuple[Person, Unit]:
    viewer.require(Role.admin)
    if role not in ASSIGNABLE_ROLES:
        raise RoundError("role_unknown")
    person = session.get(Person, person_id) if person_id is not None else None
    if person is None:
        raise RoundError("role_person_missing")
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    # An admin manages one organisation: people and units elsewhere are out of reach.
    if person.organisation_id != viewer.organisation_id or (
        unit is not None and unit.organisation_id != viewer.organisation_id
    ):
        raise AccessDenied("outside the admin's organisation")
    if role == Role.facilitator and (unit is None or unit.kind == UnitKind.team):
        raise RoundError("role_needs_unit")
    if role == Role.supervisor and (unit is None or unit.kind != UnitKind.team):
        raise RoundError("role_needs_team")
    return person, unit


def _grant(session: Session, person_id: int, role: str, unit_id: int) -> RoleGrant | None:
    return session.exec(
        select(RoleGrant).where(
            RoleGrant.person_id == person_id, RoleGrant.role == role, RoleGrant.unit_id == unit_id
        )
    ).first()


def assign_role(
    session: Session,
    *,
    viewer: Viewer,
    person_id: int | None,
    role: str,
    unit_id: int | None,
    now: dt.datetime,
) -> int:
    """Make a person facilitator of a unit or supervisor of a team (admins only).

    A team's supervisor also becomes the supervisor of the team's active members, so that the
    development discussions follow (``model.people``): their former supervisors lose access at
    once. Returns how many members now report to them."""
    person, unit = _grant_target(session, viewer, person_id, role, unit_id)
    if _grant(session, person.id, role, unit.id) is not None:
        raise RoundError("role_exists")
    if unit.retired_at is not None:
        raise RoundError("role_unit_retired")
    session.add(RoleGrant(person_id=person.id, role=str(role), unit_id=unit.id))
    audit.record(
        session,
        event="role_granted",
        actor_id=viewer.person_id,
        subject_id=person.id,
        detail={"role": str(role), "unit_id": unit.id},
    )
    session.flush()
    if role != Role.supervisor:
        return 0
    members = session.exec(
        select(Person).where(Person.team_id == unit.id, col(Person.active), Person.id != person.id)
    ).all()
    moved = 0
    supervisor_of = dict(
        session.exec(
            select(Person.id, Person.supervisor_id).where(
                Person.organisation_id == person.organisation_id
            )
        ).all()
    )
    for member in members:
        if people.creates_cycle(supervisor_of, member.id, person.id):
            continue  # the person reports to this member: they cannot also lead them
        moved += people.set_supervisor(
            session, member, person.id, actor_id=viewer.person_id, now=now
        )
    return moved


def remove_role(
    session: Session,
    *,
    viewer: Viewer,
    person_id: int | None,
    role: str,
    unit_id: int | None,
    now: dt.datetime,
) -> None:
    """Take a scoped role away again (admins only). Taking a team's supervisor role away also
    ends the supervisor relation of the team's members who report to them."""
    person, unit = _grant_target(session, viewer, person_id, role, unit_id)
    grant = _grant(session, person.id, role, unit.id)
    if grant is None:
        raise RoundError("role_missing")
    if role == Role.supervisor:
        for member in session.exec(
            select(Person).where(Person.team_id == unit.id, Person.supervisor_id == person.id)
        ).all():
            people.set_supervisor(session, member, None, actor_id=viewer.person_id, now=now)
        session.flush()
        grant = _grant(session, person.id, role, unit.id)
        if grant is None:
            return
    session.delete(grant)
    audit.record(
        session,
        event="role_removed",
        actor_id=viewer.person_id,
        subject_id=person.id,
        detail={"role": str(role), "unit_id": unit.id},
    )
    session.flush()


def role_assignments(session: Session, *, viewer: Viewer) -> pd.DataFrame:
    """Every facilitator and supervisor grant of the organisation, by person and unit."""
    viewer.require(Role.admin)
    rows = session.exec(
        select(Person, RoleGrant, Unit)
        .join(RoleGrant, col(RoleGrant.person_id) == Person.id)
        .join(Unit, col(Unit.id) == RoleGrant.unit_id)
        .where(
            Person.organisation_id == viewer.organisation_id,
            col(RoleGrant.role).in_([str(r) for r in ASSIGNABLE_ROLES]),
        )
    ).all()
    frame = pd.DataFrame(
        [
            {
                "person_id": p.id,
                "name": p.display_name,
                "email": p.email,
                "role": g.role,
                "unit_id": u.id,
                "unit": u.name,
            }
            for p, g, u in rows
        ],
        columns=ASSIGNMENT_COLUMNS,
    )
    return frame.sort_values(["role", "name", "unit"], key=lambda s: s.str.casefold()).reset_index(
        drop=True
    )


def people_options(session: Session, *, viewer: Viewer) -> pd.DataFrame:
    """Active people of the organisation, for the admin's role picker."""
    viewer.require(Role.admin)
    rows = session.exec(
        select(Person.id, Person.display_name, Person.email).where(
            Person.organisation_id == viewer.organisation_id, Person.active
        )
    ).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=PEOPLE_COLUMNS)
    return frame.sort_values("name", key=lambda s: s.str.casefold()).reset_index(drop=True)


def role_unit_options(session: Session, *, viewer: Viewer, role: str) -> pd.DataFrame:
    """Units a role can be scoped to: units or the organisation for facilitators, teams else."""
    viewer.require(Role.admin)
    frame = _tree_frame(
        session, viewer.organisation_id, set(unit_tree(session, viewer.organisation_id))
    )
    teams = frame["kind"] == UnitKind.team
    return frame[~teams if role == Role.facilitator else teams].reset_index(drop=True)
