"""Benchmark: how much of what real people wrote about violence and emergencies the keyword net catches.

The safety sets (``tests/safety``) were written by the project; the real questions
(``nlu_data/real/sources.tsv``) are FAQ headings and people's own posts from public pages. Their
``violence_women`` and ``emergency`` questions are messages the crisis lines must reach whatever the
classifier says, so the net's share of them is a second, independent measure. Every other question is
one where a crisis reply would be a false alarm. Prints counts per part (``train``: used to find the
word families the net lacked; ``heldout``: never used for tuning) and language.

    .venv/bin/python bench/safety_real.py [--json] [--keywords FILE] [--misses]

``--misses`` prints the missed and falsely alarmed *training* questions, the tuning view; the held-out
part is only ever counted (as for ``bench/safety_holdout.py``).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from bot.nlu.real import PARTS, RealQuestion, read_sources
from bot.replies.safety import KEYWORDS_FILE, SafetyNet

DANGER_INTENTS = frozenset({"violence_women", "emergency"})
"""Questions whose reply must carry crisis lines."""
EITHER_WAY = frozenset({"racist_attack", "work_exploitation", "health_mental", "pregnancy"})
"""Neither a miss nor a false alarm: some of these are acute (an attack, a passport taken, a crisis,
bleeding), most are not, and the corpus does not say which."""


def measure(questions: list[RealQuestion], net: SafetyNet) -> dict[str, Any]:
    """Per part: caught/total danger questions and fired/total calm ones, overall and by language."""
    result: dict[str, Any] = {}
    for part in PARTS:
        caught, danger, fired, calm = Counter[str](), Counter[str](), Counter[str](), Counter[str]()
        for question in (q for q in questions if q.part == part):
            if question.intent in EITHER_WAY:
                continue
            hit = bool(net.check(question.text))
            if question.intent in DANGER_INTENTS:
                danger[question.lang] += 1
                caught[question.lang] += hit
            else:
                calm[question.lang] += 1
                fired[question.lang] += hit
        result[part] = {
            "caught": sum(caught.values()),
            "danger": sum(danger.values()),
            "fired": sum(fired.values()),
            "calm": sum(calm.values()),
            "by_language": {
                lang: {
                    "caught": caught[lang],
                    "danger": danger[lang],
                    "fired": fired[lang],
                    "calm": calm[lang],
                }
                for lang in sorted(set(danger) | set(calm))
            },
        }
    return result


def misses(questions: list[RealQuestion], net: SafetyNet) -> list[str]:
    """The training part's missed danger questions and false alarms, for finding missing word families."""
    lines = []
    for question in (q for q in questions if q.part == "train" and q.intent not in EITHER_WAY):
        danger = question.intent in DANGER_INTENTS
        if danger != bool(net.check(question.text)):
            why = "missed" if danger else "alarm " + "; ".join(net.explain(question.text))
            lines.append(f"{question.lang}\t{question.intent}\t{why}\t{question.text}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keywords", type=Path, default=KEYWORDS_FILE)
    parser.add_argument("--misses", action="store_true", help="print the training part's misses")
    args = parser.parse_args()
    net = SafetyNet.load(args.keywords)
    questions = read_sources()
    if args.misses:
        print("\n".join(misses(questions, net)))
        return
    result = measure(questions, net)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for part, figures in result.items():
        print(
            f"{part}: danger caught {figures['caught']}/{figures['danger']}, "
            f"calm set off {figures['fired']}/{figures['calm']}"
        )
        print(
            "  "
            + " ".join(
                f"{lang} {row['caught']}/{row['danger']}" for lang, row in figures["by_language"].items()
            )
        )


if __name__ == "__main__":
    main()
