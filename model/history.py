"""My history and my data: lights over time, notes, changes, full download and erasure (E5, E6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlmodel import Session, col, delete, select

from model import audit, db, release, timesource
from model.tables import (
    LIGHT_SCORE,
    Action,
    ActionUpdate,
    AgendaPoint,
    Assessment,
    AssessmentStatus,
    AuditEvent,
    Discussion,
    Note,
    ObstaclePick,
    Person,
    Rating,
    Role,
    RoleGrant,
    Round,
    ShareGrant,
    SignInSession,
)
from model.viewer import Viewer

RATING_COLUMNS = ["round_id", "round", "date", "field_key", "light", "reason"]
NOTE_COLUMNS = [
    "round_id",
    "round",
    "date",
    "category",
    "level",
    "field_key",
    "text",
    "can_influence",
]


def _my_submitted(session: Session, viewer: Viewer) -> list[tuple[Assessment, Round]]:
    viewer.require(Role.employee)
    return list(
        session.exec(
            select(Assessment, Round)
            .join(Round, col(Round.id) == Assessment.round_id)
            .where(
                Assessment.person_id == viewer.person_id,
                Assessment.status == AssessmentStatus.submitted,
            )
            .order_by(Round.opens_on)
        ).all()
    )


def my_ratings(session: Session, *, viewer: Viewer) -> pd.DataFrame:
    """One row per submitted rating of mine, oldest round first."""
    rows = []
    for a, rnd in _my_submitted(session, viewer):
        for r in session.exec(select(Rating).where(Rating.assessment_id == a.id)).all():
            rows.append(
                {
                    "round_id": rnd.id,
                    "round": rnd.name,
                    "date": pd.Timestamp(rnd.opens_on),
                    "field_key": r.field_key,
                    "light": r.light,
                    "reason": r.reason,
                }
            )
    return pd.DataFrame(rows, columns=RATING_COLUMNS)


def my_notes(session: Session, *, viewer: Viewer) -> pd.DataFrame:
    """My ERRC notes from submitted assessments, newest round first."""
    rows = []
    for a, rnd in reversed(_my_submitted(session, viewer)):
        notes = session.exec(
            select(Note).where(Note.assessment_id == a.id).order_by(Note.position)
        ).all()
        rows.extend(
            {
                "round_id": rnd.id,
                "round": rnd.name,
                "date": pd.Timestamp(rnd.opens_on),
                "category": n.category,
                "level": n.level,
                "field_key": n.field_key,
                "text": n.text,
                "can_influence": n.can_influence,
            }
            for n in notes
        )
    return pd.DataFrame(rows, columns=NOTE_COLUMNS)


def changes_since_previous(ratings: pd.DataFrame) -> pd.DataFrame:
    """Per field: my light in the latest and the previous round, and the direction (-1, 0, 1)."""
    columns = ["field_key", "previous", "latest", "direction"]
    rounds = ratings.drop_duplicates("round_id").sort_values("date")["round_id"].tolist()
    if len(rounds) < 2:
        return pd.DataFrame(columns=columns)
    latest = ratings[ratings["round_id"] == rounds[-1]].set_index("field_key")["light"]
    previous = ratings[ratings["round_id"] == rounds[-2]].set_index("field_key")["light"]
    rows = []
    for key, light in latest.items():
        before = previous.get(key)
        direction = (
            None
            if before is None
            else (LIGHT_SCORE[light] > LIGHT_SCORE[before])
            - (LIGHT_SCORE[light] < LIGHT_SCORE[before])
        )
        rows.append({"field_key": key, "previous": before, "latest": light, "direction": direction})
    return pd.DataFrame(rows, columns=columns)


def my_data(session: Session, *, viewer: Viewer) -> dict[str, Any]:
    """Everything stored about the viewer, for download (TRUST.md rule 23)."""
    person = session.get(Person, viewer.person_id)

    def stamp(moment: dt.datetime | None) -> str | None:
        # Every time as the person's organisation tells it, with its offset (…T09:30:00+02:00).
        return timesource.iso_local(moment, viewer.time_zone)

    assessments = []
    for a in session.exec(select(Assessment).where(Assessment.person_id == viewer.person_id)):
        rnd = session.get(Round, a.round_id)
        assessments.append(
            {
                "round": rnd.name,
                "round_opens_on": rnd.opens_on.isoformat(),
                "status": a.status,
                "sharing": a.sharing,
                "notes_in_pool": a.notes_in_pool,
                "created_at": stamp(a.created_at),
                "updated_at": stamp(a.updated_at),
                "ratings": [
                    {"field": r.field_key, "light": r.light, "reason": r.reason}
                    for r in session.exec(select(Rating).where(Rating.assessment_id == a.id))
                ],
                "notes": [
                    {
                        "category": n.category,
                        "level": n.level,
                        "field": n.field_key,
                        "text": n.text,
                        "can_influence": n.can_influence,
                    }
                    for n in session.exec(select(Note).where(Note.assessment_id == a.id))
                ],
                "share_grants": [
                    {
                        "grantee_id": g.grantee_id,
                        "granted_at": stamp(g.granted_at),
                        "revoked_at": stamp(g.revoked_at),
                    }
                    for g in session.exec(
                        select(ShareGrant).where(ShareGrant.assessment_id == a.id)
                    )
                ],
            }
        )
    events = session.exec(
        select(AuditEvent).where(
            (AuditEvent.subject_id == viewer.person_id) | (AuditEvent.actor_id == viewer.person_id)
        )
    ).all()
    roles = session.exec(select(RoleGrant).where(RoleGrant.person_id == viewer.person_id)).all()
    discussions = session.exec(
        select(Discussion).where(Discussion.person_id == viewer.person_id)
    ).all()
    actions = session.exec(select(Action).where(Action.person_id == viewer.person_id)).all()
    return {
        "person": {
            "email": person.email,
            "display_name": person.display_name,
            "language": person.language,
            "team_id": person.team_id,
            "supervisor_id": person.supervisor_id,
            "privacy_acknowledged_at": (stamp(person.privacy_ack_at)),
            "created_at": stamp(person.created_at),
            "time_zone": viewer.time_zone,
            "roles": sorted({r.role for r in roles}),
        },
        "assessments": assessments,
        "discussions": [
            {
                "id": d.id,
                "supervisor_id": d.supervisor_id,
                "status": d.status,
                "held_on": d.held_on.isoformat() if d.held_on else None,
                "recorded_at": stamp(d.recorded_at),
                "agenda": [
                    {"author_id": p.author_id, "text": p.text, "at": stamp(p.created_at)}
                    for p in session.exec(
                        select(AgendaPoint).where(AgendaPoint.discussion_id == d.id)
                    )
                ],
            }
            for d in discussions
        ],
        "actions": [
            {
                "discussion_id": a.discussion_id,
                "title": a.title,
                "means": a.means,
                "owner": a.owner,
                "measure": a.measure,
                "time_span": a.time_span,
                "due_on": a.due_on.isoformat() if a.due_on else None,
                "status": a.status,
                "field": a.field_key,
                "category": a.category,
                "area": a.area,
                "history": [
                    {
                        "at": stamp(u.at),
                        "author_id": u.author_id,
                        "status": u.status,
                        "comment": u.comment,
                    }
                    for u in session.exec(
                        select(ActionUpdate).where(ActionUpdate.action_id == a.id)
                    )
                ],
            }
            for a in actions
        ],
        "audit_events": [
            {
                "at": stamp(e.at),
                "actor_id": e.actor_id,
                "subject_id": e.subject_id,
                "event": e.event,
                "detail": e.detail,
            }
            for e in events
        ],
        # Sign-ins: when and how, never the cookie (only its hash is stored, and not shown).
        "sign_ins": [
            {
                "method": row.method,
                "created_at": stamp(row.created_at),
                "last_seen_at": stamp(row.last_seen_at),
                "expires_at": stamp(row.expires_at),
                "revoked_at": stamp(row.revoked_at),
            }
            for row in session.exec(
                select(SignInSession)
                .where(SignInSession.person_id == viewer.person_id)
                .order_by(SignInSession.created_at)
            )
        ],
    }


def erase_my_data(session: Session, *, viewer: Viewer) -> int:
    """Delete every answer of the viewer and their discussions and actions; returns a count.

    The account stays so that the person can keep using the app; the audit log keeps an id-only
    record that an erasure happened. The texts leave the database file too (TRUST 30): SQLite
    zeroes what is deleted (``secure_delete``) and, once the caller commits, the write-ahead log
    that still holds the old pages is checkpointed and emptied (``db.checkpoint_after_commit``).
    """
    viewer.require(Role.employee)
    ids = session.exec(select(Assessment.id).where(Assessment.person_id == viewer.person_id)).all()
    if ids:
        # Released counts stay; released texts go; whoever had seen these answers keeps them
        # subtracted (model.release.forget_answers).
        release.forget_answers(session, ids)
        for table in (Rating, Note, ShareGrant, ObstaclePick):
            session.exec(delete(table).where(col(table.assessment_id).in_(ids)))
        session.exec(delete(Assessment).where(col(Assessment.id).in_(ids)))
    action_ids = session.exec(select(Action.id).where(Action.person_id == viewer.person_id)).all()
    if action_ids:
        session.exec(delete(ActionUpdate).where(col(ActionUpdate.action_id).in_(action_ids)))
        session.exec(delete(Action).where(col(Action.id).in_(action_ids)))
    discussion_ids = session.exec(
        select(Discussion.id).where(Discussion.person_id == viewer.person_id)
    ).all()
    if discussion_ids:
        session.exec(delete(AgendaPoint).where(col(AgendaPoint.discussion_id).in_(discussion_ids)))
        session.exec(delete(Discussion).where(col(Discussion.id).in_(discussion_ids)))
    audit.record(
        session,
        event="data_erased",
        actor_id=viewer.person_id,
        subject_id=viewer.person_id,
        detail={"assessments": len(ids)},
    )
    db.checkpoint_after_commit(session)
    return len(ids)
