"""Choose the fallback thresholds ("did you mean …?") by cross-validation on nlu_data/.

Run by hand (not in CI; it trains one Rasa model per fold, about a minute of CPU each):

    .venv/bin/python bench/fallback_thresholds.py              # 3 folds, prints the table
    .venv/bin/python bench/fallback_thresholds.py --rankings var/cv-rankings.json  # reuse a run

Each fold trains the project's ``config.yml`` with the FallbackClassifier switched off and keeps the
ranking of every held-out message, so every pair (threshold, ambiguity threshold) is scored
from one set of rankings. For a pair, a held-out message ends in one of four ways:

- **right**: answered with its own intent;
- **wrong**: answered with another topic (the harm this is about: a confident wrong answer);
- **asked, rescued**: "did you mean …?" with its own intent among the offered topics (the bot's own
  choice, ``bot.replies.unsure.likeliest_topics``), or a message that is not a topic and so should
  not be answered as one;
- **asked, lost**: "did you mean …?" without its intent among the offers.

The cost of a pair is ``wrong + 0.5 × asked`` per message: asking costs a tap, a wrong answer costs the
person the answer. Meta intents (greet, help, …) answered as another meta intent are harmless and not
counted as wrong. The cost is flat near its minimum, so the pair chosen is the one with the fewest wrong
answers among those within ``TOLERANCE`` of the lowest cost (ties: the offers that hold the intent
more often).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.nlu_compare import Line, folds, training_lines, write_training_data
from bot.config import PROJECT_ROOT, load_settings
from bot.engine.evaluate import parse_messages
from bot.engine.runtime import engine_env, rasa_executable
from bot.replies.unsure import likeliest_topics
from bot.topics import TOPICS

ASK_COST = 0.5
TOLERANCE = 0.002
THRESHOLDS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
AMBIGUITIES = (0.0, 0.02, 0.05, 0.08, 0.1, 0.15, 0.2)


@dataclass(frozen=True)
class Ranked:
    gold: str
    ranking: tuple[tuple[str, float], ...]


def unfallback_config(folder: Path) -> Path:
    """``config.yml`` with the FallbackClassifier off (threshold 0): the raw rankings."""
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    for component in config["pipeline"]:
        if component["name"].endswith("FallbackClassifier"):
            component["threshold"] = 0.0
            component["ambiguity_threshold"] = 0.0
            component["long_message_words"] = 0
    path = folder / "config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def rank_fold(train: list[Line], test: list[Line], work: Path) -> list[Ranked]:
    import subprocess

    settings = load_settings()
    data = write_training_data(train, work / "data")
    config = unfallback_config(work)
    completed = subprocess.run(
        [str(rasa_executable(settings)), "train", "nlu", "--nlu", str(data), "--config", str(config),
         "--out", str(work), "--fixed-model-name", "model"],
        env=engine_env(settings), cwd=PROJECT_ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if completed.returncode != 0:
        raise SystemExit(f"training failed\n{completed.stdout[-3000:]}")
    predictions = parse_messages(settings, work / "model.tar.gz", [t.text for t in test])
    return [Ranked(t.intent, p.ranking) for t, p in zip(test, predictions, strict=True)]


def outcome(item: Ranked, threshold: float, ambiguity: float) -> str:
    """right, wrong, rescued or lost (see the module's docstring)."""
    top, confidence = item.ranking[0]
    second = item.ranking[1][1] if len(item.ranking) > 1 else 0.0
    if confidence < threshold or confidence - second < ambiguity:
        offered = likeliest_topics(item.ranking)
        return "rescued" if item.gold in offered or item.gold not in TOPICS else "lost"
    if top == item.gold or (item.gold not in TOPICS and top not in TOPICS):
        return "right"
    return "wrong"


def sweep(items: Sequence[Ranked]) -> list[dict[str, float]]:
    rows = []
    n = len(items)
    for threshold in THRESHOLDS:
        for ambiguity in AMBIGUITIES:
            counts = {"right": 0, "wrong": 0, "rescued": 0, "lost": 0}
            for item in items:
                counts[outcome(item, threshold, ambiguity)] += 1
            asked = counts["rescued"] + counts["lost"]
            rows.append(
                {
                    "threshold": threshold,
                    "ambiguity": ambiguity,
                    "right": counts["right"] / n,
                    "wrong": counts["wrong"] / n,
                    "asked": asked / n,
                    "rescued": counts["rescued"] / asked if asked else 1.0,
                    "cost": (counts["wrong"] + ASK_COST * asked) / n,
                }
            )
    return sorted(rows, key=lambda r: r["cost"])


def choose(rows: Sequence[dict[str, float]]) -> dict[str, float]:
    """Fewest wrong answers within ``TOLERANCE`` of the lowest cost."""
    best = min(r["cost"] for r in rows)
    near = [r for r in rows if r["cost"] <= best + TOLERANCE]
    return min(near, key=lambda r: (r["wrong"], -r["rescued"]))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--rankings", type=Path, help="JSON file to reuse (if it exists) or write")
    args = parser.parse_args(argv)
    items: list[Ranked] = []
    if args.rankings and args.rankings.is_file():
        items = [Ranked(g, tuple(map(tuple, r))) for g, r in json.loads(args.rankings.read_text())]
    else:
        with tempfile.TemporaryDirectory(prefix="wegweiser-thresholds-") as tmp:
            for index, (train, test) in enumerate(folds(training_lines(), args.folds)):
                print(f"fold {index + 1}/{args.folds} …", file=sys.stderr, flush=True)
                items += rank_fold(train, test, Path(tmp) / str(index))
        if args.rankings:
            args.rankings.write_text(json.dumps([[i.gold, i.ranking] for i in items]), encoding="utf-8")
    rows = sweep(items)
    print(f"{len(items)} held-out messages, {args.folds} folds; cost = wrong + {ASK_COST} × asked")
    print("| threshold | ambiguity | right | wrong answer | asked | offers held the intent | cost |")
    print("|---|---|---|---|---|---|---|")
    chosen = choose(rows)
    before = [r for r in rows if r["threshold"] == 0.3 and r["ambiguity"] == 0.0]
    for r in [*rows[:5], *before, chosen]:
        print(
            f"| {r['threshold']:.2f} | {r['ambiguity']:.2f} | {r['right']:.3f} | {r['wrong']:.3f} "
            f"| {r['asked']:.3f} | {r['rescued']:.3f} | {r['cost']:.3f} |"
        )
    print(f"chosen: threshold {chosen['threshold']}, ambiguity_threshold {chosen['ambiguity']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
