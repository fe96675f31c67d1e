"""evaluation reminder: a record of reminder e-mails (the automatic one goes once)

Revision ID: 0002_evaluation_reminder
Revises: 0001d
Create Date: 2026-11-30 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import teameval.models.base

revision: str = "0002_evaluation_reminder"
down_revision: str | None = "0001d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evaluation_reminder",
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("dedupe_key", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("recipient_count", sa.Integer(), nullable=False),
        sa.Column("sent_count", sa.Integer(), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("completed_at", teameval.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", teameval.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluation.id"],
            name=op.f("fk_evaluation_reminder_evaluation_id_evaluation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_evaluation_reminder_requested_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_evaluation_reminder_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_reminder")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_evaluation_reminder_dedupe_key")),
    )
    with op.batch_alter_table("evaluation_reminder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_reminder_evaluation_id"), ["evaluation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_evaluation_reminder_school_id"), ["school_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("evaluation_reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_reminder_school_id"))
        batch_op.drop_index(batch_op.f("ix_evaluation_reminder_evaluation_id"))
    op.drop_table("evaluation_reminder")
