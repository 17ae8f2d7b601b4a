"""Reading Rasa-format NLU YAML: examples with their intent, language and annotated places."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: the training data reads in a fraction of the time."""

ENTITY = re.compile(r"\[(?P<value>[^\]]+)\]\((?P<entity>[^)]+)\)")
PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
NO_LANGUAGE = "none"
"""``metadata: language: none`` on a block of examples: lines of no language (``asdfgh``, ``haha``)."""
OTHER_LANGUAGE = "other"
"""Messages in a language the bot does not answer in (``locales/other_languages.yml``)."""


@dataclass(frozen=True)
class Example:
    text: str
    """The message as a user would type it (entity markup removed)."""
    intent: str
    language: str | None
    source: Path
    neutral: bool = False
    """Written the same in every language (keyboard noise, laughter): a block with ``metadata:
    language: none``. Trained on like the rest, but taught to the language identifier as no language."""


def plain_text(annotated: str) -> str:
    return ENTITY.sub(lambda m: m.group("value"), annotated)


def normalize(text: str) -> str:
    """The form used to find duplicates: lower case, no punctuation, single spaces."""
    text = unicodedata.normalize("NFC", plain_text(text)).casefold()
    return " ".join(PUNCTUATION.sub(" ", text).split())


def language_of(path: Path, languages: Iterable[str]) -> str | None:
    """``nlu_data/<lang>/x.yml``, ``tests/nlu/<lang>.yml`` or ``nlu_data/real/<lang>_new_topics.yml``
    name their language."""
    known = set(languages)
    for part in (path.stem, path.parent.name, path.stem.split("_", 1)[0]):
        if part in known:
            return part
    return None


def yaml_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.yml") if p.is_file()))
        else:
            files.append(path)
    return files


def read_examples(paths: Iterable[Path], languages: Iterable[str]) -> Iterator[Example]:
    """Every intent example in the given files or folders (lookup tables and regexes are skipped)."""
    known = list(languages)
    for file in yaml_files(paths):
        document = yaml.load(file.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
        language = language_of(file, known)
        for block in document.get("nlu") or []:
            intent = block.get("intent")
            if not intent:
                continue
            neutral = (block.get("metadata") or {}).get("language") == NO_LANGUAGE
            for line in str(block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    yield Example(plain_text(line[2:].strip()), intent, language, file, neutral)


def other_language_lines(path: Path) -> list[str]:
    """Every message of ``locales/other_languages.yml`` (one list per language code), or none without
    the file."""
    if not path.is_file():
        return []
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    return [str(line) for lines in document.values() for line in lines or () if str(line).strip()]
