"""inbox: questions kept with consent (scrubbed, a week and a district at most), staff labels

Revision ID: 0005_inbox
Revises: 0004_two_factor
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_inbox"
down_revision: str | None = "0004_two_factor"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("predicted", sa.String(length=64), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=True),
        sa.Column("iso_year", sa.SmallInteger(), nullable=False),
        sa.Column("iso_week", sa.SmallInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_questions")),
    )
    op.create_index("ix_inbox_questions_week", "inbox_questions", ["iso_year", "iso_week"])


def downgrade() -> None:
    op.drop_index("ix_inbox_questions_week", table_name="inbox_questions")
    op.drop_table("inbox_questions")
