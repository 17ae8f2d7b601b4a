"""Readiness checks: can this process do its work now (database migrated and reachable, engine loaded)?

Health (``/healthz``, ``/health``) only says the process is alive; readiness (``/readyz``) asks its
dependencies, so a load balancer or Kubernetes sends no traffic to a process that would only apologise.
Each check answers True or False within a few seconds and never raises.
"""

from __future__ import annotations

import logging

from sqlalchemy import text

from bot.config import ConfigError, Settings
from bot.db.session import get_engine
from bot.rasa_client import RasaClient

logger = logging.getLogger(__name__)


def database_ready(url: str) -> bool:
    """The database answers and has been migrated (``wegweiser db upgrade`` has run)."""
    try:
        with get_engine(url).connect() as connection:
            connection.execute(text("SELECT version_num FROM alembic_version")).first()
    except ConfigError:
        return False
    except Exception as exc:  # any driver or network error means: not ready
        logger.warning("Readiness: the database is not reachable (%s).", type(exc).__name__)
        return False
    return True


async def engine_ready(settings: Settings) -> bool:
    """Rasa answers and has a model loaded (its ``/status``)."""
    client = RasaClient.from_settings(settings)
    try:
        return await client.is_ready()
    finally:
        await client.aclose()


def verdict(checks: dict[str, bool]) -> tuple[dict[str, object], int]:
    """The body and status of a readiness answer: 200 when every check passed, else 503."""
    ready = all(checks.values())
    return {"ready": ready, "checks": checks}, 200 if ready else 503
