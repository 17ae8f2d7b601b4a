"""Choose when a greeting with words after it is answered for a topic, by cross-validation.

A message the classifier calls a greeting ("hallo, ich suche einen kitaplatz") is answered for its
best topic when that topic has enough of the topics' confidence (``bot.nlu.greeting``); otherwise
"did you mean …?", or a plain greeting when no topic has any weight. This scores the floor and the
share on the rankings that ``bench/real_questions_cv.py --rankings FILE`` wrote (the same folds; the
held-out files are never read), over the messages the fallback rule left as ``greet``:

    .venv-rasa/bin/python bench/real_questions_cv.py --rankings /tmp/cv-rankings.json
    .venv/bin/python bench/greeting_floor.py /tmp/cv-rankings.json

Those rankings keep the five likeliest intents (Rasa's ten in the bot), so shares come out a little
higher than the bot's.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT
from bot.nlu import greeting
from bot.topics import is_topic

FLOORS = (0.02, 0.01, 0.005, 0.002)
SHARES = (0.5, 0.6, 0.7)


def outcome(item: dict[str, Any], words: frozenset[str], floor: float, share: float) -> str:
    ranking = [{"name": name, "confidence": c} for name, c in item["ranking"]]
    question = greeting.question_after_greeting(item["text"], ranking, words, floor=floor)
    if question is None:
        return "greeted"
    if not question.sure(share):
        return "asked"
    return "right" if question.topic == item["gold"] else "wrong"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rankings", type=Path)
    args = parser.parse_args()
    dumped = json.loads(args.rankings.read_text(encoding="utf-8"))
    words = greeting.greeting_words(PROJECT_ROOT / "nlu_data")
    greeted = [item for part in dumped.values() for item in part if item["decided"] == greeting.GREET]
    about = sum(is_topic(item["gold"]) for item in greeted)
    print(f"{len(greeted)} messages left as greet; about a topic: {about}")
    for floor in FLOORS:
        for share in SHARES:
            topic = Counter(outcome(i, words, floor, share) for i in greeted if is_topic(i["gold"]))
            other = Counter(outcome(i, words, floor, share) for i in greeted if not is_topic(i["gold"]))
            print(
                f"floor {floor:<5} share {share}: about a topic — right {topic['right']}, asked "
                f"{topic['asked']}, wrong {topic['wrong']}, only greeted {topic['greeted']} | not about a "
                f"topic — greeted {other['greeted']}, asked {other['asked']}, "
                f"answered {other['right'] + other['wrong']}"
            )


if __name__ == "__main__":
    main()
