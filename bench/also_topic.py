"""Choose when an answer offers the next likeliest topic as a button, by cross-validation.

A topic answer can carry one more button: the topic the model ranks next
(:func:`bot.replies.unsure.also_topic`). It helps a message about two things and a wrong answer whose
right topic came second; under a right answer to a plain question it is one button more to read. This
scores each floor for the next topic's confidence on the rankings that
``bench/real_questions_cv.py --fallback-grid --rankings FILE`` wrote (the same folds: written lines
stratified, real training questions by source page; the held-out files are never read):

    .venv-rasa/bin/python bench/real_questions_cv.py --fallback-grid --rankings /tmp/cv-rankings.json
    .venv/bin/python bench/also_topic.py /tmp/cv-rankings.json

Per set, over messages answered with a topic: wrong answers whose right topic gets the button
("reached"), right answers that get a button too, and buttons per answer.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bot.replies.unsure import ALSO_OFFERED, also_topic
from bot.topics import is_topic

FLOORS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3)


def score(items: list[dict[str, Any]], floor: float) -> dict[str, float]:
    answered = [i for i in items if is_topic(i["decided"])]
    wrong = [i for i in answered if i["gold"] != i["decided"] and is_topic(i["gold"])]
    right = [i for i in answered if i["gold"] == i["decided"]]

    def offered(item: dict[str, Any]) -> str | None:
        return also_topic([(name, conf) for name, conf in item["ranking"]], item["decided"], least=floor)

    return {
        "answered": len(answered),
        "wrong": len(wrong),
        "reached": sum(offered(i) == i["gold"] for i in wrong),
        "right": len(right),
        "right_with_button": sum(offered(i) is not None for i in right),
        "per_answer": sum(offered(i) is not None for i in answered) / len(answered) if answered else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rankings", type=Path)
    args = parser.parse_args()
    data = json.loads(args.rankings.read_text(encoding="utf-8"))
    print(f"configured floor: {ALSO_OFFERED}")
    print("| floor | real: wrong answers reached | real: right answers with a button | written: wrong "
          "reached | written: right with a button | buttons per answer (real / written) |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for floor in FLOORS:
        real, written = score(data["real"], floor), score(data["written"], floor)
        print(
            f"| {floor:.2f} | {real['reached']} of {real['wrong']} | {real['right_with_button']} of "
            f"{real['right']} | {written['reached']} of {written['wrong']} | "
            f"{written['right_with_button']} of {written['right']} | "
            f"{real['per_answer']:.2f} / {written['per_answer']:.2f} |"
        )


if __name__ == "__main__":
    main()
