"""assessment.profile: the core lights of an answer, one letter each, for releases

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24

Plain ADD COLUMN. Existing rows keep NULL: a release reads their ratings instead.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "assessment",
        sa.Column("profile", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    )


def downgrade() -> None:
    op.drop_column("assessment", "profile")
