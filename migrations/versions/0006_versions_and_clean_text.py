"""Version columns for optimistic concurrency, and stored text cleaned once

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24

- ``version`` (NOT NULL, default 1) on assessment, round, discussion and action (TRUST 28).
- Text typed before ``model.text`` existed may hold a NUL, a vertical tab, an ESC or a bidi
  override that broke a person's history, download and erasure (TRUST 26). Every typed text
  column is passed through ``model.text`` once. Not undone by the downgrade: the removed
  characters were invisible and nothing could read them back.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from model import text

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ("assessment", "round", "discussion", "action")
# (table, column, one line?) for every column that holds what a person typed.
TYPED = (
    ("organisation", "name", True),
    ("unit", "name", True),
    ("person", "display_name", True),
    ("round", "name", True),
    ("rating", "reason", False),
    ("note", "text", False),
    ("obstaclepick", "reason", False),
    ("releasetext", "text", False),
    ("agendapoint", "text", False),
    ("action", "title", True),
    ("action", "means", False),
    ("action", "measure", True),
    ("action", "time_span", True),
    ("actionupdate", "comment", True),
    ("workshop", "name", True),
)


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    bind = op.get_bind()
    for table, column, one_line in TYPED:
        rows = bind.execute(sa.text(f'SELECT id, "{column}" FROM "{table}"')).all()
        for row_id, value in rows:
            if value is None:
                continue
            cleaned = text.line(value) if one_line else text.paragraph(value)
            if cleaned != value:
                bind.execute(
                    sa.text(f'UPDATE "{table}" SET "{column}" = :v WHERE id = :id'),
                    {"v": cleaned, "id": row_id},
                )


def downgrade() -> None:
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
