"""The active model for every Rasa replica: Rasa's model server protocol, served by the web app.

Each replica (``models:`` in the endpoints.yml that :mod:`bot.engine.runtime` writes) asks every
``WEGWEISER_MODEL_PULL_SECONDS`` with ``If-None-Match`` set to the ETag of the model it runs; an
unchanged active model costs a 304, a newly activated one (``wegweiser model activate``, a rollback,
a training) is downloaded and loaded without a restart, on every machine. Only Rasa knows the token.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse

from bot.config import Settings
from bot.engine.models import ModelInfo, ModelRegistry
from bot.engine.runtime import MODEL_PATH, MODEL_TOKEN_HEADER, model_server_token

router = APIRouter()


def model_etag(model: ModelInfo) -> str:
    """Changes when another model becomes active, or the same name is trained again."""
    stat = model.path.stat()
    return f'"{model.name}-{stat.st_size:x}-{stat.st_mtime_ns:x}"'


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    wanted = {tag.strip().removeprefix("W/").strip('"') for tag in header.split(",")}
    return etag.strip('"') in wanted or "*" in wanted


@router.get(MODEL_PATH, include_in_schema=False)
async def active_model(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    given = request.headers.get(MODEL_TOKEN_HEADER, "")
    if not hmac.compare_digest(given.encode(), model_server_token(settings).encode()):
        return Response(status_code=403)
    model = ModelRegistry(settings.models).active()
    if model is None:
        return Response(status_code=404)  # Rasa keeps what it has and asks again later
    etag = model_etag(model)
    if _matches(request.headers.get("If-None-Match"), etag):
        return Response(status_code=304, headers={"ETag": etag})
    # Rasa names the downloaded file after the ``filename`` header; /status then shows the model's name.
    headers = {"ETag": etag, "filename": model.path.name, "Cache-Control": "no-store"}
    return FileResponse(model.path, media_type="application/gzip", headers=headers)
