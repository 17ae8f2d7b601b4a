"""Real questions by cross-validation: how settings of the classifier score on people's questions.

Run by hand in the engine environment (the real component's ``fit`` once per fold and setting; about
a minute of CPU per fit):

    .venv-rasa/bin/python bench/real_questions_cv.py                       # the settings below
    .venv-rasa/bin/python bench/real_questions_cv.py --errors /tmp/real-errors.tsv
    .venv-rasa/bin/python bench/real_questions_cv.py --leave-out terms.yml  # without a data file
    .venv-rasa/bin/python bench/real_questions_cv.py --fallback-grid        # choose the fallback rule
    .venv-rasa/bin/python bench/real_questions_cv.py --fallback-grid --rankings /tmp/cv-rankings.json
    .venv-rasa/bin/python bench/real_questions_cv.py --harvest new-rows.tsv   # before adding a harvest

The real held-out part (``tests/nlu/real``) is never read. Instead the *training* part of the real
corpus (``nlu_data/real/sources.tsv``, part ``train``) is split into folds by source page, as the
held-out part was split from it, and the written lines of ``nlu_data/<lang>/`` into stratified folds
(``bench/nlu_confusions.py``). Each fold trains on the other folds of both and scores its own: real
questions (accuracy with a fallback as a miss, outside every topic answered safely, not understood,
the fallback rule of ``config.yml``) and written lines (macro-F1, fallback a miss), so
that a setting that helps real questions is seen together with what it costs the written ones.

``--harvest FILE`` (rows of the source table's shape, header optional) judges new real questions before
they are added: its rows are taken out of the folds, and the same questions are scored without them and
with them in every fold's training, so the two lines compare like with like. Besides accuracy it
splits what happens to questions about a topic: another topic answered (the harm) or sent to the
human route of ``other_need``/``out_of_scope`` (honest, if less helpful).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import sys
from collections import defaultdict
from collections.abc import Collection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "engine"))
sys.path.insert(0, str(ROOT / "bench"))

from long_messages import META, decide, fallback_settings, figures  # noqa: E402
from nlu_confusions import folds, load  # noqa: E402
from wegweiser_engine.fallback import Thresholds  # noqa: E402
from wegweiser_engine.intent_classifier import WegweiserIntentClassifier  # noqa: E402

Example = tuple[str, str, str, str]  # language, intent, text, kind (faq or post)
Scored = tuple[str, str, str, float, float]  # gold, text, best intent, its confidence, the second's

ASK_COST = 0.5  # as bench/fallback_thresholds.py: a question back costs a tap, a wrong answer the answer
TOLERANCE = 0.002
WRITTEN_DROP = 0.005  # the noise bar of docs/nlu.md: short phone messages must not measurably lose
LONG_WORDS = (0, 6, 8, 10, 12, 15, 20)
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
AMBIGUITIES = (0.05, 0.08, 0.1, 0.15)
WRITTEN_ONLY = Thresholds(threshold=0.3, ambiguity=0.08)
"""The rule bench/fallback_thresholds.py chose on the written lines alone (3 Dec 2026): the baseline."""

SETTINGS: list[tuple[str, dict[str, Any]]] = [
    ("as configured", {}),
    ("real questions weight 2", {"real_weight": 2.0}),
    ("real questions weight 4", {"real_weight": 4.0}),
]


COLUMNS = ("lang", "part", "kind", "intent", "source", "text")


def read_rows(path: Path) -> list[dict[str, str]]:
    """Training rows of a source table (``nlu_data/real/sources.tsv`` or a harvest, header optional)."""
    # Read here, not with bot.nlu.real: the engine environment has Rasa's pydantic, not the bot's.
    with path.open(encoding="utf-8", newline="") as handle:
        header = handle.readline().startswith("lang\t")
        handle.seek(0)
        rows = csv.DictReader(
            handle, delimiter="\t", quoting=csv.QUOTE_NONE, fieldnames=None if header else COLUMNS
        )
        return [r for r in rows if r["part"] == "train"]


def as_example(row: dict[str, str]) -> Example:
    return (row["lang"], row["intent"], " ".join(row["text"].split()), row["kind"])


def real_folds(k: int, seed: int = 0, without: Collection[Example] = ()) -> list[tuple[int, Example]]:
    """The real training questions (but ``without``), each with a fold; one source page, one fold."""
    questions = [
        r for r in read_rows(ROOT / "nlu_data" / "real" / "sources.tsv") if as_example(r) not in without
    ]
    sources = sorted({q["source"] for q in questions})
    random.Random(seed).shuffle(sources)
    fold_of = {source: index % k for index, source in enumerate(sources)}
    return [(fold_of[q["source"]], as_example(q)) for q in questions]


RANKED = 5
"""Intents kept per message in ``--rankings``."""


def ranked(confidences: Any, labels: list[str], rows: Any, decided: list[str]) -> list[dict[str, Any]]:
    """Per message: language, gold intent, text, the fallback rule's decision and the likeliest intents."""
    order = (-confidences).argsort(axis=1)[:, :RANKED]
    return [
        {
            "lang": row[0],
            "gold": row[1],
            "text": row[2],
            "decided": decision,
            "ranking": [[labels[int(i)], round(float(c[i]), 4)] for i in ranks],
        }
        for row, c, ranks, decision in zip(rows, confidences, order, decided, strict=True)
    ]


def scored(confidences: Any, labels: list[str], rows: Any) -> list[Scored]:
    order = (-confidences).argsort(axis=1)
    return [
        (row[1], row[2], labels[int(ranks[0])], float(c[ranks[0]]), float(c[ranks[1]]))
        for row, c, ranks in zip(rows, confidences, order, strict=True)
    ]


def outcomes(items: list[Scored], rule: Thresholds) -> dict[str, float]:
    """Shares of right, wrong (another topic) and asked back; a meta answer to a meta message is right."""
    counts = {"right": 0, "wrong": 0, "asked": 0}
    for gold, text, top, first, second in items:
        if rule.unsure(text, first, second):
            counts["asked"] += 1
        elif top == gold or (gold in META and top in META):
            counts["right"] += 1
        else:
            counts["wrong"] += 1
    return {k: v / len(items) for k, v in counts.items()} | {
        "cost": (counts["wrong"] + ASK_COST * counts["asked"]) / len(items)
    }


def fallback_grid(kept: dict[str, list[Scored]], configured: Thresholds) -> None:
    """Every rule of the grid on both sets; the choice: the lowest mean cost of written lines and real
    questions among rules that keep the written lines' right answers within ``WRITTEN_DROP`` of
    ``WRITTEN_ONLY``, then the fewest wrong answers within ``TOLERANCE`` of that cost."""
    baseline = outcomes(kept["written"], WRITTEN_ONLY)["right"]
    rows = []
    for words, threshold, ambiguity in itertools.product(LONG_WORDS, THRESHOLDS, AMBIGUITIES):
        if words == 0 and threshold != WRITTEN_ONLY.threshold:
            continue
        rule = Thresholds(WRITTEN_ONLY.threshold, ambiguity, words, threshold if words else None)
        figures_ = {name: outcomes(items, rule) for name, items in kept.items() if items}
        cost = (figures_["written"]["cost"] + figures_["real"]["cost"]) / 2
        rows.append((cost, rule, figures_))
    allowed = [r for r in rows if r[2]["written"]["right"] >= baseline - WRITTEN_DROP]
    best = min(r[0] for r in allowed)
    near = [r for r in allowed if r[0] <= best + TOLERANCE]
    chosen = min(near, key=lambda r: r[2]["written"]["wrong"] + r[2]["real"]["wrong"])
    print("| long message: more than … words | its threshold | ambiguity | written: right / wrong / asked "
          "| real: right / wrong / asked | mean cost |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    shown = sorted(allowed, key=lambda r: r[0])[:8]
    for cost, rule, f in [r for r in rows if r[1] in (WRITTEN_ONLY, configured)] + shown + [chosen]:
        long_threshold = rule.long_threshold or rule.threshold
        print(
            f"| {rule.long_words or '–'} | {long_threshold:.2f} | {rule.ambiguity:.2f} "
            f"| {f['written']['right']:.3f} / {f['written']['wrong']:.3f} / {f['written']['asked']:.3f} "
            f"| {f['real']['right']:.3f} / {f['real']['wrong']:.3f} / {f['real']['asked']:.3f} "
            f"| {cost:.4f} |"
        )
    for label, row in (("one threshold", outcomes(kept["posts"], WRITTEN_ONLY)),
                       ("chosen", outcomes(kept["posts"], chosen[1]))):  # fmt: skip
        print(
            f"people's own posts ({len(kept['posts'])}), {label}: right {row['right']:.3f} "
            f"wrong {row['wrong']:.3f} asked {row['asked']:.3f}"
        )
    rule = chosen[1]
    print(
        f"chosen: long_message_words {rule.long_words}, long_message_threshold {rule.long_threshold}, "
        f"ambiguity_threshold {rule.ambiguity} (threshold {rule.threshold})"
    )


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    from sklearn.metrics import f1_score

    labels = sorted(set(gold))
    return float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0))


def run(
    settings: list[tuple[str, dict[str, Any]]],
    k: int,
    errors: Path | None,
    grid: bool,
    leave_out: list[str],
    rankings: Path | None = None,
    harvest: list[Example] | None = None,
) -> None:
    fallback = fallback_settings()
    written = [
        r for r in load(ROOT / "nlu_data") if "/real/" not in r[4] and Path(r[4]).name not in leave_out
    ]
    written_fold = folds(written, k)
    real = real_folds(k, without=set(harvest or ()))
    results: dict[str, dict[str, list[str]]] = {label: defaultdict(list) for label, _ in settings}
    wrong_lines: list[str] = []
    kept: dict[str, list[Scored]] = {"real": [], "written": [], "posts": []}
    dumped: dict[str, list[dict[str, Any]]] = {"real": [], "written": []}
    for fold in range(k):
        train_w = [r for r, f in zip(written, written_fold, strict=True) if f != fold]
        test_w = [r for r, f in zip(written, written_fold, strict=True) if f == fold]
        test_r = [q for f, q in real if f == fold]
        for label, setting in settings:
            component = WegweiserIntentClassifier({}, None, None)  # type: ignore[arg-type]
            weight = float(setting.get("real_weight", 1.0))
            added = harvest if harvest and setting.get("harvest") else []
            train_r = [q for f, q in real if f != fold] + added
            texts = [r[2] for r in train_w] + [q[2] for q in train_r]
            intents = [r[1] for r in train_w] + [q[1] for q in train_r]
            weights = [1.0] * len(train_w) + [weight] * len(train_r)
            component.fit(texts, intents, weights if weight != 1.0 else None)
            real_texts, written_texts = [q[2] for q in test_r], [r[2] for r in test_w]
            real_confidences = component.confidences(real_texts)
            written_confidences = component.confidences(written_texts)
            real_predicted = decide(real_confidences, component.labels, fallback, real_texts)
            written_predicted = decide(written_confidences, component.labels, fallback, written_texts)
            if grid and label == settings[0][0]:
                real_scored = scored(real_confidences, component.labels, test_r)
                kept["real"] += real_scored
                kept["written"] += scored(written_confidences, component.labels, test_w)
                kept["posts"] += [s for s, q in zip(real_scored, test_r, strict=True) if q[3] == "post"]
            if rankings and label == settings[0][0]:
                dumped["real"] += ranked(real_confidences, component.labels, test_r, real_predicted)
                dumped["written"] += ranked(written_confidences, component.labels, test_w, written_predicted)
            results[label]["real_gold"] += [q[1] for q in test_r]
            results[label]["real_predicted"] += real_predicted
            results[label]["real_lang"] += [q[0] for q in test_r]
            results[label]["written_gold"] += [r[1] for r in test_w]
            results[label]["written_predicted"] += written_predicted
            if errors and label == settings[0][0]:
                wrong_lines += [
                    f"{q[0]}\t{q[1]}\t{p}\t{q[2]}"
                    for q, p in zip(test_r, real_predicted, strict=True)
                    if p != q[1]
                ]
            print(f"fold {fold + 1}/{k}: {label}", file=sys.stderr, flush=True)
    for label, _setting in settings:
        row = results[label]
        real_figures = figures(row["real_gold"], row["real_predicted"])
        languages = sorted(set(row["real_lang"]))
        per_language = " ".join(
            f"{code} {figures(*_subset(row, code))['accuracy']:.2f}" for code in languages
        )
        pairs = zip(row["real_gold"], row["real_predicted"], strict=True)
        about = [(g, p) for g, p in pairs if g not in META]
        other_topic = sum(p not in META and p not in ("nlu_fallback", g) for g, p in about) / len(about)
        routed = sum(p in ("other_need", "out_of_scope") for _g, p in about) / len(about)
        print(
            f"{label:28s} | real (n={real_figures['n']}): acc {real_figures['accuracy']:.3f} "
            f"safe {real_figures['outside_safe']:.3f} fallback {real_figures['not_understood']:.3f} "
            f"| about a topic: another topic {other_topic:.3f}, human route {routed:.3f} "
            f"| written macro-F1 {macro_f1(row['written_gold'], row['written_predicted']):.3f} "
            f"| {per_language}",
            flush=True,
        )
    if grid:
        fallback_grid(kept, fallback)
    if errors:
        errors.write_text("\n".join(wrong_lines) + "\n", encoding="utf-8")
    if rankings:
        rankings.write_text(json.dumps(dumped, ensure_ascii=False), encoding="utf-8")


def _subset(row: dict[str, list[str]], code: str) -> tuple[list[str], list[str]]:
    pairs = [
        (g, p)
        for g, p, lang in zip(row["real_gold"], row["real_predicted"], row["real_lang"], strict=True)
        if lang == code
    ]
    return [g for g, _ in pairs], [p for _, p in pairs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--errors", type=Path, help="write misclassified real training questions here")
    parser.add_argument(
        "--fallback-grid",
        action="store_true",
        help="only the configured classifier; then the fallback settings, long messages included",
    )
    parser.add_argument(
        "--leave-out",
        action="append",
        default=[],
        metavar="FILE_NAME",
        help="train without the written files of this name (e.g. terms.yml), to see what they add",
    )
    parser.add_argument(
        "--harvest",
        type=Path,
        help="new real questions (source-table rows): the same questions scored without and with them",
    )
    parser.add_argument(
        "--rankings",
        type=Path,
        help="write each held-out message's likeliest intents and the rule's decision here (JSON, "
        "configured classifier; read by bench/also_topic.py)",
    )
    args = parser.parse_args()
    settings = SETTINGS[:1] if args.fallback_grid else SETTINGS
    harvest = [as_example(r) for r in read_rows(args.harvest)] if args.harvest else None
    if harvest:
        settings = [("without the harvest", {}), ("with the harvest", {"harvest": True})]
    run(settings, args.folds, args.errors, args.fallback_grid, args.leave_out, args.rankings, harvest)


if __name__ == "__main__":
    main()
