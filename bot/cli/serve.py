"""``wegweiser serve PART`` and ``wegweiser probe PART``: one process of the stack per container.

``wegweiser up`` supervises all parts on one machine; a container platform (deploy/) supervises
them itself, so each container runs one part in the foreground with exactly the command line and
environment ``up`` would use (bot/stack/processes.py). ``probe`` is the health check those
platforms run inside the container (the slim images have no curl): exit 0 when the part is alive,
or with ``--ready`` when it is ready (database reachable, model loaded, engine reachable).
"""

from __future__ import annotations

import argparse
import os

import httpx

from bot.config import PROJECT_ROOT, ConfigError, Settings, load_settings
from bot.errors import OperatorError
from bot.stack.processes import ProcessSpec, actions_process, rasa_process, telegram_process, web_process

PARTS = ("rasa", "actions", "web", "telegram")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = subparsers.add_parser("serve", help="run one part of the stack in the foreground (containers)")
    serve.add_argument("part", choices=PARTS)
    serve.set_defaults(handler=cmd_serve)

    probe = subparsers.add_parser("probe", help="exit 0 when a part of the stack is alive (or --ready)")
    probe.add_argument("part", choices=PARTS[:3])
    probe.add_argument("--ready", action="store_true", help="ask readiness instead of liveness")
    probe.set_defaults(handler=cmd_probe)


def spec_for(settings: Settings, part: str) -> ProcessSpec:
    if part == "rasa":
        from bot.engine.models import ModelRegistry

        model = ModelRegistry(settings.models).active()
        if model is None:
            raise ConfigError(
                f"no active model in {settings.models}: run `wegweiser train --activate` "
                "(deploy/: the `train` job) before starting Rasa"
            )
        return rasa_process(settings, model.path)
    if part == "actions":
        return actions_process(settings)
    if part == "web":
        return web_process(settings)
    spec = telegram_process(settings)
    if spec is None:
        raise ConfigError(
            "the polling Telegram adapter needs TELEGRAM_BOT_TOKEN and WEGWEISER_TELEGRAM_MODE=polling; "
            "in webhook mode the adapter is `wegweiser serve web` with the token set"
        )
    return spec


def cmd_serve(args: argparse.Namespace) -> int:
    settings = load_settings()
    settings.var.mkdir(parents=True, exist_ok=True)
    spec = spec_for(settings, args.part)
    os.chdir(PROJECT_ROOT)
    os.execve(spec.argv[0], spec.argv, spec.env)  # the container's signals go straight to the part
    raise OperatorError(f"could not start {spec.title}")  # pragma: no cover (execve does not return)


def probe_url(settings: Settings, part: str, *, ready: bool) -> str:
    """The URL that tells whether ``part`` is alive (or ready)."""
    if part == "rasa":
        return f"{settings.rasa_url}/status" if ready else f"{settings.rasa_url}/"
    base = settings.actions_url if part == "actions" else settings.web_url
    if part == "actions":
        return f"{base}/readyz" if ready else f"{base}/health"
    return f"{base}/readyz" if ready else f"{base}/healthz"


def cmd_probe(args: argparse.Namespace) -> int:
    settings = load_settings()
    url = probe_url(settings, args.part, ready=args.ready)
    params: dict[str, str] = {}
    if args.part == "rasa" and args.ready:
        from bot.rasa_client import ChannelAuth

        params["token"] = ChannelAuth.from_settings(settings).api_token
    try:
        response = httpx.get(url, params=params, timeout=5.0, trust_env=False)
    except httpx.HTTPError as exc:
        print(f"{args.part}: not answering at {url} ({type(exc).__name__})")
        return 1
    ok = response.status_code == 200
    if ok and args.part == "rasa" and args.ready:
        ok = bool(response.json().get("model_file"))
    print(
        f"{args.part}: {'ready' if args.ready else 'alive'}"
        if ok
        else f"{args.part}: HTTP {response.status_code}"
    )
    return 0 if ok else 1
