"""People and structure (model.people): units and teams at any depth, people with their
supervisor and roles, retiring and bringing back, and the promise that a supervisor who loses a
report loses access at once. Every rule is also tried from the wrong side: non-admins, an admin of
another organisation, and the audit log is searched for names."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import col, select

from model import accounts, discussions, i18n, org_settings, timesource
from model import people as svc
from model import rounds as rounds_svc
from model.assessments import AssessmentInput, acknowledge_privacy, save_assessment
from model.people import PersonError, PersonInput
from model.scope import visible_units
from model.tables import (
    Assessment,
    AuditEvent,
    Organisation,
    PasswordToken,
    Person,
    Role,
    RoleGrant,
    ShareGrant,
    Unit,
    UnitKind,
)
from model.viewer import AccessDenied, load_viewer
from tests.factories import add_person, make_org

ROOT = Path(__file__).resolve().parent.parent
ALL_LIGHTS = {
    "autonomy": "green",
    "competence": "yellow",
    "relatedness": "green",
    "beneficence": "red",
}


def now() -> dt.datetime:
    return timesource.now()


@pytest.fixture
def org(session):
    """make_org (Palvelut with Tiimi A and B; a supervisor of Tiimi A) plus an admin, a
    facilitator of Palvelut and an employee in Tiimi A who reports to nobody yet."""
    o = make_org(session)
    o.services_id = session.get(Unit, o.team_id).parent_id
    admin = add_person(session, o.organisation_id, None, "paakayttaja@test.fi", roles=("admin",))
    fac = add_person(session, o.organisation_id, o.team_id, "fasilitaattori@test.fi")
    session.add(RoleGrant(person_id=fac.person_id, role=Role.facilitator, unit_id=o.services_id))
    emp = add_person(session, o.organisation_id, o.team_id, "emma@test.fi")
    session.commit()
    o.admin = load_viewer(session, admin.person_id)
    o.facilitator = load_viewer(session, fac.person_id)
    o.employee = emp
    return o


def other_org(session):
    """Another organisation with its own admin, root, team and person."""
    organisation = Organisation(name="Naapurikunta")
    session.add(organisation)
    session.flush()
    root = Unit(organisation_id=organisation.id, kind=UnitKind.organisation, name="Naapurikunta")
    session.add(root)
    session.flush()
    team = Unit(
        organisation_id=organisation.id, parent_id=root.id, kind=UnitKind.team, name="Naapuri"
    )
    session.add(team)
    session.flush()
    admin = add_person(session, organisation.id, None, "admin@naapuri.fi", roles=("admin",))
    person = add_person(session, organisation.id, team.id, "naapuri@naapuri.fi")
    session.commit()
    return {"admin": admin, "team_id": team.id, "root_id": root.id, "person": person}


def unit(session, o, name, parent_id=None, kind=UnitKind.unit):
    return svc.create_unit(
        session, viewer=o.admin, name=name, parent_id=parent_id, kind=kind, now=now()
    )


def person_input(**values) -> PersonInput:
    return PersonInput(**({"email": "uusi@test.fi", "name": "Uusi Ihminen"} | values))


def add(session, o, **values) -> Person:
    person = svc.add_person(session, viewer=o.admin, data=person_input(**values), now=now())
    session.commit()
    return person


def edit(session, o, person_id, **changes) -> list[str]:
    """Save the People form for ``person_id`` with ``changes`` over its current values."""
    current = svc.person_input(session, viewer=o.admin, person_id=person_id)
    changed = svc.update_person(
        session,
        viewer=o.admin,
        person_id=person_id,
        data=current.model_copy(update=changes),
        now=now(),
    )
    session.commit()
    return changed


def events(session, name: str) -> list[AuditEvent]:
    return list(
        session.exec(
            select(AuditEvent).where(AuditEvent.event == name).order_by(AuditEvent.id)
        ).all()
    )


def grants(session, person_id: int) -> set[tuple[str, int | None]]:
    return {
        (g.role, g.unit_id)
        for g in session.exec(select(RoleGrant).where(RoleGrant.person_id == person_id)).all()
    }


def submitted(session, viewer, round_id) -> int:
    acknowledge_privacy(session, viewer=viewer)
    aid = save_assessment(
        session,
        viewer=viewer,
        round_id=round_id,
        data=AssessmentInput(ratings=ALL_LIGHTS),
        submit=True,
        today=timesource.today(),
    )
    session.commit()
    return aid


def share(session, viewer, assessment_id) -> None:
    discussions.share_with_supervisor(
        session,
        viewer=viewer,
        assessment_id=assessment_id,
        expires_on=None,
        today=timesource.today(),
    )
    session.commit()


def refused(code: str, call, **params) -> PersonError:
    with pytest.raises(PersonError) as caught:
        call()
    assert caught.value.code == code
    for key, value in params.items():
        assert caught.value.params[key] == value
    return caught.value


# --- Structure ---------------------------------------------------------------------------------


def test_a_unit_at_the_top_goes_under_a_root_made_when_the_organisation_has_none(session):
    organisation = Organisation(name="Uusi kunta")
    session.add(organisation)
    session.flush()
    admin = add_person(session, organisation.id, None, "admin@uusi.fi", roles=("admin",))
    session.commit()

    first = svc.create_unit(
        session, viewer=admin, name="Hallinto", parent_id=None, kind=UnitKind.unit, now=now()
    )
    second = svc.create_unit(
        session, viewer=admin, name="Tiimi", parent_id=None, kind=UnitKind.team, now=now()
    )
    session.commit()

    roots = session.exec(
        select(Unit).where(
            Unit.organisation_id == organisation.id, Unit.kind == UnitKind.organisation
        )
    ).all()
    assert len(roots) == 1
    assert (roots[0].name, roots[0].parent_id) == ("Uusi kunta", None)
    assert first.parent_id == second.parent_id == roots[0].id
    assert (first.kind, second.kind) == ("unit", "team")


def test_units_nest_ten_deep_and_no_deeper_but_a_team_fits_under_the_tenth(session, org):
    parent = None
    for level in range(1, svc.DEPTH_MAX + 1):
        parent = unit(session, org, f"Taso {level}", parent.id if parent else None)
    tree = svc.structure(session, viewer=org.admin)
    deepest = tree[tree["id"] == parent.id].iloc[0]
    assert deepest["depth"] == svc.DEPTH_MAX  # the root is depth 0
    assert deepest["path"] == " / ".join(f"Taso {n}" for n in range(1, svc.DEPTH_MAX + 1))

    refused("too_deep", lambda: unit(session, org, "Taso 11", parent.id), max=svc.DEPTH_MAX)
    team = unit(session, org, "Pohjatiimi", parent.id, kind=UnitKind.team)
    assert team.parent_id == parent.id


def test_a_team_has_no_units_or_teams_under_it(session, org):
    for kind in (UnitKind.unit, UnitKind.team):
        refused("parent_is_team", lambda kind=kind: unit(session, org, "Ali", org.team_id, kind))
    refused("unit_kind_unknown", lambda: unit(session, org, "Juuri", None, "organisation"))
    refused("unit_missing", lambda: unit(session, org, "Kadonnut", 10**6))


def test_sibling_names_are_unique_whatever_the_case_but_may_repeat_elsewhere(session, org):
    error = refused("unit_exists", lambda: unit(session, org, "  PALVELUT ", None))
    assert error.params == {"name": "Palvelut"}
    refused(
        "unit_exists",
        lambda: unit(session, org, "tiimi a", org.services_id, kind=UnitKind.team),
    )
    elsewhere = unit(session, org, "Muut")
    assert unit(session, org, "Tiimi A", elsewhere.id, kind=UnitKind.team).name == "Tiimi A"


def test_unit_names_are_cleaned_and_checked(session, org):
    assert unit(session, org, "  Tekniset\u202e palvelut\x00 ").name == "Tekniset palvelut"
    refused("unit_name_slash", lambda: unit(session, org, "Kasvatus / opetus"))
    refused("unit_name_empty", lambda: unit(session, org, " \t\x07 "))
    refused("unit_name_long", lambda: unit(session, org, "x" * 201), max=svc.NAME_MAX)
    assert len(unit(session, org, "y" * 200).name) == 200


def test_rename_checks_siblings_and_renaming_the_root_renames_the_organisation(session, org):
    svc.rename_unit(session, viewer=org.admin, unit_id=org.team_id, name="  Kotihoito ")
    session.commit()
    assert session.get(Unit, org.team_id).name == "Kotihoito"
    refused(
        "unit_exists",
        lambda: svc.rename_unit(session, viewer=org.admin, unit_id=org.team_id, name="tiimi b"),
    )
    refused(
        "unit_name_slash",
        lambda: svc.rename_unit(session, viewer=org.admin, unit_id=org.team_id, name="a/b"),
    )
    # Only the case changes: the unit does not clash with itself.
    svc.rename_unit(session, viewer=org.admin, unit_id=org.team_id, name="KOTIHOITO")
    assert session.get(Unit, org.team_id).name == "KOTIHOITO"

    svc.rename_unit(session, viewer=org.admin, unit_id=org.root_id, name="Uusikaupunki")
    session.commit()
    assert session.get(Organisation, org.organisation_id).name == "Uusikaupunki"
    assert session.get(Unit, org.root_id).name == "Uusikaupunki"
    assert [e.detail for e in events(session, "unit_renamed")] == [
        {"unit_id": org.team_id},
        {"unit_id": org.team_id},
        {"unit_id": org.root_id},
    ]


def test_move_takes_the_subtree_along_and_refuses_loops_teams_and_clashes(session, org):
    other = unit(session, org, "Muut")
    below = unit(session, org, "Alayksikkö", org.services_id)
    svc.move_unit(session, viewer=org.admin, unit_id=org.other_team_id, parent_id=other.id)
    session.commit()
    assert session.get(Unit, org.other_team_id).parent_id == other.id
    tree = svc.structure(session, viewer=org.admin).set_index("id")
    assert tree.loc[org.other_team_id, "path"] == "Muut / Tiimi B"
    [moved] = events(session, "unit_moved")
    assert moved.detail == {"unit_id": org.other_team_id, "from": org.services_id, "to": other.id}

    def move(unit_id, parent_id):
        return lambda: svc.move_unit(
            session, viewer=org.admin, unit_id=unit_id, parent_id=parent_id
        )

    refused("move_into_itself", move(org.services_id, org.services_id))
    refused("move_into_itself", move(org.services_id, below.id))
    refused("parent_is_team", move(below.id, org.team_id))
    refused("root_fixed", move(org.root_id, other.id))
    # A team named like one already there.
    clash = unit(session, org, "Tiimi A", other.id, kind=UnitKind.team)
    refused("unit_exists", move(clash.id, org.services_id))
    # Moving to where it already is changes nothing and records nothing.
    svc.move_unit(session, viewer=org.admin, unit_id=below.id, parent_id=org.services_id)
    assert len(events(session, "unit_moved")) == 1
    # parent None is the top of the organisation.
    svc.move_unit(session, viewer=org.admin, unit_id=below.id, parent_id=None)
    assert session.get(Unit, below.id).parent_id == org.root_id


def test_move_keeps_units_within_ten_levels_and_teams_may_hang_below_the_tenth(session, org):
    parent = None
    for level in range(1, svc.DEPTH_MAX):
        parent = unit(session, org, f"Taso {level}", parent.id if parent else None)
    ninth = parent
    # Palvelut (one level of units, teams below) fits under the ninth: units reach the tenth.
    svc.move_unit(session, viewer=org.admin, unit_id=org.services_id, parent_id=ninth.id)
    session.commit()
    tree = svc.structure(session, viewer=org.admin).set_index("id")
    assert tree.loc[org.services_id, "depth"] == svc.DEPTH_MAX
    assert tree.loc[org.team_id, "depth"] == svc.DEPTH_MAX + 1
    # A unit with a unit below it would put that one on the eleventh level.
    outer = unit(session, org, "Ulompi")
    unit(session, org, "Sisempi", outer.id)
    refused(
        "too_deep",
        lambda: svc.move_unit(session, viewer=org.admin, unit_id=outer.id, parent_id=ninth.id),
        max=svc.DEPTH_MAX,
    )


def test_retiring_a_unit_needs_it_empty_and_drops_scopes_on_it(session, org):
    def retire(unit_id):
        return lambda: svc.retire_unit(session, viewer=org.admin, unit_id=unit_id, now=now())

    # Tiimi A holds the supervisor, the facilitator and Emma.
    refused("unit_has_people", retire(org.team_id), count=3)
    refused("unit_has_units", retire(org.services_id), count=2)
    refused("root_fixed", retire(org.root_id))

    sup = org.supervisor.person_id
    assert (Role.supervisor, org.other_team_id) not in grants(session, sup)
    session.add(RoleGrant(person_id=sup, role=Role.supervisor, unit_id=org.other_team_id))
    session.commit()
    moment = now()
    svc.retire_unit(session, viewer=org.admin, unit_id=org.other_team_id, now=moment)
    session.commit()
    retired = session.get(Unit, org.other_team_id)
    assert timesource.as_utc(retired.retired_at) == moment
    assert (Role.supervisor, org.other_team_id) not in grants(session, sup)
    assert (Role.supervisor, org.team_id) in grants(session, sup)
    [removed] = [e for e in events(session, "role_removed") if e.subject_id == sup]
    assert removed.detail == {"role": "supervisor", "unit_id": org.other_team_id}

    tree = svc.structure(session, viewer=org.admin)
    assert org.other_team_id not in set(tree["id"])
    full = svc.structure(session, viewer=org.admin, include_retired=True).set_index("id")
    assert not full.loc[org.other_team_id, "active"]
    # A retired team takes nobody and nothing new.
    refused("unit_retired", lambda: add(session, org, placement_id=org.other_team_id))
    # Its name is free again for a new team beside it, which then blocks the restore.
    again = unit(session, org, "tiimi b", org.services_id, kind=UnitKind.team)
    refused(
        "unit_exists",
        lambda: svc.restore_unit(session, viewer=org.admin, unit_id=org.other_team_id),
    )
    svc.rename_unit(session, viewer=org.admin, unit_id=again.id, name="Tiimi C")
    svc.restore_unit(session, viewer=org.admin, unit_id=org.other_team_id)
    session.commit()
    assert session.get(Unit, org.other_team_id).retired_at is None
    assert len(events(session, "unit_retired")) == len(events(session, "unit_restored")) == 1


def test_a_retired_person_does_not_keep_a_unit_in_use(session, org):
    emptied = unit(session, org, "Lakkautettava", org.services_id, kind=UnitKind.team)
    leaver = add(session, org, placement_id=emptied.id)
    refused(
        "unit_has_people",
        lambda: svc.retire_unit(session, viewer=org.admin, unit_id=emptied.id, now=now()),
        count=1,
    )
    svc.retire_person(session, viewer=org.admin, person_id=leaver.id, now=now())
    svc.retire_unit(session, viewer=org.admin, unit_id=emptied.id, now=now())
    session.commit()
    assert session.get(Unit, emptied.id).retired_at is not None
    assert session.get(Person, leaver.id).team_id == emptied.id  # history says where they were


def test_a_unit_cannot_be_restored_under_a_retired_parent(session, org):
    parent = unit(session, org, "Vanha")
    child = unit(session, org, "Vanha tiimi", parent.id, kind=UnitKind.team)
    svc.retire_unit(session, viewer=org.admin, unit_id=child.id, now=now())
    svc.retire_unit(session, viewer=org.admin, unit_id=parent.id, now=now())
    session.commit()
    refused(
        "parent_retired",
        lambda: svc.restore_unit(session, viewer=org.admin, unit_id=child.id),
    )
    refused("parent_retired", lambda: unit(session, org, "Uusi", parent.id, kind=UnitKind.team))
    refused(
        "parent_retired",
        lambda: svc.move_unit(
            session, viewer=org.admin, unit_id=org.other_team_id, parent_id=parent.id
        ),
    )
    svc.restore_unit(session, viewer=org.admin, unit_id=parent.id)
    svc.restore_unit(session, viewer=org.admin, unit_id=child.id)
    assert session.get(Unit, child.id).retired_at is None


def test_structure_is_depth_first_units_before_teams_by_name_with_head_counts(session, org):
    b = unit(session, org, "b-yksikkö")
    unit(session, org, "Ä-tiimi", b.id, kind=UnitKind.team)
    unit(session, org, "A-yksikkö", b.id)
    unit(session, org, "Aakkoset")
    add(session, org, placement_id=b.id)
    add(session, org, email="toinen@test.fi", placement_id=org.other_team_id)
    gone = add(session, org, email="lahtija@test.fi", placement_id=org.other_team_id)
    svc.retire_person(session, viewer=org.admin, person_id=gone.id, now=now())
    session.commit()

    tree = svc.structure(session, viewer=org.admin)
    assert list(tree.columns) == svc.STRUCTURE_COLUMNS
    assert list(zip(tree["name"], tree["depth"], strict=True)) == [
        ("Testikaupunki", 0),
        ("Aakkoset", 1),
        ("b-yksikkö", 1),
        ("A-yksikkö", 2),
        ("Ä-tiimi", 2),
        ("Palvelut", 1),
        ("Tiimi A", 2),
        ("Tiimi B", 2),
    ]
    heads = dict(zip(tree["name"], tree["people"], strict=True))
    # People placed directly in a unit or team; the retired one is not counted.
    assert heads["Tiimi A"] == 3
    assert heads["Tiimi B"] == 1
    assert heads["b-yksikkö"] == 1
    assert heads["Palvelut"] == 0
    assert tree.set_index("name").loc["Tiimi A", "path"] == "Palvelut / Tiimi A"


# Every structure and people function, called as viewer ``v`` on the organisation ``o``.
CALLS = {
    "create_unit": lambda s, v, o: svc.create_unit(
        s, viewer=v, name="X", parent_id=o.services_id, kind="team", now=now()
    ),
    "create_top": lambda s, v, o: svc.create_unit(
        s, viewer=v, name="X", parent_id=None, kind="unit", now=now()
    ),
    "rename_unit": lambda s, v, o: svc.rename_unit(s, viewer=v, unit_id=o.team_id, name="X"),
    "move_unit": lambda s, v, o: svc.move_unit(
        s, viewer=v, unit_id=o.other_team_id, parent_id=o.root_id
    ),
    "retire_unit": lambda s, v, o: svc.retire_unit(s, viewer=v, unit_id=o.other_team_id, now=now()),
    "restore_unit": lambda s, v, o: svc.restore_unit(s, viewer=v, unit_id=o.other_team_id),
    "structure": lambda s, v, o: svc.structure(s, viewer=v),
    "add_person": lambda s, v, o: svc.add_person(s, viewer=v, data=person_input(), now=now()),
    "update_person": lambda s, v, o: svc.update_person(
        s,
        viewer=v,
        person_id=o.employee.person_id,
        data=person_input(email="emma@test.fi"),
        now=now(),
    ),
    "retire_person": lambda s, v, o: svc.retire_person(
        s, viewer=v, person_id=o.employee.person_id, now=now()
    ),
    "reactivate_person": lambda s, v, o: svc.reactivate_person(
        s, viewer=v, person_id=o.employee.person_id, now=now()
    ),
    "person_input": lambda s, v, o: svc.person_input(s, viewer=v, person_id=o.employee.person_id),
    "email_of": lambda s, v, o: svc.email_of(s, viewer=v, person_id=o.employee.person_id),
    "people": lambda s, v, o: svc.people(s, viewer=v),
    "supervisor_options": lambda s, v, o: svc.supervisor_options(s, viewer=v),
}
# What takes an id of this organisation (the rest act on the viewer's own organisation).
AIMED = [
    name
    for name in CALLS
    if name not in {"create_top", "structure", "add_person", "people", "supervisor_options"}
]


@pytest.mark.parametrize("call", list(CALLS))
@pytest.mark.parametrize("who", ["employee", "supervisor", "facilitator"])
def test_only_admins_reach_any_structure_or_people_function(session, org, who, call):
    with pytest.raises(AccessDenied):
        CALLS[call](session, getattr(org, who), org)
    session.commit()
    assert session.get(Unit, org.team_id).name == "Tiimi A"
    assert session.get(Person, org.employee.person_id).active
    assert not session.exec(select(AuditEvent)).all()


@pytest.mark.parametrize("call", AIMED)
def test_an_admin_of_another_organisation_cannot_touch_this_one(session, org, call):
    foreign = other_org(session)["admin"]
    with pytest.raises(AccessDenied):
        CALLS[call](session, foreign, org)
    assert not session.exec(select(AuditEvent)).all()


def test_an_admin_of_another_organisation_sees_and_places_nothing_here(session, org):
    foreign = other_org(session)["admin"]
    # Placing a new person here or naming a supervisor here finds nothing.
    refused(
        "unit_missing",
        lambda: svc.add_person(
            session, viewer=foreign, data=person_input(placement_id=org.team_id), now=now()
        ),
    )
    refused(
        "supervisor_missing",
        lambda: svc.add_person(
            session,
            viewer=foreign,
            data=person_input(supervisor_id=org.supervisor.person_id),
            now=now(),
        ),
    )
    # What they see of people and structure is their own organisation only.
    tree = svc.structure(session, viewer=foreign)
    assert set(tree["name"]) == {"Naapurikunta", "Naapuri"}
    assert set(svc.people(session, viewer=foreign)["email"]) == {
        "admin@naapuri.fi",
        "naapuri@naapuri.fi",
    }
    assert set(svc.supervisor_options(session, viewer=foreign)) == {
        p.id
        for p in session.exec(
            select(Person).where(Person.organisation_id != org.organisation_id)
        ).all()
    }


def test_a_unit_cannot_move_under_another_organisations_unit(session, org):
    foreign = other_org(session)
    with pytest.raises(AccessDenied):
        svc.move_unit(
            session, viewer=org.admin, unit_id=org.other_team_id, parent_id=foreign["root_id"]
        )
    with pytest.raises(AccessDenied):
        unit(session, org, "Salaa", foreign["root_id"])
    assert session.get(Unit, org.other_team_id).parent_id == org.services_id


# --- People ------------------------------------------------------------------------------------


def test_adding_a_person_normalises_the_email_and_grants_the_roles(session, org):
    moment = now()
    person = svc.add_person(
        session,
        viewer=org.admin,
        data=person_input(
            email="  Aino.Virtanen@Test.FI ",
            name="  Aino\u202e Virtanen ",
            language="en",
            placement_id=org.other_team_id,
            supervisor_id=org.supervisor.person_id,
            roles=["employee", "facilitator"],
        ),
        now=moment,
    )
    session.commit()
    stored = session.get(Person, person.id)
    assert (stored.email, stored.display_name, stored.language) == (
        "aino.virtanen@test.fi",
        "Aino Virtanen",
        "en",
    )
    assert (stored.team_id, stored.supervisor_id, stored.password_hash) == (
        org.other_team_id,
        org.supervisor.person_id,
        None,
    )
    assert timesource.as_utc(stored.created_at) == moment
    assert grants(session, person.id) == {("employee", None), ("facilitator", None)}
    viewer = load_viewer(session, person.id)
    assert viewer.roles == {"employee", "facilitator"}
    [added] = events(session, "person_added")
    assert (added.actor_id, added.subject_id) == (org.admin.person_id, person.id)
    [sup_set] = events(session, "supervisor_set")
    assert sup_set.detail == {"from": None, "to": org.supervisor.person_id, "shares_revoked": 0}
    # Their supervisor now sees the team the new person is in.
    boss = load_viewer(session, org.supervisor.person_id)
    assert org.other_team_id in visible_units(session, viewer=boss)
    assert svc.person_input(session, viewer=org.admin, person_id=person.id) == PersonInput(
        email="aino.virtanen@test.fi",
        name="Aino Virtanen",
        language="en",
        placement_id=org.other_team_id,
        supervisor_id=org.supervisor.person_id,
        roles=frozenset({"employee", "facilitator"}),
    )


@pytest.mark.parametrize(
    ("values", "code", "params"),
    [
        ({"email": " EMMA@test.fi"}, "email_taken", {}),
        ({"email": "   "}, "email_empty", {}),
        ({"email": "emma"}, "email_invalid", {}),
        ({"email": "emma@test"}, "email_invalid", {}),
        ({"email": "em ma@test.fi"}, "email_invalid", {}),
        ({"email": "a@b@test.fi"}, "email_invalid", {}),
        ({"email": "x" * 316 + "@t.fi"}, "email_invalid", {}),
        ({"name": " \x00 "}, "name_empty", {}),
        ({"name": "n" * 201}, "name_long", {"max": 200}),
        ({"language": "sv"}, "language_unknown", {}),
        ({"placement_id": 10**6}, "unit_missing", {}),
        ({"roles": ["employee", "boss", "king"]}, "role_unknown", {"role": "boss, king"}),
        ({"supervisor_id": 10**6}, "supervisor_missing", {}),
    ],
)
def test_adding_a_person_refuses_what_cannot_be_stored(session, org, values, code, params):
    refused(code, lambda: add(session, org, **values), **params)
    assert session.exec(select(Person).where(Person.email == "uusi@test.fi")).first() is None


def test_an_email_taken_in_another_organisation_is_refused_too(session, org):
    other_org(session)
    refused("email_taken", lambda: add(session, org, email="Naapuri@Naapuri.fi"))


def test_language_must_be_one_the_organisation_offers(session, org):
    assert add(session, org, language="en").language == "en"
    settings = org_settings.load(session, org.organisation_id)
    org_settings.update(session, viewer=org.admin, new=replace(settings, languages=("fi",)))
    session.commit()
    refused("language_unknown", lambda: add(session, org, email="toinen@test.fi", language="en"))
    assert add(session, org, email="toinen@test.fi", language="fi").language == "fi"


def test_a_person_cannot_be_placed_in_a_retired_unit_or_report_to_a_retired_person(session, org):
    gone = add(session, org, email="lahtija@test.fi")
    svc.retire_person(session, viewer=org.admin, person_id=gone.id, now=now())
    empty = unit(session, org, "Tyhjä", org.services_id, kind=UnitKind.team)
    svc.retire_unit(session, viewer=org.admin, unit_id=empty.id, now=now())
    session.commit()
    refused("unit_retired", lambda: add(session, org, placement_id=empty.id))
    refused("supervisor_missing", lambda: add(session, org, supervisor_id=gone.id))
    foreign = other_org(session)
    refused(
        "supervisor_missing", lambda: add(session, org, supervisor_id=foreign["person"].person_id)
    )
    refused("unit_missing", lambda: add(session, org, placement_id=foreign["team_id"]))


def test_update_returns_and_audits_the_names_of_the_changed_fields_only(session, org):
    emma = org.employee.person_id
    assert edit(session, org, emma) == []
    assert not events(session, "person_changed")

    changed = edit(
        session,
        org,
        emma,
        email=" Emma.K@Test.fi",
        name="Emma Koskinen",
        placement_id=org.other_team_id,
        supervisor_id=org.supervisor.person_id,
        roles=frozenset({"employee", "facilitator"}),
    )
    assert changed == ["email", "display_name", "team_id", "roles", "supervisor"]
    stored = session.get(Person, emma)
    assert (stored.email, stored.display_name, stored.team_id) == (
        "emma.k@test.fi",
        "Emma Koskinen",
        org.other_team_id,
    )
    [person_changed] = events(session, "person_changed")
    assert person_changed.detail == {"fields": ["email", "display_name", "team_id"]}
    assert person_changed.subject_id == emma
    assert edit(session, org, emma, language="en") == ["language"]
    # An e-mail that is someone else's, or the person themself as supervisor, is refused.
    refused("email_taken", lambda: edit(session, org, emma, email="ESIMIES@test.fi"))
    refused("supervisor_self", lambda: edit(session, org, emma, supervisor_id=emma))
    refused("person_missing", lambda: svc.person_input(session, viewer=org.admin, person_id=None))


def test_an_admin_cannot_take_away_their_own_admin_role(session, org):
    me = org.admin.person_id
    refused("own_admin_role", lambda: edit(session, org, me, roles=frozenset({"employee"})))
    assert ("admin", None) in grants(session, me)
    # Another admin can.
    other = add(session, org, email="toinen.admin@test.fi", roles=["admin"])
    assert edit(session, org, other.id, roles=frozenset({"employee"})) == ["roles"]
    assert grants(session, other.id) == {("employee", None)}


def test_the_supervisor_role_stays_while_people_report(session, org):
    sup = org.supervisor.person_id
    edit(session, org, org.employee.person_id, supervisor_id=sup)
    add(session, org, supervisor_id=sup)
    refused(
        "has_reports",
        lambda: edit(session, org, sup, roles=frozenset({"employee"})),
        count=2,
    )
    assert (Role.supervisor, org.team_id) in grants(session, sup)


def test_supervisor_cycles_are_refused_however_long(session, org):
    a = add(session, org, email="a@test.fi", name="A")
    b = add(session, org, email="b@test.fi", name="B", supervisor_id=a.id)
    refused("supervisor_cycle", lambda: edit(session, org, a.id, supervisor_id=b.id))
    c = add(session, org, email="c@test.fi", name="C", supervisor_id=b.id)
    refused("supervisor_cycle", lambda: edit(session, org, a.id, supervisor_id=c.id))
    refused("supervisor_self", lambda: edit(session, org, a.id, supervisor_id=a.id))
    assert session.get(Person, a.id).supervisor_id is None
    # A chain is fine: C's supervisor's supervisor may be anyone outside the chain.
    assert edit(session, org, a.id, supervisor_id=org.supervisor.person_id) == ["supervisor"]


def test_a_retired_person_cannot_be_edited_until_brought_back(session, org):
    emma = org.employee.person_id
    svc.retire_person(session, viewer=org.admin, person_id=emma, now=now())
    session.commit()
    refused("person_retired", lambda: edit(session, org, emma, name="Emma K"))


# --- Retiring and bringing back ----------------------------------------------------------------


def test_retiring_keeps_history_and_takes_every_way_in_away(session, org):
    sup = org.supervisor.person_id
    # Emma reports to the supervisor and has answered; Olli reports to Emma and shared with her.
    emma = org.employee.person_id
    edit(session, org, emma, supervisor_id=sup, roles=frozenset({"employee", "facilitator"}))
    edit(session, org, org.facilitator.person_id, supervisor_id=sup)
    session.add(RoleGrant(person_id=emma, role=Role.facilitator, unit_id=org.services_id))
    olli = add(session, org, email="olli@test.fi", placement_id=org.other_team_id)
    edit(session, org, olli.id, supervisor_id=emma)
    emma_answer = submitted(session, load_viewer(session, emma), org.open_round_id)
    olli_answer = submitted(session, load_viewer(session, olli.id), org.open_round_id)
    share(session, load_viewer(session, olli.id), olli_answer)
    assert (
        discussions.prepare(
            session, viewer=load_viewer(session, emma), person_id=olli.id, today=timesource.today()
        ).latest.assessment_id
        == olli_answer
    )
    link = accounts.issue_link(
        session, viewer=org.admin, person_id=emma, now=now(), base_url="http://localhost"
    )
    token = link.split("token=")[1]
    session.commit()
    assert accounts.check_token(session, token, now=now()) is not None
    assert {("supervisor", org.other_team_id), ("supervisor", None)} <= grants(session, emma)

    moment = now()
    svc.retire_person(session, viewer=org.admin, person_id=emma, now=moment)
    session.commit()

    stored = session.get(Person, emma)
    assert not stored.active
    assert timesource.as_utc(stored.retired_at) == moment
    assert session.get(Assessment, emma_answer) is not None  # history stays
    assert grants(session, emma) == set()
    assert load_viewer(session, emma) is None
    grant = session.exec(select(ShareGrant).where(ShareGrant.grantee_id == emma)).one()
    assert timesource.as_utc(grant.revoked_at) == moment
    [link_row] = session.exec(select(PasswordToken).where(PasswordToken.person_id == emma)).all()
    assert timesource.as_utc(link_row.used_at) == moment
    assert accounts.check_token(session, token, now=now()) is None
    assert session.get(Person, olli.id).supervisor_id is None
    [retired] = events(session, "person_retired")
    assert (retired.actor_id, retired.subject_id) == (org.admin.person_id, emma)
    assert retired.detail == {"shares_revoked": 1, "reports_cleared": 1}
    removed = {(e.detail["role"], e.detail["unit_id"]) for e in events(session, "role_removed")}
    assert ("facilitator", org.services_id) in removed
    # Emma's own supervisor still has a report in Tiimi A (the facilitator): keeps the team.
    assert ("supervisor", org.team_id) in grants(session, sup)
    # Retiring again changes nothing.
    svc.retire_person(session, viewer=org.admin, person_id=emma, now=now())
    assert len(events(session, "person_retired")) == 1


def test_a_supervisor_loses_the_team_of_a_report_who_retires(session, org):
    sup = org.supervisor.person_id
    lone = add(session, org, email="yksin@test.fi", placement_id=org.other_team_id)
    edit(session, org, lone.id, supervisor_id=sup)
    assert ("supervisor", org.other_team_id) in grants(session, sup)
    svc.retire_person(session, viewer=org.admin, person_id=lone.id, now=now())
    session.commit()
    assert ("supervisor", org.other_team_id) not in grants(session, sup)
    boss = load_viewer(session, sup)
    assert org.other_team_id not in visible_units(session, viewer=boss)
    assert [
        r.person_id for r in discussions.my_people(session, viewer=boss, today=timesource.today())
    ] == []


def test_an_admin_cannot_retire_themself(session, org):
    refused(
        "retire_self",
        lambda: svc.retire_person(
            session, viewer=org.admin, person_id=org.admin.person_id, now=now()
        ),
    )
    assert session.get(Person, org.admin.person_id).active


def test_bringing_back_gives_the_employee_role_only(session, org):
    emma = org.employee.person_id
    edit(session, org, emma, roles=frozenset({"employee", "admin"}))
    person = session.get(Person, emma)
    person.failed_logins = 7
    session.add(person)
    svc.retire_person(session, viewer=org.admin, person_id=emma, now=now())
    session.commit()
    svc.reactivate_person(session, viewer=org.admin, person_id=emma, now=now())
    session.commit()
    stored = session.get(Person, emma)
    assert stored.active
    assert (stored.retired_at, stored.failed_logins, stored.locked_until) == (None, 0, None)
    assert load_viewer(session, emma).roles == {"employee"}
    [back] = events(session, "person_reactivated")
    assert back.subject_id == emma
    # Bringing back someone active changes nothing.
    svc.reactivate_person(session, viewer=org.admin, person_id=emma, now=now())
    assert len(events(session, "person_reactivated")) == 1


def test_someone_brought_back_does_not_report_to_a_retired_supervisor(session, org):
    boss = add(session, org, email="pomo@test.fi")
    emma = org.employee.person_id
    edit(session, org, emma, supervisor_id=boss.id)
    svc.retire_person(session, viewer=org.admin, person_id=emma, now=now())
    svc.retire_person(session, viewer=org.admin, person_id=boss.id, now=now())
    svc.reactivate_person(session, viewer=org.admin, person_id=emma, now=now())
    session.commit()
    assert session.get(Person, emma).supervisor_id is None
    # The People form for them saves as it is.
    assert edit(session, org, emma, name="Emma Palannut") == ["display_name"]


# --- A supervisor who loses a report loses access at once --------------------------------------


def test_a_supervisor_who_loses_a_report_loses_access_at_once(session, org):
    s1 = org.supervisor.person_id
    s2 = add(
        session,
        org,
        email="uusi.esihenkilo@test.fi",
        placement_id=org.other_team_id,
        roles=["employee", "supervisor"],
    ).id
    emma = org.employee.person_id
    edit(session, org, emma, supervisor_id=s1)
    answer = submitted(session, org.employee, org.open_round_id)
    share(session, load_viewer(session, emma), answer)
    # The supervisor's page holds the viewer it loaded before the change.
    s1_page = load_viewer(session, s1)
    today = timesource.today()
    opened = discussions.prepare(session, viewer=s1_page, person_id=emma, today=today)
    assert opened.latest.assessment_id == answer
    session.commit()

    assert edit(session, org, emma, supervisor_id=s2) == ["supervisor"]

    for viewer in (s1_page, load_viewer(session, s1)):
        with pytest.raises(AccessDenied):
            discussions.prepare(session, viewer=viewer, person_id=emma, today=today)
        assert emma not in {
            r.person_id for r in discussions.my_people(session, viewer=viewer, today=today)
        }
    grant = session.exec(select(ShareGrant).where(ShareGrant.assessment_id == answer)).one()
    assert (grant.grantee_id, grant.revoked_at is not None) == (s1, True)
    # Nobody else reports to S1 in Tiimi A: the team view goes with the report.
    assert ("supervisor", org.team_id) not in grants(session, s1)
    assert org.team_id not in visible_units(session, viewer=load_viewer(session, s1))
    # S2 leads Emma now and sees her team, but not what she shared with S1.
    s2_viewer = load_viewer(session, s2)
    assert ("supervisor", org.team_id) in grants(session, s2)
    assert org.team_id in visible_units(session, viewer=s2_viewer)
    rows = discussions.my_people(session, viewer=s2_viewer, today=today)
    assert [(r.person_id, r.shared) for r in rows] == [(emma, False)]
    with pytest.raises(AccessDenied):
        discussions.prepare(session, viewer=s2_viewer, person_id=emma, today=today)
    [changed] = [e for e in events(session, "supervisor_set") if e.detail["to"] == s2]
    assert changed.detail == {"from": s1, "to": s2, "shares_revoked": 1}
    # Sharing again reaches the new supervisor.
    share(session, load_viewer(session, emma), answer)
    opened = discussions.prepare(session, viewer=s2_viewer, person_id=emma, today=today)
    assert opened.latest.assessment_id == answer


def test_the_old_supervisor_keeps_a_team_while_another_report_is_in_it(session, org):
    s1 = org.supervisor.person_id
    s2 = add(session, org, email="s2@test.fi", placement_id=org.other_team_id).id
    emma, fac = org.employee.person_id, org.facilitator.person_id
    edit(session, org, emma, supervisor_id=s1)
    edit(session, org, fac, supervisor_id=s1)
    edit(session, org, emma, supervisor_id=s2)
    assert ("supervisor", org.team_id) in grants(session, s1)
    edit(session, org, fac, supervisor_id=None)
    assert ("supervisor", org.team_id) not in grants(session, s1)
    assert ("supervisor", org.team_id) in grants(session, s2)


def test_a_report_who_moves_team_takes_the_supervisors_team_view_along(session, org):
    s1 = org.supervisor.person_id
    emma = org.employee.person_id
    edit(session, org, emma, supervisor_id=s1)
    assert edit(session, org, emma, placement_id=org.other_team_id) == ["team_id"]
    assert ("supervisor", org.other_team_id) in grants(session, s1)
    assert ("supervisor", org.team_id) not in grants(session, s1)
    # Team and supervisor changed at once: the old supervisor keeps neither team.
    s2 = add(session, org, email="s2@test.fi").id
    edit(session, org, emma, placement_id=org.team_id, supervisor_id=s2)
    assert {g for g in grants(session, s1) if g[1] is not None} == set()
    assert ("supervisor", org.team_id) in grants(session, s2)
    assert ("supervisor", org.other_team_id) not in grants(session, s2)


# --- A team's supervisor (Organisation page, Roles) --------------------------------------------


def test_a_teams_new_supervisor_becomes_the_supervisor_of_its_active_members(session, org):
    team = org.other_team_id
    old_boss = add(session, org, email="vanha@test.fi").id
    first = add(session, org, email="eka@test.fi", name="Eka", placement_id=team).id
    second = add(
        session, org, email="toka@test.fi", name="Toka", placement_id=team, supervisor_id=old_boss
    ).id
    gone = add(session, org, email="poissa@test.fi", placement_id=team).id
    svc.retire_person(session, viewer=org.admin, person_id=gone, now=now())
    lead = add(session, org, email="vetaja@test.fi", name="Vetäjä", placement_id=team).id
    session.commit()
    assert ("supervisor", team) in grants(session, old_boss)

    moved = rounds_svc.assign_role(
        session, viewer=org.admin, person_id=lead, role="supervisor", unit_id=team, now=now()
    )
    session.commit()
    assert moved == 2
    assert session.get(Person, first).supervisor_id == lead
    assert session.get(Person, second).supervisor_id == lead
    assert session.get(Person, lead).supervisor_id is None  # not their own supervisor
    assert session.get(Person, gone).supervisor_id is None
    assert ("supervisor", team) not in grants(session, old_boss)
    lead_viewer = load_viewer(session, lead)
    today = timesource.today()
    reports = discussions.my_people(session, viewer=lead_viewer, today=today)
    assert [r.person_id for r in reports] == [first, second]
    assert team in visible_units(session, viewer=lead_viewer)

    rounds_svc.remove_role(
        session, viewer=org.admin, person_id=lead, role="supervisor", unit_id=team, now=now()
    )
    session.commit()
    assert session.get(Person, first).supervisor_id is None
    assert session.get(Person, second).supervisor_id is None
    lead_viewer = load_viewer(session, lead)
    assert discussions.my_people(session, viewer=lead_viewer, today=today) == []
    assert team not in visible_units(session, viewer=lead_viewer)


def test_a_team_member_above_the_new_supervisor_keeps_their_own_supervisor(session, org):
    team = org.other_team_id
    top = add(session, org, email="ylin@test.fi", placement_id=team).id
    middle = add(session, org, email="keski@test.fi", supervisor_id=top).id
    lead = add(session, org, email="vetaja@test.fi", placement_id=team, supervisor_id=middle).id
    peer = add(session, org, email="jasen@test.fi", placement_id=team).id
    moved = rounds_svc.assign_role(
        session, viewer=org.admin, person_id=lead, role="supervisor", unit_id=team, now=now()
    )
    session.commit()
    # "top" leads the lead through "middle": making them report to the lead would close a loop.
    assert moved == 1
    assert session.get(Person, peer).supervisor_id == lead
    assert session.get(Person, top).supervisor_id is None


# --- The People table --------------------------------------------------------------------------


def test_people_are_found_by_name_or_email_and_filtered_by_unit_role_and_state(session, org):
    sup = org.supervisor.person_id
    aino = add(
        session,
        org,
        email="Aino.Virtanen@Kunta.fi",
        name="Aino Virtanen",
        placement_id=org.other_team_id,
        supervisor_id=sup,
    ).id
    ville = add(session, org, email="ville@test.fi", name="ville", placement_id=org.services_id).id
    elsewhere = unit(session, org, "Muut", kind=UnitKind.team)
    add(session, org, email="muu@test.fi", name="Muu", placement_id=elsewhere.id)
    rauha = add(session, org, email="rauha@test.fi", name="Rauha").id
    svc.retire_person(session, viewer=org.admin, person_id=rauha, now=now())
    session.commit()

    def ids(**filters):
        return list(svc.people(session, viewer=org.admin, **filters)["id"])

    assert ids(query="VIRT") == [aino]
    assert ids(query=" kunta.FI ") == [aino]
    assert ids(query="ei ketään") == []
    assert list(svc.people(session, viewer=org.admin, query="ei ketään").columns) == (
        svc.PEOPLE_COLUMNS
    )
    everyone = svc.people(session, viewer=org.admin)
    assert rauha not in set(everyone["id"])
    names = list(everyone["name"])
    assert names == sorted(names, key=str.casefold)
    # Palvelut with everything below it; not the admin (no placement) nor the team elsewhere.
    in_services = set(ids(unit_id=org.services_id))
    assert in_services == {
        sup,
        org.facilitator.person_id,
        org.employee.person_id,
        aino,
        ville,
    }
    assert ids(unit_id=org.other_team_id) == [aino]
    assert ids(role="facilitator") == [org.facilitator.person_id]
    assert ids(role="admin") == [org.admin.person_id]
    assert ids(role="supervisor") == [sup]
    assert ids(query="rauha") == []
    with_retired = svc.people(session, viewer=org.admin, query="rauha", include_retired=True)
    assert list(zip(with_retired["id"], with_retired["active"], strict=True)) == [(rauha, False)]

    row = everyone.set_index("id").loc[aino]
    assert row["email"] == "aino.virtanen@kunta.fi"
    assert row["placement"] == "Palvelut / Tiimi B"
    assert row["supervisor"] == "Esimies"
    assert row["roles"] == ["employee"]
    assert everyone.set_index("id").loc[sup, "roles"] == ["employee", "supervisor"]
    assert everyone.set_index("id").loc[org.admin.person_id, "placement"] == ""
    options = svc.supervisor_options(session, viewer=org.admin)
    assert options[aino] == "Aino Virtanen (aino.virtanen@kunta.fi)"
    assert rauha not in options


# --- Audit -------------------------------------------------------------------------------------


def test_every_change_is_audited_with_ids_and_field_names_only(session, org):
    secret_unit = unit(session, org, "Salainen yksikkö")
    team = unit(session, org, "Salatiimi", secret_unit.id, kind=UnitKind.team)
    svc.rename_unit(session, viewer=org.admin, unit_id=team.id, name="Piilotiimi")
    svc.move_unit(session, viewer=org.admin, unit_id=team.id, parent_id=org.services_id)
    person = add(
        session,
        org,
        email="Salli.Salainen@Test.fi",
        name="Salli Salainen",
        placement_id=team.id,
        supervisor_id=org.supervisor.person_id,
        roles=["employee", "facilitator"],
    )
    edit(session, org, person.id, name="Salli Piilonen", email="salli.p@test.fi", language="en")
    edit(session, org, person.id, supervisor_id=None, roles=frozenset({"employee"}))
    svc.retire_person(session, viewer=org.admin, person_id=person.id, now=now())
    svc.reactivate_person(session, viewer=org.admin, person_id=person.id, now=now())
    svc.retire_person(session, viewer=org.admin, person_id=person.id, now=now())
    svc.retire_unit(session, viewer=org.admin, unit_id=secret_unit.id, now=now())
    svc.restore_unit(session, viewer=org.admin, unit_id=secret_unit.id)
    session.commit()

    rows = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert {
        "unit_created",
        "unit_renamed",
        "unit_moved",
        "unit_retired",
        "unit_restored",
        "person_added",
        "person_changed",
        "supervisor_set",
        "role_granted",
        "role_removed",
        "person_retired",
        "person_reactivated",
    } <= {r.event for r in rows}
    assert all(r.actor_id == org.admin.person_id for r in rows)
    [changed] = [r for r in rows if r.event == "person_changed"]
    assert changed.detail == {"fields": ["email", "display_name", "language"]}
    words = [
        "salli",
        "salainen",
        "piilonen",
        "test.fi",
        "@",
        "piilotiimi",
        "salatiimi",
        "esimies",
        "testikaupunki",
    ]
    for r in rows:
        stored = json.dumps(r.detail, ensure_ascii=False).casefold()
        assert not [w for w in words if w in stored], (r.event, r.detail)


# --- Texts -------------------------------------------------------------------------------------


def test_every_person_error_has_a_text_in_every_language_with_its_parameters():
    source = (ROOT / "model" / "people.py").read_text(encoding="utf-8")
    raised = re.findall(r'PersonError\(\s*"(\w+)"([^)]*)\)', source)
    assert len({code for code, _ in raised}) >= 25
    for code, rest in raised:
        params = dict.fromkeys(re.findall(r"(\w+)=", rest), 7)
        key = f"people.error.{code}"
        assert key in i18n.TEXTS, key
        for lang in i18n.LANGUAGES:
            template = i18n.TEXTS[key][lang]
            assert set(re.findall(r"{(\w+)}", template)) == set(params), (key, lang)
            message = i18n.t(key, lang, **params)
            assert "{" not in message
            assert message[-1] in ".!?", (key, lang)
    # No text for a code nothing raises.
    codes = {code for code, _ in raised}
    written = {k.removeprefix("people.error.") for k in i18n.TEXTS if k.startswith("people.error.")}
    assert written == codes


def test_retiring_revokes_what_they_shared_so_coming_back_starts_from_nothing(session, org):
    sup = org.supervisor.person_id
    emma = org.employee.person_id
    edit(session, org, emma, supervisor_id=sup)
    answer = submitted(session, load_viewer(session, emma), org.open_round_id)
    share(session, load_viewer(session, emma), answer)
    svc.retire_person(session, viewer=org.admin, person_id=emma, now=now())
    svc.reactivate_person(session, viewer=org.admin, person_id=emma, now=now())
    session.commit()
    live = session.exec(
        select(ShareGrant).where(
            ShareGrant.assessment_id == answer, col(ShareGrant.revoked_at).is_(None)
        )
    ).all()
    assert live == []


def test_the_people_form_and_the_roster_accept_the_same_addresses():
    from model import roster

    for address in ("olli.heikkinen@esimerkkikunta.fi", "a+b@kunta.fi"):
        assert svc.is_email(address)
    for address in ("x@kunta.f", "x@kunta", "a b@kunta.fi", "x@@kunta.fi"):
        assert not svc.is_email(address)
    assert roster.people is svc  # the import checks addresses with the same function
