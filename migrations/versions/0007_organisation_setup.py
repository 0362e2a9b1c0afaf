"""Organisation set-up: retired units and people, one-time password links

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24

- ``unit.retired_at`` and ``person.retired_at``: retiring keeps history and says when.
- ``passwordtoken``: hashed one-time links to set or reset a password (model.accounts).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("unit", "person"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("retired_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
            )
    op.create_table(
        "passwordtoken",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_passwordtoken_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["person.id"], name=op.f("fk_passwordtoken_created_by_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passwordtoken")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_passwordtoken_token_hash")),
    )
    op.create_index(
        op.f("ix_passwordtoken_person_id"), "passwordtoken", ["person_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_passwordtoken_person_id"), table_name="passwordtoken")
    op.drop_table("passwordtoken")
    for table in ("person", "unit"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("retired_at")
