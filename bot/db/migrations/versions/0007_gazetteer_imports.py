"""gazetteer_imports: one row per import, so a place index notices moved codes and renamed regions

Revision ID: 0007_gazetteer_imports
Revises: 0006_answer_public_source
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_gazetteer_imports"
down_revision: str | None = "0006_answer_public_source"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gazetteer_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("regions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gazetteer_imports")),
    )


def downgrade() -> None:
    op.drop_table("gazetteer_imports")
