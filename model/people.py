"""The organisation as admins set it up (PRODUCT.md A1): units at any depth, teams, people,
their supervisor and roles. Every change is audited (ids and field names, never values).

Two layers:

* **Viewer functions** (``create_unit``, ``add_person``, ``retire_person``…) check that the viewer
  is an admin of the organisation, validate what was typed and raise :class:`PersonError`.
* **Row functions** (``write_person``, ``set_supervisor``, ``retire_person_row``…) take an
  already checked change and write it; the roster import (``model.roster``) uses them, so a
  person added on the People page and one added by a roster file end up exactly alike.

Rules that hold whichever way a change comes in:

* **Retiring keeps history.** A retired person keeps their answers, discussions and actions; they
  can no longer sign in, their role grants are removed, grants others gave them to shared
  assessments are revoked, their open password links stop working and the people who reported to
  them have no supervisor until one is set. A retired unit keeps its released results and takes
  no new people. Both can be restored.
* **Discussions follow the supervisor relation.** A supervisor reaches a person only while the
  person reports to them (``model.discussions``). Changing someone's supervisor therefore takes
  the old supervisor's access away at once, and shares given to the old supervisor are revoked.
* **Team views follow reports.** Whoever has people reporting to them holds the supervisor role,
  scoped to the teams (or units) those people are placed in (``sync_supervisor_scopes``); when
  their last report in a team leaves it or gets another supervisor, that scope goes too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable

import pandas as pd
from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from model import audit, org_settings, sessions, text
from model.auth import normalise_email
from model.tables import (
    Assessment,
    Organisation,
    PasswordToken,
    Person,
    Role,
    RoleGrant,
    ShareGrant,
    Unit,
    UnitKind,
)
from model.viewer import AccessDenied, Viewer

NAME_MAX = 200
EMAIL_MAX = 320
DEPTH_MAX = 10  # levels of units below the organisation
ROLES: tuple[str, ...] = tuple(str(r) for r in Role)
# One rule for the People form and the roster import (model.roster): a plain local part of at
# most 64 characters, a domain of labels and a top-level domain of letters.
_EMAIL = re.compile(
    r"^(?=.{1,64}@)[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
    r"@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}$"
)
PEOPLE_COLUMNS = [
    "id",
    "name",
    "email",
    "language",
    "placement",
    "supervisor",
    "roles",
    "active",
]
STRUCTURE_COLUMNS = ["id", "kind", "name", "path", "depth", "parent_id", "people", "active"]


class PersonError(ValueError):
    """A problem the admin can fix; ``code`` and ``params`` pick ``people.error.<code>``."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class PersonInput(BaseModel):
    """What the People form sends. Text is cleaned here; rules are checked by the services."""

    model_config = ConfigDict(hide_input_in_errors=True)
    email: str
    name: str
    language: str = "fi"
    placement_id: int | None = None  # a team, or a unit for people directly in a unit
    supervisor_id: int | None = None
    roles: frozenset[str] = frozenset({Role.employee})


# --- Reading the tree --------------------------------------------------------------------------


def units_of(session: Session, organisation_id: int) -> dict[int, Unit]:
    return {
        u.id: u for u in session.exec(select(Unit).where(Unit.organisation_id == organisation_id))
    }


def root_unit(session: Session, organisation_id: int) -> Unit:
    """The organisation's root unit (kind ``organisation``), created when missing: an
    organisation made by ``create-admin`` starts without one."""
    root = session.exec(
        select(Unit)
        .where(Unit.organisation_id == organisation_id, Unit.kind == UnitKind.organisation)
        .order_by(col(Unit.id))
    ).first()
    if root is None:
        org = session.get(Organisation, organisation_id)
        root = Unit(organisation_id=organisation_id, kind=UnitKind.organisation, name=org.name)
        session.add(root)
        session.flush()
    return root


def unit_path(units: dict[int, Unit], unit_id: int | None) -> list[str]:
    """Names from below the root down to the unit, e.g. ``["Kasvatus", "Rantakylän koulu"]``."""
    names: list[str] = []
    seen: set[int] = set()
    current = units.get(unit_id) if unit_id is not None else None
    while current is not None and current.kind != UnitKind.organisation and current.id not in seen:
        seen.add(current.id)
        names.append(current.name)
        current = units.get(current.parent_id) if current.parent_id is not None else None
    return names[::-1]


def path_text(units: dict[int, Unit], unit_id: int | None) -> str:
    return " / ".join(unit_path(units, unit_id))


def _depth(units: dict[int, Unit], unit_id: int | None) -> int:
    return len(unit_path(units, unit_id))


def _subtree(units: dict[int, Unit], unit_id: int) -> set[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for u in units.values():
        children[u.parent_id].append(u.id)
    seen, stack = set(), [unit_id]
    while stack:
        uid = stack.pop()
        if uid not in seen:
            seen.add(uid)
            stack.extend(children.get(uid, []))
    return seen


def _same(a: str, b: str) -> bool:
    return text.line(a).casefold() == text.line(b).casefold()


def _child(session: Session, parent: Unit, name: str, kind: str) -> Unit | None:
    siblings = session.exec(
        select(Unit).where(Unit.parent_id == parent.id, Unit.kind == kind)
    ).all()
    # Prefer a unit in use over a retired one of the same name.
    matches = sorted(
        (u for u in siblings if _same(u.name, name)), key=lambda u: u.retired_at is not None
    )
    return matches[0] if matches else None


# --- Structure (viewer functions) --------------------------------------------------------------


def _admin_unit(session: Session, viewer: Viewer, unit_id: int | None) -> Unit:
    viewer.require(Role.admin)
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None:
        raise PersonError("unit_missing")
    if unit.organisation_id != viewer.organisation_id:
        raise AccessDenied("unit outside the admin's organisation")
    return unit


def _unit_name(name: str) -> str:
    name = text.line(name)
    if not name:
        raise PersonError("unit_name_empty")
    if len(name) > NAME_MAX:
        raise PersonError("unit_name_long", max=NAME_MAX)
    if "/" in name:
        # A slash separates levels in roster paths; a name with one could not be imported back.
        raise PersonError("unit_name_slash")
    return name


def _check_sibling_name(session: Session, parent: Unit, name: str, kind: str, me: int | None):
    clash = _child(session, parent, name, kind)
    if clash is not None and clash.id != me and clash.retired_at is None:
        raise PersonError("unit_exists", name=clash.name)


def create_unit(
    session: Session,
    *,
    viewer: Viewer,
    name: str,
    parent_id: int | None,
    kind: str,
    now: dt.datetime,
) -> Unit:
    """A unit or team under ``parent_id`` (None: directly under the organisation)."""
    viewer.require(Role.admin)
    if kind not in (UnitKind.unit, UnitKind.team):
        raise PersonError("unit_kind_unknown")
    name = _unit_name(name)
    parent = (
        root_unit(session, viewer.organisation_id)
        if parent_id is None
        else _admin_unit(session, viewer, parent_id)
    )
    _check_parent(session, viewer.organisation_id, parent, kind)
    _check_sibling_name(session, parent, name, kind, None)
    unit = Unit(
        organisation_id=viewer.organisation_id, parent_id=parent.id, kind=str(kind), name=name
    )
    session.add(unit)
    session.flush()
    audit.record(
        session,
        event="unit_created",
        actor_id=viewer.person_id,
        detail={"unit_id": unit.id, "parent_id": parent.id, "kind": str(kind)},
    )
    return unit


def _check_parent(session: Session, organisation_id: int, parent: Unit, kind: str) -> None:
    if parent.kind == UnitKind.team:
        raise PersonError("parent_is_team")
    if parent.retired_at is not None:
        raise PersonError("parent_retired")
    if kind == UnitKind.unit and _depth(units_of(session, organisation_id), parent.id) >= DEPTH_MAX:
        raise PersonError("too_deep", max=DEPTH_MAX)


def rename_unit(session: Session, *, viewer: Viewer, unit_id: int | None, name: str) -> None:
    unit = _admin_unit(session, viewer, unit_id)
    name = _unit_name(name)
    if unit.name == name:
        return
    if unit.parent_id is not None:
        _check_sibling_name(session, session.get(Unit, unit.parent_id), name, unit.kind, unit.id)
    unit.name = name
    session.add(unit)
    if unit.kind == UnitKind.organisation:
        # The root carries the organisation's name; keep them one.
        org = session.get(Organisation, unit.organisation_id)
        org.name = name
        session.add(org)
    audit.record(
        session, event="unit_renamed", actor_id=viewer.person_id, detail={"unit_id": unit.id}
    )
    session.flush()


def move_unit(
    session: Session, *, viewer: Viewer, unit_id: int | None, parent_id: int | None
) -> None:
    """Move a unit or team (with everything below it) under another unit."""
    unit = _admin_unit(session, viewer, unit_id)
    if unit.kind == UnitKind.organisation:
        raise PersonError("root_fixed")
    parent = (
        root_unit(session, viewer.organisation_id)
        if parent_id is None
        else _admin_unit(session, viewer, parent_id)
    )
    if parent.id == unit.parent_id:
        return
    units = units_of(session, viewer.organisation_id)
    if parent.id in _subtree(units, unit.id):
        raise PersonError("move_into_itself")
    _check_parent(session, viewer.organisation_id, parent, UnitKind.team)
    # Only units count towards the depth: a team may sit below the deepest unit, as when created.
    inside = [u for u in _subtree(units, unit.id) if units[u].kind != UnitKind.team]
    below = max((_depth(units, u) for u in inside), default=_depth(units, unit.id) - 1)
    if _depth(units, parent.id) + below - _depth(units, unit.id) + 1 > DEPTH_MAX:
        raise PersonError("too_deep", max=DEPTH_MAX)
    _check_sibling_name(session, parent, unit.name, unit.kind, unit.id)
    old = unit.parent_id
    unit.parent_id = parent.id
    session.add(unit)
    audit.record(
        session,
        event="unit_moved",
        actor_id=viewer.person_id,
        detail={"unit_id": unit.id, "from": old, "to": parent.id},
    )
    session.flush()


def retire_unit(session: Session, *, viewer: Viewer, unit_id: int | None, now: dt.datetime) -> None:
    """Retire an empty unit or team: its history stays, it takes no new people or rounds."""
    unit = _admin_unit(session, viewer, unit_id)
    if unit.kind == UnitKind.organisation:
        raise PersonError("root_fixed")
    if unit.retired_at is not None:
        return
    people = session.exec(
        select(Person.id).where(Person.team_id == unit.id, col(Person.active))
    ).all()
    if people:
        raise PersonError("unit_has_people", count=len(people))
    children = session.exec(
        select(Unit.id).where(Unit.parent_id == unit.id, col(Unit.retired_at).is_(None))
    ).all()
    if children:
        raise PersonError("unit_has_units", count=len(children))
    unit.retired_at = now
    session.add(unit)
    # Nobody keeps a scope on a unit that no longer exists.
    for grant in session.exec(select(RoleGrant).where(RoleGrant.unit_id == unit.id)).all():
        _drop_grant(session, grant, viewer.person_id)
    audit.record(
        session, event="unit_retired", actor_id=viewer.person_id, detail={"unit_id": unit.id}
    )
    session.flush()


def restore_unit(session: Session, *, viewer: Viewer, unit_id: int | None) -> None:
    unit = _admin_unit(session, viewer, unit_id)
    if unit.retired_at is None:
        return
    parent = session.get(Unit, unit.parent_id) if unit.parent_id is not None else None
    if parent is not None and parent.retired_at is not None:
        raise PersonError("parent_retired")
    if parent is not None:
        _check_sibling_name(session, parent, unit.name, unit.kind, unit.id)
    unit.retired_at = None
    session.add(unit)
    audit.record(
        session, event="unit_restored", actor_id=viewer.person_id, detail={"unit_id": unit.id}
    )
    session.flush()


def structure(session: Session, *, viewer: Viewer, include_retired: bool = False) -> pd.DataFrame:
    """The tree in display order (depth first, by name) with head counts of active people."""
    viewer.require(Role.admin)
    units = units_of(session, viewer.organisation_id)
    heads: dict[int, int] = defaultdict(int)
    for team_id in session.exec(
        select(Person.team_id).where(
            Person.organisation_id == viewer.organisation_id, col(Person.active)
        )
    ).all():
        if team_id is not None:
            heads[team_id] += 1
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for u in sorted(units.values(), key=lambda u: (u.kind == UnitKind.team, u.name.casefold())):
        children[u.parent_id if u.parent_id in units else None].append(u)
    rows = []
    stack = [(u, 0) for u in reversed(children[None])]
    while stack:
        u, depth = stack.pop()
        if include_retired or u.retired_at is None:
            rows.append(
                {
                    "id": u.id,
                    "kind": u.kind,
                    "name": u.name,
                    "path": path_text(units, u.id),
                    "depth": depth,
                    "parent_id": u.parent_id,
                    "people": heads.get(u.id, 0),
                    "active": u.retired_at is None,
                }
            )
        stack.extend((c, depth + 1) for c in reversed(children.get(u.id, [])))
    return pd.DataFrame(rows, columns=STRUCTURE_COLUMNS)


# --- People: row functions (callers have checked rights and values) ----------------------------


def write_person(
    session: Session,
    organisation_id: int,
    person: Person | None,
    *,
    email: str,
    name: str,
    language: str,
    placement_id: int | None,
    actor_id: int | None,
    now: dt.datetime,
) -> tuple[Person, list[str]]:
    """Create or update a person; returns the person and the names of the fields that changed."""
    values = {
        "email": email,
        "display_name": name,
        "language": language,
        "team_id": placement_id,
    }
    if person is None:
        person = Person(organisation_id=organisation_id, created_at=now, **values)
        session.add(person)
        session.flush()
        audit.record(session, event="person_added", actor_id=actor_id, subject_id=person.id)
        return person, list(values)
    changed = [k for k, v in values.items() if getattr(person, k) != v]
    old_team = person.team_id
    for key in changed:
        setattr(person, key, values[key])
    if changed:
        session.add(person)
        audit.record(
            session,
            event="person_changed",
            actor_id=actor_id,
            subject_id=person.id,
            detail={"fields": changed},
        )
    if "team_id" in changed and person.supervisor_id is not None:
        session.flush()
        _release_scope(session, person.supervisor_id, old_team, actor_id)
        sync_supervisor_scopes(session, organisation_id, {person.supervisor_id}, actor_id)
    return person, changed


def _grants(session: Session, person_id: int) -> list[RoleGrant]:
    return list(session.exec(select(RoleGrant).where(RoleGrant.person_id == person_id)).all())


def _drop_grant(session: Session, grant: RoleGrant, actor_id: int | None) -> None:
    session.delete(grant)
    audit.record(
        session,
        event="role_removed",
        actor_id=actor_id,
        subject_id=grant.person_id,
        detail={"role": grant.role, "unit_id": grant.unit_id},
    )


def _add_grant(
    session: Session, person_id: int, role: str, unit_id: int | None, actor_id: int | None
) -> None:
    session.add(RoleGrant(person_id=person_id, role=str(role), unit_id=unit_id))
    audit.record(
        session,
        event="role_granted",
        actor_id=actor_id,
        subject_id=person_id,
        detail={"role": str(role), "unit_id": unit_id},
    )


def set_roles(
    session: Session,
    person: Person,
    roles: Iterable[str],
    *,
    actor_id: int | None,
    facilitator_unit_id: int | None = None,
) -> bool:
    """Make the person's roles exactly ``roles``. Scoped grants of a role the person keeps stay;
    those of a role taken away go. A facilitator gets ``facilitator_unit_id`` as scope if given.
    Supervisor scopes are managed by ``sync_supervisor_scopes``."""
    wanted = {str(r) for r in roles}
    changed = False
    grants = _grants(session, person.id)
    held = {g.role for g in grants}
    for grant in grants:
        if grant.role not in wanted:
            _drop_grant(session, grant, actor_id)
            changed = True
    for role in sorted(wanted - held):
        _add_grant(session, person.id, role, None, actor_id)
        changed = True
    if (
        Role.facilitator in wanted
        and facilitator_unit_id is not None
        and not any(g.role == Role.facilitator and g.unit_id == facilitator_unit_id for g in grants)
    ):
        _add_grant(session, person.id, Role.facilitator, facilitator_unit_id, actor_id)
        changed = True
    session.flush()
    return changed


def _revoke_shares(session: Session, person_id: int, grantee_id: int, now: dt.datetime) -> int:
    """Revoke live grants from ``person_id`` to ``grantee_id`` (their former supervisor)."""
    grants = session.exec(
        select(ShareGrant)
        .join(Assessment, col(Assessment.id) == ShareGrant.assessment_id)
        .where(
            Assessment.person_id == person_id,
            ShareGrant.grantee_id == grantee_id,
            col(ShareGrant.revoked_at).is_(None),
        )
    ).all()
    for grant in grants:
        grant.revoked_at = now
        session.add(grant)
    return len(grants)


def set_supervisor(
    session: Session,
    person: Person,
    supervisor_id: int | None,
    *,
    actor_id: int | None,
    now: dt.datetime,
    sync: bool = True,
) -> bool:
    """Change who the person reports to. The former supervisor loses access at once: the
    relation is checked on every read and their shares from this person are revoked."""
    old = person.supervisor_id
    if old == supervisor_id:
        return False
    person.supervisor_id = supervisor_id
    session.add(person)
    revoked = 0
    if old is not None:
        revoked = _revoke_shares(session, person.id, old, now)
        session.flush()
        _release_scope(session, old, person.team_id, actor_id)
    audit.record(
        session,
        event="supervisor_set",
        actor_id=actor_id,
        subject_id=person.id,
        detail={"from": old, "to": supervisor_id, "shares_revoked": revoked},
    )
    session.flush()
    if sync and supervisor_id is not None:
        sync_supervisor_scopes(session, person.organisation_id, {supervisor_id}, actor_id)
    return True


def _release_scope(
    session: Session, supervisor_id: int, unit_id: int | None, actor_id: int | None
) -> None:
    """Drop the supervisor's scope on ``unit_id`` when none of their active reports is there."""
    if unit_id is None:
        return
    still = session.exec(
        select(Person.id).where(
            Person.supervisor_id == supervisor_id, Person.team_id == unit_id, col(Person.active)
        )
    ).first()
    if still is not None:
        return
    for grant in session.exec(
        select(RoleGrant).where(
            RoleGrant.person_id == supervisor_id,
            RoleGrant.role == Role.supervisor,
            RoleGrant.unit_id == unit_id,
        )
    ).all():
        _drop_grant(session, grant, actor_id)


def sync_supervisor_scopes(
    session: Session,
    organisation_id: int,
    supervisor_ids: set[int] | None = None,
    actor_id: int | None = None,
) -> None:
    """Give each supervisor (all of the organisation, or the ones named) the supervisor role with
    a scope on every team or unit their active reports are placed in. Only adds: scopes go
    when a report leaves (``set_supervisor``, ``write_person``), so a team an admin assigned
    before anyone was placed in it stays."""
    reports = session.exec(
        select(Person.supervisor_id, Person.team_id).where(
            Person.organisation_id == organisation_id,
            col(Person.active),
            col(Person.supervisor_id).is_not(None),
        )
    ).all()
    wanted: dict[int, set[int]] = defaultdict(set)
    for sup, team in reports:
        wanted[sup]  # noqa: B018 - a supervisor without placed reports still holds the role
        if team is not None:
            wanted[sup].add(team)
    ids = set(wanted) if supervisor_ids is None else set(supervisor_ids)
    active = set(
        session.exec(select(Person.id).where(col(Person.id).in_(ids), col(Person.active))).all()
    )
    for sup in ids & active:
        grants = [g for g in _grants(session, sup) if g.role == Role.supervisor]
        scopes = {g.unit_id for g in grants}
        if sup in wanted and None not in scopes:
            _add_grant(session, sup, Role.supervisor, None, actor_id)
        for unit_id in sorted(wanted.get(sup, set()) - scopes):
            _add_grant(session, sup, Role.supervisor, unit_id, actor_id)
    session.flush()


def retire_person_row(
    session: Session, person: Person, *, actor_id: int | None, now: dt.datetime
) -> None:
    if not person.active:
        return
    person.active = False
    person.retired_at = now
    session.add(person)
    for grant in _grants(session, person.id):
        _drop_grant(session, grant, actor_id)
    revoked = 0
    # Shares given to them, and the ones they gave: someone brought back years later starts
    # from nothing shared, in both directions.
    given = select(Assessment.id).where(Assessment.person_id == person.id)
    for grant in session.exec(
        select(ShareGrant).where(
            (ShareGrant.grantee_id == person.id) | col(ShareGrant.assessment_id).in_(given),
            col(ShareGrant.revoked_at).is_(None),
        )
    ).all():
        grant.revoked_at = now
        session.add(grant)
        revoked += 1
    for token in session.exec(
        select(PasswordToken).where(
            PasswordToken.person_id == person.id, col(PasswordToken.used_at).is_(None)
        )
    ).all():
        token.used_at = now
        session.add(token)
    sessions.revoke_all(session, person.id, now=now)  # signed out at their next click
    reports = session.exec(
        select(Person).where(Person.supervisor_id == person.id, col(Person.active))
    ).all()
    for report in reports:
        set_supervisor(session, report, None, actor_id=actor_id, now=now, sync=False)
    old_supervisor = person.supervisor_id
    audit.record(
        session,
        event="person_retired",
        actor_id=actor_id,
        subject_id=person.id,
        detail={"shares_revoked": revoked, "reports_cleared": len(reports)},
    )
    session.flush()
    if old_supervisor is not None:
        # Their supervisor keeps the team only while another active report of theirs is in it.
        _release_scope(session, old_supervisor, person.team_id, actor_id)
        session.flush()


def reactivate_person_row(
    session: Session, person: Person, *, actor_id: int | None, now: dt.datetime
) -> None:
    """Bring a retired person back: they can sign in again with the employee role; other roles
    are set again explicitly. They report to their former supervisor again only if that one is
    still active (else to nobody: a retired supervisor could never be chosen on the form)."""
    if person.active:
        return
    person.active = True
    person.retired_at = None
    person.failed_logins = 0
    person.locked_until = None
    session.add(person)
    if not _grants(session, person.id):
        _add_grant(session, person.id, Role.employee, None, actor_id)
    audit.record(session, event="person_reactivated", actor_id=actor_id, subject_id=person.id)
    session.flush()
    if person.supervisor_id is not None:
        boss = session.get(Person, person.supervisor_id)
        if boss is None or not boss.active:
            set_supervisor(session, person, None, actor_id=actor_id, now=now)
        else:
            sync_supervisor_scopes(session, person.organisation_id, {boss.id}, actor_id)


# --- People: viewer functions ------------------------------------------------------------------


def valid_email(value: str) -> str:
    email = normalise_email(value)
    if not email:
        raise PersonError("email_empty")
    if not is_email(email):
        raise PersonError("email_invalid")
    return email


def is_email(email: str) -> bool:
    """Whether a normalised address is acceptable (the People form and the roster alike)."""
    return len(email) <= EMAIL_MAX and bool(_EMAIL.match(email))


def valid_name(value: str) -> str:
    name = text.line(value)
    if not name:
        raise PersonError("name_empty")
    if len(name) > NAME_MAX:
        raise PersonError("name_long", max=NAME_MAX)
    return name


def creates_cycle(supervisor_of: dict[int, int | None], person_id: int, supervisor_id: int) -> bool:
    """Whether making ``supervisor_id`` the supervisor of ``person_id`` closes a loop."""
    seen: set[int] = set()
    current: int | None = supervisor_id
    while current is not None and current not in seen:
        if current == person_id:
            return True
        seen.add(current)
        current = supervisor_of.get(current)
    return False


def _admin_person(session: Session, viewer: Viewer, person_id: int | None) -> Person:
    viewer.require(Role.admin)
    person = session.get(Person, person_id) if person_id is not None else None
    if person is None:
        raise PersonError("person_missing")
    if person.organisation_id != viewer.organisation_id:
        raise AccessDenied("person outside the admin's organisation")
    return person


def _checked(
    session: Session, viewer: Viewer, data: PersonInput, person_id: int | None
) -> tuple[str, str, str]:
    email, name = valid_email(data.email), valid_name(data.name)
    other = session.exec(select(Person).where(Person.email == email)).first()
    if other is not None and other.id != person_id:
        raise PersonError("email_taken")
    if data.language not in org_settings.offered_languages(session, viewer.organisation_id):
        raise PersonError("language_unknown")
    if data.placement_id is not None:
        unit = session.get(Unit, data.placement_id)
        if unit is None or unit.organisation_id != viewer.organisation_id:
            raise PersonError("unit_missing")
        if unit.retired_at is not None:
            raise PersonError("unit_retired")
    if unknown := set(data.roles) - set(ROLES):
        raise PersonError("role_unknown", role=", ".join(sorted(unknown)))
    if data.supervisor_id is not None:
        boss = session.get(Person, data.supervisor_id)
        if boss is None or boss.organisation_id != viewer.organisation_id or not boss.active:
            raise PersonError("supervisor_missing")
        if person_id is not None:
            if data.supervisor_id == person_id:
                raise PersonError("supervisor_self")
            supervisor_of = dict(
                session.exec(
                    select(Person.id, Person.supervisor_id).where(
                        Person.organisation_id == viewer.organisation_id
                    )
                ).all()
            )
            if creates_cycle(supervisor_of, person_id, data.supervisor_id):
                raise PersonError("supervisor_cycle")
    return email, name, data.language


def add_person(session: Session, *, viewer: Viewer, data: PersonInput, now: dt.datetime) -> Person:
    """A new person with no password yet: they set it through a one-time link
    (``model.accounts``) or sign in with single sign-on."""
    viewer.require(Role.admin)
    email, name, language = _checked(session, viewer, data, None)
    person, _ = write_person(
        session,
        viewer.organisation_id,
        None,
        email=email,
        name=name,
        language=language,
        placement_id=data.placement_id,
        actor_id=viewer.person_id,
        now=now,
    )
    set_roles(session, person, data.roles, actor_id=viewer.person_id)
    set_supervisor(session, person, data.supervisor_id, actor_id=viewer.person_id, now=now)
    return person


def update_person(
    session: Session, *, viewer: Viewer, person_id: int | None, data: PersonInput, now: dt.datetime
) -> list[str]:
    """Save the People form; returns what changed (field names, ``supervisor``, ``roles``)."""
    person = _admin_person(session, viewer, person_id)
    if not person.active:
        raise PersonError("person_retired")
    email, name, language = _checked(session, viewer, data, person.id)
    if person.id == viewer.person_id and Role.admin not in data.roles:
        raise PersonError("own_admin_role")
    if Role.supervisor not in data.roles:
        reports = session.exec(
            select(Person.id).where(Person.supervisor_id == person.id, col(Person.active))
        ).all()
        if reports:
            raise PersonError("has_reports", count=len(reports))
    _, changed = write_person(
        session,
        viewer.organisation_id,
        person,
        email=email,
        name=name,
        language=language,
        placement_id=data.placement_id,
        actor_id=viewer.person_id,
        now=now,
    )
    if set_roles(session, person, data.roles, actor_id=viewer.person_id):
        changed.append("roles")
    if set_supervisor(session, person, data.supervisor_id, actor_id=viewer.person_id, now=now):
        changed.append("supervisor")
    if "team_id" in changed and person.supervisor_id is not None:
        sync_supervisor_scopes(
            session, viewer.organisation_id, {person.supervisor_id}, viewer.person_id
        )
    if "supervisor" not in changed and Role.supervisor in data.roles:
        sync_supervisor_scopes(session, viewer.organisation_id, {person.id}, viewer.person_id)
    return changed


def retire_person(
    session: Session, *, viewer: Viewer, person_id: int | None, now: dt.datetime
) -> None:
    person = _admin_person(session, viewer, person_id)
    if person.id == viewer.person_id:
        raise PersonError("retire_self")
    retire_person_row(session, person, actor_id=viewer.person_id, now=now)


def reactivate_person(
    session: Session, *, viewer: Viewer, person_id: int | None, now: dt.datetime
) -> None:
    person = _admin_person(session, viewer, person_id)
    reactivate_person_row(session, person, actor_id=viewer.person_id, now=now)


def person_input(session: Session, *, viewer: Viewer, person_id: int | None) -> PersonInput:
    """The People form's values for one person."""
    person = _admin_person(session, viewer, person_id)
    roles = {g.role for g in _grants(session, person.id)}
    return PersonInput(
        email=person.email,
        name=person.display_name,
        language=person.language,
        placement_id=person.team_id,
        supervisor_id=person.supervisor_id,
        roles=frozenset(roles),
    )


def people(
    session: Session,
    *,
    viewer: Viewer,
    query: str = "",
    unit_id: int | None = None,
    role: str | None = None,
    include_retired: bool = False,
) -> pd.DataFrame:
    """The People table: search by name or e-mail, filter by unit (with everything below it) and
    role. Roles are listed as codes; the page translates them."""
    viewer.require(Role.admin)
    org = viewer.organisation_id
    units = units_of(session, org)
    statement = select(Person).where(Person.organisation_id == org)
    if not include_retired:
        statement = statement.where(col(Person.active))
    persons = session.exec(statement).all()
    names = dict(
        session.exec(
            select(Person.id, Person.display_name).where(Person.organisation_id == org)
        ).all()
    )
    roles: dict[int, set[str]] = defaultdict(set)
    for pid, r in session.exec(
        select(RoleGrant.person_id, RoleGrant.role)
        .join(Person, col(Person.id) == RoleGrant.person_id)
        .where(Person.organisation_id == org)
    ).all():
        roles[pid].add(r)
    needle = text.line(query).casefold()
    inside = _subtree(units, unit_id) if unit_id is not None else None
    rows = []
    for p in persons:
        if needle and needle not in p.display_name.casefold() and needle not in p.email:
            continue
        if inside is not None and p.team_id not in inside:
            continue
        if role is not None and role not in roles[p.id]:
            continue
        rows.append(
            {
                "id": p.id,
                "name": p.display_name,
                "email": p.email,
                "language": p.language,
                "placement": path_text(units, p.team_id),
                "supervisor": names.get(p.supervisor_id, "") if p.supervisor_id else "",
                "roles": [r for r in ROLES if r in roles[p.id]],
                "active": p.active,
            }
        )
    frame = pd.DataFrame(rows, columns=PEOPLE_COLUMNS)
    return frame.sort_values("name", key=lambda s: s.str.casefold()).reset_index(drop=True)


def email_of(session: Session, *, viewer: Viewer, person_id: int | None) -> str:
    """A person's e-mail address, for an admin listing the password links they made."""
    return _admin_person(session, viewer, person_id).email


def supervisor_options(session: Session, *, viewer: Viewer) -> dict[int, str]:
    """Active people who can be chosen as someone's supervisor: id → "name (e-mail)"."""
    viewer.require(Role.admin)
    rows = session.exec(
        select(Person.id, Person.display_name, Person.email).where(
            Person.organisation_id == viewer.organisation_id, col(Person.active)
        )
    ).all()
    return {
        pid: f"{name} ({email})"
        for pid, name, email in sorted(rows, key=lambda r: (r[1].casefold(), r[2]))
    }


# --- Structure for the roster import -----------------------------------------------------------


def ensure_unit_path(
    session: Session,
    organisation_id: int,
    names: list[str],
    *,
    actor_id: int | None,
    now: dt.datetime,
) -> Unit:
    """The unit at ``names`` below the root, creating (or restoring) what is missing."""
    parent = root_unit(session, organisation_id)
    for name in names:
        parent = _ensure(session, parent, name, UnitKind.unit, actor_id)
    return parent


def ensure_team(
    session: Session, parent: Unit, name: str, *, actor_id: int | None, now: dt.datetime
) -> Unit:
    return _ensure(session, parent, name, UnitKind.team, actor_id)


def _ensure(session: Session, parent: Unit, name: str, kind: str, actor_id: int | None) -> Unit:
    unit = _child(session, parent, name, kind)
    if unit is None:
        unit = Unit(
            organisation_id=parent.organisation_id,
            parent_id=parent.id,
            kind=str(kind),
            name=text.line(name),
        )
        session.add(unit)
        session.flush()
        audit.record(
            session,
            event="unit_created",
            actor_id=actor_id,
            detail={"unit_id": unit.id, "parent_id": parent.id, "kind": str(kind)},
        )
    elif unit.retired_at is not None:
        unit.retired_at = None
        session.add(unit)
        audit.record(session, event="unit_restored", actor_id=actor_id, detail={"unit_id": unit.id})
    return unit
