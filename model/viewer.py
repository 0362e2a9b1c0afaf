"""Who is asking: the signed-in person with their roles, and the access errors services raise."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from model import timesource
from model.tables import Organisation, Person, Role, RoleGrant


class AccessDenied(PermissionError):
    """The viewer may not see or change this. Pages show a generic message."""


@dataclass(frozen=True)
class Viewer:
    person_id: int
    organisation_id: int
    roles: frozenset[str]
    team_id: int | None
    language: str = "fi"
    time_zone: str = timesource.DEFAULT_ZONE  # the organisation's: times shown, "today"

    def has(self, role: Role | str) -> bool:
        return str(role) in self.roles

    def require(self, role: Role | str) -> None:
        # Pages hide what a role lacks, but hiding is not authorisation (TRUST.md rule 7).
        if not self.has(role):
            raise AccessDenied(f"role {role} required")


def same_access(a: Viewer | None, b: Viewer | None) -> bool:
    """Whether two readings of who is signed in grant the same: the same person (or nobody) in
    the same organisation, with the same roles and team. Language and time zone may differ."""
    if a is None or b is None:
        return a is b
    return (a.person_id, a.organisation_id, a.roles, a.team_id) == (
        b.person_id,
        b.organisation_id,
        b.roles,
        b.team_id,
    )


def load_viewer(session: Session, person_id: int) -> Viewer | None:
    """The viewer for a signed-in person, read fresh so role changes apply at the next rerun."""
    person = session.get(Person, person_id)
    if person is None or not person.active:
        return None
    roles = session.exec(select(RoleGrant.role).where(RoleGrant.person_id == person_id)).all()
    organisation = session.get(Organisation, person.organisation_id)
    return Viewer(
        person_id=person_id,
        organisation_id=person.organisation_id,
        roles=frozenset(roles),
        team_id=person.team_id,
        language=person.language,
        time_zone=organisation.time_zone if organisation else timesource.DEFAULT_ZONE,
    )
