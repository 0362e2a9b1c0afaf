"""Live workshops: phases, participants without persons, notes, themes, dot votes

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25

- ``workshop``: the template's questions, guests allowed, the dot budget, the phase's timer and a
  version that live views poll.
- ``workshopparticipant``: only a hash of the random token in a participant's URL.
- ``workshopnote``: no author and no time; a random ``ref`` orders the board.
- ``workshoptheme`` and ``workshopvote`` (one row per dot, a slot unique per participant).
- ``action.unit_id`` and ``action.theme_id``: a workshop's action belongs to its unit and theme.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _workshop_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workshop_id"],
        ["workshop.id"],
        name=op.f(f"fk_{table}_workshop_id_workshop"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("questions", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(
            sa.Column("allow_guests", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("vote_budget", sa.Integer(), nullable=False, server_default="3"))
        batch.add_column(
            sa.Column("phase_ends_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "workshopparticipant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", _text(64), nullable=False),
        _workshop_fk("workshopparticipant"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshopparticipant")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_workshopparticipant_token_hash")),
    )
    op.create_index(
        op.f("ix_workshopparticipant_workshop_id"),
        "workshopparticipant",
        ["workshop_id"],
        unique=False,
    )
    op.create_table(
        "workshoptheme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("title", _text(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=True),
        _workshop_fk("workshoptheme"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshoptheme")),
    )
    op.create_index(
        op.f("ix_workshoptheme_workshop_id"), "workshoptheme", ["workshop_id"], unique=False
    )
    op.create_table(
        "workshopnote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("ref", _text(16), nullable=False),
        sa.Column("question_key", _text(40), nullable=False),
        sa.Column("text", _text(1000), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        _workshop_fk("workshopnote"),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["workshopparticipant.id"],
            name=op.f("fk_workshopnote_participant_id_workshopparticipant"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["workshoptheme.id"],
            name=op.f("fk_workshopnote_theme_id_workshoptheme"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshopnote")),
        sa.UniqueConstraint("ref", name=op.f("uq_workshopnote_ref")),
    )
    for column in ("workshop_id", "participant_id", "theme_id"):
        op.create_index(
            op.f(f"ix_workshopnote_{column}"), "workshopnote", [column], unique=False
        )
    op.create_table(
        "workshopvote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        _workshop_fk("workshopvote"),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["workshopparticipant.id"],
            name=op.f("fk_workshopvote_participant_id_workshopparticipant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["workshoptheme.id"],
            name=op.f("fk_workshopvote_theme_id_workshoptheme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshopvote")),
        sa.UniqueConstraint("participant_id", "slot", name=op.f("uq_workshopvote_participant_id")),
    )
    for column in ("workshop_id", "participant_id", "theme_id"):
        op.create_index(
            op.f(f"ix_workshopvote_{column}"), "workshopvote", [column], unique=False
        )
    with op.batch_alter_table("action") as batch:
        batch.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("theme_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f("fk_action_unit_id_unit"), "unit", ["unit_id"], ["id"])
        batch.create_foreign_key(
            batch.f("fk_action_theme_id_workshoptheme"),
            "workshoptheme",
            ["theme_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(batch.f("ix_action_unit_id"), ["unit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("action") as batch:
        batch.drop_index(batch.f("ix_action_unit_id"))
        batch.drop_constraint(batch.f("fk_action_theme_id_workshoptheme"), type_="foreignkey")
        batch.drop_constraint(batch.f("fk_action_unit_id_unit"), type_="foreignkey")
        batch.drop_column("theme_id")
        batch.drop_column("unit_id")
    for table in ("workshopvote", "workshopnote"):
        for column in ("theme_id", "participant_id", "workshop_id"):
            op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
        op.drop_table(table)
    op.drop_index(op.f("ix_workshoptheme_workshop_id"), table_name="workshoptheme")
    op.drop_table("workshoptheme")
    op.drop_index(op.f("ix_workshopparticipant_workshop_id"), table_name="workshopparticipant")
    op.drop_table("workshopparticipant")
    with op.batch_alter_table("workshop") as batch:
        for column in ("version", "phase_ends_at", "vote_budget", "allow_guests", "questions"):
            batch.drop_column(column)
