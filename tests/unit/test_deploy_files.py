"""deploy/ is checked like code: the files parse, what they run exists, what they set is a setting.

Docker is not needed (nor run): the checks read the compose file, the Kubernetes manifests, the
Dockerfiles, the Caddyfile and the Grafana dashboard as text and data.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import build_parser
from bot.config import PROJECT_ROOT, Settings

DEPLOY = PROJECT_ROOT / "deploy"
OUR_IMAGES = {"wegweiser-app": "app.Dockerfile", "wegweiser-engine": "engine.Dockerfile"}
OFFICIAL_IMAGES = {"postgres", "redis", "caddy"}
"""Images not built here: official Docker Hub images only, each with a major version tag."""
NOT_SETTINGS = {"WEGWEISER_ENV_FILE"}
"""Variables the app reads besides its settings (load_settings)."""


def yaml_documents() -> Iterator[tuple[Path, Any]]:
    for path in sorted([*DEPLOY.rglob("*.yaml"), *DEPLOY.rglob("*.yml")]):
        for document in yaml.safe_load_all(path.read_text()):
            if document is not None:
                yield path, document


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping inside a parsed YAML document."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return data


def kubernetes_containers() -> Iterator[dict[str, Any]]:
    for path, document in yaml_documents():
        if path.parent.name == "k8s":
            for mapping in walk(document):
                if isinstance(mapping.get("containers"), list):
                    yield from mapping["containers"]


def wegweiser_commands() -> Iterator[tuple[str, list[str]]]:
    """(where, arguments) of every ``wegweiser`` command deploy/ runs."""

    def from_argv(where: str, argv: list[str], image: str | None) -> Iterator[tuple[str, list[str]]]:
        if argv[:2] == ["/bin/sh", "-c"] or argv[:1] == ["/bin/sh"]:
            argv = argv[1:]
        if argv[:1] == ["-c"]:
            for part in argv[1].split("&&"):
                yield from from_argv(where, shlex.split(part), image)
            return
        if argv[:1] == ["CMD"]:
            argv = argv[1:]
        if argv[:1] == ["wegweiser"]:
            yield where, argv[1:]
        elif image in OUR_IMAGES and argv and not argv[0].startswith("/"):
            yield where, argv  # the images' entrypoint is `wegweiser`

    for name, service in compose()["services"].items():
        image = str(service.get("image", "")).split(":")[0]
        entry = service.get("entrypoint") or []
        command = service.get("command") or []
        if entry:
            yield from from_argv(f"compose {name}", [*entry, *command], image)
        elif command:
            yield from from_argv(f"compose {name}", list(command), image)
        test = (service.get("healthcheck") or {}).get("test") or []
        yield from from_argv(f"compose {name} healthcheck", list(test), None)
    for container in kubernetes_containers():
        image = str(container["image"]).split(":")[0]
        where = f"k8s {container['name']}"
        yield from from_argv(where, [*container.get("command", []), *container.get("args", [])], image)
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            exec_ = (container.get(probe) or {}).get("exec")
            if exec_:
                yield from from_argv(f"{where} {probe}", exec_["command"], None)


def variables_set() -> Iterator[tuple[str, str]]:
    """(where, name) of every environment variable deploy/ sets."""
    for name, service in compose()["services"].items():
        environment = service.get("environment") or {}
        for variable in environment if isinstance(environment, dict) else ():
            yield f"compose {name}", variable
    for container in kubernetes_containers():
        for item in container.get("env", []):
            yield f"k8s {container['name']}", item["name"]
    for path, document in yaml_documents():
        if isinstance(document, dict) and document.get("kind") in ("ConfigMap", "Secret"):
            for key in {**document.get("data", {}), **document.get("stringData", {})}:
                yield f"{path.name}", key
    for dockerfile in DEPLOY.glob("*.Dockerfile"):
        for line in re.findall(r"^ENV (.+?)(?<!\\)$", dockerfile.read_text().replace("\\\n", " "), re.M):
            for name in re.findall(r"(\w+)=", line):
                yield dockerfile.name, name
    for line in (DEPLOY / "wegweiser.env.example").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            yield "wegweiser.env.example", line.split("=")[0]


def test_every_file_parses() -> None:
    assert len(list(yaml_documents())) >= 8
    dashboard = json.loads((DEPLOY / "grafana" / "wegweiser.json").read_text())
    assert dashboard["panels"]


def test_every_command_exists() -> None:
    parser = build_parser()
    commands = list(wegweiser_commands())
    assert {tuple(args[:2]) for _, args in commands} >= {
        ("serve", "rasa"),
        ("serve", "actions"),
        ("serve", "web"),
        ("db", "upgrade"),
        ("train", "--activate"),
    }
    for where, args in commands:
        try:
            parser.parse_args(args)
        except SystemExit:
            pytest.fail(f"{where}: `wegweiser {' '.join(args)}` is not a wegweiser command")


def test_every_variable_is_a_setting() -> None:
    known = {f"WEGWEISER_{name.upper()}" for name in Settings.model_fields} | NOT_SETTINGS
    unknown = sorted(
        f"{where}: {name}"
        for where, name in variables_set()
        if name.startswith("WEGWEISER_") and name not in known
    )
    assert unknown == []


def test_images_are_built_here_or_official() -> None:
    images = {str(s["image"]) for s in compose()["services"].values() if "image" in s}
    images |= {str(c["image"]) for c in kubernetes_containers()}
    for image in images:
        name, _, tag = image.partition(":")
        if name in OUR_IMAGES:
            continue
        assert name in OFFICIAL_IMAGES and tag.isdigit(), f"{image}: neither built from deploy/ nor official"
    built = {
        str(s["image"]).split(":")[0]: s["build"]["dockerfile"]
        for s in compose()["services"].values()
        if "build" in s
    }
    assert built == {name: f"deploy/{file}" for name, file in OUR_IMAGES.items()}


@pytest.mark.parametrize("dockerfile", sorted(OUR_IMAGES.values()))
def test_dockerfiles_copy_files_that_exist(dockerfile: str) -> None:
    text = (DEPLOY / dockerfile).read_text()
    assert re.search(r"^FROM python:3\.11", text, re.M), "the engine needs Python 3.11 (TensorFlow 2.12.0)"
    for sources in re.findall(r"^COPY (.+) \S+$", text, re.M):
        for source in sources.split():
            assert source == "." or (PROJECT_ROOT / source).exists(), f"{dockerfile}: COPY {source}"
    if dockerfile == "engine.Dockerfile":
        assert "--require-hashes engine/requirements.lock" in text


def test_the_proxy_routes_telegram_to_the_adapter_and_hides_metrics() -> None:
    caddyfile = (DEPLOY / "Caddyfile").read_text()
    services = compose()["services"]
    adapter_port = services["adapter"]["environment"]["WEGWEISER_WEB_PORT"]
    web_port = services["web"]["environment"]["WEGWEISER_WEB_PORT"]
    assert f"reverse_proxy /telegram/webhook 127.0.0.1:{adapter_port}" in caddyfile
    assert f"reverse_proxy 127.0.0.1:{web_port}" in caddyfile
    assert re.search(r"@internal path /metrics.*\n\s*respond @internal 404", caddyfile)
    assert "TELEGRAM_BOT_TOKEN" not in services["web"]["environment"]  # one webhook, the adapter's


def test_the_dashboard_asks_only_for_metrics_the_processes_export() -> None:
    from prometheus_client import REGISTRY

    import actions.observability  # noqa: F401 (registers the action server's metrics)
    import bot.observability.metrics  # noqa: F401

    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}
    exported = {
        family.name + suffix for family in REGISTRY.collect() for suffix in suffixes.get(family.type, ("",))
    }
    dashboard = (DEPLOY / "grafana" / "wegweiser.json").read_text()
    asked = set(re.findall(r"\b((?:wegweiser|process)_[a-z_]+)", dashboard))
    assert asked and asked <= exported, sorted(asked - exported)
