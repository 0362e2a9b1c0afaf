"""All database tables of Merkitys, and the validated input models that feed them.

Table constructors skip validation in SQLModel, so every write goes through an input model
(``AssessmentInput``, ``NoteInput``) or a service function that checks values first.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from model import timesource

# Named constraints keep Alembic migrations deterministic on SQLite and PostgreSQL alike.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Role(StrEnum):
    employee = "employee"
    supervisor = "supervisor"
    facilitator = "facilitator"
    admin = "admin"


class UnitKind(StrEnum):
    organisation = "organisation"
    unit = "unit"
    team = "team"


class Light(StrEnum):
    red = "red"
    yellow = "yellow"
    green = "green"


# Weak to strong: the fixed order of every chart, table and comparison of lights.
LIGHT_SCORE: dict[str, int] = {"red": 0, "yellow": 1, "green": 2}


class Sharing(StrEnum):
    anonymous = "anonymous"  # counted anonymously in team views (the default)
    supervisor = "supervisor"  # shared with my supervisor for our development discussion
    private = "private"  # nobody but me


class AssessmentStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"


class RoundKind(StrEnum):
    reflection = "reflection"
    discussion = "discussion"
    workshop_baseline = "workshop_baseline"
    pulse = "pulse"


# --- Organisation ---------------------------------------------------------------------------


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    # Times are stored in UTC and shown in this zone; "today" is the date here.
    time_zone: str = Field(default=timesource.DEFAULT_ZONE, max_length=64)
    created_at: dt.datetime = Field(default_factory=timesource.now)


class Unit(SQLModel, table=True):
    """A node of the organisation tree: units contain units or teams; people belong to teams."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    kind: str = Field(default=UnitKind.team, max_length=20)
    name: str = Field(max_length=200)
    # Retired units keep their history (answers, releases) but take no new people or rounds.
    retired_at: dt.datetime | None = None


class Person(SQLModel, table=True):
    # One person per SSO identity; people without one (NULL) do not collide.
    __table_args__ = (Index("uq_person_sso", "sso_issuer", "sso_subject", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    email: str = Field(max_length=320, unique=True)  # normalised: strip().casefold()
    display_name: str = Field(max_length=200)
    language: str = Field(default="fi", max_length=5)
    team_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    supervisor_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    # Local sign-in: argon2id hash only; None means the person signs in through SSO only.
    password_hash: str | None = Field(default=None, max_length=200)
    # SSO identity is issuer + subject, never the e-mail address (TRUST.md rule 10).
    sso_issuer: str | None = Field(default=None, max_length=300)
    sso_subject: str | None = Field(default=None, max_length=300)
    failed_logins: int = Field(default=0)
    locked_until: dt.datetime | None = None
    privacy_ack_at: dt.datetime | None = None
    active: bool = Field(default=True)
    created_at: dt.datetime = Field(default_factory=timesource.now)
    # Set when the person was retired (active False): history stays, grants are revoked.
    retired_at: dt.datetime | None = None


class PasswordToken(SQLModel, table=True):
    """A one-time link to set or reset a password (model.accounts). Only a hash of the token is
    stored; the link works once and until ``expires_at``."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    purpose: str = Field(default="set", max_length=20)  # set | reset
    created_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: dt.datetime = Field(default_factory=timesource.now)
    expires_at: dt.datetime
    used_at: dt.datetime | None = None


class SignInSession(SQLModel, table=True):
    """Being signed in (TRUST 31): a random token in an HttpOnly cookie, only its SHA-256 here.
    Valid until ``expires_at``, while used within the idle limit and until revoked
    (``model.sessions``)."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    method: str = Field(default="password", max_length=20)  # password | sso | link
    created_at: dt.datetime = Field(default_factory=timesource.now)
    last_seen_at: dt.datetime = Field(default_factory=timesource.now)
    expires_at: dt.datetime
    revoked_at: dt.datetime | None = None


class SignInHandoff(SQLModel, table=True):
    """A sign-in checked in the app, waiting for the browser that made it to collect its session
    cookie (``purpose="session"``), or a single sign-on this browser asked for
    (``purpose="sso"``, no person yet). Bound to the browser's device cookie, used once, short."""

    id: int | None = Field(default=None, primary_key=True)
    device_hash: str = Field(max_length=64, index=True)
    purpose: str = Field(default="session", max_length=20)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    method: str = Field(default="password", max_length=20)
    created_at: dt.datetime = Field(default_factory=timesource.now)
    expires_at: dt.datetime


class SignInFailure(SQLModel, table=True):
    """A failed password sign-in, for throttling (``model.throttle``): keyed hashes of the
    source address, of the e-mail address tried (known or not) and of the browser, the person
    when the address was theirs. Kept one day. An attempt is written here before its password
    is checked and removed when it proves right."""

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=timesource.now, index=True)
    source_hash: str = Field(max_length=64, index=True)
    account_hash: str = Field(default="", max_length=64, index=True)
    device_hash: str = Field(default="", max_length=64)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)


class KnownDevice(SQLModel, table=True):
    """A browser a person has signed in from: their own browser is never slowed by failures
    someone else caused on their account (TRUST 31)."""

    __table_args__ = (UniqueConstraint("person_id", "device_hash", name="uq_knowndevice_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    device_hash: str = Field(max_length=64)
    last_signed_in_at: dt.datetime = Field(default_factory=timesource.now)


class RoleGrant(SQLModel, table=True):
    """A role held by a person; supervisors and facilitators are scoped to a unit or team."""

    __table_args__ = (UniqueConstraint("person_id", "role", "unit_id"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(max_length=20)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)


# --- Rounds and assessments -----------------------------------------------------------------


class FrameworkVersion(SQLModel, table=True):
    """A frozen copy of a framework (fields, lights, ERRC, obstacles) that rounds refer to."""

    __table_args__ = (UniqueConstraint("key", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=100)
    version: int
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=timesource.now)


class Round(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=200)
    kind: str = Field(default=RoundKind.reflection, max_length=30)
    opens_on: dt.date
    closes_on: dt.date
    framework_id: int = Field(foreign_key="frameworkversion.id")
    # Optional modules: {"customer_value": bool, "obstacles": bool, "community_capability": bool}
    modules: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: dt.datetime = Field(default_factory=timesource.now)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})  # TRUST 28


class RoundScope(SQLModel, table=True):
    """Units or teams invited to a round; a unit includes every team below it."""

    round_id: int = Field(foreign_key="round.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", primary_key=True)


class Assessment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("person_id", "round_id"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    # The team at the time of answering, so team views stay stable when people move.
    team_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    status: str = Field(default=AssessmentStatus.draft, max_length=20)
    sharing: str = Field(default=Sharing.anonymous, max_length=20)
    # Whether free-text notes may appear, without author, in pooled team views (TRUST.md rule 3).
    notes_in_pool: bool = Field(default=True)
    created_at: dt.datetime = Field(default_factory=timesource.now)
    updated_at: dt.datetime = Field(default_factory=timesource.now)
    submitted_at: dt.datetime | None = None
    # The core lights in the framework's order, one letter each ("gyrg"): written with the
    # ratings so a release counts profiles without reading every rating. None = not known
    # (older rows, hand-made data): the release then reads the ratings (model.release).
    profile: str | None = Field(default=None, max_length=32)
    # Optimistic concurrency (TRUST 28): every save names the version it was based on and is
    # refused when another tab or person saved in between; each save adds one.
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Rating(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("assessment_id", "field_key"),)
    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True, ondelete="CASCADE")
    field_key: str = Field(max_length=100)
    light: str = Field(max_length=10)
    reason: str = Field(default="", max_length=2000)


class Note(SQLModel, table=True):
    """An ERRC note: what to reduce, create, raise or eliminate, for me or for the community."""

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True, ondelete="CASCADE")
    category: str = Field(max_length=20)
    level: str = Field(max_length=20)
    field_key: str | None = Field(default=None, max_length=100)
    text: str = Field(max_length=1000)
    can_influence: bool | None = None
    position: int = Field(default=0)


class ShareGrant(SQLModel, table=True):
    """A revocable grant from a person to one named viewer (their supervisor) for one assessment."""

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True, ondelete="CASCADE")
    grantee_id: int = Field(foreign_key="person.id", index=True)
    granted_at: dt.datetime = Field(default_factory=timesource.now)
    expires_on: dt.date | None = None
    revoked_at: dt.datetime | None = None


class ObstaclePick(SQLModel, table=True):
    """Optional round module: one of the top-five obstacles, ranked, with a reason."""

    __table_args__ = (UniqueConstraint("assessment_id", "obstacle_key"),)
    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True, ondelete="CASCADE")
    obstacle_key: str = Field(max_length=100)
    rank: int
    reason: str = Field(default="", max_length=1000)


# --- Releases (model.release) ----------------------------------------------------------------


class Release(SQLModel, table=True):
    """The anonymous results of one round, computed once when it closed and never changed:
    suppressed counts of every cell any page or export can show (TRUST.md rule 2)."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    round_id: int = Field(foreign_key="round.id", unique=True)
    released_at: dt.datetime = Field(default_factory=timesource.now)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class ReleaseText(SQLModel, table=True):
    """A pooled note or obstacle reason as it was when the round was released. No author: the
    assessment id is kept only so that erasing one's data removes the text too."""

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True, ondelete="CASCADE")
    assessment_id: int | None = Field(
        default=None, foreign_key="assessment.id", index=True, ondelete="CASCADE"
    )
    team_id: int | None = Field(default=None, foreign_key="unit.id")
    kind: str = Field(default="note", max_length=10)  # note | reason
    category: str | None = Field(default=None, max_length=20)
    level: str | None = Field(default=None, max_length=20)
    field_key: str | None = Field(default=None, max_length=100)
    obstacle_key: str | None = Field(default=None, max_length=100)
    text: str = Field(max_length=1000)


class ReleaseMember(SQLModel, table=True):
    """An answer counted in a release. Only read to tell which of the answers a viewer has seen
    are inside the released counts; erasing the answer removes the row."""

    release_id: int = Field(foreign_key="release.id", primary_key=True, ondelete="CASCADE")
    assessment_id: int = Field(foreign_key="assessment.id", primary_key=True, ondelete="CASCADE")


class ReleaseKnown(SQLModel, table=True):
    """An erased answer that a viewer had seen (their own, or shared with them): it stays
    subtracted for that viewer, so erasing cannot make a cell show that was hidden from them.
    Only the team and whether they wrote pooled notes: no lights, no text."""

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True, ondelete="CASCADE")
    viewer_id: int = Field(foreign_key="person.id", index=True)
    team_id: int | None = Field(default=None, foreign_key="unit.id")
    author: bool = Field(default=False)  # whether their notes were in the pooled texts


# --- Development discussions ----------------------------------------------------------------


class ActionStatus(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    dropped = "dropped"


OPEN_ACTION_STATUSES: frozenset[str] = frozenset({ActionStatus.planned, ActionStatus.in_progress})


class ActionOwner(StrEnum):
    employee = "employee"
    supervisor = "supervisor"
    team = "team"


class DiscussionStatus(StrEnum):
    open = "open"  # being prepared; agenda points and actions gather here
    held = "held"  # took place on ``held_on``; the next one starts from its actions


class Discussion(SQLModel, table=True):
    """A development discussion between an employee and their supervisor (S2-S4)."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    supervisor_id: int = Field(foreign_key="person.id", index=True)
    status: str = Field(default=DiscussionStatus.open, max_length=20)
    # The newest assessment the employee had shared when the discussion was prepared.
    assessment_id: int | None = Field(
        default=None, foreign_key="assessment.id", index=True, ondelete="SET NULL"
    )
    held_on: dt.date | None = None  # the day the supervisor says it was held
    # When it was recorded as held: the follow-up of the next discussion starts from this
    # moment, a timestamp from the same clock as the actions' own (held_on is just a date).
    recorded_at: dt.datetime | None = None
    created_at: dt.datetime = Field(default_factory=timesource.now)
    # Bumped by every change of the agenda: adding or removing a point on an older agenda is
    # refused (TRUST 28).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class AgendaPoint(SQLModel, table=True):
    """Something either party wants to talk about in a discussion (usually the employee)."""

    id: int | None = Field(default=None, primary_key=True)
    discussion_id: int = Field(foreign_key="discussion.id", index=True, ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="person.id")
    text: str = Field(max_length=1000)
    created_at: dt.datetime = Field(default_factory=timesource.now)


class Action(SQLModel, table=True):
    """An action agreed in a development discussion or a workshop (PRODUCT.md S3)."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    supervisor_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    workshop_id: int | None = Field(default=None, foreign_key="workshop.id", index=True)
    # A workshop's action belongs to the unit or team the workshop was for, and to the theme
    # it came from (no person: the community agreed it).
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    theme_id: int | None = Field(default=None, foreign_key="workshoptheme.id", ondelete="SET NULL")
    discussion_id: int | None = Field(
        default=None, foreign_key="discussion.id", index=True, ondelete="SET NULL"
    )
    note_id: int | None = Field(default=None, foreign_key="note.id", ondelete="SET NULL")
    title: str = Field(max_length=300)
    means: str = Field(default="", max_length=2000)
    owner: str = Field(default="employee", max_length=20)
    measure: str = Field(default="", max_length=1000)
    time_span: str = Field(default="", max_length=200)
    due_on: dt.date | None = None
    status: str = Field(default="planned", max_length=20)
    field_key: str | None = Field(default=None, max_length=100)
    category: str | None = Field(default=None, max_length=20)
    area: str | None = Field(default=None, max_length=40)
    created_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: dt.datetime = Field(default_factory=timesource.now)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})  # TRUST 28


class ActionUpdate(SQLModel, table=True):
    """History of an action: each status change or comment is one row, never edited."""

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True, ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="person.id")
    status: str | None = Field(default=None, max_length=20)
    comment: str = Field(default="", max_length=2000)
    at: dt.datetime = Field(default_factory=timesource.now)


class WorkshopPhase(StrEnum):
    """A workshop's phases in the order the facilitator drives them (PRODUCT.md F3)."""

    planned = "planned"
    present = "present"  # the released team view on the room's screen
    write = "write"  # notes per question, each seen only by its writer
    reveal = "reveal"  # every note on the screen, shuffled, with no author
    group = "group"  # the facilitator gathers notes into themes
    vote = "vote"  # dot votes; counts hidden until the phase ends
    decide = "decide"  # the top themes become actions
    harvest = "harvest"  # what was agreed, the deck and the workbook
    closed = "closed"  # nobody joins or writes any more; participant tokens are gone


class Workshop(SQLModel, table=True):
    """A co-development workshop for a unit or team, optionally on a released round."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    round_id: int | None = Field(default=None, foreign_key="round.id")
    name: str = Field(max_length=200)
    template: str = Field(default="blank", max_length=50)
    join_code: str | None = Field(default=None, max_length=12, unique=True)
    planned_on: dt.date | None = None
    status: str = Field(default=WorkshopPhase.planned, max_length=20)  # a WorkshopPhase
    created_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: dt.datetime = Field(default_factory=timesource.now)
    # The questions of the template when it was planned: [{key, text: {lang: str}, category,
    # field_key}]; a blank workshop's own questions are typed text in one language ("*").
    questions: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    allow_guests: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    vote_budget: int = Field(default=3, sa_column_kwargs={"server_default": "3"})
    phase_ends_at: dt.datetime | None = None  # the phase's timer, when the facilitator set one
    # Bumped by every change anyone can see: live views poll this one indexed number.
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class WorkshopParticipant(SQLModel, table=True):
    """Someone who joined a workshop: only a hash of the random token kept in their URL. No
    person, no time: nobody can tell who wrote a note, not even with the database."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)


class WorkshopTheme(SQLModel, table=True):
    """A theme the facilitator gathered notes into; participants vote on themes."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=200)
    position: int = Field(default=0)
    votes: int | None = None  # the dots it got, kept when closing deletes the votes themselves


class WorkshopNote(SQLModel, table=True):
    """A note written in a workshop. No author column and no time: ``ref`` is random, shown in
    place of the id (ids follow the order of writing) and orders the board."""

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True, ondelete="CASCADE")
    participant_id: int | None = Field(
        default=None, foreign_key="workshopparticipant.id", index=True, ondelete="SET NULL"
    )
    ref: str = Field(max_length=16, unique=True)
    question_key: str = Field(max_length=40)
    text: str = Field(max_length=1000)
    theme_id: int | None = Field(
        default=None, foreign_key="workshoptheme.id", index=True, ondelete="SET NULL"
    )


class WorkshopVote(SQLModel, table=True):
    """One dot: a participant's ``slot`` (0 … budget-1) is unique, so two clicks at the same moment
    cannot spend more than the budget."""

    __table_args__ = (UniqueConstraint("participant_id", "slot"),)

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(
        foreign_key="workshopparticipant.id", index=True, ondelete="CASCADE"
    )
    theme_id: int = Field(foreign_key="workshoptheme.id", index=True, ondelete="CASCADE")
    slot: int


class Setting(SQLModel, table=True):
    """Organisation settings changed in the app (threshold, retention…); see model.settings."""

    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)
    key: str = Field(max_length=100, primary_key=True)
    value: str = Field(max_length=4000)


class AuditEvent(SQLModel, table=True):
    """Append-only log of sensitive events. Ids and event types only: no names, no free text."""

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=timesource.now, index=True)
    actor_id: int | None = Field(default=None, index=True)
    subject_id: int | None = Field(default=None, index=True)
    event: str = Field(max_length=50)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
