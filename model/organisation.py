"""Organisation structure read by admins: units, teams and head counts."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, col, select

from model.tables import Person, Role, Round, Unit, UnitKind
from model.viewer import Viewer

UNIT_COLUMNS = ["unit", "team", "people"]


def overview(session: Session, *, viewer: Viewer) -> tuple[dict[str, int], pd.DataFrame]:
    """Counts for the whole organisation and one row per team with its unit and head count."""
    viewer.require(Role.admin)
    org = viewer.organisation_id
    units = {
        u.id: u
        for u in session.exec(
            select(Unit).where(Unit.organisation_id == org, col(Unit.retired_at).is_(None))
        )
    }
    heads = dict(
        session.exec(
            select(Person.team_id, func.count())
            .where(Person.organisation_id == org, Person.active)
            .group_by(Person.team_id)
        ).all()
    )
    rows = [
        {
            "unit": units[u.parent_id].name if u.parent_id in units else "",
            "team": u.name,
            "people": heads.get(u.id, 0),
        }
        for u in units.values()
        if u.kind == UnitKind.team
    ]
    summary = {
        "units": sum(u.kind == UnitKind.unit for u in units.values()),
        "teams": len(rows),
        "people": sum(heads.values()),
        "rounds": session.exec(
            select(func.count()).select_from(Round).where(Round.organisation_id == org)
        ).one(),
    }
    frame = pd.DataFrame(rows, columns=UNIT_COLUMNS).sort_values(["unit", "team"])
    return summary, frame.reset_index(drop=True)
