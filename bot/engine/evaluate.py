"""``wegweiser nlu evaluate``: score the active model on any Rasa-format NLU file, as ``rasa test nlu`` does.

The figures (accuracy, macro/weighted F1, per-intent precision/recall/F1/support) are Rasa's own, read
from its ``intent_report.json``; we add the language-detection accuracy and how often out-of-scope
messages were kept away from topic answers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.errors import OperatorError
from bot.engine.models import ModelRegistry
from bot.engine.runtime import engine_env, rasa_executable
from bot.nlu.language import detect_language
from bot.topics import TOPICS


class EvaluationError(OperatorError):
    """The evaluation could not run; the message says why."""


def _predictions(out: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = out / name
        if path.is_file():
            rows.extend(json.loads(path.read_text(encoding="utf-8")))
    return rows


def summarize(report: dict[str, Any], predictions: list[dict[str, Any]], lang: str | None) -> dict[str, Any]:
    """Turn Rasa's report and predictions into Wegweiser's evaluation JSON."""
    per_intent = {
        name: {k: row[k] for k in ("precision", "recall", "f1-score", "support")}
        for name, row in sorted(report.items())
        if isinstance(row, dict) and name not in ("macro avg", "weighted avg", "micro avg")
    }
    result: dict[str, Any] = {
        "accuracy": report.get("accuracy", report.get("micro avg", {}).get("f1-score")),
        "macro_f1": report["macro avg"]["f1-score"],
        "weighted_f1": report["weighted avg"]["f1-score"],
        "n": int(report["weighted avg"]["support"]),
        "per_intent": per_intent,
    }
    oos = [p for p in predictions if p.get("intent") == "out_of_scope"]
    if oos:
        safe = sum(1 for p in oos if (p.get("intent_prediction") or {}).get("name") not in TOPICS)
        result["out_of_scope_safe_rate"] = safe / len(oos)
    if lang is not None:
        texts = [str(p.get("text", "")) for p in predictions]
        hits = sum(1 for t in texts if detect_language(t) == lang)
        result["language_accuracy"] = hits / len(texts) if texts else None
    return result


def evaluate(
    settings: Settings,
    files: list[Path],
    *,
    lang: str | None = None,
    model: Path | None = None,
    echo: Callable[[str], None] = lambda _line: None,
) -> dict[str, Any]:
    """Evaluate ``model`` (default: the active one) on ``files``; return the summary dict."""
    for file in files:
        if not file.is_file():
            raise EvaluationError(f"{file}: no such file")
    model_path = model or ModelRegistry(settings.models).require_active().path
    with tempfile.TemporaryDirectory(prefix="wegweiser-eval-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        for index, file in enumerate(files):
            shutil.copy(file, data / f"{index:03d}-{file.name}")
        out = Path(tmp) / "out"
        argv = [
            str(rasa_executable(settings)),
            "test",
            "nlu",
            "--nlu",
            str(data),
            "--model",
            str(model_path),
            "--out",
            str(out),
            "--successes",
            "--no-plot",
            "--domain",
            str(settings.home / "domain.yml"),
        ]
        completed = subprocess.run(
            argv, env=engine_env(settings), cwd=settings.home, capture_output=True, text=True
        )
        for line in completed.stdout.splitlines():
            echo(line)
        report_path = out / "intent_report.json"
        if completed.returncode != 0 or not report_path.is_file():
            tail = "\n".join((completed.stdout + completed.stderr).splitlines()[-15:])
            raise EvaluationError(f"`rasa test nlu` failed:\n{tail}")
        report = json.loads(report_path.read_text(encoding="utf-8"))
        return summarize(report, _predictions(out), lang)
