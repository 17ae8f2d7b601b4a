"""Answers as YAML files, one per language: what ships in ``content/answers/`` and what translators edit.

Importing adds a new revision only where the text changed, so re-importing the same file is harmless
and nothing earlier is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from bot.content.answers import add_revision, latest_revision
from bot.db.models import AnswerStatus
from bot.errors import OperatorError
from bot.languages import SOURCE_LANGUAGE, languages
from bot.topics import TOPICS


class AnswerFileError(OperatorError):
    """An answer file cannot be imported; the message lists every problem with its place."""


@dataclass(frozen=True)
class AnswerEntry:
    topic: str
    text: str
    region: str | None
    reference: str
    last_reviewed: date | None
    source_version: int | None


def read_answer_file(path: Path) -> tuple[str, list[AnswerEntry]]:
    """Parse and check one file; raise :class:`AnswerFileError` listing all problems."""
    try:
        document: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise AnswerFileError(f"{path}: cannot read it as YAML ({exc})") from None
    problems: list[str] = []
    if not isinstance(document, dict):
        raise AnswerFileError(f"{path}: expected `language:` and `answers:` at the top")
    language = document.get("language")
    if language not in languages():
        problems.append(f"{path}: unknown language {language!r}")
    entries: list[AnswerEntry] = []
    for index, raw in enumerate(document.get("answers") or [], start=1):
        where = f"{path}: answer {index}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: expected topic/text/source fields")
            continue
        topic, text = raw.get("topic"), raw.get("text")
        if topic not in TOPICS:
            problems.append(f"{where}: unknown topic {topic!r}")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where} ({topic}): the text is empty")
            continue
        reviewed = raw.get("last_reviewed")
        if reviewed is not None and not isinstance(reviewed, date):
            problems.append(f"{where} ({topic}): last_reviewed must be a date like 2026-11-25")
            reviewed = None
        region = raw.get("region")
        entries.append(
            AnswerEntry(
                topic=str(topic),
                text=text.strip(),
                region=str(region) if region else None,
                reference=str(raw.get("source") or ""),
                last_reviewed=reviewed,
                source_version=raw.get("source_version"),
            )
        )
    if problems:
        raise AnswerFileError("\n".join(problems))
    return str(language), entries


def import_answer_file(session: Session, path: Path, *, publish: bool = True) -> int:
    """Store every changed text of ``path`` as a new revision; return how many were added."""
    language, entries = read_answer_file(path)
    added = 0
    for entry in entries:
        current = latest_revision(
            session, topic=entry.topic, language=language, region=entry.region, published_only=False
        )
        if current is not None and current.text == entry.text:
            continue
        source_version = entry.source_version
        if source_version is None and language != SOURCE_LANGUAGE:
            german = latest_revision(
                session, topic=entry.topic, language=SOURCE_LANGUAGE, region=entry.region
            )
            source_version = german.version if german else None
        add_revision(
            session,
            topic=entry.topic,
            language=language,
            region=entry.region,
            text=entry.text,
            status=AnswerStatus.PUBLISHED if publish else AnswerStatus.DRAFT,
            reference=entry.reference,
            last_reviewed=entry.last_reviewed,
            source_version=source_version,
        )
        added += 1
    return added
