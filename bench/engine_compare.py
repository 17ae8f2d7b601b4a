"""Compare two engine environments (e.g. Rasa on Python 3.10 and on 3.11), each with a model it trained.

Run by hand (not in CI), after ``wegweiser train`` with each engine into its own models folder:

    WEGWEISER_ENGINE_VENV=/work/venv-rasa-310 WEGWEISER_MODELS_DIR=/tmp/m310 .venv/bin/wegweiser train
    WEGWEISER_MODELS_DIR=/tmp/m311 .venv/bin/wegweiser train
    .venv/bin/python bench/engine_compare.py py3.10=/work/venv-rasa-310:/tmp/m310 py3.11=.venv-rasa:/tmp/m311

For each engine and its active model: the held-out scores (``bot.engine.evaluate``, overall and per
language), the training time from the model card, the batch parse of all held-out messages
(``wegweiser_engine.parse``, model load included; ``--rounds`` interleaved runs), and the per-message
parse latency (``bench/engine_latency.py``). Then whether both models predict the same intent for every
held-out message. Prints JSON and a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.engine.evaluate import Prediction, evaluate, parse_messages
from bot.engine.models import ModelInfo, ModelRegistry
from bot.engine.runtime import engine_env, engine_python, engine_python_version
from bot.engine.train import heldout_files
from bot.languages import language_codes
from bot.nlu.data import read_examples

LATENCY_SCRIPT = PROJECT_ROOT / "bench" / "engine_latency.py"


@dataclass
class Engine:
    label: str
    settings: Settings
    model: ModelInfo
    python: str
    batch_seconds: list[float] = field(default_factory=list)
    latency: list[dict[str, Any]] = field(default_factory=list)
    predictions: list[Prediction] = field(default_factory=list)
    scores: dict[str, Any] = field(default_factory=dict)


def engine(spec: str) -> Engine:
    """``LABEL=VENV:MODELS_DIR`` → the engine with the active model of that folder."""
    label, _, rest = spec.partition("=")
    venv, _, models = rest.partition(":")
    settings = load_settings(
        engine_venv=Path(venv).resolve(),
        models_dir=Path(models).resolve(),
        var_dir=Path(models).resolve() / "var",
    )
    model = ModelRegistry(settings.models).require_active()
    return Engine(label, settings, model, engine_python_version(settings))


def latency(e: Engine, texts: list[str]) -> dict[str, Any]:
    completed = subprocess.run(
        [str(engine_python(e.settings)), str(LATENCY_SCRIPT), str(e.model.path)],
        input="".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts),
        env=engine_env(e.settings),
        cwd=e.settings.home,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("engines", nargs=2, metavar="LABEL=VENV:MODELS_DIR")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved batch/latency runs")
    parser.add_argument("--latency-every", type=int, default=4, help="latency on every k-th message")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    engines = [engine(spec) for spec in args.engines]
    files = heldout_files(PROJECT_ROOT)
    examples = list(read_examples(files, language_codes()))
    texts = [x.text for x in examples]
    for e in engines:
        e.scores = evaluate(e.settings, files, model=e.model)
    for _ in range(args.rounds):
        for e in engines:
            started = time.monotonic()
            e.predictions = parse_messages(e.settings, e.model.path, texts)
            e.batch_seconds.append(time.monotonic() - started)
            e.latency.append(latency(e, texts[:: args.latency_every]))

    a, b = engines
    same = sum(1 for p, q in zip(a.predictions, b.predictions, strict=True) if p.intent == q.intent)
    differing = [
        {"text": x.text, "gold": x.intent, a.label: p.intent, b.label: q.intent}
        for x, p, q in zip(examples, a.predictions, b.predictions, strict=True)
        if p.intent != q.intent
    ]
    confidence_gap = max(
        abs(p.confidence - q.confidence) for p, q in zip(a.predictions, b.predictions, strict=True)
    )
    report: dict[str, Any] = {
        "load_average": os.getloadavg(),
        "messages": len(texts),
        "same_intent": same,
        "differing": differing,
        "max_confidence_gap": round(confidence_gap, 4),
        "engines": {
            e.label: {
                "python": e.python,
                "model": e.model.name,
                "training_seconds": e.model.card.get("training_seconds"),
                "training_cpu_seconds": e.model.card.get("training_cpu_seconds"),
                "accuracy": e.scores["accuracy"],
                "macro_f1": e.scores["macro_f1"],
                "per_language_macro_f1": {
                    code: row["macro_f1"] for code, row in e.scores.get("per_language", {}).items()
                },
                "batch_seconds": [round(s, 1) for s in e.batch_seconds],
                "latency": e.latency,
            }
            for e in engines
        },
    }
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    print()
    print(f"| figure | {a.label} | {b.label} |")
    print("|---|---|---|")
    rows: list[tuple[str, Any, Any]] = [
        ("Python", a.python, b.python),
        ("training (s, wall / CPU)", *(_train(e) for e in engines)),
        ("held-out accuracy", a.scores["accuracy"], b.scores["accuracy"]),
        ("held-out macro-F1", a.scores["macro_f1"], b.scores["macro_f1"]),
        ("batch parse, median (s)", *(round(statistics.median(e.batch_seconds), 1) for e in engines)),
        ("latency p50 (ms)", *(statistics.median(r["p50_ms"] for r in e.latency) for e in engines)),
        ("latency p95 (ms)", *(statistics.median(r["p95_ms"] for r in e.latency) for e in engines)),
    ]
    for code in a.scores.get("per_language", {}):
        rows.append(
            (
                f"macro-F1 {code}",
                a.scores["per_language"][code]["macro_f1"],
                b.scores["per_language"][code]["macro_f1"],
            )
        )
    for name, x, y in rows:
        print(f"| {name} | {x} | {y} |")
    print(f"\nSame intent: {same} of {len(texts)}; largest confidence difference {confidence_gap:.4f}")


def _train(e: Engine) -> str:
    return f"{e.model.card.get('training_seconds')} / {e.model.card.get('training_cpu_seconds')}"


if __name__ == "__main__":
    main()
