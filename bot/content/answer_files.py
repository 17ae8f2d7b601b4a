"""Answers as YAML files, one per language: what ships in ``content/answers/`` and what translators edit.

Importing adds a new revision only where the text changed, so re-importing the same file is harmless
and nothing earlier is lost. An export (:func:`write_answer_file`) is the same format plus, for
translations, ``source_version`` (the German version the file was prepared against, so a re-import
records what the translation is based on) and ``german`` (that German text, for the translator;
ignored on import). Topics not yet translated appear with an empty ``text`` and are skipped on import
until someone fills them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content.answers import add_revision, latest_revision
from bot.db.models import Answer, AnswerStatus
from bot.db.models.answer import REFERENCE_LENGTH
from bot.errors import OperatorError
from bot.languages import SOURCE_LANGUAGE, languages
from bot.topics import TOPICS

GERMAN_REFERENCE = "german"
"""Key of the German text an export shows translators beside each entry (ignored on import)."""


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
    public_source: str | None = None
    """The public body named to users ("Source: BAMF"); only where the source is one."""


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
            if GERMAN_REFERENCE in raw:  # left untranslated in an exported file: nothing to import
                continue
            problems.append(f"{where} ({topic}): the text is empty")
            continue
        source_version = raw.get("source_version")
        if source_version is not None and (
            not isinstance(source_version, int) or isinstance(source_version, bool)
        ):
            problems.append(f"{where} ({topic}): source_version must be a version number")
            source_version = None
        reviewed = raw.get("last_reviewed")
        if reviewed is not None and not isinstance(reviewed, date):
            problems.append(f"{where} ({topic}): last_reviewed must be a date like 2026-11-25")
            reviewed = None
        public_source = raw.get("public_source")
        if public_source is not None and (not isinstance(public_source, str) or not public_source.strip()):
            problems.append(f"{where} ({topic}): public_source must be a name like BAMF (or left out)")
            public_source = None
        reference = str(raw.get("source") or "")
        if len(reference) > REFERENCE_LENGTH:
            problems.append(
                f"{where} ({topic}): the source is {len(reference)} characters; at most "
                f"{REFERENCE_LENGTH} fit, shorten it"
            )
        region = raw.get("region")
        entries.append(
            AnswerEntry(
                topic=str(topic),
                text=text.strip(),
                region=str(region) if region else None,
                reference=reference,
                last_reviewed=reviewed,
                source_version=source_version,
                public_source=public_source.strip() if public_source else None,
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
            if current.public_source != entry.public_source:  # a name, not a new text: no new version
                current.public_source = entry.public_source
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
            public_source=entry.public_source,
        )
        added += 1
    return added


class _BlockDumper(yaml.SafeDumper):
    """Multi-line texts as ``|`` blocks, as people write them in ``content/answers/``."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _represent_text)


def _text_block(text: str) -> str:
    """Block scalars cannot keep trailing spaces; normalise lines and end with one newline."""
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"


def export_answers(session: Session, *, language: str) -> dict[str, Any]:
    """The published texts of ``language`` as an answer-file document (nationwide and regional)."""
    regions = sorted(
        set(session.scalars(select(Answer.region).where(Answer.language.in_({language, SOURCE_LANGUAGE})))),
        key=lambda r: (r is not None, r or ""),
    )
    entries: list[dict[str, Any]] = []
    for region in regions:
        for topic in TOPICS:
            current = latest_revision(session, topic=topic, language=language, region=region)
            german = None
            if language != SOURCE_LANGUAGE:
                german = latest_revision(session, topic=topic, language=SOURCE_LANGUAGE, region=region) or (
                    latest_revision(session, topic=topic, language=SOURCE_LANGUAGE, region=None)
                    if region is not None
                    else None
                )
            if current is None and (german is None or region is not None):
                continue
            entry: dict[str, Any] = {"topic": topic}
            if region is not None:
                entry["region"] = region
            entry["text"] = _text_block(current.text) if current else ""
            entry["source"] = current.reference if current else ""
            if current is not None and current.public_source:
                entry["public_source"] = current.public_source
            if current is not None and current.last_reviewed is not None:
                entry["last_reviewed"] = current.last_reviewed
            if german is not None:
                entry["source_version"] = german.version
                entry[GERMAN_REFERENCE] = _text_block(german.text)
            entries.append(entry)
    return {"language": language, "answers": entries}


def write_answer_file(session: Session, *, path: Path, language: str) -> int:
    """Write :func:`export_answers` of ``language`` to ``path``; return how many texts it holds."""
    document = export_answers(session, language=language)
    text = yaml.dump(document, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=100)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AnswerFileError(f"{path}: cannot write it ({exc.strerror or exc})") from None
    return sum(1 for entry in document["answers"] if entry["text"])
