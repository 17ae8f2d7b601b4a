"""Database access: the declarative base, engine/session factory and Alembic migrations."""
