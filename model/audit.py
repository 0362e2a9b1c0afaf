"""The append-only audit log: who did what to whose data. Ids and event types only."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlmodel import Session, select

from model import timesource
from model.tables import AuditEvent
from model.viewer import Viewer


def record(
    session: Session,
    *,
    event: str,
    actor_id: int | None,
    subject_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one event. ``detail`` must hold ids and codes only, never names or free text."""
    session.add(
        AuditEvent(
            at=timesource.now(),
            actor_id=actor_id,
            subject_id=subject_id,
            event=event,
            detail=detail or {},
        )
    )


def events_about_me(session: Session, *, viewer: Viewer) -> pd.DataFrame:
    """Every audit event whose subject is the viewer (what others did with their data)."""
    rows = session.exec(
        select(AuditEvent)
        .where(AuditEvent.subject_id == viewer.person_id)
        .order_by(AuditEvent.at.desc())
    ).all()
    return pd.DataFrame(
        [{"at": r.at, "actor_id": r.actor_id, "event": r.event, "detail": r.detail} for r in rows],
        columns=["at", "actor_id", "event", "detail"],
    )
