"""Development discussions: sharing with one's supervisor, preparation, actions, follow-up.

PRODUCT.md E4, E5, S2-S4 and P4; TRUST.md rules 6-8. The access rules are checked here, on every
call, whatever page asks:

- an employee reaches only their own assessments, agenda points, actions and discussions;
- a supervisor reaches a person only while that person reports to them (``Person.supervisor_id``)
  *and* has at least one live share grant to them; assessment content only through such a grant;
- every view of shared assessments, every export and every change by someone other than the
  person is written to the audit log, which the person reads on their own page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from model import audit, timesource
from model import text as typed
from model.assessments import round_framework
from model.framework import Framework, default_framework
from model.tables import (
    LIGHT_SCORE,
    OPEN_ACTION_STATUSES,
    Action,
    ActionOwner,
    ActionStatus,
    ActionUpdate,
    AgendaPoint,
    Assessment,
    AssessmentStatus,
    AuditEvent,
    Discussion,
    DiscussionStatus,
    Note,
    Person,
    Rating,
    Role,
    Round,
    ShareGrant,
    Sharing,
)
from model.text import Line, Paragraph
from model.viewer import AccessDenied, Viewer

# Rerunning a page re-reads the data; one look within this window is one row in the audit log.
VIEW_LOG_WINDOW = dt.timedelta(minutes=10)
AGENDA_MAX = 1000
COMMENT_MAX = 2000
TITLE_MAX = 300
MEANS_MAX = 2000
MEASURE_MAX = 1000
TIME_SPAN_MAX = 200
# Events about a person's individual data that someone else caused; shown to the person.
OTHERS_EVENTS = (
    "assessment_viewed",
    "discussion_exported",
    "action_created",
    "action_updated",
    "discussion_recorded",
    "agenda_added",
)


class DiscussionError(ValueError):
    """A problem the person can fix; ``code`` and ``params`` pick the translated message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _record_for_person(
    session: Session, viewer: Viewer, person_id: int, event: str, detail: dict
) -> None:
    """Log what the viewer did to someone else's discussion data; one's own changes are not."""
    if person_id != viewer.person_id:
        audit.record(
            session, event=event, actor_id=viewer.person_id, subject_id=person_id, detail=detail
        )


# --- Sharing (the employee) -----------------------------------------------------------------


def grant_is_live(grant: ShareGrant, today: dt.date) -> bool:
    return grant.revoked_at is None and (grant.expires_on is None or grant.expires_on >= today)


@dataclass
class ShareState:
    """One of my submitted assessments and whether my supervisor can open it now."""

    assessment_id: int
    round_id: int
    round_name: str
    opens_on: dt.date
    sharing: str
    live: bool
    grantee_name: str | None = None
    granted_at: dt.datetime | None = None
    expires_on: dt.date | None = None
    ended_on: dt.date | None = None  # a grant that ran out by its end date


def _own_submitted(session: Session, viewer: Viewer, assessment_id: int) -> Assessment:
    viewer.require(Role.employee)
    a = session.get(Assessment, assessment_id)
    if a is None or a.person_id != viewer.person_id:
        raise AccessDenied("not your assessment")
    if a.status != AssessmentStatus.submitted:
        raise DiscussionError("not_submitted")
    return a


def _grants(session: Session, assessment_id: int) -> list[ShareGrant]:
    return list(
        session.exec(
            select(ShareGrant)
            .where(ShareGrant.assessment_id == assessment_id)
            .order_by(col(ShareGrant.granted_at).desc())
        ).all()
    )


def my_shares(session: Session, *, viewer: Viewer, today: dt.date) -> list[ShareState]:
    """Every submitted assessment of mine, newest round first, with its sharing state."""
    viewer.require(Role.employee)
    rows = session.exec(
        select(Assessment, Round)
        .join(Round, col(Round.id) == Assessment.round_id)
        .where(
            Assessment.person_id == viewer.person_id,
            Assessment.status == AssessmentStatus.submitted,
        )
        .order_by(col(Round.opens_on).desc())
    ).all()
    states = []
    for a, rnd in rows:
        state = ShareState(a.id, rnd.id, rnd.name, rnd.opens_on, a.sharing, live=False)
        for g in _grants(session, a.id):
            if g.revoked_at is not None:
                continue
            grantee = session.get(Person, g.grantee_id)
            state.grantee_name = grantee.display_name if grantee else None
            state.granted_at = g.granted_at
            state.expires_on = g.expires_on
            state.live = grant_is_live(g, today)
            if not state.live:
                state.ended_on = g.expires_on
            break
        states.append(state)
    return states


def _revoke_live(session: Session, viewer: Viewer, a: Assessment) -> None:
    for g in _grants(session, a.id):
        if g.revoked_at is None:
            g.revoked_at = timesource.now()
            session.add(g)
            audit.record(
                session,
                event="share_revoked",
                actor_id=viewer.person_id,
                subject_id=viewer.person_id,
                detail={"assessment_id": a.id, "grantee_id": g.grantee_id},
            )


def share_with_supervisor(
    session: Session,
    *,
    viewer: Viewer,
    assessment_id: int,
    expires_on: dt.date | None,
    today: dt.date,
) -> None:
    """Give my current supervisor a revocable grant to one assessment, optionally until a date.

    Sharing again replaces the earlier grant (a new end date, or none).
    """
    a = _own_submitted(session, viewer, assessment_id)
    supervisor_id = session.get(Person, viewer.person_id).supervisor_id
    if supervisor_id is None:
        raise DiscussionError("no_supervisor")
    if expires_on is not None and expires_on < today:
        raise DiscussionError("end_in_past")
    _revoke_live(session, viewer, a)
    session.add(ShareGrant(assessment_id=a.id, grantee_id=supervisor_id, expires_on=expires_on))
    a.sharing = Sharing.supervisor
    session.add(a)
    audit.record(
        session,
        event="share_granted",
        actor_id=viewer.person_id,
        subject_id=viewer.person_id,
        detail={
            "assessment_id": a.id,
            "grantee_id": supervisor_id,
            "expires_on": expires_on.isoformat() if expires_on else None,
        },
    )


def withdraw_share(
    session: Session, *, viewer: Viewer, assessment_id: int, keep: Sharing = Sharing.anonymous
) -> None:
    """End every grant to the assessment; it stays counted anonymously, or becomes private."""
    if keep == Sharing.supervisor:
        raise DiscussionError("bad_sharing")
    a = _own_submitted(session, viewer, assessment_id)
    _revoke_live(session, viewer, a)
    a.sharing = keep
    session.add(a)


@dataclass
class LogEntry:
    at: dt.datetime
    actor_name: str
    event: str
    round_name: str | None


def others_on_my_data(session: Session, *, viewer: Viewer) -> list[LogEntry]:
    """Who else opened, exported or changed my discussion data, and when (newest first)."""
    events = session.exec(
        select(AuditEvent)
        .where(
            AuditEvent.subject_id == viewer.person_id,
            col(AuditEvent.event).in_(OTHERS_EVENTS),
            col(AuditEvent.actor_id).is_not(None),
            AuditEvent.actor_id != viewer.person_id,
        )
        .order_by(col(AuditEvent.at).desc())
    ).all()
    entries = []
    for e in events:
        actor = session.get(Person, e.actor_id)
        round_name = None
        assessment = (
            session.get(Assessment, e.detail["assessment_id"])
            if e.detail.get("assessment_id")
            else None
        )
        if assessment is not None:
            round_name = session.get(Round, assessment.round_id).name
        entries.append(LogEntry(e.at, actor.display_name if actor else "?", e.event, round_name))
    return entries


# --- Reading shared assessments -------------------------------------------------------------


@dataclass
class NoteView:
    id: int
    category: str
    level: str
    field_key: str | None
    text: str
    can_influence: bool | None


@dataclass
class SharedAssessment:
    assessment_id: int
    round_id: int
    round_name: str
    opens_on: dt.date
    framework: Framework
    lights: dict[str, str]
    reasons: dict[str, str]
    notes: list[NoteView]


def _load_assessment(session: Session, a: Assessment, rnd: Round) -> SharedAssessment:
    ratings = session.exec(select(Rating).where(Rating.assessment_id == a.id)).all()
    notes = session.exec(
        select(Note).where(Note.assessment_id == a.id).order_by(Note.position)
    ).all()
    framework = round_framework(session, rnd.id)
    order = {f.key: i for i, f in enumerate(framework.all_fields())}
    ratings = sorted(ratings, key=lambda r: order.get(r.field_key, len(order)))
    return SharedAssessment(
        assessment_id=a.id,
        round_id=rnd.id,
        round_name=rnd.name,
        opens_on=rnd.opens_on,
        framework=framework,
        lights={r.field_key: r.light for r in ratings},
        reasons={r.field_key: r.reason for r in ratings if r.reason},
        notes=[
            NoteView(n.id, n.category, n.level, n.field_key, n.text, n.can_influence) for n in notes
        ],
    )


def _shared_with(
    session: Session, supervisor_id: int, person_id: int, today: dt.date
) -> list[tuple[Assessment, Round]]:
    """The person's submitted assessments with a live grant to this supervisor, newest first."""
    rows = session.exec(
        select(Assessment, Round, ShareGrant)
        .join(Round, col(Round.id) == Assessment.round_id)
        .join(ShareGrant, col(ShareGrant.assessment_id) == Assessment.id)
        .where(
            Assessment.person_id == person_id,
            Assessment.status == AssessmentStatus.submitted,
            ShareGrant.grantee_id == supervisor_id,
            col(ShareGrant.revoked_at).is_(None),
        )
        .order_by(col(Round.opens_on).desc(), col(Assessment.id).desc())
    ).all()
    seen: set[int] = set()
    shared = []
    for a, rnd, grant in rows:
        if grant_is_live(grant, today) and a.id not in seen:
            seen.add(a.id)
            shared.append((a, rnd))
    return shared


def _reports_to(session: Session, viewer: Viewer, person_id: int) -> Person:
    """The person, if they currently report to the viewer as supervisor; else AccessDenied."""
    viewer.require(Role.supervisor)
    person = session.get(Person, person_id)
    if (
        person is None
        or not person.active
        or person.organisation_id != viewer.organisation_id
        or person.supervisor_id != viewer.person_id
    ):
        raise AccessDenied("not one of your team members")
    return person


def _require_shared(
    session: Session, viewer: Viewer, person_id: int, today: dt.date
) -> tuple[Person, list[tuple[Assessment, Round]]]:
    person = _reports_to(session, viewer, person_id)
    shared = _shared_with(session, viewer.person_id, person_id, today)
    if not shared:
        raise AccessDenied("nothing shared with you")
    return person, shared


def _record_view(session: Session, viewer: Viewer, person_id: int, assessment_id: int) -> None:
    """One row per look: rereading the same assessment within the window adds nothing."""
    since = timesource.now() - VIEW_LOG_WINDOW
    recent = session.exec(
        select(AuditEvent).where(
            AuditEvent.actor_id == viewer.person_id,
            AuditEvent.subject_id == person_id,
            AuditEvent.event == "assessment_viewed",
            AuditEvent.at >= since,
        )
    ).all()
    if any(e.detail.get("assessment_id") == assessment_id for e in recent):
        return
    audit.record(
        session,
        event="assessment_viewed",
        actor_id=viewer.person_id,
        subject_id=person_id,
        detail={"assessment_id": assessment_id},
    )


# --- Discussions and agenda -----------------------------------------------------------------


def _open_discussion(
    session: Session, person_id: int, supervisor_id: int, *, create: bool
) -> Discussion | None:
    d = session.exec(
        select(Discussion)
        .where(
            Discussion.person_id == person_id,
            Discussion.supervisor_id == supervisor_id,
            Discussion.status == DiscussionStatus.open,
        )
        .order_by(col(Discussion.id).desc())
    ).first()
    if d is None and create:
        d = Discussion(person_id=person_id, supervisor_id=supervisor_id)
        session.add(d)
        session.flush()
    return d


def _last_held(session: Session, person_id: int) -> dt.date | None:
    return session.exec(
        select(Discussion.held_on)
        .where(Discussion.person_id == person_id, Discussion.status == DiscussionStatus.held)
        .order_by(col(Discussion.held_on).desc())
    ).first()


@dataclass
class AgendaView:
    id: int
    text: str
    by_person: bool  # written by the employee (else by the supervisor)
    mine: bool  # written by whoever is looking
    created_at: dt.datetime


def _agenda(session: Session, d: Discussion | None, viewer: Viewer) -> list[AgendaView]:
    if d is None:
        return []
    points = session.exec(
        select(AgendaPoint)
        .where(AgendaPoint.discussion_id == d.id)
        .order_by(AgendaPoint.created_at, AgendaPoint.id)
    ).all()
    return [
        AgendaView(
            p.id, p.text, p.author_id == d.person_id, p.author_id == viewer.person_id, p.created_at
        )
        for p in points
    ]


def _my_supervisor(session: Session, viewer: Viewer) -> int:
    viewer.require(Role.employee)
    supervisor_id = session.get(Person, viewer.person_id).supervisor_id
    if supervisor_id is None:
        raise DiscussionError("no_supervisor")
    return supervisor_id


def _pair_for(
    session: Session, viewer: Viewer, person_id: int | None, today: dt.date
) -> tuple[int, int]:
    """(person, supervisor) of the discussion the viewer is working on, access checked."""
    if person_id is None or person_id == viewer.person_id:
        return viewer.person_id, _my_supervisor(session, viewer)
    _require_shared(session, viewer, person_id, today)
    return person_id, viewer.person_id


def _check_version(current: int, expected: int | None) -> None:
    """Refuse a change based on an older version (TRUST 28); None: not checked."""
    if expected is not None and expected != current:
        raise DiscussionError("changed_elsewhere")


def agenda_version(
    session: Session, *, viewer: Viewer, today: dt.date, person_id: int | None = None
) -> int:
    """The version of the next discussion's agenda, as the agenda editor shows it (an agenda
    not started yet is version 1, like a new discussion)."""
    person, supervisor = _pair_for(session, viewer, person_id, today)
    d = _open_discussion(session, person, supervisor, create=False)
    return d.version if d else 1


def add_agenda_point(
    session: Session,
    *,
    viewer: Viewer,
    text: str,
    today: dt.date,
    person_id: int | None = None,
    version: int | None = None,
) -> int:
    """Add a point to the next discussion; the employee's own, or their supervisor's.
    ``version`` is the agenda's version the page showed (``agenda_version``)."""
    text = typed.paragraph(text)
    if not text:
        raise DiscussionError("agenda_empty")
    if len(text) > AGENDA_MAX:
        raise DiscussionError("too_long", limit=AGENDA_MAX, length=len(text))
    person, supervisor = _pair_for(session, viewer, person_id, today)
    d = _open_discussion(session, person, supervisor, create=False)
    _check_version(d.version if d else 1, version)
    d = d or _open_discussion(session, person, supervisor, create=True)
    d.version += 1
    session.add(d)
    point = AgendaPoint(discussion_id=d.id, author_id=viewer.person_id, text=text)
    session.add(point)
    session.flush()
    _record_for_person(session, viewer, person, "agenda_added", {"discussion_id": d.id})
    return point.id


def remove_agenda_point(
    session: Session, *, viewer: Viewer, point_id: int, version: int | None = None
) -> None:
    """Only the author removes a point, and only before the discussion has been held."""
    point = session.get(AgendaPoint, point_id)
    if point is None or point.author_id != viewer.person_id:
        raise AccessDenied("not your agenda point")
    d = session.get(Discussion, point.discussion_id, with_for_update=True)
    if d.status != DiscussionStatus.open:
        raise DiscussionError("discussion_held")
    _check_version(d.version, version)
    d.version += 1
    session.add(d)
    session.delete(point)


def my_agenda(session: Session, *, viewer: Viewer) -> list[AgendaView]:
    """My points for the next discussion with my current supervisor."""
    viewer.require(Role.employee)
    supervisor_id = session.get(Person, viewer.person_id).supervisor_id
    if supervisor_id is None:
        return []
    return _agenda(
        session, _open_discussion(session, viewer.person_id, supervisor_id, create=False), viewer
    )


def record_discussion(
    session: Session, *, viewer: Viewer, person_id: int, held_on: dt.date, today: dt.date
) -> int:
    """The supervisor marks the open discussion as held; the next one starts from its actions."""
    person, shared = _require_shared(session, viewer, person_id, today)
    if held_on > today:
        raise DiscussionError("held_in_future")
    d = _open_discussion(session, person_id, viewer.person_id, create=True)
    d.status = DiscussionStatus.held
    d.held_on = held_on
    d.recorded_at = timesource.now()
    d.assessment_id = d.assessment_id or shared[0][0].id
    session.add(d)
    audit.record(
        session,
        event="discussion_recorded",
        actor_id=viewer.person_id,
        subject_id=person.id,
        detail={"discussion_id": d.id},
    )
    return d.id


# --- Actions --------------------------------------------------------------------------------


class ActionInput(BaseModel):
    # A validation error never carries the typed text into a log or a message (TRUST 25).
    model_config = ConfigDict(hide_input_in_errors=True)

    title: Line
    means: Paragraph = ""
    owner: ActionOwner = ActionOwner.employee
    measure: Line = ""
    time_span: Line = ""
    due_on: dt.date | None = None
    field_key: str | None = None
    category: str | None = None
    area: str | None = None
    note_id: int | None = None


def check_action(data: ActionInput, framework: Framework, today: dt.date) -> None:
    if not data.title:
        raise DiscussionError("action_title_empty")
    for value, limit in (
        (data.title, TITLE_MAX),
        (data.means, MEANS_MAX),
        (data.measure, MEASURE_MAX),
        (data.time_span, TIME_SPAN_MAX),
    ):
        if len(value) > limit:
            raise DiscussionError("too_long", limit=limit, length=len(value))
    if data.field_key is not None and data.field_key not in {f.key for f in framework.all_fields()}:
        raise DiscussionError("unknown_field")
    if data.category is not None and data.category not in {
        c.key for c in framework.errc.categories
    }:
        raise DiscussionError("unknown_category")
    if data.area is not None and data.area not in {a.key for a in framework.development_areas}:
        raise DiscussionError("unknown_area")
    if data.due_on is not None and data.due_on < today:
        raise DiscussionError("due_in_past")


def create_action(
    session: Session, *, viewer: Viewer, person_id: int, data: ActionInput, today: dt.date
) -> int:
    """Record an agreed action, from scratch or from an ERRC note the viewer may read."""
    if person_id == viewer.person_id:
        supervisor_id = _my_supervisor(session, viewer)
        readable = {
            a.id for a in session.exec(select(Assessment).where(Assessment.person_id == person_id))
        }
        framework_round = None
    else:
        _, shared = _require_shared(session, viewer, person_id, today)
        supervisor_id = viewer.person_id
        readable = {a.id for a, _ in shared}
        framework_round = shared[0][1].id
    if data.note_id is not None:
        note = session.get(Note, data.note_id)
        if note is None or note.assessment_id not in readable:
            raise AccessDenied("note not readable")
        data = data.model_copy(
            update={
                "category": data.category or note.category,
                "field_key": data.field_key or note.field_key,
            }
        )
        framework_round = session.get(Assessment, note.assessment_id).round_id
    framework = (
        round_framework(session, framework_round)
        if framework_round is not None
        else _latest_framework(session, person_id)
    )
    check_action(data, framework, today)
    d = _open_discussion(session, person_id, supervisor_id, create=True)
    action = store_action(
        session,
        viewer=viewer,
        data=data,
        person_id=person_id,
        supervisor_id=supervisor_id,
        discussion_id=d.id,
        note_id=data.note_id,
    )
    _record_for_person(session, viewer, person_id, "action_created", {"action_id": action.id})
    return action.id


def store_action(session: Session, *, viewer: Viewer, data: ActionInput, **links: Any) -> Action:
    """A checked action, planned, with its first history row; ``links`` say whose it is (a
    person and supervisor in a discussion, or a workshop, its unit and theme)."""
    action = Action(
        **links,
        title=data.title,
        means=data.means,
        owner=data.owner,
        measure=data.measure,
        time_span=data.time_span,
        due_on=data.due_on,
        status=ActionStatus.planned,
        field_key=data.field_key,
        category=data.category,
        area=data.area,
        created_by=viewer.person_id,
    )
    session.add(action)
    session.flush()
    session.add(
        ActionUpdate(action_id=action.id, author_id=viewer.person_id, status=ActionStatus.planned)
    )
    return action


def _latest_framework(session: Session, person_id: int) -> Framework:
    rnd = session.exec(
        select(Round.id)
        .join(Assessment, col(Assessment.round_id) == Round.id)
        .where(Assessment.person_id == person_id)
        .order_by(col(Round.opens_on).desc())
    ).first()
    return round_framework(session, rnd) if rnd is not None else default_framework()


def _action_access(session: Session, viewer: Viewer, action: Action | None, today: dt.date) -> None:
    if action is None or action.person_id is None:
        raise AccessDenied("no such action")
    if action.person_id == viewer.person_id:
        viewer.require(Role.employee)
        return
    _require_shared(session, viewer, action.person_id, today)


def update_action(
    session: Session,
    *,
    viewer: Viewer,
    action_id: int,
    today: dt.date,
    status: str | None = None,
    comment: str = "",
    version: int | None = None,
) -> None:
    """Change the status, add a comment, or both; every change is kept as a history row.
    ``version`` is the action's version the page showed (``ActionView.version``)."""
    action = session.get(Action, action_id, with_for_update=True)
    _action_access(session, viewer, action, today)
    _check_version(action.version, version)
    comment = typed.line(comment)
    if status is not None and status not in set(ActionStatus):
        raise DiscussionError("unknown_status")
    if status == action.status:
        status = None
    if status is None and not comment:
        raise DiscussionError("nothing_to_update")
    if len(comment) > COMMENT_MAX:
        raise DiscussionError("too_long", limit=COMMENT_MAX, length=len(comment))
    session.add(
        ActionUpdate(
            action_id=action.id, author_id=viewer.person_id, status=status, comment=comment
        )
    )
    action.version += 1
    if status is not None:
        action.status = status
    session.add(action)
    _record_for_person(
        session,
        viewer,
        action.person_id,
        "action_updated",
        {"action_id": action.id, "status": status},
    )


@dataclass
class UpdateView:
    at: dt.datetime
    author_name: str
    status: str | None
    comment: str


@dataclass
class ActionView:
    id: int
    discussion_id: int | None
    title: str
    means: str
    owner: str
    measure: str
    time_span: str
    due_on: dt.date | None
    status: str
    field_key: str | None
    category: str | None
    area: str | None
    created_at: dt.datetime
    overdue: bool
    history: list[UpdateView] = field(default_factory=list)
    version: int = 1  # what a status change from this view is based on (TRUST 28)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def status_at(self, moment: dt.datetime) -> str | None:
        """The status the action had at a moment (None if it did not exist yet)."""
        status = None
        for u in self.history:  # oldest first
            if u.at > moment:
                break
            status = u.status or status
        return status


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {
        p.id: p.display_name for p in session.exec(select(Person).where(col(Person.id).in_(ids)))
    }


def _action_views(session: Session, actions: list[Action], today: dt.date) -> list[ActionView]:
    ids = [a.id for a in actions]
    updates = (
        session.exec(
            select(ActionUpdate)
            .where(col(ActionUpdate.action_id).in_(ids))
            .order_by(ActionUpdate.at, ActionUpdate.id)
        ).all()
        if ids
        else []
    )
    names = _names(session, {u.author_id for u in updates})
    views = {
        a.id: ActionView(
            id=a.id,
            discussion_id=a.discussion_id,
            title=a.title,
            means=a.means,
            owner=a.owner,
            measure=a.measure,
            time_span=a.time_span,
            due_on=a.due_on,
            status=a.status,
            field_key=a.field_key,
            category=a.category,
            area=a.area,
            created_at=timesource.as_utc(a.created_at),
            version=a.version,
            overdue=a.status in OPEN_ACTION_STATUSES and a.due_on is not None and a.due_on < today,
        )
        for a in actions
    }
    for u in updates:
        views[u.action_id].history.append(
            UpdateView(timesource.as_utc(u.at), names.get(u.author_id, "?"), u.status, u.comment)
        )
    # Open first (overdue, then soonest due), then finished ones, newest first.
    far = dt.date.max
    open_ = sorted(
        (v for v in views.values() if v.is_open),
        key=lambda v: (not v.overdue, v.due_on or far, v.id),
    )
    closed = sorted(
        (v for v in views.values() if not v.is_open), key=lambda v: v.created_at, reverse=True
    )
    return open_ + closed


def actions_for(
    session: Session, *, viewer: Viewer, person_id: int, today: dt.date
) -> list[ActionView]:
    """The person's agreed actions, for the person or their supervisor (who has a share)."""
    if person_id == viewer.person_id:
        viewer.require(Role.employee)
    else:
        _require_shared(session, viewer, person_id, today)
    actions = session.exec(select(Action).where(Action.person_id == person_id)).all()
    return _action_views(session, list(actions), today)


def my_actions(session: Session, *, viewer: Viewer, today: dt.date) -> list[ActionView]:
    return actions_for(session, viewer=viewer, person_id=viewer.person_id, today=today)


def my_actions_by_round(
    session: Session, *, viewer: Viewer, today: dt.date
) -> dict[int, list[ActionView]]:
    """My actions grouped by the round of the assessment their discussion started from (E5)."""
    viewer.require(Role.employee)
    rows = session.exec(
        select(Action, Assessment.round_id)
        .join(Discussion, col(Discussion.id) == Action.discussion_id)
        .join(Assessment, col(Assessment.id) == Discussion.assessment_id)
        .where(Action.person_id == viewer.person_id)
    ).all()
    by_action = {a.id: round_id for a, round_id in rows}
    grouped: dict[int, list[ActionView]] = {}
    for view in _action_views(session, [a for a, _ in rows], today):
        grouped.setdefault(by_action[view.id], []).append(view)
    return grouped


# --- The supervisor's list and preparation --------------------------------------------------


@dataclass
class PersonRow:
    """One team member; everything but the name is None unless they share with me."""

    person_id: int
    name: str
    shared: bool
    latest_round: str | None = None
    last_discussion: dt.date | None = None
    open_actions: int | None = None
    overdue_actions: int | None = None


def my_people(session: Session, *, viewer: Viewer, today: dt.date) -> list[PersonRow]:
    viewer.require(Role.supervisor)
    people = session.exec(
        select(Person)
        .where(
            Person.supervisor_id == viewer.person_id,
            Person.organisation_id == viewer.organisation_id,
            col(Person.active).is_(True),
        )
        .order_by(Person.display_name)
    ).all()
    rows = []
    for p in people:
        shared = _shared_with(session, viewer.person_id, p.id, today)
        if not shared:
            rows.append(PersonRow(p.id, p.display_name, shared=False))
            continue
        actions = session.exec(select(Action).where(Action.person_id == p.id)).all()
        open_ = [a for a in actions if a.status in OPEN_ACTION_STATUSES]
        rows.append(
            PersonRow(
                p.id,
                p.display_name,
                shared=True,
                latest_round=shared[0][1].name,
                last_discussion=_last_held(session, p.id),
                open_actions=len(open_),
                overdue_actions=sum(1 for a in open_ if a.due_on is not None and a.due_on < today),
            )
        )
    # People who shared first, then alphabetical.
    return sorted(rows, key=lambda r: (not r.shared, r.name))


@dataclass
class Change:
    field_key: str
    previous: str | None
    latest: str
    direction: int | None  # 1 better, 0 same, -1 weaker, None new


def compare(latest: SharedAssessment, previous: SharedAssessment | None) -> list[Change]:
    changes = []
    for key, light in latest.lights.items():
        before = previous.lights.get(key) if previous else None
        direction = (
            None
            if before is None
            else (LIGHT_SCORE[light] > LIGHT_SCORE[before])
            - (LIGHT_SCORE[light] < LIGHT_SCORE[before])
        )
        changes.append(Change(key, before, light, direction))
    return changes


@dataclass
class Preparation:
    person_id: int
    person_name: str
    latest: SharedAssessment
    previous: SharedAssessment | None
    changes: list[Change]
    actions: list[ActionView]
    agenda: list[AgendaView]
    discussion_id: int | None
    last_held_on: dt.date | None


def prepare(session: Session, *, viewer: Viewer, person_id: int, today: dt.date) -> Preparation:
    """The supervisor's preparation for one person; every assessment read is audited.

    Call inside a write session: it appends to the audit log.
    """
    person, shared = _require_shared(session, viewer, person_id, today)
    latest = _load_assessment(session, *shared[0])
    previous = _load_assessment(session, *shared[1]) if len(shared) > 1 else None
    for item in (latest, previous):
        if item is not None:
            _record_view(session, viewer, person_id, item.assessment_id)
    d = _open_discussion(session, person_id, viewer.person_id, create=False)
    if d is not None and d.assessment_id != latest.assessment_id:
        d.assessment_id = latest.assessment_id
        session.add(d)
    actions = session.exec(select(Action).where(Action.person_id == person_id)).all()
    return Preparation(
        person_id=person_id,
        person_name=person.display_name,
        latest=latest,
        previous=previous,
        changes=compare(latest, previous),
        actions=_action_views(session, list(actions), today),
        agenda=_agenda(session, d, viewer),
        discussion_id=d.id if d else None,
        last_held_on=_last_held(session, person_id),
    )


# --- Discussions, summaries for export ------------------------------------------------------


@dataclass
class DiscussionInfo:
    id: int
    status: str
    held_on: dt.date | None
    created_at: dt.datetime
    actions: int


def discussions_for(
    session: Session, *, viewer: Viewer, person_id: int, today: dt.date
) -> list[DiscussionInfo]:
    """The person's discussions with the viewer's side of them, newest first."""
    if person_id == viewer.person_id:
        viewer.require(Role.employee)
        where = Discussion.person_id == person_id
    else:
        _require_shared(session, viewer, person_id, today)
        where = (Discussion.person_id == person_id) & (Discussion.supervisor_id == viewer.person_id)
    ds = session.exec(select(Discussion).where(where).order_by(col(Discussion.id).desc())).all()
    infos = []
    for d in ds:
        count = len(session.exec(select(Action.id).where(Action.discussion_id == d.id)).all())
        infos.append(
            DiscussionInfo(d.id, d.status, d.held_on, timesource.as_utc(d.created_at), count)
        )
    return infos


@dataclass
class FollowUp:
    action: ActionView
    status_before: str | None  # the status when the previous discussion ended


@dataclass
class DiscussionSummary:
    """What both parties take home: the same one page for the employee and the supervisor."""

    discussion_id: int
    person_id: int
    person_name: str
    supervisor_name: str
    date: dt.date
    held: bool
    assessment: SharedAssessment | None
    previous: SharedAssessment | None
    agreed: list[ActionView]
    follow_ups: list[FollowUp]
    agenda: list[str]


def discussion_summary(
    session: Session, *, viewer: Viewer, discussion_id: int, today: dt.date
) -> DiscussionSummary:
    d = session.get(Discussion, discussion_id)
    if d is None:
        raise AccessDenied("no such discussion")
    if d.person_id == viewer.person_id:
        viewer.require(Role.employee)
        readable = {
            a.id: (a, session.get(Round, a.round_id))
            for a in session.exec(
                select(Assessment).where(
                    Assessment.person_id == d.person_id,
                    Assessment.status == AssessmentStatus.submitted,
                )
            )
        }
    elif d.supervisor_id == viewer.person_id:
        _, shared = _require_shared(session, viewer, d.person_id, today)
        readable = {a.id: (a, rnd) for a, rnd in shared}
    else:
        raise AccessDenied("not your discussion")

    base_id = d.assessment_id
    if d.status == DiscussionStatus.open:
        # Not held yet: the newest assessment shared with the supervisor is what is discussed.
        live = _shared_with(session, d.supervisor_id, d.person_id, today)
        base_id = live[0][0].id if live else base_id
    assessment = _load_assessment(session, *readable[base_id]) if base_id in readable else None
    previous = None
    if assessment is not None:
        # The previous assessment the viewer can read, for the "before" column.
        earlier = sorted(
            (pair for pair in readable.values() if pair[1].opens_on < assessment.opens_on),
            key=lambda pair: pair[1].opens_on,
        )
        if earlier:
            previous = _load_assessment(session, *earlier[-1])

    actions = session.exec(select(Action).where(Action.person_id == d.person_id)).all()
    views = _action_views(session, list(actions), today)
    agreed = [v for v in views if v.discussion_id == d.id]
    follow_ups = _follow_ups(session, d, views)
    names = _names(session, {d.person_id, d.supervisor_id})
    points = session.exec(
        select(AgendaPoint.text)
        .where(AgendaPoint.discussion_id == d.id)
        .order_by(AgendaPoint.created_at, AgendaPoint.id)
    ).all()
    return DiscussionSummary(
        discussion_id=d.id,
        person_id=d.person_id,
        person_name=names.get(d.person_id, "?"),
        supervisor_name=names.get(d.supervisor_id, "?"),
        date=d.held_on or today,
        held=d.status == DiscussionStatus.held,
        assessment=assessment,
        previous=previous,
        agreed=agreed,
        follow_ups=follow_ups,
        agenda=list(points),
    )


def _follow_ups(session: Session, d: Discussion, views: list[ActionView]) -> list[FollowUp]:
    """Earlier actions that were still open when the previous discussion was recorded as held.

    Each discussion follows up, once, every action agreed before it that was open at that
    moment; an action still open then is followed up again in the discussion after. Only
    timestamps from the one clock are compared — when an action was made and changed, and when
    the previous discussion was *recorded* — never the day the supervisor says it was held, so
    actions typed before or after that day are followed up alike. An action made after that
    moment (in a discussion with another supervisor that was never held, say) is followed up
    with the status it was made with.
    """
    earlier = session.exec(
        select(Discussion)
        .where(Discussion.person_id == d.person_id, col(Discussion.id) < d.id)
        .order_by(col(Discussion.id))
    ).all()
    # When the previous discussion was recorded (rows from before migration 0003 may lack it).
    recorded = [
        timesource.as_utc(e.recorded_at or e.created_at)
        for e in earlier
        if e.status == DiscussionStatus.held
    ]
    cutoff = max(recorded, default=timesource.as_utc(d.created_at))
    earlier_ids = {e.id for e in earlier}
    follow_ups = []
    for v in views:
        agreed_earlier = v.discussion_id in earlier_ids
        loose = v.discussion_id is None and v.created_at <= cutoff
        if not (agreed_earlier or loose):
            continue
        before = v.status_at(max(cutoff, v.created_at))
        if before in OPEN_ACTION_STATUSES:
            follow_ups.append(FollowUp(v, before))
    return follow_ups


def record_export(
    session: Session, *, viewer: Viewer, summary: DiscussionSummary, fmt: str
) -> None:
    """Every export of a discussion is audited; the person sees the ones others made."""
    audit.record(
        session,
        event="discussion_exported",
        actor_id=viewer.person_id,
        subject_id=summary.person_id,
        detail={"discussion_id": summary.discussion_id, "format": fmt},
    )


def my_discussions(session: Session, *, viewer: Viewer, today: dt.date) -> list[DiscussionInfo]:
    return discussions_for(session, viewer=viewer, person_id=viewer.person_id, today=today)
