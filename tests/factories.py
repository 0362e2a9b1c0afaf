"""Small hand-built organisations for unit tests (the demo data covers the large cases)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from model import timesource
from model.framework import Framework, default_framework
from model.tables import (
    FrameworkVersion,
    Organisation,
    Person,
    Role,
    RoleGrant,
    Round,
    RoundScope,
    Unit,
    UnitKind,
)
from model.viewer import Viewer, load_viewer


@dataclass
class Org:
    organisation_id: int
    root_id: int
    team_id: int
    other_team_id: int
    supervisor: Viewer
    open_round_id: int
    closed_round_id: int
    framework: Framework


def make_org(session: Session, framework: Framework | None = None) -> Org:
    """An organisation with an open round around today and a round that closed a month ago."""
    today = timesource.today()
    fw = framework or default_framework()
    org = Organisation(name="Testikaupunki")
    session.add(org)
    session.flush()
    root = Unit(organisation_id=org.id, kind=UnitKind.organisation, name="Testikaupunki")
    session.add(root)
    session.flush()
    unit = Unit(organisation_id=org.id, parent_id=root.id, kind=UnitKind.unit, name="Palvelut")
    session.add(unit)
    session.flush()
    team = Unit(organisation_id=org.id, parent_id=unit.id, kind=UnitKind.team, name="Tiimi A")
    other = Unit(organisation_id=org.id, parent_id=unit.id, kind=UnitKind.team, name="Tiimi B")
    session.add_all([team, other])
    version = FrameworkVersion(key=fw.key, version=fw.version, data=fw.model_dump(mode="json"))
    session.add(version)
    session.flush()
    rounds = [
        Round(
            organisation_id=org.id,
            name="Avoin",
            opens_on=today - dt.timedelta(days=5),
            closes_on=today + dt.timedelta(days=10),
            framework_id=version.id,
        ),
        Round(
            organisation_id=org.id,
            name="Mennyt",
            opens_on=today - dt.timedelta(days=60),
            closes_on=today - dt.timedelta(days=30),
            framework_id=version.id,
        ),
    ]
    session.add_all(rounds)
    session.flush()
    session.add_all([RoundScope(round_id=r.id, unit_id=root.id) for r in rounds])
    sup = add_person(session, org.id, team.id, "esimies@test.fi")
    session.add(RoleGrant(person_id=sup.person_id, role=Role.supervisor, unit_id=team.id))
    session.commit()
    sup = load_viewer(session, sup.person_id)
    return Org(org.id, root.id, team.id, other.id, sup, rounds[0].id, rounds[1].id, fw)


def add_person(
    session: Session,
    organisation_id: int,
    team_id: int | None,
    email: str,
    *,
    roles: tuple[str, ...] = ("employee",),
    supervisor_id: int | None = None,
    acknowledged: bool = True,
    password_hash: str | None = None,
) -> Viewer:
    person = Person(
        organisation_id=organisation_id,
        email=email,
        display_name=email.split("@")[0].title(),
        team_id=team_id,
        supervisor_id=supervisor_id,
        privacy_ack_at=timesource.now() if acknowledged else None,
        password_hash=password_hash,
    )
    session.add(person)
    session.flush()
    session.add_all([RoleGrant(person_id=person.id, role=r) for r in roles])
    session.flush()
    return load_viewer(session, person.id)
