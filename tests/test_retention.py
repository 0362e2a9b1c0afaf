"""Retention (TRUST.md 24): answers past the period are purged, released counts stay."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import func
from sqlmodel import Session, select

from model import cli, db, release, retention, teamview, timesource
from model.tables import (
    Action,
    Assessment,
    AssessmentStatus,
    AuditEvent,
    Discussion,
    Note,
    ObstaclePick,
    Rating,
    Release,
    ReleaseKnown,
    ReleaseText,
    Round,
    RoundScope,
    Setting,
    ShareGrant,
    Sharing,
    Unit,
)
from model.viewer import AccessDenied, Viewer
from tests.factories import add_person, make_org
from tests.test_org_settings import answer, people

CLOSES = dt.date(2024, 8, 31)  # the old round's last day
MONTHS = 12
LAST_KEPT = dt.date(2025, 8, 31)  # CLOSES + 12 months
SECRET_NOTE = "VANHA-q7Zx säilytysajan ylittänyt muistiinpano"


def helsinki(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timesource.at_local(day, hour, minute)


KEPT_MOMENT = helsinki(LAST_KEPT, 23, 59)  # the last minute of the last day kept
GONE_MOMENT = helsinki(LAST_KEPT + dt.timedelta(days=1), 0, 1)  # retention day + 1


@dataclass
class Seeded:
    organisation_id: int
    old_round_id: int
    recent_round_id: int
    unit_id: int
    admin: Viewer
    supervisor_id: int
    shared_id: int  # the answer shared with the supervisor
    discussion_id: int
    action_id: int


def seed(session: Session, *, released: bool = True) -> Seeded:
    """An organisation with an old round (closed 31 August 2024) and a recent one, twelve
    answers in each, notes, an obstacle reason, a shared answer, a draft, a discussion and an
    action that refer to the old answers; retention 12 months."""
    org = make_org(session)
    admin = add_person(session, org.organisation_id, None, "admin@test.fi", roles=("admin",))
    session.add(Setting(organisation_id=org.organisation_id, key="retention_months", value="12"))
    closed = session.get(Round, org.closed_round_id)
    old = Round(
        organisation_id=org.organisation_id,
        name="Vanha",
        opens_on=CLOSES.replace(day=1),
        closes_on=CLOSES,
        framework_id=closed.framework_id,
        modules={"obstacles": True},
    )
    session.add(old)
    session.flush()
    session.add(RoundScope(round_id=old.id, unit_id=org.root_id))
    team_a = people(session, org, org.team_id, 6, "a")
    team_b = people(session, org, org.other_team_id, 6, "b")
    sup = org.supervisor.person_id
    for rid in (old.id, closed.id):
        for i, pid in enumerate(team_a):
            answer(session, rid, pid, org.team_id, note=f"{SECRET_NOTE} {rid} {i}")
        for pid in team_b:
            answer(session, rid, pid, org.other_team_id)
    old_answers = session.exec(select(Assessment).where(Assessment.round_id == old.id)).all()
    shared = old_answers[0]
    shared.sharing = Sharing.supervisor
    session.add(shared)
    session.add(ShareGrant(assessment_id=shared.id, grantee_id=sup))
    session.add(
        ObstaclePick(assessment_id=old_answers[1].id, obstacle_key="silos", rank=1, reason="Siilot")
    )
    session.add(
        Assessment(
            person_id=sup, round_id=old.id, team_id=org.team_id, status=AssessmentStatus.draft
        )
    )
    discussion = Discussion(person_id=shared.person_id, supervisor_id=sup, assessment_id=shared.id)
    session.add(discussion)
    session.flush()
    note_id = session.exec(select(Note.id).where(Note.assessment_id == shared.id)).first()
    action = Action(
        person_id=shared.person_id,
        supervisor_id=sup,
        discussion_id=discussion.id,
        note_id=note_id,
        title="Jatketaan",
    )
    session.add(action)
    session.flush()
    if released:
        release.release_round(session, old, now=helsinki(CLOSES + dt.timedelta(days=1), 3))
    release.release_round(session, closed, now=timesource.now())
    session.commit()
    return Seeded(
        org.organisation_id,
        old.id,
        closed.id,
        session.get(Unit, org.team_id).parent_id,
        admin,
        sup,
        shared.id,
        discussion.id,
        action.id,
    )


def answers_of(session: Session, round_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(Assessment).where(Assessment.round_id == round_id)
    ).one()


def release_data(session: Session, round_id: int) -> dict:
    return session.exec(select(Release.data).where(Release.round_id == round_id)).one()


def unit_cells(session: Session, s: Seeded, round_id: int) -> list[tuple]:
    view = teamview.team_view(
        session,
        viewer=s.admin,
        unit_id=s.unit_id,
        round_id=round_id,
        today=timesource.today(at=GONE_MOMENT),
    )
    return [
        (r.cell, bool(r.shown), None if r.respondents != r.respondents else r.respondents)
        for r in view.cells.itertuples()
    ]


@pytest.mark.parametrize(
    ("day", "months", "kept"),
    [
        (dt.date(2024, 8, 31), 12, dt.date(2025, 8, 31)),
        (dt.date(2024, 8, 31), 6, dt.date(2025, 2, 28)),
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),  # a leap year
        (dt.date(2024, 12, 15), 1, dt.date(2025, 1, 15)),
        (dt.date(2024, 1, 31), 120, dt.date(2034, 1, 31)),
    ],
)
def test_answers_are_kept_through_the_same_day_months_later(day, months, kept):
    assert retention.kept_until(day, months) == kept


def test_a_round_closed_exactly_the_retention_period_ago_is_kept(session):
    s = seed(session)
    plan = retention.due(session, s.organisation_id, now=KEPT_MOMENT)
    assert (plan.months, plan.today, plan.rounds) == (MONTHS, LAST_KEPT, ())
    assert retention.purge(session, s.organisation_id, now=KEPT_MOMENT)["assessments"] == 0
    session.commit()
    assert answers_of(session, s.old_round_id) == 13
    assert not session.exec(select(AuditEvent).where(AuditEvent.event == "retention_purged")).all()


def test_the_day_after_retention_the_answers_are_gone_and_the_counts_stay(session):
    s = seed(session)
    data_before = release_data(session, s.old_round_id)
    stored_before = release.stored_data(session, s.old_round_id)
    cells_before = unit_cells(session, s, s.old_round_id)
    assert cells_before[0][1:] == (True, 12)
    recent_before = answers_of(session, s.recent_round_id)

    plan = retention.due(session, s.organisation_id, now=GONE_MOMENT)
    assert [r.round_id for r in plan.rounds] == [s.old_round_id]
    assert plan.oldest == CLOSES
    expected = {
        "rounds": 1,
        "assessments": 13,  # twelve answers and a draft
        "ratings": 48,
        "notes": 6,
        "obstacle_picks": 1,
        "share_grants": 1,
        "pooled_texts": 7,  # six notes and the obstacle reason
    }
    assert plan.counts == expected
    assert retention.purge(session, s.organisation_id, now=GONE_MOMENT, actor_id=None) == expected
    session.commit()

    assert answers_of(session, s.old_round_id) == 0
    for table in (Rating, Note, ObstaclePick, ShareGrant):
        left = session.exec(
            select(func.count())
            .select_from(table)
            .join(Assessment, Assessment.id == table.assessment_id)
            .where(Assessment.round_id == s.old_round_id)
        ).one()
        assert left == 0, table.__name__
    old_release = session.exec(select(Release.id).where(Release.round_id == s.old_round_id)).one()
    assert not session.exec(select(ReleaseText).where(ReleaseText.release_id == old_release)).all()
    # Released counts: byte for byte the same, and the team view still shows them.
    assert release_data(session, s.old_round_id) == data_before
    assert release.stored_data(session, s.old_round_id) == stored_before
    assert unit_cells(session, s, s.old_round_id) == cells_before
    # The recent round is untouched.
    assert answers_of(session, s.recent_round_id) == recent_before == 12
    # Whoever had seen an answer keeps it subtracted: the author and the supervisor it was
    # shared with (as for erasure).
    known = session.exec(
        select(ReleaseKnown.viewer_id).where(ReleaseKnown.release_id == old_release)
    )
    assert s.supervisor_id in set(known.all())
    # The discussion and the action stay; their links to the answer and note become empty.
    assert session.get(Discussion, s.discussion_id).assessment_id is None
    assert session.get(Action, s.action_id).note_id is None
    [event] = session.exec(select(AuditEvent).where(AuditEvent.event == "retention_purged")).all()
    assert event.actor_id is None
    assert (
        event.detail
        == {
            "organisation_id": s.organisation_id,
            "months": MONTHS,
            "round_ids": [s.old_round_id],
        }
        | expected
    )
    # Once purged, nothing is due any more.
    assert retention.due(session, s.organisation_id, now=GONE_MOMENT).empty


def test_a_large_round_is_removed_in_chunks_with_the_same_result(session, monkeypatch):
    s = seed(session)
    monkeypatch.setattr(retention, "CHUNK", 5)
    data = release_data(session, s.old_round_id)
    removed = retention.purge(session, s.organisation_id, now=GONE_MOMENT)
    session.commit()
    assert (removed["assessments"], answers_of(session, s.old_round_id)) == (13, 0)
    assert release_data(session, s.old_round_id) == data


def test_the_organisations_time_zone_decides_the_day(session):
    """21:30 UTC on the last day kept is already the next day in Helsinki."""
    s = seed(session)
    late_utc = dt.datetime.combine(LAST_KEPT, dt.time(21, 30), tzinfo=dt.UTC)
    assert not retention.due(session, s.organisation_id, now=late_utc).empty
    london = late_utc.replace(hour=20)  # 23:00 in Helsinki: still the last day kept
    assert retention.due(session, s.organisation_id, now=london).empty


def test_an_unreleased_round_is_released_before_its_answers_go(session):
    s = seed(session, released=False)
    computed = release.compute(session, s.organisation_id, [s.old_round_id])[s.old_round_id]
    [item] = retention.due(session, s.organisation_id, now=GONE_MOMENT).rounds
    assert not item.released
    retention.purge(session, s.organisation_id, now=GONE_MOMENT)
    session.commit()
    assert answers_of(session, s.old_round_id) == 0
    assert release_data(session, s.old_round_id) == computed
    assert unit_cells(session, s, s.old_round_id)[0][1:] == (True, 12)


def test_admins_purge_only_the_rounds_they_were_shown_and_others_may_not(session):
    s = seed(session)
    employee = add_person(session, s.organisation_id, None, "tyontekija@test.fi")
    with pytest.raises(AccessDenied):
        retention.due_for(session, viewer=employee, now=GONE_MOMENT)
    with pytest.raises(AccessDenied):
        retention.purge_for(session, viewer=employee, now=GONE_MOMENT, round_ids=[s.old_round_id])
    plan = retention.due_for(session, viewer=s.admin, now=GONE_MOMENT)
    assert (
        retention.purge_for(session, viewer=s.admin, now=GONE_MOMENT, round_ids=[])["rounds"] == 0
    )
    assert answers_of(session, s.old_round_id) == 13
    removed = retention.purge_for(
        session, viewer=s.admin, now=GONE_MOMENT, round_ids=[r.round_id for r in plan.rounds]
    )
    session.commit()
    assert removed == plan.counts
    [event] = session.exec(select(AuditEvent).where(AuditEvent.event == "retention_purged")).all()
    assert event.actor_id == s.admin.person_id


# --- the command line ----------------------------------------------------------------------------


def test_the_command_line_counts_on_a_dry_run_and_purges_otherwise(
    file_db_url, monkeypatch, capsys
):
    engine = db.make_engine(file_db_url)
    with db.write_session(engine) as session:
        s = seed(session)
    monkeypatch.setenv("DATABASE_URL", file_db_url)
    with time_machine.travel(KEPT_MOMENT, tick=False):
        assert retention.run_cli(file_db_url, dry_run=True) == 0
    assert "nothing past the 12-month period" in capsys.readouterr().out

    with time_machine.travel(GONE_MOMENT, tick=False):
        with pytest.raises(SystemExit) as done:
            cli.main(["purge", "--dry-run"])
        assert done.value.code == 0
        out = capsys.readouterr().out
        assert f"organisation {s.organisation_id}: would remove rounds 1, assessments 13" in out
        assert "the oldest round closed 2024-08-31" in out
        with db.read_session(engine) as session:
            assert answers_of(session, s.old_round_id) == 13  # a dry run removes nothing

        with pytest.raises(SystemExit) as done:
            cli.main(["purge"])
        assert done.value.code == 0
        assert "removed rounds 1, assessments 13, ratings 48" in capsys.readouterr().out
        with db.read_session(engine) as session:
            assert answers_of(session, s.old_round_id) == 0
            assert answers_of(session, s.recent_round_id) == 12
    if file_db_url.startswith("sqlite"):
        # The texts left the file too: no page and no -wal frame still holds them (TRUST 30),
        # while the app (this engine's open connection) keeps the log from being removed.
        path = Path(file_db_url.removeprefix("sqlite:///"))
        files = [path, path.with_name(path.name + "-wal")]
        found = [p.name for p in files if p.exists() and SECRET_NOTE.encode() in p.read_bytes()]
        # The recent round's notes (same prefix, other round id) legitimately stay.
        old = f"{SECRET_NOTE} {s.old_round_id} ".encode()
        assert not [p.name for p in files if p.exists() and old in p.read_bytes()]
        assert found, "the recent round's notes must stay in the file"
    engine.dispose()
