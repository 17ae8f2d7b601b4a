"""The corpus of real questions (issue 12): one source table, written out as Rasa NLU files.

``nlu_data/real/sources.tsv`` is the one place the real questions are kept, each with its language,
its part (``train`` or ``heldout``), its kind (an FAQ heading or a person's own post), its intent and
where it was found. ``python -m bot.nlu.real`` writes ``nlu_data/real/<lang>.yml`` (trained on) and
``tests/nlu/real/<lang>.yml`` (held out, never trained on) from it. Intents whose topic is not in the
registry yet go to ``<lang>_new_topics.yml`` so that they can be held back until their topic lands.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.config import PROJECT_ROOT

SOURCES = Path("nlu_data") / "real" / "sources.tsv"
TRAIN_DIR = Path("nlu_data") / "real"
HELDOUT_DIR = Path("tests") / "nlu" / "real"
COLUMNS = ("lang", "part", "kind", "intent", "source", "text")
KINDS = ("faq", "post")
"""``faq``: a heading of an FAQ or guide page written for migrants; ``post``: a person's own question."""
PARTS = ("train", "heldout")
NEW_TOPICS_SUFFIX = "_new_topics"


@dataclass(frozen=True)
class RealQuestion:
    lang: str
    part: str
    kind: str
    intent: str
    source: str
    text: str


def read_sources(path: Path = PROJECT_ROOT / SOURCES) -> list[RealQuestion]:
    """Every row of the source table (tab-separated, header line first)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [RealQuestion(**{c: (row[c] or "").strip() for c in COLUMNS}) for row in rows]


def one_line(text: str) -> str:
    """A message as one NLU example line: no line breaks, no Rasa entity brackets."""
    return " ".join(text.replace("[", "(").replace("]", ")").split())


def render(questions: Iterable[RealQuestion]) -> str:
    """Rasa NLU YAML (version 3.1) with one block per intent, intents and examples in table order."""
    by_intent: dict[str, list[str]] = defaultdict(list)
    for question in questions:
        by_intent[question.intent].append(one_line(question.text))
    lines = ['version: "3.1"', "# Real questions: sources in nlu_data/real/sources.tsv", "nlu:"]
    for intent, texts in by_intent.items():
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {text}" for text in texts]
        lines.append("")
    return "\n".join(lines)


def write_corpus(questions: list[RealQuestion], root: Path, known_intents: Collection[str]) -> list[Path]:
    """Write the training and held-out files; intents not in ``known_intents`` go to
    ``<lang>_new_topics.yml``. Returns the files written (stale ones are removed first)."""
    written: list[Path] = []
    for part, folder in (("train", TRAIN_DIR), ("heldout", HELDOUT_DIR)):
        target = root / folder
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("*.yml"):
            old.unlink()
        groups: dict[str, list[RealQuestion]] = defaultdict(list)
        for question in questions:
            if question.part != part:
                continue
            suffix = "" if question.intent in known_intents else NEW_TOPICS_SUFFIX
            groups[question.lang + suffix].append(question)
        for stem, members in sorted(groups.items()):
            path = target / f"{stem}.yml"
            path.write_text(render(members), encoding="utf-8")
            written.append(path)
    return written


def main() -> None:
    from bot.topics import INTENTS

    files = write_corpus(read_sources(), PROJECT_ROOT, INTENTS)
    for path in files:
        print(path.relative_to(PROJECT_ROOT))


if __name__ == "__main__":
    main()
