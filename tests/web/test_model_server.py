"""The web app serves the active model to Rasa's model server polling: only to Rasa, and only when new."""

from __future__ import annotations

from pathlib import Path

import httpx

from bot.engine.models import ModelRegistry
from bot.engine.runtime import MODEL_PATH, MODEL_TOKEN_HEADER, model_server_token
from tests.auxil.staff import serve, site_settings


def _models(folder: Path) -> Path:
    folder.mkdir()
    for name, content in (("first", b"first model"), ("second", b"second model, longer")):
        (folder / f"{name}.tar.gz").write_bytes(content)
    ModelRegistry(folder).activate("first")
    return folder


def test_rasa_gets_the_active_model_once_then_304_until_another_is_activated(tmp_path: Path) -> None:
    settings = site_settings(tmp_path / "var", models_dir=_models(tmp_path / "models"))
    token = {MODEL_TOKEN_HEADER: model_server_token(settings)}
    with serve(settings) as site, httpx.Client(base_url=site.url, trust_env=False) as http:
        assert http.get(MODEL_PATH).status_code == 403
        assert http.get(MODEL_PATH, headers={MODEL_TOKEN_HEADER: "guessed"}).status_code == 403

        first = http.get(MODEL_PATH, headers=token)
        assert first.status_code == 200 and first.content == b"first model"
        assert first.headers["filename"] == "first.tar.gz"
        etag = first.headers["ETag"]
        again = http.get(MODEL_PATH, headers={**token, "If-None-Match": etag})
        assert again.status_code == 304 and not again.content

        ModelRegistry(settings.models).activate("second")
        switched = http.get(MODEL_PATH, headers={**token, "If-None-Match": etag})
        assert switched.status_code == 200 and switched.content == b"second model, longer"
        assert switched.headers["ETag"] != etag


def test_no_model_yet_is_404_so_rasa_asks_again_later(tmp_path: Path) -> None:
    settings = site_settings(tmp_path / "var", models_dir=tmp_path / "none")
    with serve(settings) as site:
        response = httpx.get(
            f"{site.url}{MODEL_PATH}",
            headers={MODEL_TOKEN_HEADER: model_server_token(settings)},
            trust_env=False,
        )
    assert response.status_code == 404
