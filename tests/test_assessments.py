"""The self-assessment service: validation, drafts, submission, editing, sharing, access."""

from __future__ import annotations

import dataclasses

import pytest
from sqlmodel import select

from model import assessments as svc
from model import timesource
from model.assessments import AssessmentError, AssessmentInput, NoteInput
from model.tables import Assessment, Note, Rating, ShareGrant
from model.timesource import today
from model.viewer import AccessDenied
from tests.factories import add_person, make_org

ALL_GREEN = {
    "autonomy": "green",
    "competence": "yellow",
    "relatedness": "green",
    "beneficence": "red",
}


@pytest.fixture
def org(session):
    return make_org(session)


@pytest.fixture
def emp(session, org):
    v = add_person(
        session,
        org.organisation_id,
        org.team_id,
        "emma@test.fi",
        supervisor_id=org.supervisor.person_id,
    )
    session.commit()
    return v


def save(session, viewer, round_id, data, *, submit=True, today=None):
    aid = svc.save_assessment(
        session,
        viewer=viewer,
        round_id=round_id,
        data=data,
        submit=submit,
        today=today or timesource.today(),
    )
    session.commit()
    return aid


def test_submit_stores_ratings_reasons_and_notes(session, org, emp):
    data = AssessmentInput(
        ratings=ALL_GREEN,
        reasons={"autonomy": "Saan päättää työjärjestyksestä."},
        notes=[
            NoteInput(
                category="reduce",
                level="community",
                field_key="autonomy",
                text="Vähemmän päällekkäisiä palavereja",
                can_influence=False,
            )
        ],
    )
    save(session, emp, org.open_round_id, data)
    mine = svc.get_my_assessment(session, viewer=emp, round_id=org.open_round_id)
    assert mine.status == "submitted"
    assert mine.ratings == ALL_GREEN
    assert mine.reasons == {"autonomy": "Saan päättää työjärjestyksestä."}
    assert mine.notes[0]["text"] == "Vähemmän päällekkäisiä palavereja"
    assert mine.notes[0]["can_influence"] is False


def test_draft_may_be_partial_but_submit_needs_every_field(session, org, emp):
    save(
        session, emp, org.open_round_id, AssessmentInput(ratings={"autonomy": "red"}), submit=False
    )
    assert svc.get_my_assessment(session, viewer=emp, round_id=org.open_round_id).status == "draft"
    with pytest.raises(AssessmentError) as err:
        save(session, emp, org.open_round_id, AssessmentInput(ratings={"autonomy": "red"}))
    assert err.value.code == "missing_ratings"
    assert err.value.params["fields"] == ["competence", "relatedness", "beneficence"]


def test_submit_without_any_rating_is_refused(session, org, emp):
    with pytest.raises(AssessmentError) as err:
        save(session, emp, org.open_round_id, AssessmentInput())
    assert err.value.code == "no_rating"


@pytest.mark.parametrize(
    ("text", "code"),
    [("   ", "note_empty"), ("x" * (svc.NOTE_MAX + 1), "note_too_long")],
)
def test_bad_note_is_refused_with_its_reason(session, org, emp, text, code):
    data = AssessmentInput(
        ratings=ALL_GREEN, notes=[NoteInput(category="create", level="individual", text=text)]
    )
    with pytest.raises(AssessmentError) as err:
        save(session, emp, org.open_round_id, data)
    assert err.value.code == code
    assert session.exec(select(Assessment)).all() == []


def test_invalid_light_is_rejected_by_the_input_model():
    with pytest.raises(ValueError, match="light|red|Input"):
        AssessmentInput(ratings={"autonomy": "purple"})


def test_closed_round_refuses_saving(session, org, emp):
    with pytest.raises(AssessmentError) as err:
        save(session, emp, org.closed_round_id, AssessmentInput(ratings=ALL_GREEN))
    assert err.value.code == "round_closed"


def test_submitted_assessment_can_be_edited_while_open(session, org, emp):
    save(session, emp, org.open_round_id, AssessmentInput(ratings=ALL_GREEN))
    changed = {**ALL_GREEN, "beneficence": "green"}
    save(session, emp, org.open_round_id, AssessmentInput(ratings=changed), submit=False)
    mine = svc.get_my_assessment(session, viewer=emp, round_id=org.open_round_id)
    assert mine.ratings["beneficence"] == "green"
    assert mine.status == "submitted"  # saving again never turns it back into a draft
    assert len(session.exec(select(Assessment)).all()) == 1
    assert len(session.exec(select(Rating)).all()) == 4


def test_privacy_notice_must_be_acknowledged_first(session, org):
    new = add_person(session, org.organisation_id, org.team_id, "uusi@test.fi", acknowledged=False)
    session.commit()
    assert svc.needs_privacy_ack(session, viewer=new)
    with pytest.raises(AssessmentError) as err:
        save(session, new, org.open_round_id, AssessmentInput(ratings=ALL_GREEN))
    assert err.value.code == "privacy_not_acknowledged"
    svc.acknowledge_privacy(session, viewer=new)
    session.commit()
    save(session, new, org.open_round_id, AssessmentInput(ratings=ALL_GREEN))


def test_sharing_with_supervisor_creates_and_withdraws_a_grant(session, org, emp):
    shared = AssessmentInput(ratings=ALL_GREEN, sharing="supervisor")
    aid = save(session, emp, org.open_round_id, shared)
    grants = session.exec(select(ShareGrant).where(ShareGrant.assessment_id == aid)).all()
    assert [(g.grantee_id, g.revoked_at) for g in grants] == [(org.supervisor.person_id, None)]
    save(session, emp, org.open_round_id, AssessmentInput(ratings=ALL_GREEN, sharing="private"))
    grant = session.exec(select(ShareGrant).where(ShareGrant.assessment_id == aid)).one()
    assert grant.revoked_at is not None


def test_anonymous_default_creates_no_grant(session, org, emp):
    save(session, emp, org.open_round_id, AssessmentInput(ratings=ALL_GREEN))
    assert session.exec(select(ShareGrant)).all() == []
    a = session.exec(select(Assessment)).one()
    assert a.sharing == "anonymous"
    assert a.team_id == org.team_id


def test_admin_without_employee_role_cannot_assess(session, org):
    admin = add_person(session, org.organisation_id, None, "admin@test.fi", roles=("admin",))
    with pytest.raises(AccessDenied):
        svc.rounds_for(session, viewer=admin, today=today())
    with pytest.raises(AccessDenied):
        save(session, admin, org.open_round_id, AssessmentInput(ratings=ALL_GREEN))


def test_person_outside_round_scope_is_not_invited(session, org, emp):
    outsider = add_person(session, org.organisation_id, None, "ulkona@test.fi")
    session.commit()
    assert svc.rounds_for(session, viewer=outsider, today=today()) == []
    with pytest.raises(AccessDenied):
        save(session, outsider, org.open_round_id, AssessmentInput(ratings=ALL_GREEN))


def test_open_rounds_come_first(session, org, emp):
    rounds = svc.rounds_for(session, viewer=emp, today=today())
    assert [(r.name, r.is_open) for r in rounds] == [("Avoin", True), ("Mennyt", False)]


def test_viewer_from_another_organisation_cannot_touch_the_round(session, org, emp):
    stranger = dataclasses.replace(emp, organisation_id=org.organisation_id + 99)
    with pytest.raises(AccessDenied):
        save(session, stranger, org.open_round_id, AssessmentInput(ratings=ALL_GREEN))


def test_notes_keep_their_order(session, org, emp):
    notes = [NoteInput(category="raise", level="individual", text=f"n{i}") for i in range(5)]
    save(session, emp, org.open_round_id, AssessmentInput(ratings=ALL_GREEN, notes=notes))
    stored = session.exec(select(Note).order_by(Note.position)).all()
    assert [n.text for n in stored] == ["n0", "n1", "n2", "n3", "n4"]
