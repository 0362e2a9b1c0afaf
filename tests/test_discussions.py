"""Development discussions: sharing, the supervisor's list, preparation, actions, summaries.

Every access rule is tried from the wrong side too: another supervisor, a supervisor without a
share, after withdrawal, after the end date, after the person moved to another supervisor.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from model import discussions as svc
from model import timesource
from model.tables import (
    ActionUpdate,
    Assessment,
    AssessmentStatus,
    AuditEvent,
    Discussion,
    Note,
    Person,
    Rating,
    Role,
    RoleGrant,
    ShareGrant,
    Sharing,
)
from model.timesource import today
from model.viewer import AccessDenied, load_viewer
from tests.factories import add_person, make_org

LIGHTS_BEFORE = {
    "autonomy": "red",
    "competence": "yellow",
    "relatedness": "green",
    "beneficence": "green",
}
LIGHTS_NOW = {
    "autonomy": "yellow",
    "competence": "yellow",
    "relatedness": "red",
    "beneficence": "green",
}


def _submitted(session, person_id, round_id, lights, *, notes=(), sharing=Sharing.anonymous):
    a = Assessment(
        person_id=person_id,
        round_id=round_id,
        status=AssessmentStatus.submitted,
        sharing=sharing,
        submitted_at=timesource.now(),
    )
    session.add(a)
    session.flush()
    session.add_all(
        Rating(assessment_id=a.id, field_key=k, light=v, reason=f"syy {k}")
        for k, v in lights.items()
    )
    for i, (category, text) in enumerate(notes):
        session.add(
            Note(assessment_id=a.id, category=category, level="individual", text=text, position=i)
        )
    session.flush()
    return a.id


@pytest.fixture
def world(session):
    org = make_org(session)
    sup = org.supervisor
    emp = add_person(
        session, org.organisation_id, org.team_id, "tyontekija@test.fi", supervisor_id=sup.person_id
    )
    quiet = add_person(
        session, org.organisation_id, org.team_id, "hiljainen@test.fi", supervisor_id=sup.person_id
    )
    other_sup = add_person(
        session,
        org.organisation_id,
        org.other_team_id,
        "toinen@test.fi",
        roles=("employee", "supervisor"),
    )
    session.add(
        RoleGrant(person_id=other_sup.person_id, role=Role.supervisor, unit_id=org.other_team_id)
    )
    stranger = add_person(
        session,
        org.organisation_id,
        org.other_team_id,
        "muu@test.fi",
        supervisor_id=other_sup.person_id,
    )
    old = _submitted(session, emp.person_id, org.closed_round_id, LIGHTS_BEFORE)
    new = _submitted(
        session,
        emp.person_id,
        org.open_round_id,
        LIGHTS_NOW,
        notes=[("reduce", "Päällekkäiset palaverit"), ("create", "Vertaistuki")],
    )
    _submitted(session, quiet.person_id, org.open_round_id, LIGHTS_NOW)
    _submitted(session, stranger.person_id, org.open_round_id, LIGHTS_NOW)
    session.commit()
    return {
        "org": org,
        "sup": load_viewer(session, sup.person_id),
        "emp": emp,
        "quiet": quiet,
        "other_sup": load_viewer(session, other_sup.person_id),
        "stranger": stranger,
        "old": old,
        "new": new,
    }


def _share_both(session, w, expires_on=None):
    for a in (w["old"], w["new"]):
        svc.share_with_supervisor(
            session, viewer=w["emp"], assessment_id=a, expires_on=expires_on, today=today()
        )
    session.commit()


def _events(session, event):
    return session.exec(select(AuditEvent).where(AuditEvent.event == event)).all()


# --- Sharing --------------------------------------------------------------------------------


def test_share_grant_makes_visible_and_withdraw_hides(session, world):
    w = world
    with pytest.raises(AccessDenied):
        svc.prepare(session, viewer=w["sup"], person_id=w["emp"].person_id, today=today())
    svc.share_with_supervisor(
        session, viewer=w["emp"], assessment_id=w["new"], expires_on=None, today=today()
    )
    session.commit()
    prep = svc.prepare(session, viewer=w["sup"], person_id=w["emp"].person_id, today=today())
    assert prep.latest.assessment_id == w["new"]
    assert prep.previous is None  # the older one was not shared
    assert session.get(Assessment, w["new"]).sharing == Sharing.supervisor

    svc.withdraw_share(session, viewer=w["emp"], assessment_id=w["new"])
    session.commit()
    with pytest.raises(AccessDenied):
        svc.prepare(session, viewer=w["sup"], person_id=w["emp"].person_id, today=today())
    assert session.get(Assessment, w["new"]).sharing == Sharing.anonymous
    assert [e.detail["assessment_id"] for e in _events(session, "share_revoked")] == [w["new"]]


def test_withdraw_can_make_private_but_never_supervisor(session, world):
    w = world
    _share_both(session, w)
    svc.withdraw_share(session, viewer=w["emp"], assessment_id=w["old"], keep=Sharing.private)
    assert session.get(Assessment, w["old"]).sharing == Sharing.private
    with pytest.raises(svc.DiscussionError):
        svc.withdraw_share(
            session, viewer=w["emp"], assessment_id=w["new"], keep=Sharing.supervisor
        )


def test_end_date_ends_the_grant(session, world):
    w = world
    end = today() + dt.timedelta(days=7)
    _share_both(session, w, expires_on=end)
    assert svc.prepare(session, viewer=w["sup"], person_id=w["emp"].person_id, today=end)
    after = end + dt.timedelta(days=1)
    with pytest.raises(AccessDenied):
        svc.prepare(session, viewer=w["sup"], person_id=w["emp"].person_id, today=after)
    states = svc.my_shares(session, viewer=w["emp"], today=after)
    assert [s.live for s in states] == [False, False]
    assert states[0].ended_on == end
    with pytest.raises(svc.DiscussionError) as err:
        svc.share_with_supervisor(
            session,
            viewer=w["emp"],
            assessment_id=w["new"],
            expires_on=today() - dt.timedelta(days=1),
            today=today(),
        )
    assert err.value.code == "end_in_past"


def test_sharing_again_replaces_the_grant(session, world):
    w = world
    svc.share_with_supervisor(
        session, viewer=w["emp"], assessment_id=w["new"], expires_on=None, today=today()
    )
    end = today() + dt.timedelta(days=30)
    svc.share_with_supervisor(
        session, viewer=w["emp"], assessment_id=w["new"], expires_on=end, today=today()
    )
    session.commit()
    grants = session.exec(select(ShareGrant).where(ShareGrant.assessment_id == w["new"])).all()
    live = [g for g in grants if g.revoked_at is None]
    assert (len(grants), len(live), live[0].expires_on) == (2, 1, end)
    state = svc.my_shares(session, viewer=w["emp"], today=today())[0]
    assert (state.live, state.expires_on, state.grantee_name) == (True, end, "Esimies")


def test_only_own_submitted_assessments_can_be_shared(session, world):
    w = world
    stranger_assessment = session.exec(
        select(Assessment.id).where(Assessment.person_id == w["stranger"].person_id)
    ).one()
    with pytest.raises(AccessDenied):
        svc.share_with_supervisor(
            session,
            viewer=w["emp"],
            assessment_id=stranger_assessment,
            expires_on=None,
            today=today(),
        )
    session.get(Assessment, w["new"]).status = AssessmentStatus.draft
    with pytest.raises(svc.DiscussionError):
        svc.share_with_supervisor(
            session, viewer=w["emp"], assessment_id=w["new"], expires_on=None, today=today()
        )


def test_no_supervisor_no_share(session, world):
    w = world
    session.get(Person, w["emp"].person_id).supervisor_id = None
    with pytest.raises(svc.DiscussionError) as err:
        svc.share_with_supervisor(
            session, viewer=w["emp"], assessment_id=w["new"], expires_on=None, today=today()
        )
    assert err.value.code == "no_supervisor"


# --- Access from the wrong side -------------------------------------------------------------


def test_other_supervisor_and_non_reports_are_refused_everywhere(session, world):
    w = world
    _share_both(session, w)
    emp_id = w["emp"].person_id
    calls = [
        lambda v, pid: svc.prepare(session, viewer=v, person_id=pid, today=today()),
        lambda v, pid: svc.actions_for(session, viewer=v, person_id=pid, today=today()),
        lambda v, pid: svc.discussions_for(session, viewer=v, person_id=pid, today=today()),
        lambda v, pid: svc.create_action(
            session, viewer=v, person_id=pid, data=svc.ActionInput(title="x"), today=today()
        ),
        lambda v, pid: svc.add_agenda_point(
            session, viewer=v, person_id=pid, text="x", today=today()
        ),
        lambda v, pid: svc.record_discussion(
            session, viewer=v, person_id=pid, held_on=today(), today=today()
        ),
    ]
    for call in calls:
        with pytest.raises(AccessDenied):  # a supervisor of another team
            call(w["other_sup"], emp_id)
        with pytest.raises(AccessDenied):  # my own team member who shared nothing
            call(w["sup"], w["quiet"].person_id)
        with pytest.raises(AccessDenied):  # someone in another team
            call(w["sup"], w["stranger"].person_id)
        with pytest.raises(AccessDenied):  # a colleague without the supervisor role
            call(w["quiet"], emp_id)
    assert _events(session, "assessment_viewed") == []


def test_a_grant_does_not_follow_a_supervisor_who_is_no_longer_theirs(session, world):
    w = world
    _share_both(session, w)
    assert svc.prepare(session, viewer=w["sup"], person_id=w["emp"].person_id, today=today())
    session.get(Person, w["emp"].person_id).supervisor_id = w["other_sup"].person_id
    session.commit()
    with pytest.raises(AccessDenied):
        svc.prepare(session, viewer=w["sup"], person_id=w["emp"].person_id, today=today())
    # ... and the new supervisor sees nothing until the person shares with them.
    with pytest.raises(AccessDenied):
        svc.prepare(session, viewer=w["other_sup"], person_id=w["emp"].person_id, today=today())


def test_supervisor_list_shows_only_names_of_those_who_did_not_share(session, world):
    w = world
    _share_both(session, w)
    rows = svc.my_people(session, viewer=w["sup"], today=today())
    by_name = {r.name: r for r in rows}
    assert set(by_name) == {"Tyontekija", "Hiljainen"}  # not the stranger, not the supervisor
    assert (by_name["Tyontekija"].shared, by_name["Tyontekija"].latest_round) == (True, "Avoin")
    quiet = by_name["Hiljainen"]
    assert not quiet.shared
    assert (
        quiet.latest_round,
        quiet.last_discussion,
        quiet.open_actions,
        quiet.overdue_actions,
    ) == (
        None,
        None,
        None,
        None,
    )
    with pytest.raises(AccessDenied):
        svc.my_people(session, viewer=w["emp"], today=today())


# --- Preparation and audit ------------------------------------------------------------------


def test_preparation_side_by_side_with_changes_and_one_audit_row_per_look(session, world):
    w = world
    _share_both(session, w)
    prep = svc.prepare(session, viewer=w["sup"], person_id=w["emp"].person_id, today=today())
    session.commit()
    assert (prep.latest.assessment_id, prep.previous.assessment_id) == (w["new"], w["old"])
    assert prep.latest.reasons["autonomy"] == "syy autonomy"
    assert [n.text for n in prep.latest.notes] == ["Päällekkäiset palaverit", "Vertaistuki"]
    changes = {c.field_key: c.direction for c in prep.changes}
    assert changes == {"autonomy": 1, "competence": 0, "relatedness": -1, "beneficence": 0}

    views = _events(session, "assessment_viewed")
    assert sorted(e.detail["assessment_id"] for e in views) == sorted([w["old"], w["new"]])
    assert {(e.actor_id, e.subject_id) for e in views} == {(w["sup"].person_id, w["emp"].person_id)}
    # Rerunning the page within the window adds nothing; a later look adds one row per assessment.
    svc.prepare(session, viewer=w["sup"], person_id=w["emp"].person_id, today=today())
    session.commit()
    assert len(_events(session, "assessment_viewed")) == 2
    for e in _events(session, "assessment_viewed"):
        e.at = timesource.now() - svc.VIEW_LOG_WINDOW - dt.timedelta(minutes=1)
    session.commit()
    svc.prepare(session, viewer=w["sup"], person_id=w["emp"].person_id, today=today())
    session.commit()
    assert len(_events(session, "assessment_viewed")) == 4

    log = svc.others_on_my_data(session, viewer=w["emp"])
    assert {(e.actor_name, e.event) for e in log} == {("Esimies", "assessment_viewed")}
    assert {e.round_name for e in log} == {"Avoin", "Mennyt"}


# --- Agenda, actions and follow-up ----------------------------------------------------------


def test_agenda_points_by_the_employee_reach_the_preparation(session, world):
    w = world
    _share_both(session, w)
    point = svc.add_agenda_point(session, viewer=w["emp"], text="  Työkierto  ", today=today())
    session.commit()
    prep = svc.prepare(session, viewer=w["sup"], person_id=w["emp"].person_id, today=today())
    assert [(a.text, a.by_person, a.mine) for a in prep.agenda] == [("Työkierto", True, False)]
    with pytest.raises(AccessDenied):  # only the author removes a point
        svc.remove_agenda_point(session, viewer=w["sup"], point_id=point)
    svc.remove_agenda_point(session, viewer=w["emp"], point_id=point)
    assert svc.my_agenda(session, viewer=w["emp"]) == []
    with pytest.raises(svc.DiscussionError):
        svc.add_agenda_point(session, viewer=w["emp"], text="   ", today=today())
    with pytest.raises(svc.DiscussionError):
        svc.add_agenda_point(session, viewer=w["emp"], text="x" * 1001, today=today())


def test_actions_from_a_note_and_from_scratch_with_history(session, world):
    w = world
    _share_both(session, w)
    note_id = session.exec(select(Note.id).where(Note.text == "Päällekkäiset palaverit")).one()
    from_note = svc.create_action(
        session,
        viewer=w["sup"],
        person_id=w["emp"].person_id,
        data=svc.ActionInput(
            title="Karsitaan palavereja",
            means="Käydään kalenteri läpi",
            owner="supervisor",
            measure="Kaksi palaveria vähemmän viikossa",
            time_span="Kevät",
            due_on=today() + dt.timedelta(days=30),
            area="organising",
            note_id=note_id,
        ),
        today=today(),
    )
    scratch = svc.create_action(
        session,
        viewer=w["emp"],
        person_id=w["emp"].person_id,
        data=svc.ActionInput(title="Mentorointi", field_key="competence", category="create"),
        today=today(),
    )
    session.commit()
    actions = {a.id: a for a in svc.my_actions(session, viewer=w["emp"], today=today())}
    a = actions[from_note]
    assert (a.category, a.field_key, a.owner, a.status) == ("reduce", None, "supervisor", "planned")
    assert actions[scratch].field_key == "competence"

    svc.update_action(
        session,
        viewer=w["emp"],
        action_id=from_note,
        status="in_progress",
        comment="Aloitettu",
        today=today(),
    )
    svc.update_action(session, viewer=w["sup"], action_id=from_note, comment="Hyvä", today=today())
    svc.update_action(session, viewer=w["sup"], action_id=from_note, status="done", today=today())
    session.commit()
    view = next(
        v
        for v in svc.actions_for(
            session, viewer=w["sup"], person_id=w["emp"].person_id, today=today()
        )
        if v.id == from_note
    )
    assert [(u.author_name, u.status, u.comment) for u in view.history] == [
        ("Esimies", "planned", ""),
        ("Tyontekija", "in_progress", "Aloitettu"),
        ("Esimies", None, "Hyvä"),
        ("Esimies", "done", ""),
    ]
    assert view.status == "done"
    assert len(session.exec(select(ActionUpdate)).all()) == 5
    # Changes by the supervisor are logged for the person; the employee's own are not.
    assert len(_events(session, "action_created")) == 1
    assert len(_events(session, "action_updated")) == 2


def test_action_validation(session, world):
    w = world
    _share_both(session, w)

    def create(**kw):
        return svc.create_action(
            session,
            viewer=w["sup"],
            person_id=w["emp"].person_id,
            data=svc.ActionInput(**kw),
            today=today(),
        )

    for kw, code in [
        ({"title": "  "}, "action_title_empty"),
        ({"title": "x" * 301}, "too_long"),
        ({"title": "x", "field_key": "nope"}, "unknown_field"),
        ({"title": "x", "category": "nope"}, "unknown_category"),
        ({"title": "x", "area": "nope"}, "unknown_area"),
        ({"title": "x", "due_on": today() - dt.timedelta(days=1)}, "due_in_past"),
    ]:
        with pytest.raises(svc.DiscussionError) as err:
            create(**kw)
        assert err.value.code == code
    with pytest.raises(ValueError, match="owner"):
        create(title="x", owner="boss")
    # A note from an assessment not shared with the supervisor cannot become their action.
    stranger_note = Note(
        assessment_id=session.exec(
            select(Assessment.id).where(Assessment.person_id == w["stranger"].person_id)
        ).one(),
        category="reduce",
        level="individual",
        text="vieras",
    )
    session.add(stranger_note)
    session.flush()
    with pytest.raises(AccessDenied):
        create(title="x", note_id=stranger_note.id)
    action = create(title="ok")
    with pytest.raises(svc.DiscussionError) as err:
        svc.update_action(
            session, viewer=w["emp"], action_id=action, status="planned", today=today()
        )
    assert err.value.code == "nothing_to_update"
    with pytest.raises(svc.DiscussionError):
        svc.update_action(session, viewer=w["emp"], action_id=action, status="lost", today=today())
    with pytest.raises(AccessDenied):
        svc.update_action(
            session, viewer=w["other_sup"], action_id=action, status="done", today=today()
        )


def test_withdrawn_share_closes_actions_to_the_supervisor_but_not_to_the_person(session, world):
    w = world
    _share_both(session, w)
    action = svc.create_action(
        session,
        viewer=w["sup"],
        person_id=w["emp"].person_id,
        data=svc.ActionInput(title="x"),
        today=today(),
    )
    for a in (w["old"], w["new"]):
        svc.withdraw_share(session, viewer=w["emp"], assessment_id=a)
    session.commit()
    with pytest.raises(AccessDenied):
        svc.update_action(session, viewer=w["sup"], action_id=action, status="done", today=today())
    svc.update_action(session, viewer=w["emp"], action_id=action, status="done", today=today())
    assert svc.my_people(session, viewer=w["sup"], today=today())[0].open_actions is None


def test_follow_up_next_discussion_starts_from_open_actions(session, world, time_machine):
    w = world
    _share_both(session, w)
    emp_id = w["emp"].person_id
    held = today()
    time_machine.move_to(timesource.at_local(held, 10), tick=False)
    kept = svc.create_action(
        session,
        viewer=w["sup"],
        person_id=emp_id,
        data=svc.ActionInput(title="Kesken jää", due_on=held),
        today=held,
    )
    finished = svc.create_action(
        session,
        viewer=w["sup"],
        person_id=emp_id,
        data=svc.ActionInput(title="Valmistuu"),
        today=held,
    )
    time_machine.move_to(timesource.at_local(held, 11), tick=False)
    first = svc.record_discussion(
        session, viewer=w["sup"], person_id=emp_id, held_on=held, today=held
    )
    session.commit()
    with pytest.raises(svc.DiscussionError):
        svc.record_discussion(
            session,
            viewer=w["sup"],
            person_id=emp_id,
            held_on=held + dt.timedelta(days=1),
            today=held,
        )

    # Forty days later the finished one is done and a new action is typed.
    later = held + dt.timedelta(days=40)
    time_machine.move_to(timesource.at_local(later, 9), tick=False)
    svc.update_action(session, viewer=w["emp"], action_id=finished, status="done", today=later)
    new_action = svc.create_action(
        session, viewer=w["sup"], person_id=emp_id, data=svc.ActionInput(title="Uusi"), today=later
    )
    session.commit()
    prep = svc.prepare(session, viewer=w["sup"], person_id=emp_id, today=later)
    assert prep.last_held_on == held
    assert [a.title for a in prep.actions if a.is_open] == ["Kesken jää", "Uusi"]
    assert next(a for a in prep.actions if a.id == kept).overdue
    rows = svc.my_people(session, viewer=w["sup"], today=later)
    assert (rows[0].open_actions, rows[0].overdue_actions, rows[0].last_discussion) == (2, 1, held)

    second = prep.discussion_id
    assert second != first
    summary = svc.discussion_summary(session, viewer=w["emp"], discussion_id=second, today=later)
    assert [a.title for a in summary.agreed] == ["Uusi"]
    assert {f.action.title: (f.status_before, f.action.status) for f in summary.follow_ups} == {
        "Kesken jää": ("planned", "planned"),
        "Valmistuu": ("planned", "done"),
    }
    assert new_action not in {f.action.id for f in summary.follow_ups}
    assert new_action in {a.id for a in summary.agreed}
    old_summary = svc.discussion_summary(session, viewer=w["sup"], discussion_id=first, today=later)
    assert {a.title for a in old_summary.agreed} == {"Kesken jää", "Valmistuu"}
    assert old_summary.held
    assert old_summary.assessment.lights == LIGHTS_NOW
    assert old_summary.previous.lights == LIGHTS_BEFORE


def _next_discussion_follow_ups(session, w, day):
    """Open the next discussion on ``day`` with one new action; its follow-ups by title."""
    emp_id = w["emp"].person_id
    svc.create_action(
        session, viewer=w["sup"], person_id=emp_id, data=svc.ActionInput(title="Uusi"), today=day
    )
    session.commit()
    second = svc.prepare(session, viewer=w["sup"], person_id=emp_id, today=day).discussion_id
    summary = svc.discussion_summary(session, viewer=w["sup"], discussion_id=second, today=day)
    return [f.action.title for f in summary.follow_ups], [a.title for a in summary.agreed]


@pytest.mark.parametrize(
    ("typed_hour", "held_days_before_recording"),
    [
        # Typed this morning, recorded as held yesterday (the bug: the actions went missing).
        (9, 1),
        # The mirror: typed days before the day the discussion is recorded as held.
        (9, 0),
        # Typed late in the evening in Helsinki: already the next day in UTC after 22/21.
        (23, 0),
    ],
)
def test_actions_are_followed_up_once_whatever_order_people_work_in(
    session, world, time_machine, typed_hour, held_days_before_recording
):
    w = world
    _share_both(session, w)
    emp_id = w["emp"].person_id
    recorded = today() - dt.timedelta(days=20)
    typed = recorded - dt.timedelta(days=3 if held_days_before_recording == 0 else 0)
    time_machine.move_to(timesource.at_local(typed, typed_hour, 30), tick=False)
    for title in ("Työnohjaus", "Perehdytys"):
        svc.create_action(
            session,
            viewer=w["sup"],
            person_id=emp_id,
            data=svc.ActionInput(title=title),
            today=typed,
        )
    session.commit()
    time_machine.move_to(timesource.at_local(recorded, 23, 45), tick=False)
    svc.record_discussion(
        session,
        viewer=w["sup"],
        person_id=emp_id,
        held_on=recorded - dt.timedelta(days=held_days_before_recording),
        today=recorded,
    )
    session.commit()

    next_day = recorded + dt.timedelta(days=10)
    time_machine.move_to(timesource.at_local(next_day, 8), tick=False)
    follow_ups, agreed = _next_discussion_follow_ups(session, w, next_day)
    assert sorted(follow_ups) == ["Perehdytys", "Työnohjaus"]  # each exactly once
    assert agreed == ["Uusi"]


def _act(session, viewer, person_id, title, day):
    return svc.create_action(
        session, viewer=viewer, person_id=person_id, data=svc.ActionInput(title=title), today=day
    )


def test_an_action_done_before_the_next_recording_is_not_followed_up_a_third_time(
    session, world, time_machine
):
    w = world
    _share_both(session, w)
    emp_id = w["emp"].person_id
    day = today() - dt.timedelta(days=60)
    time_machine.move_to(timesource.at_local(day, 10), tick=False)
    done_later = _act(session, w["sup"], emp_id, "Valmistuu välissä", day)
    _act(session, w["sup"], emp_id, "Jää auki", day)
    svc.record_discussion(session, viewer=w["sup"], person_id=emp_id, held_on=day, today=day)
    session.commit()

    day += dt.timedelta(days=20)
    time_machine.move_to(timesource.at_local(day, 10), tick=False)
    _act(session, w["sup"], emp_id, "Toinen", day)
    svc.update_action(session, viewer=w["emp"], action_id=done_later, status="done", today=day)
    second = svc.record_discussion(
        session, viewer=w["sup"], person_id=emp_id, held_on=day, today=day
    )
    session.commit()
    summary = svc.discussion_summary(session, viewer=w["sup"], discussion_id=second, today=day)
    assert sorted(f.action.title for f in summary.follow_ups) == ["Jää auki", "Valmistuu välissä"]

    day += dt.timedelta(days=20)
    time_machine.move_to(timesource.at_local(day, 10), tick=False)
    follow_ups, _ = _next_discussion_follow_ups(session, w, day)
    # Done before the second discussion was recorded: not followed up again.
    assert sorted(follow_ups) == ["Jää auki", "Toinen"]


def test_a_discussion_recorded_before_recorded_at_existed_still_hands_on_its_actions(
    session, world, time_machine
):
    w = world
    _share_both(session, w)
    emp_id = w["emp"].person_id
    day = today() - dt.timedelta(days=30)
    # The discussion is opened by an agenda point at nine; the action is typed at ten.
    time_machine.move_to(timesource.at_local(day, 9), tick=False)
    svc.add_agenda_point(session, viewer=w["emp"], text="Työvuorot", today=day)
    time_machine.move_to(timesource.at_local(day, 10), tick=False)
    _act(session, w["sup"], emp_id, "Vanha", day)
    first = svc.record_discussion(
        session, viewer=w["sup"], person_id=emp_id, held_on=day, today=day
    )
    session.get(Discussion, first).recorded_at = None  # as rows written before migration 0003
    session.commit()
    time_machine.move_to(timesource.at_local(day + dt.timedelta(days=5), 10), tick=False)
    follow_ups, _ = _next_discussion_follow_ups(session, w, day + dt.timedelta(days=5))
    assert follow_ups == ["Vanha"]


def test_actions_agreed_with_a_former_supervisor_are_followed_up_by_the_new_one(
    session, world, time_machine
):
    w = world
    _share_both(session, w)
    emp_id = w["emp"].person_id
    day = today() - dt.timedelta(days=40)
    time_machine.move_to(timesource.at_local(day, 10), tick=False)
    _act(session, w["sup"], emp_id, "Ensimmäinen", day)
    svc.record_discussion(session, viewer=w["sup"], person_id=emp_id, held_on=day, today=day)
    session.commit()
    # Typed with the first supervisor, who then moves on before the discussion is held.
    time_machine.move_to(timesource.at_local(day + dt.timedelta(days=10), 10), tick=False)
    _act(session, w["sup"], emp_id, "Kesken jäänyt", day + dt.timedelta(days=10))
    session.commit()
    person = session.get(Person, emp_id)
    person.supervisor_id = w["other_sup"].person_id
    session.add(person)
    session.commit()
    employee = load_viewer(session, emp_id)
    svc.share_with_supervisor(
        session, viewer=employee, assessment_id=w["new"], expires_on=None, today=day
    )
    session.commit()

    later = day + dt.timedelta(days=20)
    time_machine.move_to(timesource.at_local(later, 10), tick=False)
    svc.create_action(
        session,
        viewer=w["other_sup"],
        person_id=emp_id,
        data=svc.ActionInput(title="Uusi"),
        today=later,
    )
    session.commit()
    prep = svc.prepare(session, viewer=w["other_sup"], person_id=emp_id, today=later)
    summary = svc.discussion_summary(
        session, viewer=w["other_sup"], discussion_id=prep.discussion_id, today=later
    )
    titles = [f.action.title for f in summary.follow_ups]
    assert sorted(titles) == ["Ensimmäinen", "Kesken jäänyt"]


def test_summary_is_the_same_for_both_and_closed_to_others(session, world):
    w = world
    _share_both(session, w)
    svc.create_action(
        session,
        viewer=w["sup"],
        person_id=w["emp"].person_id,
        data=svc.ActionInput(title="Yhteinen"),
        today=today(),
    )
    session.commit()
    d = svc.prepare(
        session, viewer=w["sup"], person_id=w["emp"].person_id, today=today()
    ).discussion_id
    mine = svc.discussion_summary(session, viewer=w["emp"], discussion_id=d, today=today())
    theirs = svc.discussion_summary(session, viewer=w["sup"], discussion_id=d, today=today())
    assert (mine.person_name, mine.supervisor_name) == (theirs.person_name, theirs.supervisor_name)
    assert mine.assessment.lights == theirs.assessment.lights == LIGHTS_NOW
    assert [a.title for a in mine.agreed] == [a.title for a in theirs.agreed] == ["Yhteinen"]
    for v in (w["other_sup"], w["quiet"]):
        with pytest.raises(AccessDenied):
            svc.discussion_summary(session, viewer=v, discussion_id=d, today=today())
    svc.record_export(session, viewer=w["sup"], summary=theirs, fmt="pdf")
    session.commit()
    assert [e.event for e in svc.others_on_my_data(session, viewer=w["emp"])].count(
        "discussion_exported"
    ) == 1


def test_actions_by_round_for_my_history(session, world):
    w = world
    _share_both(session, w)
    action = svc.create_action(
        session,
        viewer=w["sup"],
        person_id=w["emp"].person_id,
        data=svc.ActionInput(title="x"),
        today=today(),
    )
    svc.prepare(session, viewer=w["sup"], person_id=w["emp"].person_id, today=today())
    session.commit()
    grouped = svc.my_actions_by_round(session, viewer=w["emp"], today=today())
    assert {rid: [a.id for a in acts] for rid, acts in grouped.items()} == {
        w["org"].open_round_id: [action]
    }


def test_my_data_and_erasure_cover_discussions_and_actions(session, world):
    from exports.mydata import my_data_json, my_data_xlsx
    from model import history
    from model.tables import Action, AgendaPoint, Discussion

    w = world
    _share_both(session, w)
    svc.add_agenda_point(session, viewer=w["emp"], text="=1+1 työkierto", today=today())
    action = svc.create_action(
        session,
        viewer=w["sup"],
        person_id=w["emp"].person_id,
        data=svc.ActionInput(title="Koulutus"),
        today=today(),
    )
    svc.update_action(
        session, viewer=w["emp"], action_id=action, comment="Ilmoittauduin", today=today()
    )
    session.commit()
    data = history.my_data(session, viewer=w["emp"])
    blob = my_data_json(data).decode()
    assert "Koulutus" in blob
    assert "Ilmoittauduin" in blob
    assert "työkierto" in blob
    assert len(my_data_xlsx(data)) > 0

    history.erase_my_data(session, viewer=w["emp"])
    session.commit()
    for table in (Action, ActionUpdate, AgendaPoint, Discussion):
        assert session.exec(select(table)).all() == []
    assert not any(r.shared for r in svc.my_people(session, viewer=w["sup"], today=today()))


def test_people_frame_shows_only_the_name_of_someone_who_does_not_share(session, world):
    from model.discussion_text import people_frame

    w = world
    _share_both(session, w)
    frame = people_frame(svc.my_people(session, viewer=w["sup"], today=today()), "en")
    rows = {r["Name"]: r for r in frame.to_dict("records")}
    assert list(rows["Hiljainen"].values())[1:] == ["Not shared", "", "", "", ""]
    assert rows["Tyontekija"]["Latest shared assessment"] == "Avoin"
    assert rows["Tyontekija"]["Last discussion"] == "—"
    assert rows["Tyontekija"]["Open actions"] == "0"
