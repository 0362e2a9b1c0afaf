"""No lost update (TRUST 28): a save based on an older version is refused, never merged away."""
# ruff: noqa: F811  (the world fixture is imported from test_discussions)

from __future__ import annotations

import pytest
from sqlmodel import select

from model import assessments as asv
from model import discussions as svc
from model.assessments import AssessmentInput, NoteInput
from model.tables import Action, Note
from model.timesource import today
from tests.factories import add_person, make_org
from tests.test_discussions import _share_both, world  # noqa: F401


def _draft(note: str) -> AssessmentInput:
    return AssessmentInput(
        ratings={"autonomy": "green"},
        notes=[NoteInput(category="reduce", level="individual", text=note)],
    )


def _notes(session, person_id):
    return session.exec(
        select(Note.text).join(asv.Assessment).where(asv.Assessment.person_id == person_id)
    ).all()


def test_two_tabs_on_a_new_draft_the_second_save_is_refused(session):
    org = make_org(session)
    emp = add_person(session, org.organisation_id, org.team_id, "kaksi@test.fi")
    session.commit()
    # Both tabs opened the empty form (version 0); the first one saves.
    asv.save_assessment(
        session,
        viewer=emp,
        round_id=org.open_round_id,
        data=_draft("Tab A"),
        submit=False,
        today=today(),
        version=0,
    )
    session.commit()
    with pytest.raises(asv.AssessmentError) as error:
        asv.save_assessment(
            session,
            viewer=emp,
            round_id=org.open_round_id,
            data=_draft("Tab B"),
            submit=False,
            today=today(),
            version=0,
        )
    assert error.value.code == "changed_elsewhere"
    session.rollback()
    assert _notes(session, emp.person_id) == ["Tab A"]


def test_a_save_from_the_version_just_loaded_passes_and_each_save_adds_one(session):
    org = make_org(session)
    emp = add_person(session, org.organisation_id, org.team_id, "yksi@test.fi")
    session.commit()
    for expected, note in enumerate(["eka", "toka", "kolmas"]):
        asv.save_assessment(
            session,
            viewer=emp,
            round_id=org.open_round_id,
            data=_draft(note),
            submit=False,
            today=today(),
            version=expected,
        )
        session.commit()
        mine = asv.get_my_assessment(session, viewer=emp, round_id=org.open_round_id)
        assert mine.version == expected + 1
    # An older tab (loaded at version 1) is refused, and the newest notes stay.
    with pytest.raises(asv.AssessmentError):
        asv.save_assessment(
            session,
            viewer=emp,
            round_id=org.open_round_id,
            data=_draft("vanha"),
            submit=True,
            today=today(),
            version=1,
        )
    session.rollback()
    assert _notes(session, emp.person_id) == ["kolmas"]


def test_an_action_changed_elsewhere_refuses_an_update_based_on_the_old_one(session, world):
    w = world
    _share_both(session, w)
    action_id = svc.create_action(
        session,
        viewer=w["sup"],
        person_id=w["emp"].person_id,
        data=svc.ActionInput(title="Mentorointi"),
        today=today(),
    )
    session.commit()
    seen = session.get(Action, action_id).version
    svc.update_action(
        session,
        viewer=w["emp"],
        action_id=action_id,
        today=today(),
        status="in_progress",
        version=seen,
    )
    session.commit()
    with pytest.raises(svc.DiscussionError) as error:
        svc.update_action(
            session,
            viewer=w["sup"],
            action_id=action_id,
            today=today(),
            status="dropped",
            version=seen,
        )
    assert error.value.code == "changed_elsewhere"
    session.rollback()
    assert session.get(Action, action_id).status == "in_progress"


def test_agenda_changes_on_an_older_agenda_are_refused(session, world):
    w = world
    _share_both(session, w)
    emp, sup, pid = w["emp"], w["sup"], w["emp"].person_id
    shown = svc.agenda_version(session, viewer=emp, today=today())
    assert shown == svc.agenda_version(session, viewer=sup, today=today(), person_id=pid)
    svc.add_agenda_point(
        session, viewer=sup, person_id=pid, text="Koulutus", today=today(), version=shown
    )
    session.commit()
    with pytest.raises(svc.DiscussionError) as error:
        svc.add_agenda_point(session, viewer=emp, text="Työkierto", today=today(), version=shown)
    assert error.value.code == "changed_elsewhere"
    session.rollback()
    now = svc.agenda_version(session, viewer=emp, today=today())
    point = svc.add_agenda_point(session, viewer=emp, text="Työkierto", today=today(), version=now)
    session.commit()
    with pytest.raises(svc.DiscussionError):
        svc.remove_agenda_point(session, viewer=emp, point_id=point, version=now)
    session.rollback()
    assert [p.text for p in svc.my_agenda(session, viewer=emp)] == ["Koulutus", "Työkierto"]


def test_a_round_edited_elsewhere_refuses_the_older_edit(session):
    from model import rounds as rsv
    from model.tables import Role, RoleGrant, Round
    from model.viewer import load_viewer

    org = make_org(session)
    fac = add_person(session, org.organisation_id, None, "kehittaja@test.fi", roles=())
    session.add(RoleGrant(person_id=fac.person_id, role=Role.facilitator, unit_id=org.root_id))
    session.commit()
    fac = load_viewer(session, fac.person_id)
    form_a = rsv.get_round(session, viewer=fac, round_id=org.open_round_id)
    form_b = dict(form_a)
    rsv.update_round(
        session,
        viewer=fac,
        round_id=org.open_round_id,
        data=rsv.parse_round_input({**form_a, "name": "Nimi A"}),
        version=form_a["version"],
    )
    session.commit()
    with pytest.raises(rsv.RoundError) as error:
        rsv.update_round(
            session,
            viewer=fac,
            round_id=org.open_round_id,
            data=rsv.parse_round_input({**form_b, "name": "Nimi B"}),
            version=form_b["version"],
        )
    assert error.value.code == "round_changed_elsewhere"
    session.rollback()
    assert session.get(Round, org.open_round_id).name == "Nimi A"


def test_a_reason_without_a_light_is_not_dropped_silently(session):
    org = make_org(session)
    emp = add_person(session, org.organisation_id, org.team_id, "syy@test.fi")
    session.commit()
    data = AssessmentInput(ratings={"autonomy": "green"}, reasons={"competence": "Opin paljon"})
    with pytest.raises(asv.AssessmentError) as error:
        asv.save_assessment(
            session,
            viewer=emp,
            round_id=org.open_round_id,
            data=data,
            submit=False,
            today=today(),
            version=0,
        )
    assert error.value.code == "reason_without_light"
    assert error.value.params == {"fields": ["competence"]}
