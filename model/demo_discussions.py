"""Development discussions in the demo: a few day-care team members who share with Eeva Salmi.

The named demo employees share nothing, so that a first visit (and the end-to-end test) starts
from a clean slate; three generated colleagues show a held discussion, actions and an agenda.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from model import timesource
from model.tables import (
    Action,
    ActionUpdate,
    AgendaPoint,
    Assessment,
    AssessmentStatus,
    Discussion,
    DiscussionStatus,
    Person,
    Round,
    ShareGrant,
    Sharing,
)

STORIES = 3

# (fi, en) texts; the first person's story has the held discussion and both actions.
_DONE = (
    "Perehdytetään uusi kollega yhdessä",
    "Induct the new colleague together",
    "Perehdytyssuunnitelma ja kaksi yhteistä vuoroa",
    "An induction plan and two shared shifts",
)
_OPEN = (
    "Kuukausittainen palaveri työnjaosta",
    "A monthly meeting on who does what",
    "Esihenkilö kutsuu koolle, asialista viikkoa ennen",
    "The supervisor convenes it; agenda a week ahead",
)
_COMMENT = ("Kaksi palaveria pidetty, jatketaan.", "Two meetings held, we carry on.")
_AGENDA = (
    "Haluaisin puhua ensi vuoden koulutuksista.",
    "I would like to talk about next year's training.",
)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timesource.at_local(day, hour)


def _submitted(session: Session, person_id: int) -> list[tuple[Assessment, Round]]:
    return list(
        session.exec(
            select(Assessment, Round)
            .join(Round, col(Round.id) == Assessment.round_id)
            .where(
                Assessment.person_id == person_id,
                Assessment.status == AssessmentStatus.submitted,
            )
            .order_by(col(Round.opens_on).desc())
        ).all()
    )


def _share(session: Session, a: Assessment, supervisor_id: int) -> None:
    a.sharing = Sharing.supervisor
    session.add(a)
    live = session.exec(
        select(ShareGrant).where(
            ShareGrant.assessment_id == a.id, col(ShareGrant.revoked_at).is_(None)
        )
    ).first()
    if live is None:
        session.add(
            ShareGrant(assessment_id=a.id, grantee_id=supervisor_id, granted_at=a.submitted_at)
        )


def add_discussions(
    session: Session, *, supervisor: Person, skip: set[str], now: dt.datetime
) -> int:
    """Give up to three of the supervisor's people a discussion history; returns how many."""
    people = session.exec(
        select(Person).where(Person.supervisor_id == supervisor.id).order_by(Person.display_name)
    ).all()
    today = timesource.today(at=now)
    stories = 0
    for person in people:
        if person.email in skip:
            continue
        done = [(a, r) for a, r in _submitted(session, person.id) if r.closes_on < today]
        if len(done) < 2:
            continue
        (latest, _), (previous, previous_round) = done[0], done[1]
        for a in (latest, previous):
            _share(session, a, supervisor.id)
        en = person.language == "en"
        if stories == 0:
            # Held yesterday at the latest, so the whole story lies in the past whatever the hour.
            held_on = min(
                previous_round.closes_on + dt.timedelta(days=5), today - dt.timedelta(days=1)
            )
            held = Discussion(
                person_id=person.id,
                supervisor_id=supervisor.id,
                status=DiscussionStatus.held,
                held_on=held_on,
                assessment_id=previous.id,
                created_at=_at(held_on - dt.timedelta(days=3), 9),
                recorded_at=_at(held_on, 11),
            )
            session.add(held)
            session.flush()
            actions = [
                (_DONE, "employee", "create", "relatedness", "organising", None, "done"),
                (
                    _OPEN,
                    "supervisor",
                    "raise",
                    "autonomy",
                    "information_flows",
                    held_on + dt.timedelta(days=21),
                    "in_progress",
                ),
            ]
            for texts, owner, category, field_key, area, due_on, status in actions:
                action = Action(
                    person_id=person.id,
                    supervisor_id=supervisor.id,
                    discussion_id=held.id,
                    title=texts[1] if en else texts[0],
                    means=texts[3] if en else texts[2],
                    owner=owner,
                    measure="",
                    time_span="",
                    due_on=due_on,
                    status=status,
                    field_key=field_key,
                    category=category,
                    area=area,
                    created_by=supervisor.id,
                    created_at=_at(held_on, 10),
                )
                session.add(action)
                session.flush()
                session.add(
                    ActionUpdate(
                        action_id=action.id,
                        author_id=supervisor.id,
                        status="planned",
                        at=_at(held_on, 10),
                    )
                )
                session.add(
                    ActionUpdate(
                        action_id=action.id,
                        author_id=person.id,
                        status=status,
                        comment=_COMMENT[1] if en else _COMMENT[0],
                        at=min(_at(held_on + dt.timedelta(days=14), 12), now),
                    )
                )
            upcoming = Discussion(
                person_id=person.id,
                supervisor_id=supervisor.id,
                assessment_id=latest.id,
                created_at=_at(today - dt.timedelta(days=2), 8),
            )
            session.add(upcoming)
            session.flush()
            session.add(
                AgendaPoint(
                    discussion_id=upcoming.id,
                    author_id=person.id,
                    text=_AGENDA[1] if en else _AGENDA[0],
                    created_at=_at(today - dt.timedelta(days=2), 8),
                )
            )
        stories += 1
        if stories == STORIES:
            break
    session.flush()
    return stories
