"""``python -m actions.server``: rasa-sdk's action server, for Rasa only, saying nothing it was sent.

Anyone on the host can reach the action server's port, so every request but ``/health`` must carry
the token Rasa sends in :data:`~bot.rasa_client.ACTION_TOKEN_HEADER` (written into Rasa's
``endpoints.yml``; both sides derive it from the installation secret, never from the command line).
A body that is not an action call is refused with a short code; an action that raises is logged by
type and place (no values, no traceback) and answered ``{"error": "action_failed"}`` — rasa-sdk's own
handler would log the request and answer with the exception text and the whole body.
"""

from __future__ import annotations

import hmac
import logging
import os
import traceback
from functools import partial
from typing import Any

from rasa_sdk import utils
from rasa_sdk.constants import DEFAULT_SERVER_PORT
from rasa_sdk.endpoint import create_app_for_serve
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic.worker.loader import AppLoader

from actions import observability
from bot.config import Settings, load_settings
from bot.nlu.greeting import greeting_words
from bot.rasa_client import ACTION_TOKEN_HEADER, action_server_token

logger = logging.getLogger("actions.server")

OPEN_PATHS = frozenset({"/health"}) | observability.PATHS
"""Liveness, readiness and metrics: the supervisor, Rasa's channel and Prometheus ask without a token."""


def _where(error: BaseException) -> str:
    """Where an action failed, as file:line of our own frames (no values)."""
    frames = traceback.extract_tb(error.__traceback__) if error.__traceback__ else []
    ours = [f for f in frames if "/actions/" in f.filename or "/bot/" in f.filename][-2:]
    return " → ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in ours) or "?"


def _is_action_call(request: Request) -> bool:
    try:
        body = request.json
    except SanicException:
        return False
    return isinstance(body, dict) and isinstance(body.get("next_action"), str)


def guard(app: Sanic, token: str) -> Sanic:  # type: ignore[type-arg]
    """Require the token, refuse what is not an action call, and answer failures briefly."""

    @app.on_request
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        given = request.headers.get(ACTION_TOKEN_HEADER, "")
        if not hmac.compare_digest(given.encode(), token.encode()):
            return response.json({"error": "unauthorised"}, status=401)
        if request.path == "/webhook" and request.method == "POST" and not _is_action_call(request):
            return response.json({"error": "bad_request"}, status=400)
        return None

    async def failed(request: Request, exception: Exception) -> HTTPResponse:
        if isinstance(exception, SanicException) and exception.status_code < 500:
            return response.json({"error": "bad_request"}, status=exception.status_code)
        logger.error("An action failed (%s) at %s.", type(exception).__name__, _where(exception))
        return response.json({"error": "action_failed"}, status=500)

    # rasa-sdk registered its own handler for every exception; Sanic refuses a second one, so it is
    # replaced where Sanic looks it up.
    app.error_handler.cached_handlers[(Exception, None)] = failed
    return app


def create_guarded_app(
    action_executor: ActionExecutor, token: str, settings: Settings | None = None, **kwargs: Any
) -> Sanic:  # type: ignore[type-arg]
    """rasa-sdk's app (module level, so Sanic's loader can build it in its worker) with the guard,
    readiness and metrics (``settings`` for the readiness check's database; read when not given)."""
    app = guard(create_app_for_serve(action_executor, cors_origins=None, **kwargs), token)
    return observability.observe(app, settings or load_settings(), tuple(action_executor.actions))


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=DEFAULT_SERVER_PORT)
    parser.add_argument("--actions", default="actions")
    args = parser.parse_args()
    utils.configure_colored_logging(os.environ.get("LOG_LEVEL", "INFO"))
    utils.update_sanic_log_level()
    executor = ActionExecutor()
    executor.register_package(args.actions)
    settings = load_settings()
    token = action_server_token(settings)
    greeting_words(settings.home / "nlu_data")  # read now, not while the first "hallo" waits for it
    loader = AppLoader(factory=partial(create_guarded_app, executor, token, settings))
    app = loader.load()
    host = os.environ.get("SANIC_HOST", "127.0.0.1")
    workers = utils.number_of_sanic_workers()
    logger.info("Action server answering Rasa on http://%s:%d", host, args.port)
    if workers == 1:
        # One worker needs no worker manager: Sanic's would add two processes (~200 MB resident).
        app.prepare(host=host, port=args.port, single_process=True)
        Sanic.serve_single(primary=app)
    else:
        app.prepare(host=host, port=args.port, workers=workers)
        Sanic.serve(primary=app, app_loader=loader)


if __name__ == "__main__":
    main()
