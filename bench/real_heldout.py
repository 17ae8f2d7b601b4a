"""A trained model on the real held-out questions (tests/nlu/real), per language and by length.

    .venv/bin/python bench/real_heldout.py MODEL_NAME [--models-dir DIR] [--json]

Prints, overall, per language and for one-sentence against several-sentence questions (split as the
classifier splits them, ``engine/wegweiser_engine/sentences.py``): accuracy, outside every topic
answered safely, not understood; and of the questions answered with another topic, how many get the
right one as the "Also: …" button under the answer (:func:`bot.replies.unsure.also_topic`). Totals
only: no held-out line is printed (the held-out part must not steer the work, docs/nlu.md says how
often it was scored).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "engine"))

from wegweiser_engine.sentences import segments  # noqa: E402

from bot.config import load_settings  # noqa: E402
from bot.engine.evaluate import _figures, parse_messages  # noqa: E402
from bot.engine.models import ModelRegistry  # noqa: E402
from bot.engine.train import REAL_HELD_OUT, heldout_files  # noqa: E402
from bot.languages import language_codes  # noqa: E402
from bot.nlu.data import read_examples  # noqa: E402
from bot.replies.unsure import also_topic  # noqa: E402
from bot.topics import is_topic  # noqa: E402

KEEP = ("n", "accuracy", "macro_f1", "outside_topics_safe_rate", "fallback_rate")


def measure(model_name: str, models_dir: Path | None) -> dict[str, Any]:
    settings = load_settings(**({"models_dir": models_dir} if models_dir else {}))
    model = ModelRegistry(settings.models).get(model_name)
    examples = list(read_examples(heldout_files(ROOT, REAL_HELD_OUT), language_codes()))
    parsed = parse_messages(settings, model.path, [e.text for e in examples])
    predicted = [p.intent for p in parsed]
    groups: dict[str, list[int]] = {"all": list(range(len(examples)))}
    for code in language_codes():
        groups[code] = [i for i, e in enumerate(examples) if e.language == code]
    groups["one sentence"] = [i for i, e in enumerate(examples) if len(segments(e.text)) == 1]
    groups["several sentences"] = [i for i, e in enumerate(examples) if len(segments(e.text)) > 1]
    wrong = [
        (e, p)
        for e, p in zip(examples, parsed, strict=True)
        if p.intent and is_topic(p.intent) and is_topic(e.intent) and p.intent != e.intent
    ]
    result: dict[str, Any] = {
        "model": model.name,
        "answered_with_another_topic": len(wrong),
        "right_topic_also_offered": sum(also_topic(p.ranking, p.intent or "") == e.intent for e, p in wrong),
    }
    for name, indices in groups.items():
        if indices:
            figures = _figures([examples[i] for i in indices], [predicted[i] for i in indices])
            result[name] = {k: figures[k] for k in KEEP if k in figures}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--models-dir", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.model, args.models_dir)
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(f"model {result.pop('model')}")
    wrong, reached = result.pop("answered_with_another_topic"), result.pop("right_topic_also_offered")
    print(f"answered with another topic: {wrong}, of them the right topic offered as 'Also': {reached}")
    print(f"{'part':18s} {'n':>4s} {'accuracy':>8s} {'outside safe':>12s} {'not understood':>14s}")
    for name, row in result.items():
        safe = row.get("outside_topics_safe_rate")
        print(
            f"{name:18s} {row['n']:4d} {row['accuracy']:8.3f} "
            f"{'' if safe is None else f'{safe:.3f}':>12s} {row['fallback_rate']:14.3f}"
        )


if __name__ == "__main__":
    main()
