"""Retention (TRUST.md 24): the individual answers of rounds that closed longer ago than the
organisation's retention period are removed; the released anonymous counts stay.

The reference date is the round's last day (``Round.closes_on``, a date in the organisation's
time zone). With a period of M months the answers are kept through the day M calendar months
after it (31 August + 6 months = the last day of February) and are removed from the next day
on, "today" being the date in the organisation's zone. A round is purged as a whole: every
answer of it (drafts too) with its ratings, notes, obstacle picks, share grants and pooled
texts. A round that has no release yet is released first, so its counts stay; viewers who had
seen one of the answers keep it subtracted (``model.release.forget_answers``, as for erasure).
Discussions and actions stay: their link to the assessment or note becomes empty.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from model import audit, db, org_settings, release, sessions, throttle, timesource
from model.tables import (
    Assessment,
    Note,
    ObstaclePick,
    Organisation,
    Rating,
    Release,
    ReleaseText,
    Role,
    Round,
    ShareGrant,
)
from model.viewer import Viewer

CHUNK = 5000  # answers deleted per statement
# What a purge removes, in the order the counts are reported.
COUNTS = ("assessments", "ratings", "notes", "obstacle_picks", "share_grants", "pooled_texts")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def kept_until(closes_on: dt.date, months: int) -> dt.date:
    """The last day a round's answers are kept; they are removed from the day after."""
    return add_months(closes_on, months)


@dataclass(frozen=True)
class RoundPurge:
    """The answers of one round that a purge removes."""

    round_id: int
    closes_on: dt.date
    released: bool  # False: the purge releases the round first, so its counts stay
    counts: dict[str, int]


@dataclass(frozen=True)
class Plan:
    """What a purge would remove now: rounds past the period that still hold answers."""

    organisation_id: int
    months: int
    today: dt.date
    rounds: tuple[RoundPurge, ...]

    @property
    def counts(self) -> dict[str, int]:
        return {"rounds": len(self.rounds)} | {
            key: sum(r.counts[key] for r in self.rounds) for key in COUNTS
        }

    @property
    def oldest(self) -> dt.date | None:
        """The last day of the oldest round in the plan."""
        return min((r.closes_on for r in self.rounds), default=None)

    @property
    def empty(self) -> bool:
        return not self.rounds


def _today(session: Session, organisation_id: int, now: dt.datetime) -> dt.date:
    org = session.get(Organisation, organisation_id)
    return timesource.today(org.time_zone if org else timesource.DEFAULT_ZONE, at=now)


def _per_round(session: Session, statement, round_ids: list[int]) -> dict[int, int]:
    return dict(
        session.exec(
            statement.where(col(Assessment.round_id).in_(round_ids)).group_by(Assessment.round_id)
        ).all()
    )


def _counts(session: Session, round_ids: list[int]) -> dict[int, dict[str, int]]:
    if not round_ids:
        return {}
    per = {
        "assessments": _per_round(session, select(Assessment.round_id, func.count()), round_ids),
    }
    for key, table in (
        ("ratings", Rating),
        ("notes", Note),
        ("obstacle_picks", ObstaclePick),
        ("share_grants", ShareGrant),
        ("pooled_texts", ReleaseText),
    ):
        per[key] = _per_round(
            session,
            select(Assessment.round_id, func.count()).join(
                table, col(table.assessment_id) == Assessment.id
            ),
            round_ids,
        )
    return {rid: {key: per[key].get(rid, 0) for key in COUNTS} for rid in round_ids}


def due(session: Session, organisation_id: int, *, now: dt.datetime) -> Plan:
    """What a purge at ``now`` would remove; removes nothing."""
    months = org_settings.retention_months(session, organisation_id)
    today = _today(session, organisation_id, now)
    closed = session.exec(
        select(Round)
        .where(Round.organisation_id == organisation_id, Round.closes_on < today)
        .order_by(Round.closes_on, Round.id)
    ).all()
    past = [r for r in closed if kept_until(r.closes_on, months) < today]
    counts = _counts(session, [r.id for r in past])
    released = set(
        session.exec(
            select(Release.round_id).where(col(Release.round_id).in_([r.id for r in past]))
        ).all()
    )
    rounds = tuple(
        RoundPurge(r.id, r.closes_on, r.id in released, counts[r.id])
        for r in past
        if counts[r.id]["assessments"]
    )
    return Plan(organisation_id, months, today, rounds)


def delete_answers(session: Session, assessment_ids: list[int]) -> None:
    """Delete answers with everything hanging on them; released counts stay, released texts go,
    and whoever had seen one keeps it subtracted (``release.forget_answers``)."""
    if not assessment_ids:
        return
    release.forget_answers(session, assessment_ids)
    for table in (Rating, Note, ShareGrant, ObstaclePick):
        session.exec(delete(table).where(col(table.assessment_id).in_(assessment_ids)))
    session.exec(delete(Assessment).where(col(Assessment.id).in_(assessment_ids)))


def purge(
    session: Session,
    organisation_id: int,
    *,
    now: dt.datetime,
    actor_id: int | None = None,
    round_ids: Iterable[int] | None = None,
) -> dict[str, int]:
    """Remove the answers ``due`` names (only those of ``round_ids`` when given: what the admin
    was shown); returns the counts removed. Call inside ``db.write_session``: once it commits,
    SQLite's write-ahead log is emptied so the answers leave the file too (TRUST 30)."""
    plan = due(session, organisation_id, now=now)
    if round_ids is not None:
        wanted = set(round_ids)
        plan = Plan(
            plan.organisation_id,
            plan.months,
            plan.today,
            tuple(r for r in plan.rounds if r.round_id in wanted),
        )
    for item in plan.rounds:
        if not item.released:
            release.release_round(session, session.get(Round, item.round_id), now=now)
        ids = list(
            session.exec(select(Assessment.id).where(Assessment.round_id == item.round_id)).all()
        )
        for start in range(0, len(ids), CHUNK):  # statement parameters stay within limits
            delete_answers(session, ids[start : start + CHUNK])
    counts = plan.counts
    if not plan.empty:
        audit.record(
            session,
            event="retention_purged",
            actor_id=actor_id,
            detail={
                "organisation_id": organisation_id,
                "months": plan.months,
                "round_ids": [r.round_id for r in plan.rounds],
            }
            | counts,
        )
        session.flush()
        db.checkpoint_after_commit(session)
    return counts


def due_for(session: Session, *, viewer: Viewer, now: dt.datetime) -> Plan:
    """``due`` for an admin of the organisation (the settings page)."""
    viewer.require(Role.admin)
    return due(session, viewer.organisation_id, now=now)


def purge_for(
    session: Session, *, viewer: Viewer, now: dt.datetime, round_ids: Iterable[int]
) -> dict[str, int]:
    """``purge`` by an admin, limited to the rounds the preview showed them."""
    viewer.require(Role.admin)
    return purge(
        session, viewer.organisation_id, now=now, actor_id=viewer.person_id, round_ids=round_ids
    )


def _describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{key.replace('_', ' ')} {counts[key]}" for key in ("rounds", *COUNTS))


def run_cli(url: str, *, dry_run: bool) -> int:
    """``python -m model.cli purge [--dry-run]``: every organisation, one line each; exit code."""
    engine = db.make_engine(url)
    with db.read_session(engine) as session:
        organisations = session.exec(select(Organisation.id).order_by(Organisation.id)).all()
    now = timesource.now()
    for org_id in organisations:
        if dry_run:
            with db.read_session(engine) as session:
                plan = due(session, org_id, now=now)
            if plan.empty:
                print(f"organisation {org_id}: nothing past the {plan.months}-month period")
                continue
            unreleased = sum(1 for r in plan.rounds if not r.released)
            print(
                f"organisation {org_id}: would remove {_describe(plan.counts)} "
                f"(kept {plan.months} months; the oldest round closed {plan.oldest.isoformat()}"
                + (f"; {unreleased} round(s) would be released first)" if unreleased else ")")
            )
            continue
        with db.write_session(engine) as session:
            counts = purge(session, org_id, now=now)
        print(f"organisation {org_id}: removed {_describe(counts)}")
    if not dry_run:
        # Sign-ins that can no longer be used and day-old failed attempts go with every purge.
        with db.write_session(engine) as session:
            ended = sessions.purge(session, now=now)
            throttle.forget_old(session, now=now)
        print(f"sign-in sessions removed: {ended}")
    engine.dispose()
    return 0
