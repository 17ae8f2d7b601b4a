"""answers: one row per revision of a topic's text in a language and region

Revision ID: 0001_answers
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_answers"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("region", sa.String(length=12), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "published", name="answerstatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("source_version", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=500), nullable=False),
        sa.Column("last_reviewed", sa.Date(), nullable=True),
        sa.Column("minor_edit", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
    )
    op.create_index("ix_answers_lookup", "answers", ["topic", "language", "status"])
    op.create_index(
        "uq_answers_revision",
        "answers",
        ["topic", "language", sa.text("coalesce(region, '')"), "version"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_answers_revision", table_name="answers")
    op.drop_index("ix_answers_lookup", table_name="answers")
    op.drop_table("answers")
