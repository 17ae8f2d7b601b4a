"""answers: public_source, the public body named to users under an answer ("Source: BAMF")

Revision ID: 0006_answer_public_source
Revises: 0005_inbox
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_answer_public_source"
down_revision: str | None = "0005_inbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("answers", sa.Column("public_source", sa.String(length=200), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35 has it): a batch copy of the table would lose the expression
    # index uq_answers_revision, which SQLAlchemy cannot reflect.
    op.drop_column("answers", "public_source")
