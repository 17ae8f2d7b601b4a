"""``wegweiser nlu evaluate``: score a model on Rasa-format NLU files, overall and per language.

The model parses every message in one engine process (``wegweiser_engine.parse``), so the ten held-out
files cost one model load and each prediction stays tied to its file and language. Scores:

- ``accuracy``, ``macro_f1``, ``weighted_f1``, ``n``, ``per_intent`` (precision, recall, f1-score,
  support): as scikit-learn's classification report, averaged over the intents present in the files.
  A message the model does not understand (``nlu_fallback``) counts as a miss of its intent.
- ``out_of_scope_safe_rate``: out-of-scope messages not answered as a topic (fallback or any meta intent);
  ``outside_topics_safe_rate`` the same for every message outside the topics (``out_of_scope``,
  ``other_need``).
- ``language_accuracy`` (with ``lang``): how often language detection named ``lang``.
- ``per_language``: the same figures for each file whose path names a language (``tests/nlu/de.yml``),
  with ``language_accuracy`` for that language.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.engine.models import ModelInfo, ModelRegistry
from bot.engine.runtime import engine_env, engine_python
from bot.errors import OperatorError
from bot.languages import language_codes
from bot.nlu.data import Example, read_examples
from bot.nlu.langid import LanguageIdentifier
from bot.nlu.language import detect_language
from bot.topics import TOPICS


class EvaluationError(OperatorError):
    """The evaluation could not run; the message says why."""


@dataclass(frozen=True)
class Prediction:
    intent: str | None
    confidence: float
    ranking: tuple[tuple[str, float], ...] = ()
    """The likeliest intents with their confidences, best first (before any fallback)."""


def parse_messages(settings: Settings, model: Path, texts: Sequence[str]) -> list[Prediction]:
    """The model's intent for each text, in order (one engine process for all)."""
    with tempfile.TemporaryDirectory(prefix="wegweiser-parse-") as tmp:
        out = Path(tmp) / "predictions.jsonl"
        completed = subprocess.run(
            [str(engine_python(settings)), "-m", "wegweiser_engine.parse", str(model), str(out)],
            input="".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts),
            env=engine_env(settings),
            cwd=settings.home,
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0 or not out.is_file():
            tail = "\n".join(completed.stderr.splitlines()[-12:])
            raise EvaluationError(f"the engine could not parse with {model}:\n{tail}")
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    if len(rows) != len(texts):
        raise EvaluationError(f"the engine answered {len(rows)} of {len(texts)} messages")
    return [
        Prediction(
            row.get("intent"),
            float(row.get("confidence") or 0.0),
            tuple((str(name), float(c)) for name, c in row.get("ranking") or () if name != "nlu_fallback"),
        )
        for row in rows
    ]


def scores(gold: Sequence[str], predicted: Sequence[str | None]) -> dict[str, Any]:
    """Accuracy, macro/weighted F1 and per-intent figures over the intents in ``gold``."""
    true_positive: Counter[str] = Counter()
    predicted_count: Counter[str] = Counter(p for p in predicted if p is not None)
    support: Counter[str] = Counter(gold)
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            true_positive[g] += 1
    per_intent: dict[str, dict[str, float]] = {}
    for intent in sorted(support):
        tp = true_positive[intent]
        precision = tp / predicted_count[intent] if predicted_count[intent] else 0.0
        recall = tp / support[intent]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_intent[intent] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1-score": round(f1, 4),
            "support": support[intent],
        }
    n = len(gold)
    f1s = [row["f1-score"] for row in per_intent.values()]
    return {
        "accuracy": round(sum(true_positive.values()) / n, 4) if n else 0.0,
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        "weighted_f1": round(sum(row["f1-score"] * row["support"] for row in per_intent.values()) / n, 4)
        if n
        else 0.0,
        "n": n,
        "per_intent": per_intent,
    }


OUTSIDE_TOPICS = ("out_of_scope", "other_need")
"""Labels of messages outside every topic: small talk, or a real need without a checked answer."""


def _safe_rate(
    examples: Sequence[Example], predicted: Sequence[str | None], labels: Sequence[str]
) -> float | None:
    """The share of messages labelled ``labels`` that were not answered as a topic."""
    answers = [p for e, p in zip(examples, predicted, strict=True) if e.intent in labels]
    if not answers:
        return None
    return round(sum(1 for p in answers if p not in TOPICS) / len(answers), 4)


def _language_accuracy(
    examples: Sequence[Example], language: str, identifier: LanguageIdentifier | None
) -> float | None:
    if not examples:
        return None
    hits = sum(1 for e in examples if detect_language(e.text, identifier=identifier) == language)
    return round(hits / len(examples), 4)


def _figures(examples: Sequence[Example], predicted: Sequence[str | None]) -> dict[str, Any]:
    result = scores([e.intent for e in examples], predicted)
    safe = _safe_rate(examples, predicted, ("out_of_scope",))
    if safe is not None:
        result["out_of_scope_safe_rate"] = safe
    outside = _safe_rate(examples, predicted, OUTSIDE_TOPICS)
    if outside is not None:
        result["outside_topics_safe_rate"] = outside
    result["fallback_rate"] = (
        round(sum(1 for p in predicted if p == "nlu_fallback") / len(examples), 4) if examples else 0.0
    )
    return result


def _identifier(model: ModelInfo) -> LanguageIdentifier | None:
    path = model.language_id_path
    return LanguageIdentifier.load(path) if path.is_file() else None


def evaluate(
    settings: Settings,
    files: Sequence[Path],
    *,
    lang: str | None = None,
    model: ModelInfo | None = None,
) -> dict[str, Any]:
    """Evaluate ``model`` (default: the active one) on ``files``; return the figures as a dict."""
    for file in files:
        if not file.is_file():
            raise EvaluationError(f"{file}: no such file")
    chosen = model or ModelRegistry(settings.models).require_active()
    try:
        examples = list(read_examples(files, language_codes()))
    except (ValueError, AttributeError) as exc:  # yaml.YAMLError is a ValueError
        raise EvaluationError(f"cannot read the NLU files: {exc}") from exc
    if not examples:
        raise EvaluationError("the files hold no intent examples (Rasa YAML: nlu: - intent: …)")
    predicted = [p.intent for p in parse_messages(settings, chosen.path, [e.text for e in examples])]
    identifier = _identifier(chosen)
    result = {"model": chosen.name, **_figures(examples, predicted)}
    if lang is not None:
        result["language_accuracy"] = _language_accuracy(examples, lang, identifier)
    by_language: dict[str, list[int]] = defaultdict(list)
    for index, example in enumerate(examples):
        if example.language:
            by_language[example.language].append(index)
    if by_language:
        result["per_language"] = {
            code: {
                **{
                    k: v
                    for k, v in _figures(
                        [examples[i] for i in indices], [predicted[i] for i in indices]
                    ).items()
                    if k != "per_intent"
                },
                "language_accuracy": _language_accuracy([examples[i] for i in indices], code, identifier),
            }
            for code, indices in sorted(by_language.items(), key=lambda kv: _order(kv[0]))
        }
    return result


def _order(code: str) -> int:
    codes = language_codes()
    return codes.index(code) if code in codes else len(codes)
