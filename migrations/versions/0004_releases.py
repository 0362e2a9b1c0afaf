"""one release per round: stored anonymous counts, pooled texts, counted answers, erased answers
a viewer knew

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

New tables only; nothing existing is rebuilt.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("released_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_release_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"], name=op.f("fk_release_round_id_round")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release")),
        sa.UniqueConstraint("round_id", name=op.f("uq_release_round_id")),
    )
    op.create_index(
        op.f("ix_release_organisation_id"), "release", ["organisation_id"], unique=False
    )
    op.create_table(
        "releasetext",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("kind", _text(length=10), nullable=False),
        sa.Column("category", _text(length=20), nullable=True),
        sa.Column("level", _text(length=20), nullable=True),
        sa.Column("field_key", _text(length=100), nullable=True),
        sa.Column("obstacle_key", _text(length=100), nullable=True),
        sa.Column("text", _text(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_releasetext_assessment_id_assessment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["release.id"],
            name=op.f("fk_releasetext_release_id_release"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["team_id"], ["unit.id"], name=op.f("fk_releasetext_team_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_releasetext")),
    )
    op.create_index(
        op.f("ix_releasetext_release_id"), "releasetext", ["release_id"], unique=False
    )
    op.create_index(
        op.f("ix_releasetext_assessment_id"), "releasetext", ["assessment_id"], unique=False
    )
    op.create_table(
        "releasemember",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_releasemember_assessment_id_assessment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["release.id"],
            name=op.f("fk_releasemember_release_id_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("release_id", "assessment_id", name=op.f("pk_releasemember")),
    )
    op.create_table(
        "releaseknown",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("viewer_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["release.id"],
            name=op.f("fk_releaseknown_release_id_release"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["viewer_id"], ["person.id"], name=op.f("fk_releaseknown_viewer_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["unit.id"], name=op.f("fk_releaseknown_team_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_releaseknown")),
    )
    op.create_index(
        op.f("ix_releaseknown_release_id"), "releaseknown", ["release_id"], unique=False
    )
    op.create_index(
        op.f("ix_releaseknown_viewer_id"), "releaseknown", ["viewer_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("releaseknown")
    op.drop_table("releasemember")
    op.drop_table("releasetext")
    op.drop_table("release")
