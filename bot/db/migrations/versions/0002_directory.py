"""directory: organisations, services, locations, opening hours, search index, regions, postal codes,
usage counts

Revision ID: 0002_directory
Revises: 0001_answers
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_directory"
down_revision: str | None = "0001_answers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROVIDERS = (
    "caritas",
    "diakonie",
    "awo",
    "drk",
    "paritaetischer",
    "zwst",
    "municipality",
    "migrant_organisation",
    "other",
)


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "provider",
            sa.Enum(*PROVIDERS, name="provider", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("uid", name=op.f("uq_organisations_uid")),
    )
    op.create_table(
        "locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("postal_code", sa.String(length=10), nullable=False),
        sa.Column("city", sa.String(length=200), nullable=False),
        sa.Column("ags", sa.String(length=12), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_locations_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
        sa.UniqueConstraint("uid", name=op.f("uq_locations_uid")),
    )
    op.create_index("ix_locations_coordinates", "locations", ["latitude", "longitude"])
    op.create_index(op.f("ix_locations_organisation_id"), "locations", ["organisation_id"])
    op.create_table(
        "services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("free", sa.Boolean(), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=True),
        sa.Column("appointment", sa.Boolean(), nullable=True),
        sa.Column("accessible", sa.Boolean(), nullable=True),
        sa.Column("phone", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=False),
        sa.Column("online_counselling", sa.String(length=500), nullable=False),
        sa.Column("last_verified", sa.Date(), nullable=True),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_services_location_id_locations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_services_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_services")),
        sa.UniqueConstraint("uid", name=op.f("uq_services_uid")),
    )
    op.create_index(op.f("ix_services_location_id"), "services", ["location_id"])
    op.create_index(op.f("ix_services_organisation_id"), "services", ["organisation_id"])
    op.create_table(
        "service_topics",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_service_topics_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "topic", name=op.f("pk_service_topics")),
    )
    op.create_index("ix_service_topics_topic", "service_topics", ["topic", "service_id"])
    op.create_table(
        "service_languages",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_service_languages_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "language", name=op.f("pk_service_languages")),
    )
    op.create_index("ix_service_languages_language", "service_languages", ["language", "service_id"])
    op.create_table(
        "opening_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("opens", sa.Time(), nullable=False),
        sa.Column("closes", sa.Time(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.CheckConstraint("weekday >= 0 AND weekday <= 6", name=op.f("ck_opening_hours_weekday")),
        sa.CheckConstraint("opens < closes", name=op.f("ck_opening_hours_span")),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_opening_hours_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opening_hours")),
    )
    op.create_index(op.f("ix_opening_hours_service_id"), "opening_hours", ["service_id"])
    op.create_table(
        "service_search",
        sa.Column("service_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("topics", sa.String(length=1200), nullable=False),
        sa.Column("languages", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
            name=op.f("fk_service_search_service_id_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", name=op.f("pk_service_search")),
    )
    op.create_index(
        "ix_service_search_box",
        "service_search",
        ["latitude", "longitude", "topics", "languages", "service_id"],
    )
    op.create_table(
        "regions",
        sa.Column("ags", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("ags", name=op.f("pk_regions")),
    )
    op.create_table(
        "postal_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postal_code", sa.String(length=10), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("ags", sa.String(length=12), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("special", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_postal_codes")),
    )
    op.create_index(op.f("ix_postal_codes_postal_code"), "postal_codes", ["postal_code"])
    op.create_index("ix_postal_codes_coordinates", "postal_codes", ["latitude", "longitude"])
    op.create_index(
        "uq_postal_codes_entry",
        "postal_codes",
        ["postal_code", "place", sa.text("coalesce(ags, '')")],
        unique=True,
    )
    op.create_table(
        "usage_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("region", sa.String(length=12), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("iso_year", sa.SmallInteger(), nullable=False),
        sa.Column("iso_week", sa.SmallInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_usage_counts")),
    )
    op.create_index(
        "uq_usage_counts_key",
        "usage_counts",
        ["topic", "language", sa.text("coalesce(region, '')"), "iso_year", "iso_week"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_usage_counts_key", table_name="usage_counts")
    op.drop_table("usage_counts")
    op.drop_index("uq_postal_codes_entry", table_name="postal_codes")
    op.drop_index("ix_postal_codes_coordinates", table_name="postal_codes")
    op.drop_index(op.f("ix_postal_codes_postal_code"), table_name="postal_codes")
    op.drop_table("postal_codes")
    op.drop_table("regions")
    op.drop_index("ix_service_search_box", table_name="service_search")
    op.drop_table("service_search")
    op.drop_index(op.f("ix_opening_hours_service_id"), table_name="opening_hours")
    op.drop_table("opening_hours")
    op.drop_index("ix_service_languages_language", table_name="service_languages")
    op.drop_table("service_languages")
    op.drop_index("ix_service_topics_topic", table_name="service_topics")
    op.drop_table("service_topics")
    op.drop_index(op.f("ix_services_organisation_id"), table_name="services")
    op.drop_index(op.f("ix_services_location_id"), table_name="services")
    op.drop_table("services")
    op.drop_index(op.f("ix_locations_organisation_id"), table_name="locations")
    op.drop_index("ix_locations_coordinates", table_name="locations")
    op.drop_table("locations")
    op.drop_table("organisations")
