"""Long messages: how the classifier copes with several sentences, by cross-validation on nlu_data/.

Run by hand in the engine environment (it trains the real component's ``fit``, not Rasa, once per fold;
a few minutes of CPU):

    .venv-rasa/bin/python bench/long_messages.py                        # config defaults, split on/off
    .venv-rasa/bin/python bench/long_messages.py --grid                 # whole_weight × question_bonus

Three stratified folds of ``nlu_data/`` (``bench/nlu_confusions.py``'s folds, fixed seed); the real
``WegweiserIntentClassifier.fit``/``confidences`` on each fold, then the fallback rule of
``config.yml`` (``wegweiser_engine.fallback``: threshold for the message's length, ambiguity
threshold). Scored on three sets of held-out-fold lines:

- ``lines``: every held-out-fold line as written (one sentence, almost always);
- ``long``: every held-out-fold line of a topic, ``other_need`` or ``out_of_scope``, wrapped in context
  sentences of the same language taken from the held-out fold's greetings, places and thanks
  ("Hallo. Ich wohne in Köln. <line>? Danke"), the question mark on half of them (fixed seed);
- ``greeting comma``: every such line after a greeting of one or two words of the held-out fold and a
  comma, as people on phones write ("dzień dobry, <line>");
- ``topic context``: every such line asked as a question ("…?") after one statement line of another
  topic of the same language ("Meine Kinder gehen in die Kita. <line>?"): the question is the point;
- ``follow-up``: every such line as a statement, then a question about it that names nothing
  ("… . Was kann ich tun?", :data:`FOLLOW_UPS`);
- ``real multi``: the real questions of several sentences in ``nlu_data/real`` (few).

Figures: accuracy (a fallback is a miss), outside every topic answered safely (not as a topic), not
understood. The held-out files are never read here.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "engine"))
sys.path.insert(0, str(ROOT / "bench"))

from nlu_confusions import Row, folds, load  # noqa: E402
from wegweiser_engine.fallback import Thresholds  # noqa: E402
from wegweiser_engine.intent_classifier import WegweiserIntentClassifier  # noqa: E402
from wegweiser_engine.sentences import segments  # noqa: E402
from wegweiser_engine.text_features import PLACE_TOKEN  # noqa: E402

CONTEXT = ("greet", "inform_location", "thank")
OUTSIDE = ("out_of_scope", "other_need")
META = {"greet", "goodbye", "thank", "affirm", "deny", "help", "choose_language", "bot_challenge",
        "privacy", "inform_location", "find_service", "out_of_scope", "other_need", "emergency"}  # fmt: skip


def fallback_settings() -> Thresholds:
    """The fallback rule of ``config.yml`` (``wegweiser_engine.fallback``)."""
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in config["pipeline"] if s["name"].endswith("FallbackClassifier")]
    return Thresholds.from_config(step)


def decide(confidences: np.ndarray, labels: list[str], fallback: Thresholds, texts: list[str]) -> list[str]:
    """The fallback rule on each row: too unsure (for its length) or too close → nlu_fallback."""
    order = np.argsort(-confidences, axis=1)
    result = []
    for row, ranked, text in zip(confidences, order, texts, strict=True):
        top, second = float(row[ranked[0]]), float(row[ranked[1]])
        unsure = fallback.unsure(text, top, second)
        result.append("nlu_fallback" if unsure else labels[int(ranked[0])])
    return result


def figures(gold: list[str], predicted: list[str]) -> dict[str, float]:
    n = len(gold)
    outside = [p for g, p in zip(gold, predicted, strict=True) if g in OUTSIDE]
    return {
        "n": n,
        "accuracy": sum(g == p for g, p in zip(gold, predicted, strict=True)) / n if n else 0.0,
        "outside_safe": sum(p in META or p == "nlu_fallback" for p in outside) / len(outside)
        if outside
        else float("nan"),
        "not_understood": sum(p == "nlu_fallback" for p in predicted) / n if n else 0.0,
    }


def wrapped(rows: list[Row], seed: int) -> list[tuple[str, str, str]]:
    """(language, gold, text): topic/outside lines of ``rows`` inside context sentences of ``rows``."""
    generator = random.Random(seed)
    context: dict[tuple[str, str], list[str]] = defaultdict(list)
    for language, intent, text, _view, _file in rows:
        if intent in CONTEXT:
            context[(language, intent)].append(text.strip(" .!?"))
    result = []
    for language, intent, text, _view, _file in rows:
        if intent in META - set(OUTSIDE):
            continue
        line = text + ("?" if generator.random() < 0.5 and not text.endswith("?") else "")
        pieces = []
        for kind in CONTEXT[:2]:
            if context[(language, kind)] and generator.random() < 0.8:
                pieces.append(generator.choice(context[(language, kind)]).capitalize() + ".")
        pieces.append(line)
        if context[(language, "thank")] and generator.random() < 0.3:
            pieces.append(generator.choice(context[(language, "thank")]).capitalize() + ".")
        result.append((language, intent, " ".join(pieces)))
    return result


def greeted(rows: list[Row], seed: int) -> list[tuple[str, str, str]]:
    """(language, gold, text): a topic/outside line after a short greeting and a comma ("hallo, <line>")."""
    generator = random.Random(seed)
    greetings: dict[str, list[str]] = defaultdict(list)
    for language, intent, text, _view, _file in rows:
        if intent == "greet" and 1 <= len(text.split()) <= 2:
            greetings[language].append(text.strip(" .!?,،"))
    result = []
    for language, intent, text, _view, _file in rows:
        if intent in META - set(OUTSIDE) or not greetings[language]:
            continue
        comma = "، " if language in ("ar", "fa") else ", "
        result.append((language, intent, generator.choice(greetings[language]) + comma + text))
    return result


FOLLOW_UPS = {
    "de": ("Was kann ich tun?", "Ist das möglich?", "Ist das erlaubt?", "Was soll ich machen?"),
    "en": ("What can I do?", "Is it possible?", "Is that legal?", "What should I do?"),
    "ar": ("شو لازم اعمل؟", "هل هذا ممكن؟", "هل هذا قانوني؟", "ماذا أفعل؟"),
    "fa": ("چکار کنم؟", "امکانش هست؟", "این قانونیه؟", "باید چکار کنم؟"),
    "uk": ("Що мені робити?", "Чи це можливо?", "Це законно?", "Що робити?"),
    "ru": ("Что мне делать?", "Это возможно?", "Это законно?", "Что делать?"),
    "tr": ("Ne yapmalıyım?", "Bu mümkün mü?", "Bu yasal mı?", "Ne yapabilirim?"),
    "ro": ("Ce pot face?", "Este posibil?", "Este legal?", "Ce să fac?"),
    "bg": ("Какво да правя?", "Възможно ли е?", "Законно ли е?", "Какво мога да направя?"),
    "pl": ("Co mogę zrobić?", "Czy to możliwe?", "Czy to legalne?", "Co mam robić?"),
}
"""Questions that ask about the sentence before them, written for this probe (not from any data)."""


def followed(rows: list[Row], seed: int) -> list[tuple[str, str, str]]:
    """(language, gold, text): a topic/outside line as a statement, then a question about it
    ("Mein Chef zahlt keinen Lohn. Was kann ich tun?")."""
    generator = random.Random(seed)
    result = []
    for language, intent, text, _view, _file in rows:
        if intent in META - set(OUTSIDE) or language not in FOLLOW_UPS:
            continue
        statement = text.strip(" .!?؟").capitalize() + "."
        result.append((language, intent, f"{statement} {generator.choice(FOLLOW_UPS[language])}"))
    return result


def run(rows: list[Row], settings: list[tuple[str, dict[str, Any]]], k: int = 3) -> dict[str, Any]:
    """Per setting, per probe set: figures over the ``k`` folds (one training per fold for all)."""
    fallback = fallback_settings()
    assignment = folds(rows, k)
    collected: dict[str, dict[str, tuple[list[str], list[str]]]] = {
        label: defaultdict(lambda: ([], [])) for label, _ in settings
    }
    for fold in range(k):
        train = [r for r, f in zip(rows, assignment, strict=True) if f != fold]
        test = [r for r, f in zip(rows, assignment, strict=True) if f == fold]
        component = WegweiserIntentClassifier({}, None, None)  # type: ignore[arg-type]
        component.fit([r[2] for r in train], [r[1] for r in train])
        probes = {
            "lines": [(r[1], r[2]) for r in test],
            "long": [(gold, text) for _lang, gold, text in wrapped(test, fold)],
            "greeting comma": [(gold, text) for _lang, gold, text in greeted(test, fold)],
            "topic context": [(gold, text) for _lang, gold, text in topic_context(test, fold)],
            "follow-up": [(gold, text) for _lang, gold, text in followed(test, fold)],
            "real multi": [(r[1], r[2]) for r in test if "/real/" in r[4] and len(segments(r[2])) > 1],
        }
        defaults = dict(component.config)
        _memoise(component)
        for label, overrides in settings:
            component.config = {**defaults, **overrides}
            for name, probe in probes.items():
                if not probe:
                    continue
                texts = [text for _gold, text in probe]
                confidences = component.confidences(texts)
                collected[label][name][0].extend(gold for gold, _text in probe)
                collected[label][name][1].extend(decide(confidences, component.labels, fallback, texts))
        print(f"fold {fold + 1}/{k} done", file=sys.stderr, flush=True)
    return {
        label: {name: figures(gold, predicted) for name, (gold, predicted) in sets.items()}
        for label, sets in collected.items()
    }


def topic_context(rows: list[Row], seed: int) -> list[tuple[str, str, str]]:
    """(language, gold, text): a topic line asked as a question after a statement of another topic."""
    generator = random.Random(seed)
    topical = [r for r in rows if r[1] not in META and not r[2].rstrip().endswith("?")]
    by_language: dict[str, list[Row]] = defaultdict(list)
    for row in topical:
        by_language[row[0]].append(row)
    result = []
    for language, intent, text, _view, _file in rows:
        if intent in META - set(OUTSIDE):
            continue
        others = [r for r in generator.sample(by_language[language], 5) if r[1] != intent]
        if not others:
            continue
        statement = others[0][2].strip(" .!").capitalize() + "."
        question = text if text.rstrip().endswith("?") else text + "?"
        result.append((language, intent, f"{statement} {question}"))
    return result


def _memoise(component: WegweiserIntentClassifier) -> None:
    """Score each distinct text (whole or part) once per fold, whatever the combination setting."""
    raw = component._raw_scores
    cache: dict[str, np.ndarray] = {}

    def cached(texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in cache))
        if missing:
            cache.update(zip(missing, raw(missing), strict=True))
        return np.vstack([cache[t] for t in texts])

    component._raw_scores = cached  # type: ignore[method-assign]


def show(label: str, result: dict[str, dict[str, float]]) -> None:
    cells = [
        f"{name} (n={row['n']}): acc {row['accuracy']:.3f} safe {row['outside_safe']:.3f} "
        f"fallback {row['not_understood']:.3f}"
        for name, row in result.items()
    ]
    print(f"{label:32s} | " + " | ".join(cells), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    rows = load(ROOT / "nlu_data")
    assert PLACE_TOKEN  # the masked texts carry it; the classifier sees the same token at run time
    settings: list[tuple[str, dict[str, Any]]] = [("whole message only (before)", {"split_sentences": False})]
    if args.grid:
        for weight in (0.3, 0.5):
            for bonus in (0.0, 0.5, 1.0, 2.0):
                settings.append(
                    (f"w={weight} bonus={bonus}", {"whole_weight": weight, "question_bonus": bonus})
                )
    else:
        settings.append(("parts + whole (config defaults)", {}))
    for label, result in run(rows, settings, args.folds).items():
        show(label, result)


if __name__ == "__main__":
    main()
