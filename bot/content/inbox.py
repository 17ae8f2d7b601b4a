"""The question inbox: keep a consented question, label it, export the labels as training data, purge.

A kept row holds the scrubbed text, language, the model's guess and confidence, the ISO week and the
district key — never who asked, never when more precisely than the week. Rows are deleted 90 days after
the Monday of their week (:func:`purge_expired`, run on every keep and by ``wegweiser inbox purge``).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import yaml
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.content.scrub import scrub
from bot.content.usage import iso_week_of
from bot.db.models import InboxQuestion
from bot.languages import language_codes
from bot.topics import INTENTS

RETENTION: Final = timedelta(days=90)
MAX_TEXT: Final = 1000
NEW, LABELLED, NEW_TOPIC, DISCARDED = "new", "labelled", "new_topic", "discarded"
STATUSES: Final = (NEW, LABELLED, NEW_TOPIC, DISCARDED)


def keep(
    session: Session,
    *,
    text: str,
    language: str,
    predicted: str | None,
    confidence: float,
    region: str | None,
    when: datetime,
) -> InboxQuestion | None:
    """Keep ``text`` scrubbed; ``None`` when nothing is left of it or the language is unknown."""
    cleaned = scrub(text)[:MAX_TEXT]
    if not cleaned or language not in language_codes():
        return None
    purge_expired(session, now=when)
    iso_year, iso_week = iso_week_of(when)
    row = InboxQuestion(
        text=cleaned,
        language=language,
        predicted=predicted if predicted in INTENTS else None,
        confidence=round(max(0.0, min(1.0, confidence)), 2),
        region=region[:5] if region and region.isdigit() and len(region) >= 5 else None,
        iso_year=iso_year,
        iso_week=iso_week,
        status=NEW,
    )
    session.add(row)
    session.flush()
    return row


def week_start(iso_year: int, iso_week: int) -> date:
    return date.fromisocalendar(iso_year, iso_week, 1)


def purge_expired(session: Session, *, now: datetime | None = None) -> int:
    """Delete questions whose week began more than 90 days ago; the number deleted."""
    today = (now or datetime.now(UTC)).date()
    expired = [
        row.id
        for row in session.execute(select(InboxQuestion.id, InboxQuestion.iso_year, InboxQuestion.iso_week))
        if week_start(row.iso_year, row.iso_week) + RETENTION <= today
    ]
    if expired:
        session.execute(delete(InboxQuestion).where(InboxQuestion.id.in_(expired)))
    return len(expired)


class LabelError(ValueError):
    """A label that is not an intent, or a new-topic note without words."""


def label(
    session: Session, question_id: int, *, intent: str | None = None, new_topic: str | None = None
) -> None:
    """Label a question with an intent, as "new topic needed: …", or discard it (neither given)."""
    row = session.get(InboxQuestion, question_id)
    if row is None:
        raise LabelError(f"no question {question_id}")
    if intent is not None:
        if intent not in INTENTS:
            raise LabelError(f"unknown intent {intent!r}")
        row.status, row.label = LABELLED, intent
    elif new_topic is not None:
        if not new_topic.strip():
            raise LabelError("say which topic is needed")
        row.status, row.label = NEW_TOPIC, new_topic.strip()[:200]
    else:
        row.status, row.label = DISCARDED, None


def stats(session: Session) -> dict[str, Any]:
    """Counts by status, language and label (labels of labelled and new-topic questions)."""
    rows = list(session.scalars(select(InboxQuestion)))
    return {
        "total": len(rows),
        "by_status": {s: sum(r.status == s for r in rows) for s in STATUSES},
        "by_language": dict(sorted(Counter(r.language for r in rows).items())),
        "by_label": dict(sorted(Counter(r.label for r in rows if r.label).items())),
    }


def export_nlu(session: Session, folder: Path, *, known: set[tuple[str, str]] | None = None) -> list[Path]:
    """Labelled questions as Rasa NLU data, one file per language (``<folder>/<lang>.yml``).

    ``known``: (language, lower-case text) pairs already in the training data, left out (training
    refuses repeated examples).
    """
    by_language: dict[str, dict[str, list[str]]] = {}
    query = select(InboxQuestion).where(InboxQuestion.status == LABELLED).order_by(InboxQuestion.id)
    for row in session.scalars(query):
        assert row.label is not None
        if known and (row.language, " ".join(row.text.lower().split())) in known:
            continue
        by_language.setdefault(row.language, {}).setdefault(row.label, []).append(row.text)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for code, intents in sorted(by_language.items()):
        blocks = [
            {
                "intent": intent,
                "examples": "".join(f"- {' '.join(t.split())}\n" for t in dict.fromkeys(texts)),
            }
            for intent, texts in sorted(intents.items())
        ]
        path = folder / f"{code}.yml"
        path.write_text(
            "# Labelled questions of the inbox (wegweiser inbox export); scrubbed, nothing about who asked.\n"
            + yaml.safe_dump(
                {"version": "3.1", "nlu": blocks}, allow_unicode=True, sort_keys=False, width=1000
            ),
            encoding="utf-8",
        )
        written.append(path)
    return written


def merge_files(files: list[Path], target: Path) -> None:
    """Several exported language files as one NLU file (``wegweiser inbox export FILE.yml``)."""
    blocks: list[Any] = []
    for path in files:
        blocks += (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []
    target.write_text(
        yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True, sort_keys=False, width=1000),
        encoding="utf-8",
    )
