"""sign-in codes: single-use, expiring codes (kept hashed) and sign-ins that may only set a password

Revision ID: 0004_sign_in_code
Revises: 0003_job_evaluation_status_index
Create Date: 2026-12-06 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from teameval.models.base import UTCDateTime

revision: str = "0004_sign_in_code"
down_revision: str | None = "0003_job_evaluation_status_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_sign_in_code_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_sign_in_code_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"],
            ["user_account.id"],
            name=op.f("fk_sign_in_code_issued_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_code")),
    )
    for column in ("school_id", "user_id", "issued_by_id"):
        op.create_index(op.f(f"ix_sign_in_code_{column}"), "sign_in_code", [column])
    with op.batch_alter_table("auth_session") as batch:
        batch.add_column(
            sa.Column("purpose", sa.String(length=16), server_default="sign_in", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("auth_session") as batch:
        batch.drop_column("purpose")
    for column in ("issued_by_id", "user_id", "school_id"):
        op.drop_index(op.f(f"ix_sign_in_code_{column}"), table_name="sign_in_code")
    op.drop_table("sign_in_code")
