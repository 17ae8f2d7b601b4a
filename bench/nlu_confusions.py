"""Find confusable topics in nlu_data/ by cross-validation, without looking at the held-out files.

Run by hand in the engine environment (it needs scikit-learn; about a minute of CPU):

    .venv-rasa/bin/python bench/nlu_confusions.py                 # 3 folds, C from config default
    .venv-rasa/bin/python bench/nlu_confusions.py --C 1.0 --errors /tmp/errors.tsv

The stand-in for the Rasa component: the same three views and TF-IDF blocks as
``engine/wegweiser_engine/intent_classifier.py`` and a LinearSVC, annotated places masked (the real
pipeline masks the places the extractors find). Folds are stratified by language and intent (fixed
seed). Prints macro-F1 per language, the weakest intents and the most frequent confusions; ``--errors``
writes every misclassified training line (language, gold, predicted, text, file) for reading.
Used in December 2026 to decide which lines belong to which side of a topic boundary (docs/nlu.md).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "engine"))

from wegweiser_engine.intent_classifier import WegweiserIntentClassifier  # noqa: E402
from wegweiser_engine.text_features import mask_spans, views  # noqa: E402

ENTITY = re.compile(r"\[(?P<value>[^\]]+)\]\((?P<entity>[^)]+)\)")  # as in bot/nlu/data.py
Row = tuple[str, str, str, dict[str, str], str]  # language, intent, text (places masked), views, file


def load(data: Path) -> list[Row]:
    """Every training line with its language (folder name) and its views, places masked."""
    rows: list[Row] = []
    for path in sorted(data.glob("*/*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in document.get("nlu") or []:
            intent = block.get("intent")
            for line in str(block.get("examples") or "").splitlines() if intent else []:
                line = line.strip()
                if not line.startswith("- "):
                    continue
                text, spans, position = "", [], 0
                for match in ENTITY.finditer(line[2:]):
                    text += line[2:][position : match.start()]
                    spans.append((len(text), len(text) + len(match.group("value"))))
                    text += match.group("value")
                    position = match.end()
                text += line[2:][position:]
                masked = mask_spans(text, spans) if spans else text
                rows.append((path.parent.name, intent, masked, views(masked), str(path.relative_to(ROOT))))
    return rows


def folds(rows: list[Row], k: int, seed: int = 0) -> list[int]:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        groups[(row[0], row[1])].append(index)
    assignment = [0] * len(rows)
    generator = random.Random(seed)
    for key in sorted(groups):
        members = groups[key]
        generator.shuffle(members)
        for position, index in enumerate(members):
            assignment[index] = position % k
    return assignment


def predict(train: list[Row], test: list[Row], c: float) -> list[str]:
    from scipy.sparse import hstack
    from sklearn.svm import LinearSVC
    from wegweiser_engine.intent_classifier import _vectorizer

    features: list[dict[str, Any]] = WegweiserIntentClassifier.get_default_config()["features"]
    fitted, applied = [], []
    for spec in features:
        vectorizer = _vectorizer(spec)
        fitted.append(vectorizer.fit_transform([r[3][spec["view"]] for r in train]))
        applied.append(vectorizer.transform([r[3][spec["view"]] for r in test]))
    svm = LinearSVC(C=c, random_state=0).fit(hstack(fitted).tocsr(), [r[1] for r in train])
    return [str(p) for p in svm.predict(hstack(applied).tocsr())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--C", type=float, default=WegweiserIntentClassifier.get_default_config()["C"])
    parser.add_argument("--errors", type=Path, help="write misclassified lines here (TSV)")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    from sklearn.metrics import f1_score

    rows = load(ROOT / "nlu_data")
    assignment = folds(rows, args.folds)
    predicted = [""] * len(rows)
    for fold in range(args.folds):
        train = [r for r, f in zip(rows, assignment, strict=True) if f != fold]
        held = [i for i, f in enumerate(assignment) if f == fold]
        for index, label in zip(held, predict(train, [rows[i] for i in held], args.C), strict=True):
            predicted[index] = label
    gold = [r[1] for r in rows]
    figures = {"all": f1_score(gold, predicted, average="macro")}
    for language in sorted({r[0] for r in rows}):
        ix = [i for i, r in enumerate(rows) if r[0] == language]
        figures[language] = f1_score([gold[i] for i in ix], [predicted[i] for i in ix], average="macro")
    print(" ".join(f"{k} {v:.3f}" for k, v in figures.items()))
    labels = sorted(set(gold))
    per_intent = f1_score(gold, predicted, average=None, labels=labels)
    print("weakest:", ", ".join(f"{n} {f:.2f}" for f, n in sorted(zip(per_intent, labels, strict=True))[:12]))
    confusions = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    for (wanted, got), count in confusions.most_common(args.top):
        print(f"{count:5d}  {wanted} -> {got}")
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as out:
            for row, label in zip(rows, predicted, strict=True):
                if row[1] != label:
                    out.write(f"{row[0]}\t{row[1]}\t{label}\t{row[2]}\t{row[4]}\n")


if __name__ == "__main__":
    main()
