"""Organisation settings (A3): validation, audit, access, and thresholds never weaken a release."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlmodel import Session, select

from model import org_settings, release, teamview, timesource
from model.framework import default_framework
from model.org_settings import OrgSettings, SettingsError
from model.privacy import make_thresholds, thresholds
from model.tables import (
    Assessment,
    AssessmentStatus,
    AuditEvent,
    Note,
    Organisation,
    Rating,
    Round,
    RoundScope,
    Unit,
    UnitKind,
)
from model.viewer import AccessDenied, Viewer
from tests.factories import Org, add_person, make_org

CORE = [f.key for f in default_framework().fields_for({})]


def answer(
    session: Session, round_id: int, person_id: int, team_id: int | None, *, note: str | None = None
) -> Assessment:
    """A submitted answer (all green) in a round, open or closed, straight into the tables."""
    lights = dict.fromkeys(CORE, "green")
    a = Assessment(
        person_id=person_id,
        round_id=round_id,
        team_id=team_id,
        status=AssessmentStatus.submitted,
        submitted_at=timesource.now(),
        profile=release.profile_of(lights, CORE),
    )
    session.add(a)
    session.flush()
    session.add_all(Rating(assessment_id=a.id, field_key=k, light=v) for k, v in lights.items())
    if note:
        session.add(Note(assessment_id=a.id, category="create", level="community", text=note))
    session.flush()
    return a


def people(session: Session, org: Org, team_id: int, count: int, tag: str) -> list[int]:
    return [
        add_person(session, org.organisation_id, team_id, f"{tag}{i}@test.fi").person_id
        for i in range(count)
    ]


def admin_of(session: Session, org: Org) -> Viewer:
    return add_person(session, org.organisation_id, None, "paakayttaja@test.fi", roles=("admin",))


def current(session: Session, org: Org) -> OrgSettings:
    return org_settings.load(session, org.organisation_id)


def change(session: Session, viewer: Viewer, **values) -> list[str]:
    new = org_settings.load(session, viewer.organisation_id)
    changed = org_settings.update(
        session,
        viewer=viewer,
        new=OrgSettings(**(new.__dict__ | values)),
    )
    session.commit()
    return changed


@pytest.fixture
def org(session) -> Org:
    return make_org(session)


def test_defaults_of_a_new_organisation(session, org):
    assert current(session, org) == OrgSettings(
        name="Testikaupunki",
        time_zone="Europe/Helsinki",
        anonymity_threshold=5,
        notes_threshold=7,
        retention_months=36,
        languages=("fi", "en"),
    )
    assert org_settings.retention_months(session, org.organisation_id) == 36


def test_admin_changes_each_setting_and_each_change_is_audited_without_the_name(session, org):
    admin = admin_of(session, org)
    changed = change(
        session,
        admin,
        name="  Uusi Kaupunki\u202e\n ",
        time_zone="Europe/Stockholm",
        anonymity_threshold=6,
        notes_threshold=9,
        retention_months=24,
        languages=("en",),
    )
    assert changed == [
        "name",
        "time_zone",
        "anonymity_threshold",
        "notes_threshold",
        "retention_months",
        "languages",
    ]
    saved = current(session, org)
    assert saved.name == "Uusi Kaupunki"  # cleaned at the text boundary
    assert (saved.time_zone, saved.retention_months, saved.languages) == (
        "Europe/Stockholm",
        24,
        ("en",),
    )
    # model.privacy reads the same settings: the next release uses them.
    assert thresholds(session, org.organisation_id) == make_thresholds(6, 9)
    assert session.get(Organisation, org.organisation_id).time_zone == "Europe/Stockholm"
    events = session.exec(select(AuditEvent).where(AuditEvent.event == "setting_changed")).all()
    assert [e.detail["key"] for e in events] == changed
    assert all(e.actor_id == admin.person_id for e in events)
    by_key = {e.detail["key"]: e.detail for e in events}
    assert by_key["name"] == {"organisation_id": org.organisation_id, "key": "name"}
    assert (by_key["anonymity_threshold"]["old"], by_key["anonymity_threshold"]["new"]) == (5, 6)
    assert (by_key["languages"]["old"], by_key["languages"]["new"]) == (["fi", "en"], ["en"])
    assert "Kaupunki" not in repr([e.detail for e in events])


def test_saving_the_same_values_changes_and_audits_nothing(session, org):
    admin = admin_of(session, org)
    assert change(session, admin) == []
    assert not session.exec(select(AuditEvent)).all()


def test_renaming_the_organisation_renames_its_root_unit_that_carried_the_old_name(session, org):
    admin = admin_of(session, org)
    change(session, admin, name="Harjula")
    root = session.get(Unit, org.root_id)
    assert (root.kind, root.name) == (UnitKind.organisation, "Harjula")
    # A root the admin named otherwise keeps its own name.
    root.name = "Koko kaupunki"
    session.add(root)
    session.commit()
    change(session, admin, name="Harjulan kaupunki")
    assert session.get(Unit, org.root_id).name == "Koko kaupunki"


@pytest.mark.parametrize(
    ("values", "code", "params"),
    [
        ({"anonymity_threshold": 2}, "threshold_below_floor", {"floor": 3}),
        ({"anonymity_threshold": 0, "notes_threshold": 0}, "threshold_below_floor", {"floor": 3}),
        (
            {"anonymity_threshold": 8, "notes_threshold": 7},
            "notes_below_threshold",
            {"threshold": 8},
        ),
        ({"notes_threshold": 101}, "threshold_too_high", {"limit": 100}),
        ({"anonymity_threshold": 4.5}, "threshold_not_number", {}),
        ({"anonymity_threshold": "viisi"}, "threshold_not_number", {}),
        ({"retention_months": 0}, "retention_out_of_range", {"low": 1, "high": 120}),
        ({"retention_months": 121}, "retention_out_of_range", {"low": 1, "high": 120}),
        ({"time_zone": "Europe/Atlantis"}, "unknown_zone", {}),
        ({"time_zone": ""}, "unknown_zone", {}),
        ({"name": " \u200b\t "}, "name_empty", {}),
        ({"name": "x" * 201}, "name_too_long", {"limit": 200}),
        ({"languages": ()}, "no_language", {}),
        ({"languages": ("fi", "sv")}, "unknown_language", {}),
    ],
)
def test_invalid_settings_are_refused_with_a_code_and_nothing_changes(
    session, org, values, code, params
):
    admin = admin_of(session, org)
    before = current(session, org)
    with pytest.raises(SettingsError) as error:
        change(session, admin, **values)
    assert (error.value.code, error.value.params) == (code, params)
    session.rollback()
    assert current(session, org) == before
    assert not session.exec(select(AuditEvent)).all()


def test_only_admins_change_settings(session, org):
    with pytest.raises(AccessDenied):
        change(session, org.supervisor, anonymity_threshold=3)
    session.rollback()
    assert current(session, org).anonymity_threshold == 5


def test_a_save_based_on_older_settings_is_refused(session, org):
    admin = admin_of(session, org)
    loaded = current(session, org)
    change(session, admin, anonymity_threshold=7)  # another admin, in another tab
    with pytest.raises(SettingsError, match="changed_elsewhere"):
        org_settings.update(
            session,
            viewer=admin,
            new=OrgSettings(**(loaded.__dict__ | {"retention_months": 12})),
            base=loaded,
        )
    session.rollback()
    assert (current(session, org).anonymity_threshold, current(session, org).retention_months) == (
        7,
        36,
    )


def test_people_whose_language_is_no_longer_offered_see_the_first_offered_one(session, org):
    admin = admin_of(session, org)
    assert org_settings.language_for(session, org.organisation_id, "en") == "en"
    change(session, admin, languages=("en",))
    assert org_settings.offered_languages(session, org.organisation_id) == ("en",)
    assert org_settings.language_for(session, org.organisation_id, "fi") == "en"
    assert org_settings.language_for(session, org.organisation_id, None) == "en"


# --- The rule for released results --------------------------------------------------------------


def test_lowering_a_threshold_never_reveals_a_released_cell_and_raising_hides_at_once(session, org):
    """Released with N=5: teams of 4 hidden, a team of 6 shown. Lowered to 3 the released view
    is unchanged (the next release uses 3); raised to 7 the team of 6 is hidden at once."""
    admin = admin_of(session, org)
    unit_id = session.get(Unit, org.team_id).parent_id
    third = Unit(
        organisation_id=org.organisation_id, parent_id=unit_id, kind=UnitKind.team, name="Tiimi C"
    )
    session.add(third)
    session.flush()
    small, other_small, shown = org.team_id, third.id, org.other_team_id
    sizes = {small: 4, other_small: 4, shown: 6}
    members = {team: people(session, org, team, n, f"t{team}.") for team, n in sizes.items()}
    closed = session.get(Round, org.closed_round_id)
    later = Round(
        organisation_id=org.organisation_id,
        name="Myöhempi",
        opens_on=closed.opens_on,
        closes_on=closed.closes_on + dt.timedelta(days=1),
        framework_id=closed.framework_id,
    )
    session.add(later)
    session.flush()
    session.add(RoundScope(round_id=later.id, unit_id=org.root_id))
    for rid in (closed.id, later.id):
        for team, ids in members.items():
            for pid in ids:
                answer(session, rid, pid, team)
    session.commit()
    now = timesource.now()
    release.release_round(session, closed, now=now)
    session.commit()
    today = timesource.today()

    def cells() -> dict[str, tuple[bool, int | None]]:
        view = teamview.team_view(
            session, viewer=admin, unit_id=unit_id, round_id=closed.id, today=today
        )
        return {
            r.cell: (bool(r.shown), None if pd.isna(r.respondents) else int(r.respondents))
            for r in view.cells.itertuples()
        }

    at_five = cells()
    assert at_five[f"team:{small}"] == (False, None)
    assert at_five[f"team:{other_small}"] == (False, None)
    assert at_five[f"team:{shown}"] == (True, 6)
    assert at_five["unit"] == (True, 14)

    change(session, admin, anonymity_threshold=3, notes_threshold=3)
    assert cells() == at_five, "a lowered threshold revealed a released cell"
    # The same answers released now, under 3, would show the small teams: the check could fail.
    would = release.compute(session, org.organisation_id, [closed.id])[closed.id]
    assert would["n"] == 3
    assert would["cells"][str(small)]["shown"]
    # A round released after the change uses the new threshold.
    release.release_round(session, later, now=now)
    session.commit()
    _, later_data = release.stored_data(session, later.id)
    assert later_data["n"] == 3
    assert later_data["cells"][str(small)]["respondents"] == 4

    change(session, admin, anonymity_threshold=7, notes_threshold=7)
    at_seven = cells()
    assert at_seven[f"team:{shown}"] == (False, None), "a raised threshold must hide at once"
    assert at_seven["unit"] == (True, 14)
    # Raising hides the later round's teams of 4 too, though they were released under 3.
    view = teamview.team_view(
        session, viewer=admin, unit_id=unit_id, round_id=later.id, today=today
    )
    assert not view.shown(f"team:{small}")
