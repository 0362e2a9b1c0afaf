"""organisation time zone; when a discussion was recorded as held

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

Plain ADD/DROP COLUMN (no batch table rebuild), so no cascading delete can touch other rows.
"""

import datetime as dt
import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _aware(moment):
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def upgrade() -> None:
    op.add_column(
        "organisation",
        sa.Column(
            "time_zone",
            sqlmodel.sql.sqltypes.AutoString(length=64),
            nullable=False,
            server_default="Europe/Helsinki",
        ),
    )
    op.add_column(
        "discussion", sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
    )
    # Held discussions get the moment they were recorded: the audit row of the recording, or
    # else the latest moment anything was written in them (it cannot have been recorded earlier).
    conn = op.get_bind()
    meta = sa.MetaData()
    discussion = sa.Table("discussion", meta, autoload_with=conn)
    action = sa.Table("action", meta, autoload_with=conn)
    audit = sa.Table("auditevent", meta, autoload_with=conn)
    recorded = {}
    for at, detail in conn.execute(
        sa.select(audit.c.at, audit.c.detail).where(audit.c.event == "discussion_recorded")
    ):
        if isinstance(detail, str):
            detail = json.loads(detail)
        did = (detail or {}).get("discussion_id")
        if did is not None:
            recorded[did] = max(_aware(at), recorded.get(did, _aware(at)))
    held = conn.execute(
        sa.select(discussion.c.id, discussion.c.created_at).where(discussion.c.status == "held")
    ).all()
    for did, created_at in held:
        moment = recorded.get(did)
        if moment is None:
            latest = conn.execute(
                sa.select(sa.func.max(action.c.created_at)).where(action.c.discussion_id == did)
            ).scalar()
            moment = max(m for m in (_aware(created_at), _aware(latest)) if m is not None)
        conn.execute(
            discussion.update().where(discussion.c.id == did).values(recorded_at=moment)
        )


def downgrade() -> None:
    op.drop_column("discussion", "recorded_at")
    op.drop_column("organisation", "time_zone")
