"""Workshops (F3): planning from templates, joining without a person, the phases, notes hidden
until revealed, themes, dot votes hidden until voting ends, actions and their follow-up."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from model import discussions, timesource
from model import workshops as ws
from model.tables import (
    Action,
    Role,
    RoleGrant,
    Workshop,
    WorkshopNote,
    WorkshopParticipant,
    WorkshopPhase,
    WorkshopVote,
)
from model.viewer import AccessDenied, load_viewer
from model.workshop_templates import templates
from tests.factories import add_person, make_org

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def org(session: Session):
    return make_org(session)


@pytest.fixture
def facilitator(session: Session, org):
    v = add_person(session, org.organisation_id, None, "kehittaja@test.fi", roles=("employee",))
    session.add(RoleGrant(person_id=v.person_id, role=Role.facilitator, unit_id=org.root_id))
    session.commit()
    return load_viewer(session, v.person_id)


def _plan(session, viewer, org, **changes) -> int:
    values = {
        "name": "Kevään työpaja",
        "unit_id": org.team_id,
        "round_id": org.closed_round_id,
        "template": "tampere1",
        "planned_on": timesource.today(),
        "allow_guests": True,
    }
    values.update(changes)
    wid = ws.plan_workshop(session, viewer=viewer, data=ws.WorkshopInput(**values))
    session.commit()
    return wid


def _phase(session, viewer, wid, phase, minutes=None):
    ws.set_phase(session, viewer=viewer, workshop_id=wid, phase=phase, now=NOW, minutes=minutes)
    session.commit()


def _code(session, wid) -> str:
    return session.get(Workshop, wid).join_code


def test_every_template_has_questions_in_every_language(org):
    found = {t.key: t for t in templates(org.framework)}
    assert {"tampere1", "tampere2", "pori", "blank"} <= set(found)
    assert {k for k in found if k.startswith("errc:")} == {
        "errc:autonomy",
        "errc:competence",
        "errc:relatedness",
        "errc:beneficence",
    }
    for t in found.values():
        assert t.label["fi"]
        assert t.label["en"]
        for q in t.questions:
            assert q["text"]["fi"].strip()
            assert q["text"]["en"].strip()
    errc = found["errc:autonomy"].questions
    assert [q["category"] for q in errc] == ["reduce", "create", "raise", "eliminate"]
    assert {q["field_key"] for q in errc} == {"autonomy"}


def test_planning_copies_the_template_and_gives_a_readable_code(session, org, facilitator):
    wid = _plan(session, facilitator, org)
    w = session.get(Workshop, wid)
    assert [q["key"] for q in w.questions] == ["goal", "actions", "community"]
    assert len(w.join_code) == ws.CODE_LENGTH
    assert set(w.join_code) <= set(ws.CODE_ALPHABET)
    assert w.status == WorkshopPhase.planned
    listed = ws.list_workshops(session, viewer=facilitator)
    assert listed["id"].tolist() == [wid]


def test_a_blank_workshop_takes_typed_questions_and_refuses_none(session, org, facilitator):
    with pytest.raises(ws.WorkshopError) as error:
        _plan(session, facilitator, org, template="blank", questions=["  ", ""])
    assert error.value.code == "questions_empty"
    wid = _plan(session, facilitator, org, template="blank", questions=["Mikä toimii?\x00"])
    q = session.get(Workshop, wid).questions
    assert q == [{"key": "q1", "text": {"*": "Mikä toimii?"}, "category": None, "field_key": None}]


def test_only_facilitators_of_the_unit_plan_and_run_it(session, org, facilitator):
    employee = add_person(session, org.organisation_id, org.team_id, "t@test.fi")
    with pytest.raises(AccessDenied):
        _plan(session, employee, org)
    # a facilitator of the other team only
    other = add_person(session, org.organisation_id, None, "k2@test.fi")
    session.add(
        RoleGrant(person_id=other.person_id, role=Role.facilitator, unit_id=org.other_team_id)
    )
    session.commit()
    other = load_viewer(session, other.person_id)
    wid = _plan(session, facilitator, org)
    with pytest.raises(AccessDenied):
        ws.facilitator_board(session, viewer=other, workshop_id=wid)
    with pytest.raises(AccessDenied):
        _phase(session, other, wid, "present")
    assert ws.list_workshops(session, viewer=other).empty


def test_guests_join_only_when_allowed(session, org, facilitator):
    wid = _plan(session, facilitator, org, allow_guests=False)
    code = _code(session, wid)
    with pytest.raises(ws.WorkshopError) as error:
        ws.join(session, code=code, viewer=None)
    assert error.value.code == "sign_in_first"
    member = add_person(session, org.organisation_id, org.team_id, "m@test.fi")
    token = ws.join(session, code=code.lower()[:3] + " " + code.lower()[3:], viewer=member)
    session.commit()
    assert ws.workshop_of(session, token=token, viewer=member).id == wid
    with pytest.raises(ws.WorkshopError) as error:
        ws.join(session, code="ZZZZZZ", viewer=None)
    assert error.value.code == "unknown_code"


def test_a_participant_is_no_person(session, org, facilitator):
    wid = _plan(session, facilitator, org)
    member = add_person(session, org.organisation_id, org.team_id, "m@test.fi")
    token = ws.join(session, code=_code(session, wid), viewer=member)
    session.commit()
    row = session.exec(select(WorkshopParticipant)).one()
    assert set(WorkshopParticipant.model_fields) == {"id", "workshop_id", "token_hash"}
    assert token not in row.token_hash
    assert "created_at" not in WorkshopNote.model_fields
    assert not {"person_id", "author_id"} & set(WorkshopNote.model_fields)


def _running(session, facilitator, org, people=3, **changes):
    wid = _plan(session, facilitator, org, **changes)
    tokens = [ws.join(session, code=_code(session, wid), viewer=None) for _ in range(people)]
    session.commit()
    _phase(session, facilitator, wid, "write", minutes=5)
    return wid, tokens


def _note(session, token, text, question="goal"):
    ref = ws.add_note(
        session, token=token, viewer=None, data=ws.NoteInput(question_key=question, text=text)
    )
    session.commit()
    return ref


def test_notes_are_hidden_from_everyone_else_until_revealed(session, org, facilitator):
    wid, (a, b, _c) = _running(session, facilitator, org)
    _note(session, a, "Enemmän aikaa")
    _note(session, b, "Vähemmän palavereja", "actions")
    screen = ws.facilitator_board(session, viewer=facilitator, workshop_id=wid)
    assert screen.notes == ()
    assert screen.notes_total == 2
    assert screen.notes_written == {}, "no count per question while notes are hidden"
    assert screen.seconds_left(NOW + dt.timedelta(minutes=2)) == 180
    mine = ws.participant_board(session, token=a, viewer=None)
    assert [n.text for n in mine.mine] == ["Enemmän aikaa"]
    assert mine.notes == ()
    _phase(session, facilitator, wid, "reveal")
    screen = ws.facilitator_board(session, viewer=facilitator, workshop_id=wid)
    assert sorted(n.text for n in screen.notes) == ["Enemmän aikaa", "Vähemmän palavereja"]
    assert ws.participant_board(session, token=b, viewer=None).notes == screen.notes


def test_the_board_is_ordered_by_random_refs_not_by_writing(session, org, facilitator):
    wid, tokens = _running(session, facilitator, org, people=1)
    refs = [_note(session, tokens[0], f"muistiinpano {i}") for i in range(30)]
    _phase(session, facilitator, wid, "reveal")
    board = ws.facilitator_board(session, viewer=facilitator, workshop_id=wid)
    assert [n.ref for n in board.notes] == sorted(refs)
    assert [n.ref for n in board.notes] != refs  # 1 in 30! to fail by chance


def test_only_the_writer_edits_or_deletes_a_note_and_only_while_writing(session, org, facilitator):
    wid, (a, b, _c) = _running(session, facilitator, org)
    ref = _note(session, a, "alku")
    with pytest.raises(AccessDenied):
        ws.edit_note(session, token=b, viewer=None, ref=ref, text="toisen muokkaus")
    ws.edit_note(session, token=a, viewer=None, ref=ref, text="korjattu")
    session.commit()
    assert ws.participant_board(session, token=a, viewer=None).mine[0].text == "korjattu"
    _phase(session, facilitator, wid, "reveal")
    with pytest.raises(ws.WorkshopError) as error:
        ws.delete_note(session, token=a, viewer=None, ref=ref)
    assert error.value.code == "wrong_phase"
    with pytest.raises(ws.WorkshopError):
        _note(session, a, "myöhässä")


def test_a_note_is_checked_like_all_typed_text(session, org, facilitator):
    _wid, (a, *_rest) = _running(session, facilitator, org)
    for text, code in (("   ", "note_empty"), ("x" * (ws.NOTE_MAX + 1), "too_long")):
        with pytest.raises(ws.WorkshopError) as error:
            _note(session, a, text)
        assert error.value.code == code
    with pytest.raises(ws.WorkshopError):
        _note(session, a, "kysymys jota ei ole", question="nope")
    ref = _note(session, a, "a\u202eb\x07c")
    assert session.exec(select(WorkshopNote.text).where(WorkshopNote.ref == ref)).one() == "abc"


def _grouped(session, facilitator, org):
    wid, tokens = _running(session, facilitator, org)
    refs = [_note(session, t, f"idea {i}") for i, t in enumerate(tokens)]
    _phase(session, facilitator, wid, "reveal")
    _phase(session, facilitator, wid, "group")
    t1 = ws.create_theme(session, viewer=facilitator, workshop_id=wid, title="Aika", refs=refs[:2])
    t2 = ws.create_theme(session, viewer=facilitator, workshop_id=wid, title="Tieto", refs=refs[2:])
    session.commit()
    return wid, tokens, refs, t1, t2


def test_the_facilitator_groups_merges_and_renames_themes(session, org, facilitator):
    wid, _tokens, refs, t1, t2 = _grouped(session, facilitator, org)
    board = ws.facilitator_board(session, viewer=facilitator, workshop_id=wid)
    assert [len(t.notes) for t in board.themes] == [2, 1]
    assert board.ungrouped == ()
    ws.rename_theme(session, viewer=facilitator, workshop_id=wid, theme_id=t1, title="Ajankäyttö")
    ws.merge_themes(session, viewer=facilitator, workshop_id=wid, into=t1, merged=[t2])
    ws.move_notes(session, viewer=facilitator, workshop_id=wid, refs=refs[:1], theme_id=None)
    session.commit()
    board = ws.facilitator_board(session, viewer=facilitator, workshop_id=wid)
    assert [(t.title, len(t.notes)) for t in board.themes] == [("Ajankäyttö", 2)]
    assert [n.ref for n in board.ungrouped] == refs[:1]


def test_dot_votes_keep_the_budget_and_stay_hidden_until_voting_ends(session, org, facilitator):
    wid, (a, b, c), _refs, t1, t2 = _grouped(session, facilitator, org)
    _phase(session, facilitator, wid, "vote")
    for _ in range(3):
        ws.cast_vote(session, token=a, viewer=None, theme_id=t1)
    with pytest.raises(ws.WorkshopError) as error:
        ws.cast_vote(session, token=a, viewer=None, theme_id=t2)
    assert error.value.code == "budget_spent"
    ws.remove_vote(session, token=a, viewer=None, theme_id=t1)
    ws.cast_vote(session, token=a, viewer=None, theme_id=t2)
    ws.cast_vote(session, token=b, viewer=None, theme_id=t2)
    session.commit()
    board = ws.facilitator_board(session, viewer=facilitator, workshop_id=wid)
    assert [t.votes for t in board.themes] == [None, None]
    assert board.voters == 2
    assert ws.participant_board(session, token=a, viewer=None).my_votes == {t1: 2, t2: 1}
    _phase(session, facilitator, wid, "decide")
    board = ws.facilitator_board(session, viewer=facilitator, workshop_id=wid)
    assert [(t.id, t.votes) for t in board.themes] == [(t1, 2), (t2, 2)] or [
        (t.id, t.votes) for t in board.themes
    ] == [(t2, 2), (t1, 2)]
    with pytest.raises(ws.WorkshopError):
        ws.cast_vote(session, token=c, viewer=None, theme_id=t1)
    # closing deletes every dot with the participants, but the counts stay for the harvest
    _phase(session, facilitator, wid, "closed")
    board = ws.facilitator_board(session, viewer=facilitator, workshop_id=wid)
    assert sorted(t.votes for t in board.themes) == [2, 2]
    assert session.exec(select(WorkshopVote)).all() == []


def test_decided_actions_follow_the_unit(session, org, facilitator):
    wid, _tokens, _refs, t1, _t2 = _grouped(session, facilitator, org)
    _phase(session, facilitator, wid, "vote")
    _phase(session, facilitator, wid, "decide")
    data = discussions.ActionInput(
        title="Palaverit puoleen",
        means="Kokousvapaa keskiviikko",
        owner="team",
        measure="Kalenterin tunnit",
        time_span="kevät",
        field_key="autonomy",
        category="reduce",
        area="organising",
    )
    aid = ws.create_action(
        session, viewer=facilitator, workshop_id=wid, theme_id=t1, data=data, today=NOW.date()
    )
    session.commit()
    action = session.get(Action, aid)
    assert (action.unit_id, action.person_id, action.theme_id) == (org.team_id, None, t1)
    # the team's supervisor sees it on the team page; a member sees their team's actions
    frame = ws.unit_actions(session, viewer=org.supervisor, unit_id=org.team_id)
    assert frame["title"].tolist() == ["Palaverit puoleen"]
    assert frame["theme"].tolist() == ["Aika"]
    member = add_person(session, org.organisation_id, org.team_id, "j@test.fi")
    assert ws.my_team_actions(session, viewer=member)["id"].tolist() == [aid]
    outsider = add_person(session, org.organisation_id, org.other_team_id, "o@test.fi")
    assert ws.my_team_actions(session, viewer=outsider).empty
    with pytest.raises(AccessDenied):
        ws.unit_actions(session, viewer=outsider, unit_id=org.team_id)
    ws.set_action_status(session, viewer=facilitator, action_id=aid, status="in_progress")
    session.commit()
    assert session.get(Action, aid).status == "in_progress"
    with pytest.raises(discussions.DiscussionError):
        ws.create_action(
            session,
            viewer=facilitator,
            workshop_id=wid,
            theme_id=t1,
            data=discussions.ActionInput(title=""),
            today=NOW.date(),
        )


def test_closing_forgets_every_participant(session, org, facilitator):
    wid, tokens = _running(session, facilitator, org)
    _note(session, tokens[0], "jää talteen")
    _phase(session, facilitator, wid, "closed")
    assert session.exec(select(WorkshopParticipant)).all() == []
    assert session.exec(select(WorkshopNote.participant_id)).all() == [None]
    w = session.get(Workshop, wid)
    assert (w.status, w.join_code) == ("closed", None)
    with pytest.raises(ws.WorkshopError):
        ws.participant_board(session, token=tokens[0], viewer=None)


def test_every_change_bumps_the_version_live_views_poll(session, org, facilitator):
    wid, tokens = _running(session, facilitator, org)
    before = ws.version(session, wid)
    _note(session, tokens[0], "uusi")
    assert ws.version(session, wid) == before + 1
    _phase(session, facilitator, wid, "reveal")
    assert ws.version(session, wid) == before + 2


def test_a_planned_workshop_can_be_changed_or_cancelled(session, org, facilitator):
    wid = _plan(session, facilitator, org)
    w = session.get(Workshop, wid)
    data = ws.WorkshopInput(
        name="Uusi nimi", unit_id=org.team_id, template="errc:autonomy", vote_budget=5
    )
    with pytest.raises(ws.WorkshopError) as error:
        ws.update_plan(session, viewer=facilitator, workshop_id=wid, data=data, version=0)
    assert error.value.code == "changed_meanwhile"
    ws.update_plan(session, viewer=facilitator, workshop_id=wid, data=data, version=w.version)
    session.commit()
    assert session.get(Workshop, wid).questions[0]["category"] == "reduce"
    ws.delete_planned(session, viewer=facilitator, workshop_id=wid)
    session.commit()
    assert session.get(Workshop, wid) is None


def test_a_vote_click_sent_twice_adds_one_dot(session, org, facilitator):
    wid, (a, *_rest), _refs, t1, _t2 = _grouped(session, facilitator, org)
    _phase(session, facilitator, wid, "vote")
    for _ in range(2):  # the same click (drawn with no dots on the theme) arrives twice
        ws.cast_vote(session, token=a, viewer=None, theme_id=t1, seen=0)
    session.commit()
    assert ws.participant_board(session, token=a, viewer=None).my_votes == {t1: 1}
    for _ in range(2):
        ws.remove_vote(session, token=a, viewer=None, theme_id=t1, seen=1)
    session.commit()
    assert ws.participant_board(session, token=a, viewer=None).my_votes == {}
