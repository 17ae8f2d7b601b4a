"""Trained models under ``models/``: which exist, which is active, and the history for rollback.

Each model is ``<name>.tar.gz`` with a model card ``<name>.card.json`` beside it; ``active.json`` names the
active model and the ones active before it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import ConfigError
from bot.errors import OperatorError

STATE_FILE = "active.json"


class ModelError(OperatorError):
    """A model operation is impossible; the message tells the operator what to do."""


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path
    card: dict[str, Any]

    @property
    def size_mb(self) -> float:
        return self.path.stat().st_size / 1_000_000

    @property
    def language_id_path(self) -> Path:
        """The language identifier trained with this model (``bot/nlu/langid.py``)."""
        return self.path.with_name(f"{self.name}.langid.npz")


class ModelRegistry:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _card(self, name: str) -> dict[str, Any]:
        path = self.directory / f"{name}.card.json"
        try:
            card: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return card

    def write_card(self, name: str, card: dict[str, Any]) -> None:
        path = self.directory / f"{name}.card.json"
        path.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def list(self) -> list[ModelInfo]:
        """All trained models, newest first."""
        if not self.directory.is_dir():
            return []
        paths = sorted(
            self.directory.glob("*.tar.gz"), key=lambda p: (p.stat().st_mtime, p.name), reverse=True
        )
        return [
            ModelInfo(p.name.removesuffix(".tar.gz"), p, self._card(p.name.removesuffix(".tar.gz")))
            for p in paths
        ]

    def get(self, name: str) -> ModelInfo:
        name = name.removesuffix(".tar.gz")
        path = self.directory / f"{name}.tar.gz"
        if not path.is_file():
            known = ", ".join(m.name for m in self.list()) or "none"
            raise ModelError(f"no model named {name!r} in {self.directory} (known: {known})")
        return ModelInfo(name, path, self._card(name))

    def _state(self) -> dict[str, Any]:
        try:
            state: dict[str, Any] = json.loads((self.directory / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"active": None, "history": []}
        return state

    def _save_state(self, state: dict[str, Any]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self.directory / f".{STATE_FILE}.tmp"
        tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.directory / STATE_FILE)

    def has_choice(self) -> bool:
        """Whether an operator (or the first training) has chosen an active model."""
        name = self._state().get("active")
        return bool(name) and (self.directory / f"{name}.tar.gz").is_file()

    def active(self) -> ModelInfo | None:
        """The active model; when none was chosen yet, the newest one."""
        name = self._state().get("active")
        if name and (self.directory / f"{name}.tar.gz").is_file():
            return self.get(name)
        models = self.list()
        return models[0] if models else None

    def require_active(self) -> ModelInfo:
        model = self.active()
        if model is None:
            raise ConfigError(
                f"no trained model in {self.directory}; run `wegweiser train` first "
                "(or `make run`, which trains when needed)"
            )
        return model

    def activate(self, name: str) -> ModelInfo:
        model = self.get(name)
        state = self._state()
        current = state.get("active")
        if current and current != model.name:
            state["history"] = [*state.get("history", []), current][-20:]
        state["active"] = model.name
        self._save_state(state)
        return model

    def rollback(self) -> ModelInfo:
        """Re-activate the model that was active before the current one."""
        state = self._state()
        history = [n for n in state.get("history", []) if (self.directory / f"{n}.tar.gz").is_file()]
        if not history:
            raise ModelError("there is no earlier model to roll back to")
        previous = history.pop()
        state.update(active=previous, history=history)
        self._save_state(state)
        return self.get(previous)

    def find_fingerprint(self, fingerprint: str) -> ModelInfo | None:
        for model in self.list():
            if model.card.get("fingerprint") == fingerprint:
                return model
        return None
