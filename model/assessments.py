"""An employee's own assessments: open rounds, saving drafts, submitting, sharing, privacy notice.

Every function takes the viewer and only ever touches the viewer's own answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, delete, select

from model import audit, release, timesource
from model.framework import Framework, parse_framework
from model.tables import (
    Assessment,
    AssessmentStatus,
    FrameworkVersion,
    Light,
    Note,
    Person,
    Rating,
    Role,
    Round,
    RoundScope,
    ShareGrant,
    Sharing,
    Unit,
)
from model.text import Paragraph
from model.viewer import AccessDenied, Viewer

NOTE_MAX = 1000
REASON_MAX = 2000
NOTES_PER_ASSESSMENT_MAX = 40


class AssessmentError(ValueError):
    """A problem the person can fix; ``code`` and ``params`` pick the translated message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class NoteInput(BaseModel):
    # A validation error never carries the typed text into a log or a message (TRUST 25).
    model_config = ConfigDict(hide_input_in_errors=True)

    category: str
    level: str
    text: Paragraph
    field_key: str | None = None
    can_influence: bool | None = None


class AssessmentInput(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    ratings: dict[str, Light] = {}
    reasons: dict[str, Paragraph] = {}
    notes: list[NoteInput] = []
    sharing: Sharing = Sharing.anonymous
    notes_in_pool: bool = True


def check_note(note: NoteInput, framework: Framework, fields: list[str]) -> None:
    """Raise ``AssessmentError`` when a note cannot be stored as it is."""
    if not note.text:
        raise AssessmentError("note_empty")
    if len(note.text) > NOTE_MAX:
        raise AssessmentError("note_too_long", limit=NOTE_MAX, length=len(note.text))
    if note.category not in {c.key for c in framework.errc.categories}:
        raise AssessmentError("unknown_category")
    if note.level not in {lv.key for lv in framework.errc.levels}:
        raise AssessmentError("unknown_level")
    if note.field_key is not None and note.field_key not in fields:
        raise AssessmentError("unknown_field")


def validate_input(
    data: AssessmentInput, framework: Framework, fields: list[str], *, submit: bool
) -> None:
    """Raise ``AssessmentError`` for the first problem; a draft may leave fields unrated."""
    unknown = set(data.ratings) | {k for k, v in data.reasons.items() if v}
    if unknown - set(fields):
        raise AssessmentError("unknown_field")
    for key, reason in data.reasons.items():
        if len(reason) > REASON_MAX:
            raise AssessmentError("reason_too_long", field=key, limit=REASON_MAX)
    if len(data.notes) > NOTES_PER_ASSESSMENT_MAX:
        raise AssessmentError("too_many_notes", limit=NOTES_PER_ASSESSMENT_MAX)
    for note in data.notes:
        check_note(note, framework, fields)
    if submit:
        if not data.ratings:
            raise AssessmentError("no_rating")
        missing = [k for k in fields if k not in data.ratings]
        if missing:
            raise AssessmentError("missing_ratings", fields=missing)
    # A reason is stored with its light: without one it would vanish silently on saving.
    orphans = [k for k in fields if data.reasons.get(k) and k not in data.ratings]
    if orphans:
        raise AssessmentError("reason_without_light", fields=orphans)


# --- Rounds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundInfo:
    id: int
    name: str
    opens_on: dt.date
    closes_on: dt.date
    is_open: bool
    modules: dict = field(default_factory=dict)
    status: str | None = None  # my assessment: None, "draft" or "submitted"


def unit_and_ancestors(session: Session, unit_id: int | None) -> list[int]:
    ids: list[int] = []
    while unit_id is not None and unit_id not in ids:
        ids.append(unit_id)
        unit = session.get(Unit, unit_id)
        unit_id = unit.parent_id if unit else None
    return ids


def round_is_open(rnd: Round, today: dt.date) -> bool:
    return rnd.opens_on <= today <= rnd.closes_on


def rounds_for(session: Session, *, viewer: Viewer, today: dt.date) -> list[RoundInfo]:
    """Rounds the viewer is invited to: open ones first (closing soonest), then past ones."""
    viewer.require(Role.employee)
    scope_units = unit_and_ancestors(session, viewer.team_id)
    if not scope_units:
        return []
    invited = select(RoundScope.round_id).where(col(RoundScope.unit_id).in_(scope_units))
    rounds = session.exec(
        select(Round)
        .where(Round.organisation_id == viewer.organisation_id)
        .where(col(Round.id).in_(invited))
        .where(Round.opens_on <= today)
    ).all()
    mine = dict(
        session.exec(
            select(Assessment.round_id, Assessment.status).where(
                Assessment.person_id == viewer.person_id
            )
        ).all()
    )
    infos = [
        RoundInfo(
            id=r.id,
            name=r.name,
            opens_on=r.opens_on,
            closes_on=r.closes_on,
            is_open=round_is_open(r, today),
            modules=dict(r.modules or {}),
            status=mine.get(r.id),
        )
        for r in rounds
    ]
    open_ = sorted((i for i in infos if i.is_open), key=lambda i: i.closes_on)
    past = sorted((i for i in infos if not i.is_open), key=lambda i: i.closes_on, reverse=True)
    return open_ + past


def round_framework(session: Session, round_id: int) -> Framework:
    rnd = session.get(Round, round_id)
    if rnd is None:
        raise AssessmentError("round_missing")
    version = session.get(FrameworkVersion, rnd.framework_id)
    return parse_framework(version.data)


def _invited_round(session: Session, viewer: Viewer, round_id: int) -> Round:
    rnd = session.get(Round, round_id)
    if rnd is None or rnd.organisation_id != viewer.organisation_id:
        raise AccessDenied("round not found")
    scoped = session.exec(
        select(RoundScope.unit_id).where(
            RoundScope.round_id == round_id,
            col(RoundScope.unit_id).in_(unit_and_ancestors(session, viewer.team_id)),
        )
    ).first()
    if scoped is None:
        raise AccessDenied("not invited to this round")
    return rnd


# --- Privacy notice -------------------------------------------------------------------------


def needs_privacy_ack(session: Session, *, viewer: Viewer) -> bool:
    person = session.get(Person, viewer.person_id)
    return person is None or person.privacy_ack_at is None


def acknowledge_privacy(session: Session, *, viewer: Viewer) -> None:
    person = session.get(Person, viewer.person_id)
    if person.privacy_ack_at is None:
        person.privacy_ack_at = timesource.now()
        session.add(person)


# --- My assessment --------------------------------------------------------------------------


@dataclass
class MyAssessment:
    round_id: int
    status: str
    sharing: str
    notes_in_pool: bool
    ratings: dict[str, str]
    reasons: dict[str, str]
    notes: list[dict]
    updated_at: dt.datetime | None
    version: int = 0  # what a save from this form is based on (0: nothing saved yet)


def get_my_assessment(session: Session, *, viewer: Viewer, round_id: int) -> MyAssessment | None:
    viewer.require(Role.employee)
    a = session.exec(
        select(Assessment).where(
            Assessment.person_id == viewer.person_id, Assessment.round_id == round_id
        )
    ).first()
    if a is None:
        return None
    ratings = session.exec(select(Rating).where(Rating.assessment_id == a.id)).all()
    notes = session.exec(
        select(Note).where(Note.assessment_id == a.id).order_by(Note.position)
    ).all()
    return MyAssessment(
        round_id=round_id,
        status=a.status,
        sharing=a.sharing,
        notes_in_pool=a.notes_in_pool,
        ratings={r.field_key: r.light for r in ratings},
        reasons={r.field_key: r.reason for r in ratings if r.reason},
        notes=[
            {
                "category": n.category,
                "level": n.level,
                "field_key": n.field_key,
                "text": n.text,
                "can_influence": n.can_influence,
            }
            for n in notes
        ],
        updated_at=a.updated_at,
        version=a.version,
    )


def save_assessment(
    session: Session,
    *,
    viewer: Viewer,
    round_id: int,
    data: AssessmentInput,
    submit: bool,
    today: dt.date,
    version: int | None = None,
) -> int:
    """Create or update the viewer's assessment for a round; returns its id.

    ``version`` is the version the form was loaded from (0: nothing was saved yet); a save based
    on another one is refused (``changed_elsewhere``), never merged: a second tab would
    otherwise overwrite the first one's notes (TRUST 28). None skips the check (demo, imports).
    Reads then writes, so on SQLite call it inside ``db.write_session`` (BEGIN IMMEDIATE).
    """
    viewer.require(Role.employee)
    rnd = _invited_round(session, viewer, round_id)
    if not round_is_open(rnd, today):
        raise AssessmentError("round_closed")
    if needs_privacy_ack(session, viewer=viewer):
        raise AssessmentError("privacy_not_acknowledged")
    framework = round_framework(session, round_id)
    fields = [f.key for f in framework.fields_for(rnd.modules)]
    validate_input(data, framework, fields, submit=submit)

    now = timesource.now()
    a = session.exec(
        select(Assessment)
        .where(Assessment.person_id == viewer.person_id, Assessment.round_id == round_id)
        .with_for_update()  # PostgreSQL: two saves of one draft check the version one at a time
    ).first()
    if version is not None and version != (a.version if a else 0):
        raise AssessmentError("changed_elsewhere")
    if a is None:
        a = Assessment(person_id=viewer.person_id, round_id=round_id, created_at=now, version=0)
    elif a.status == AssessmentStatus.submitted and not submit:
        # Saving a draft of a submitted answer keeps it submitted: nothing disappears from views.
        submit = True
        validate_input(data, framework, fields, submit=True)
    a.version += 1
    a.team_id = viewer.team_id
    a.sharing = data.sharing
    a.notes_in_pool = data.notes_in_pool
    a.updated_at = now
    if submit:
        a.status = AssessmentStatus.submitted
        a.submitted_at = a.submitted_at or now
    session.add(a)
    session.flush()

    session.exec(delete(Rating).where(col(Rating.assessment_id) == a.id))
    session.exec(delete(Note).where(col(Note.assessment_id) == a.id))
    for key, light in data.ratings.items():
        reason = data.reasons.get(key, "")
        session.add(Rating(assessment_id=a.id, field_key=key, light=light, reason=reason))
    for position, n in enumerate(data.notes):
        session.add(
            Note(
                assessment_id=a.id,
                position=position,
                category=n.category,
                level=n.level,
                field_key=n.field_key,
                text=n.text,
                can_influence=n.can_influence,
            )
        )
    a.profile = release.profile_of(data.ratings, [f.key for f in framework.fields_for({})])
    session.add(a)
    _apply_sharing(session, viewer=viewer, assessment=a)
    return a.id


def _apply_sharing(session: Session, *, viewer: Viewer, assessment: Assessment) -> None:
    """Keep the share grant in line with the choice: one live grant to my supervisor, or none."""
    live = session.exec(
        select(ShareGrant).where(
            ShareGrant.assessment_id == assessment.id, col(ShareGrant.revoked_at).is_(None)
        )
    ).all()
    supervisor_id = session.get(Person, viewer.person_id).supervisor_id
    wanted = (
        supervisor_id
        if assessment.sharing == Sharing.supervisor
        and assessment.status == AssessmentStatus.submitted
        else None
    )
    for grant in live:
        if grant.grantee_id != wanted:
            grant.revoked_at = timesource.now()
            session.add(grant)
            audit.record(
                session,
                event="share_revoked",
                actor_id=viewer.person_id,
                subject_id=viewer.person_id,
                detail={"assessment_id": assessment.id, "grantee_id": grant.grantee_id},
            )
    if wanted is not None and all(g.grantee_id != wanted for g in live):
        session.add(ShareGrant(assessment_id=assessment.id, grantee_id=wanted))
        audit.record(
            session,
            event="share_granted",
            actor_id=viewer.person_id,
            subject_id=viewer.person_id,
            detail={"assessment_id": assessment.id, "grantee_id": wanted},
        )
