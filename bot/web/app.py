"""Application factory for the web app (served by uvicorn with ``--factory``)."""

from __future__ import annotations

from fastapi import FastAPI

from bot.config import Settings, load_settings
from bot.web import chat


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    app = FastAPI(title="Wegweiser", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(chat.router)
    return app
