"""Sign-in that holds: server-side sessions, sign-in hand-offs, throttling, SSO identities

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24

- ``signinsession``: hashed session tokens carried by an HttpOnly cookie (model.sessions).
- ``signinhandoff``: a checked sign-in waiting for its browser to collect the cookie.
- ``signinfailure`` and ``knowndevice``: throttling that slows the source, not the person
  (model.throttle).
- ``uq_person_sso``: one person per SSO issuer + subject (model.sso).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sqlmodel.sql.sqltypes.UTCDateTime


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _person_fk(table: str, column: str = "person_id") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["person.id"], name=op.f(f"fk_{table}_{column}_person")
    )


def upgrade() -> None:
    op.create_table(
        "signinsession",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", _text(64), nullable=False),
        sa.Column("method", _text(20), nullable=False),
        sa.Column("created_at", _TIME(), nullable=False),
        sa.Column("last_seen_at", _TIME(), nullable=False),
        sa.Column("expires_at", _TIME(), nullable=False),
        sa.Column("revoked_at", _TIME(), nullable=True),
        _person_fk("signinsession"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signinsession")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_signinsession_token_hash")),
    )
    op.create_index(
        op.f("ix_signinsession_person_id"), "signinsession", ["person_id"], unique=False
    )
    op.create_table(
        "signinhandoff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_hash", _text(64), nullable=False),
        sa.Column("purpose", _text(20), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("method", _text(20), nullable=False),
        sa.Column("created_at", _TIME(), nullable=False),
        sa.Column("expires_at", _TIME(), nullable=False),
        _person_fk("signinhandoff"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signinhandoff")),
    )
    op.create_index(
        op.f("ix_signinhandoff_device_hash"), "signinhandoff", ["device_hash"], unique=False
    )
    op.create_index(
        op.f("ix_signinhandoff_person_id"), "signinhandoff", ["person_id"], unique=False
    )
    op.create_table(
        "signinfailure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", _TIME(), nullable=False),
        sa.Column("source_hash", _text(64), nullable=False),
        sa.Column("account_hash", _text(64), nullable=False),
        sa.Column("device_hash", _text(64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        _person_fk("signinfailure"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signinfailure")),
    )
    op.create_index(op.f("ix_signinfailure_at"), "signinfailure", ["at"], unique=False)
    op.create_index(
        op.f("ix_signinfailure_source_hash"), "signinfailure", ["source_hash"], unique=False
    )
    op.create_index(
        op.f("ix_signinfailure_account_hash"), "signinfailure", ["account_hash"], unique=False
    )
    op.create_index(
        op.f("ix_signinfailure_person_id"), "signinfailure", ["person_id"], unique=False
    )
    op.create_table(
        "knowndevice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("device_hash", _text(64), nullable=False),
        sa.Column("last_signed_in_at", _TIME(), nullable=False),
        _person_fk("knowndevice"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowndevice")),
        sa.UniqueConstraint("person_id", "device_hash", name="uq_knowndevice_pair"),
    )
    op.create_index(op.f("ix_knowndevice_person_id"), "knowndevice", ["person_id"], unique=False)
    op.create_index("uq_person_sso", "person", ["sso_issuer", "sso_subject"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_person_sso", table_name="person")
    op.drop_index(op.f("ix_knowndevice_person_id"), table_name="knowndevice")
    op.drop_table("knowndevice")
    for column in ("person_id", "account_hash", "source_hash", "at"):
        op.drop_index(op.f(f"ix_signinfailure_{column}"), table_name="signinfailure")
    op.drop_table("signinfailure")
    for column in ("person_id", "device_hash"):
        op.drop_index(op.f(f"ix_signinhandoff_{column}"), table_name="signinhandoff")
    op.drop_table("signinhandoff")
    op.drop_index(op.f("ix_signinsession_person_id"), table_name="signinsession")
    op.drop_table("signinsession")
