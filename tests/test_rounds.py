"""Rounds and role assignment: validation, access by role and scope, audit rows, annual clock."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from sqlmodel import Session, select

from model import i18n, timesource
from model import rounds as svc
from model.annual_clock import annual_clock_chart, clock_titles
from model.framework import default_framework
from model.rounds import RoundError, RoundInput
from model.scope import visible_units
from model.tables import (
    AuditEvent,
    FrameworkVersion,
    Organisation,
    Person,
    RoleGrant,
    Round,
    RoundScope,
    Unit,
    UnitKind,
    Workshop,
)
from model.timesource import today
from model.viewer import AccessDenied, load_viewer
from tests.factories import add_person, make_org

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def org(session):
    """make_org plus a second unit with one team, a facilitator of the first unit and an admin."""
    o = make_org(session)
    services_id = session.get(Unit, o.team_id).parent_id
    other_unit = Unit(
        organisation_id=o.organisation_id, parent_id=o.root_id, kind=UnitKind.unit, name="Muut"
    )
    session.add(other_unit)
    session.flush()
    other_team = Unit(
        organisation_id=o.organisation_id,
        parent_id=other_unit.id,
        kind=UnitKind.team,
        name="Tiimi C",
    )
    session.add(other_team)
    session.flush()
    fac = add_person(session, o.organisation_id, o.team_id, "fasilitaattori@test.fi")
    session.add(RoleGrant(person_id=fac.person_id, role="facilitator", unit_id=services_id))
    admin = add_person(session, o.organisation_id, None, "paakayttaja@test.fi", roles=("admin",))
    emp = add_person(session, o.organisation_id, o.team_id, "emma@test.fi")
    session.commit()
    o.services_id = services_id
    o.other_unit_id = other_unit.id
    o.other_team_id_c = other_team.id
    o.facilitator = load_viewer(session, fac.person_id)
    o.admin = load_viewer(session, admin.person_id)
    o.employee = emp
    return o


def stranger_org(session) -> tuple[int, int]:
    """Another organisation: (id of its team, id of a person in it)."""
    organisation = Organisation(name="Naapurikunta")
    session.add(organisation)
    session.flush()
    team = Unit(organisation_id=organisation.id, kind=UnitKind.team, name="Naapuri")
    session.add(team)
    session.flush()
    person = add_person(session, organisation.id, team.id, "naapuri@test.fi")
    session.commit()
    return team.id, person.person_id


def round_input(**changes) -> RoundInput:
    values = {
        "name": "  Kevään pohdinta ",
        "kind": "reflection",
        "opens_on": today(),
        "closes_on": today() + dt.timedelta(days=14),
        "scope": [],
        "modules": {"obstacles": True},
    }
    return svc.parse_round_input({**values, **changes})


def events(session, name: str) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.event == name)).all())


# --- Validation -----------------------------------------------------------------------------


def test_input_is_stripped_and_modules_are_completed():
    data = round_input(scope=[3, 3, 1])
    assert data.name == "Kevään pohdinta"
    assert data.scope == [1, 3]
    assert data.modules == {
        "customer_value": False,
        "obstacles": True,
        "community_capability": False,
    }


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"name": "   "}, "round_name_empty"),
        ({"name": None}, "round_name_empty"),
        ({"name": "x" * 201}, "round_name_too_long"),
        ({"kind": "party"}, "round_kind_unknown"),
        ({"opens_on": None}, "round_dates_missing"),
        ({"closes_on": today() - dt.timedelta(days=1)}, "round_dates_reversed"),
        ({"scope": []}, "round_scope_empty"),
        ({"modules": {"horoscope": True}}, "round_module_unknown"),
    ],
)
def test_invalid_input_names_the_problem(changes, code):
    values = {"scope": [1], **changes}
    with pytest.raises(RoundError) as caught:
        round_input(**values)
    assert caught.value.code == code
    # The message exists in both languages and takes the error's parameters.
    for lang in i18n.LANGUAGES:
        assert i18n.t(f"error.{code}", lang, **caught.value.params)


def test_one_day_round_is_valid():
    data = round_input(scope=[1], closes_on=today())
    assert data.opens_on == data.closes_on


def test_every_round_error_code_has_a_message():
    source = (ROOT / "model" / "rounds.py").read_text()
    codes = set(re.findall(r'(?:RoundError|PydanticCustomError)\(\s*"(\w+)"', source))
    codes |= svc.ROUND_CODES
    assert len(codes) >= 12
    assert not [c for c in codes if f"error.{c}" not in i18n.TEXTS]


# --- Access -----------------------------------------------------------------------------------


def test_employee_cannot_list_or_create_rounds(session, org):
    with pytest.raises(AccessDenied):
        svc.list_rounds(session, viewer=org.employee)
    with pytest.raises(AccessDenied):
        svc.create_round(session, viewer=org.employee, data=round_input(scope=[org.team_id]))
    with pytest.raises(AccessDenied):
        svc.scope_options(session, viewer=org.employee)


def test_supervisor_alone_cannot_plan_rounds(session, org):
    with pytest.raises(AccessDenied):
        svc.list_rounds(session, viewer=org.supervisor)


@pytest.mark.parametrize("target", ["other_team_id_c", "other_unit_id", "root_id"])
def test_facilitator_cannot_scope_a_round_outside_her_units(session, org, target):
    with pytest.raises(AccessDenied):
        svc.create_round(
            session,
            viewer=org.facilitator,
            data=round_input(scope=[org.team_id, getattr(org, target)]),
        )
    session.rollback()
    assert session.exec(select(Round).where(Round.name == "Kevään pohdinta")).first() is None


def test_admin_cannot_scope_a_round_to_another_organisation(session, org):
    team_id, _ = stranger_org(session)
    with pytest.raises(AccessDenied):
        svc.create_round(session, viewer=org.admin, data=round_input(scope=[team_id]))


# --- Creating and listing ---------------------------------------------------------------------


def test_facilitator_creates_a_round_on_the_newest_framework(session, org):
    fw = default_framework()
    newer = FrameworkVersion(key=fw.key, version=fw.version + 1, data=fw.model_dump(mode="json"))
    session.add(newer)
    session.commit()
    round_id = svc.create_round(
        session, viewer=org.facilitator, data=round_input(scope=[org.services_id])
    )
    session.commit()
    rnd = session.get(Round, round_id)
    assert rnd.name == "Kevään pohdinta"
    assert rnd.framework_id == newer.id
    assert rnd.created_by == org.facilitator.person_id
    assert rnd.modules == {
        "customer_value": False,
        "obstacles": True,
        "community_capability": False,
    }
    scope = session.exec(select(RoundScope.unit_id).where(RoundScope.round_id == round_id)).all()
    assert scope == [org.services_id]
    [event] = events(session, "round_created")
    assert event.actor_id == org.facilitator.person_id
    assert event.detail == {"round_id": round_id}  # ids only, never the name


def test_first_round_stores_the_default_framework_when_none_exists(engine):
    with Session(engine) as session:
        organisation = Organisation(name="Tyhjä")
        session.add(organisation)
        session.flush()
        root = Unit(organisation_id=organisation.id, kind=UnitKind.organisation, name="Tyhjä")
        session.add(root)
        session.flush()
        admin = add_person(session, organisation.id, None, "a@tyhja.fi", roles=("admin",))
        session.commit()
        round_id = svc.create_round(session, viewer=admin, data=round_input(scope=[root.id]))
        session.commit()
        version = session.get(FrameworkVersion, session.get(Round, round_id).framework_id)
        assert (version.key, version.version) == (default_framework().key, 1)


def test_facilitator_lists_rounds_reaching_her_units_with_invited_counts(session, org):
    add_person(session, org.organisation_id, org.other_team_id_c, "c1@test.fi")
    elsewhere = svc.create_round(
        session, viewer=org.admin, data=round_input(name="Muiden", scope=[org.other_unit_id])
    )
    own = svc.create_round(
        session, viewer=org.facilitator, data=round_input(name="Oma", scope=[org.team_id])
    )
    session.commit()
    frame = svc.list_rounds(session, viewer=org.facilitator)
    assert list(frame.columns) == svc.ROUND_COLUMNS
    by_name = frame.set_index("name")
    # The two organisation-wide rounds of make_org reach her teams: shown, but not hers to edit.
    assert set(by_name.index) == {"Avoin", "Mennyt", "Oma"}
    assert not by_name.loc["Avoin", "editable"]
    assert by_name.loc["Oma", "editable"]
    assert by_name.loc["Oma", "id"] == own
    assert by_name.loc["Oma", "scope"] == "Tiimi A"
    # Tiimi A: the supervisor, the facilitator and Emma.
    assert by_name.loc["Oma", "invited"] == 3
    assert by_name.loc["Avoin", "invited"] == 4
    assert elsewhere in set(svc.list_rounds(session, viewer=org.admin)["id"])


def test_admin_lists_every_round_of_the_organisation(session, org):
    frame = svc.list_rounds(session, viewer=org.admin)
    assert set(frame["name"]) == {"Avoin", "Mennyt"}
    assert frame["editable"].all()


def test_scope_options_are_the_facilitators_units_with_parents(session, org):
    options = svc.scope_options(session, viewer=org.facilitator)
    assert list(options["name"]) == ["Palvelut", "Tiimi A", "Tiimi B"]
    assert list(options["parent"]) == ["Testikaupunki", "Palvelut", "Palvelut"]
    assert len(svc.scope_options(session, viewer=org.admin)) == 6


# --- Updating -------------------------------------------------------------------------------


def test_facilitator_updates_her_round_and_may_close_it_in_the_past(session, org):
    round_id = svc.create_round(
        session, viewer=org.facilitator, data=round_input(scope=[org.team_id])
    )
    framework_id = session.get(Round, round_id).framework_id
    session.commit()
    past = today() - dt.timedelta(days=30)
    svc.update_round(
        session,
        viewer=org.facilitator,
        round_id=round_id,
        data=round_input(
            name="Pulssi",
            kind="pulse",
            opens_on=past,
            closes_on=past + dt.timedelta(days=2),
            scope=[org.team_id, org.other_team_id],
            modules={},
        ),
    )
    session.commit()
    rnd = session.get(Round, round_id)
    assert (rnd.name, rnd.kind, rnd.closes_on) == ("Pulssi", "pulse", past + dt.timedelta(days=2))
    assert rnd.framework_id == framework_id
    assert not any(rnd.modules.values())
    assert svc.get_round(session, viewer=org.facilitator, round_id=round_id)["scope"] == sorted(
        [org.team_id, org.other_team_id]
    )
    [event] = events(session, "round_updated")
    assert event.detail == {"round_id": round_id}


def test_facilitator_cannot_edit_an_organisation_wide_round(session, org):
    with pytest.raises(AccessDenied):
        svc.update_round(
            session,
            viewer=org.facilitator,
            round_id=org.open_round_id,
            data=round_input(scope=[org.team_id]),
        )
    with pytest.raises(AccessDenied):
        svc.get_round(session, viewer=org.facilitator, round_id=org.open_round_id)


def test_facilitator_cannot_move_her_round_outside_her_units(session, org):
    round_id = svc.create_round(
        session, viewer=org.facilitator, data=round_input(scope=[org.team_id])
    )
    session.commit()
    with pytest.raises(AccessDenied):
        svc.update_round(
            session,
            viewer=org.facilitator,
            round_id=round_id,
            data=round_input(scope=[org.other_team_id_c]),
        )


def test_updating_a_missing_round_says_so(session, org):
    with pytest.raises(RoundError) as caught:
        svc.update_round(session, viewer=org.admin, round_id=9999, data=round_input(scope=[1]))
    assert caught.value.code == "round_missing"


# --- Invited people -------------------------------------------------------------------------


def test_invited_people_are_the_active_members_of_teams_in_scope(session, org):
    inside = add_person(session, org.organisation_id, org.other_team_id, "b1@test.fi")
    gone = add_person(session, org.organisation_id, org.other_team_id, "b2@test.fi")
    session.get(Person, gone.person_id).active = False
    add_person(session, org.organisation_id, org.other_team_id_c, "c1@test.fi")
    round_id = svc.create_round(
        session, viewer=org.admin, data=round_input(scope=[org.other_team_id])
    )
    session.commit()
    assert svc.invited_people(session, round_id) == {inside.person_id}
    whole = svc.invited_people(session, org.open_round_id)
    assert inside.person_id in whole
    assert gone.person_id not in whole
    assert org.admin.person_id not in whole  # no team, so not invited
    assert len(whole) == 5
    assert svc.invited_people(session, 9999) == set()


# --- Workshops on the clock -----------------------------------------------------------------


def test_workshops_of_other_units_stay_off_the_facilitators_clock(session, org):
    session.add_all(
        [
            Workshop(
                organisation_id=org.organisation_id,
                unit_id=org.team_id,
                name="Oma",
                planned_on=dt.date(2026, 5, 4),
            ),
            Workshop(
                organisation_id=org.organisation_id,
                unit_id=org.other_team_id_c,
                name="Vieras",
                planned_on=dt.date(2026, 5, 5),
            ),
            Workshop(
                organisation_id=org.organisation_id,
                unit_id=org.team_id,
                name="Ensi vuonna",
                planned_on=dt.date(2027, 1, 5),
            ),
        ]
    )
    session.commit()
    assert list(svc.list_workshops(session, viewer=org.facilitator, year=2026)["name"]) == ["Oma"]
    assert set(svc.list_workshops(session, viewer=org.admin, year=2026)["name"]) == {
        "Oma",
        "Vieras",
    }


# --- Roles ----------------------------------------------------------------------------------


def test_only_admins_assign_or_list_roles(session, org):
    for viewer in (org.facilitator, org.supervisor, org.employee):
        with pytest.raises(AccessDenied):
            svc.assign_role(
                session,
                viewer=viewer,
                person_id=org.employee.person_id,
                role="facilitator",
                unit_id=org.services_id,
                now=timesource.now(),
            )
        with pytest.raises(AccessDenied):
            svc.role_assignments(session, viewer=viewer)
    assert not events(session, "role_granted")


def test_admin_assigns_and_removes_a_facilitator_unit(session, org):
    emma = org.employee.person_id
    svc.assign_role(
        session,
        viewer=org.admin,
        person_id=emma,
        role="facilitator",
        unit_id=org.other_unit_id,
        now=timesource.now(),
    )
    session.commit()
    viewer = load_viewer(session, emma)
    assert viewer.has("facilitator")
    assert org.other_team_id_c in visible_units(session, viewer=viewer)
    [granted] = events(session, "role_granted")
    assert (granted.actor_id, granted.subject_id) == (org.admin.person_id, emma)
    assert granted.detail == {"role": "facilitator", "unit_id": org.other_unit_id}
    table = svc.role_assignments(session, viewer=org.admin)
    row = table[(table["person_id"] == emma)].iloc[0]
    assert (row["email"], row["role"], row["unit"]) == ("emma@test.fi", "facilitator", "Muut")

    svc.remove_role(
        session,
        viewer=org.admin,
        person_id=emma,
        role="facilitator",
        unit_id=org.other_unit_id,
        now=timesource.now(),
    )
    session.commit()
    assert not load_viewer(session, emma).has("facilitator")
    [removed] = events(session, "role_removed")
    assert removed.subject_id == emma


def test_admin_makes_a_supervisor_of_a_team(session, org):
    svc.assign_role(
        session,
        viewer=org.admin,
        person_id=org.employee.person_id,
        role="supervisor",
        unit_id=org.other_team_id,
        now=timesource.now(),
    )
    session.commit()
    assert load_viewer(session, org.employee.person_id).has("supervisor")


@pytest.mark.parametrize(
    ("role", "unit", "code"),
    [
        ("facilitator", "team_id", "role_needs_unit"),
        ("facilitator", None, "role_needs_unit"),
        ("supervisor", "services_id", "role_needs_team"),
        ("supervisor", "root_id", "role_needs_team"),
        ("admin", "root_id", "role_unknown"),
        ("employee", "team_id", "role_unknown"),
    ],
)
def test_role_needs_the_right_kind_of_unit(session, org, role, unit, code):
    with pytest.raises(RoundError) as caught:
        svc.assign_role(
            session,
            viewer=org.admin,
            person_id=org.employee.person_id,
            role=role,
            unit_id=getattr(org, unit) if unit else None,
            now=timesource.now(),
        )
    assert caught.value.code == code


def test_duplicate_or_missing_grants_and_missing_person_are_explained(session, org):
    sup = org.supervisor.person_id
    with pytest.raises(RoundError, match="role_exists"):
        svc.assign_role(
            session,
            viewer=org.admin,
            person_id=sup,
            role="supervisor",
            unit_id=org.team_id,
            now=timesource.now(),
        )
    with pytest.raises(RoundError, match="role_missing"):
        svc.remove_role(
            session,
            viewer=org.admin,
            person_id=sup,
            role="supervisor",
            unit_id=org.other_team_id,
            now=timesource.now(),
        )
    with pytest.raises(RoundError, match="role_person_missing"):
        svc.assign_role(
            session,
            viewer=org.admin,
            person_id=None,
            role="supervisor",
            unit_id=org.team_id,
            now=timesource.now(),
        )


def test_admin_cannot_grant_roles_in_another_organisation(session, org):
    team_id, person_id = stranger_org(session)
    with pytest.raises(AccessDenied):
        svc.assign_role(
            session,
            viewer=org.admin,
            person_id=person_id,
            role="supervisor",
            unit_id=org.team_id,
            now=timesource.now(),
        )
    with pytest.raises(AccessDenied):
        svc.assign_role(
            session,
            viewer=org.admin,
            person_id=org.employee.person_id,
            role="supervisor",
            unit_id=team_id,
            now=timesource.now(),
        )


def test_role_unit_options_follow_the_role(session, org):
    facilitator_units = svc.role_unit_options(session, viewer=org.admin, role="facilitator")
    assert set(facilitator_units["kind"]) == {"organisation", "unit"}
    teams = svc.role_unit_options(session, viewer=org.admin, role="supervisor")
    assert set(teams["name"]) == {"Tiimi A", "Tiimi B", "Tiimi C"}
    people = svc.people_options(session, viewer=org.admin)
    assert "emma@test.fi" in set(people["email"])


# --- The annual clock -----------------------------------------------------------------------


def _layers(spec: dict) -> list[tuple[dict, list[dict]]]:
    """(mark, rows) of every layer of a chart spec."""
    return [(layer["mark"], spec["datasets"][layer["data"]["name"]]) for layer in spec["layer"]]


# The annual clock is a pure function of its inputs: a fixed year and a fixed "today" in it.
CLOCK_TODAY = dt.date(2026, 11, 23)
CLOCK_ROUNDS = pd.DataFrame(
    [
        {"name": "Kevät", "kind": "reflection", "opens_on": dt.date(2026, 2, 1),
         "closes_on": dt.date(2026, 3, 15)},
        {"name": "Pulssi", "kind": "pulse", "opens_on": dt.date(2026, 3, 1),
         "closes_on": dt.date(2026, 3, 31)},
        {"name": "Vuodenvaihde", "kind": "discussion", "opens_on": dt.date(2025, 12, 1),
         "closes_on": dt.date(2026, 1, 15)},
        {"name": "Ensi vuosi", "kind": "pulse", "opens_on": dt.date(2027, 2, 1),
         "closes_on": dt.date(2027, 2, 20)},
    ]
)  # fmt: skip
CLOCK_WORKSHOPS = pd.DataFrame([{"name": "Työpaja", "planned_on": dt.date(2026, 4, 10)}])


def test_clock_has_twelve_month_sectors_and_one_arc_per_round_of_the_year():
    chart = annual_clock_chart(
        CLOCK_ROUNDS, CLOCK_WORKSHOPS, 2026, "fi", titles=clock_titles("fi"), today=CLOCK_TODAY
    )
    spec = chart.to_dict()
    layers = _layers(spec)
    arcs = [rows for mark, rows in layers if mark["type"] == "arc"]
    months, rounds = arcs[0], next(rows for rows in arcs if rows and "name" in rows[0])
    assert len(months) == 12
    assert [m["month"] for m in months][:3] == ["tammi", "helmi", "maalis"]
    assert months[0]["start"] == 0
    assert months[-1]["end"] == 365
    assert sorted(r["name"] for r in rounds) == ["Kevät", "Pulssi", "Vuodenvaihde"]
    by_name = {r["name"]: r for r in rounds}
    # A round from the previous year starts at January 1st on this year's clock.
    assert by_name["Vuodenvaihde"]["start"] == 0
    assert by_name["Kevät"]["opens"] == "1.2.2026"
    # Overlapping rounds are drawn in separate rings.
    assert by_name["Kevät"]["inner"] != by_name["Pulssi"]["inner"]
    workshop_rows = next(rows for mark, rows in layers if mark.get("text") == "◆")
    assert [w["name"] for w in workshop_rows] == ["Työpaja"]
    # Every layer shares one theta scale over the days of the year.
    thetas = [
        layer["encoding"]["theta"]["scale"]
        for layer in spec["layer"]
        if "theta" in layer.get("encoding", {})
    ]
    assert all(scale["domain"] == [0, 365] for scale in thetas)


def test_clock_tooltips_are_translated_and_months_follow_the_language():
    spec = annual_clock_chart(
        CLOCK_ROUNDS, CLOCK_WORKSHOPS, 2028, "en", titles=clock_titles("en")
    ).to_dict()
    layers = _layers(spec)
    months = layers[0][1]
    assert months[0]["month"] == "Jan"
    assert months[-1]["end"] == 366  # 2028 is a leap year
    round_layer = next(layer for layer in spec["layer"] if "radius" in layer.get("encoding", {}))
    titles = [t["title"] for t in round_layer["encoding"]["tooltip"]]
    assert titles == ["Round", "Kind", "Opens", "Closes"]
    assert round_layer["encoding"]["color"]["scale"]["domain"][0] == "Own reflection"
    # No rounds fall in 2028: the ring is empty but the clock still draws.
    assert not spec["datasets"][round_layer["data"]["name"]]


def test_clock_of_an_empty_year_draws_the_months_only():
    spec = annual_clock_chart(
        pd.DataFrame(), pd.DataFrame(), 2026, "fi", titles=clock_titles("fi")
    ).to_dict()
    assert len(_layers(spec)[0][1]) == 12
