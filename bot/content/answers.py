"""Answer texts: the one explicit, tested fallback rule, and publishing new revisions.

Fallback order for topic T, language L, region R: (L, R) → (L, nationwide) → (German, R) →
(German, nationwide). A municipality's own text wins over the nationwide default; a missing language
falls back to German and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import Answer, AnswerStatus
from bot.languages import SOURCE_LANGUAGE


@dataclass(frozen=True)
class ResolvedAnswer:
    topic: str
    text: str
    language: str
    region: str | None
    version: int
    last_reviewed: date | None = None
    public_source: str | None = None

    def is_language_fallback(self, wanted: str) -> bool:
        return self.language != wanted


def latest_revision(
    session: Session,
    *,
    topic: str,
    language: str,
    region: str | None,
    published_only: bool = True,
) -> Answer | None:
    """The newest revision (published only, unless drafts are asked for, e.g. in staff preview)."""
    query = select(Answer).where(
        Answer.topic == topic,
        Answer.language == language,
        Answer.region.is_(None) if region is None else Answer.region == region,
    )
    if published_only:
        query = query.where(Answer.status == AnswerStatus.PUBLISHED)
    return session.scalars(query.order_by(Answer.version.desc()).limit(1)).first()


def resolve_answer(
    session: Session,
    *,
    topic: str,
    language: str,
    region: str | None = None,
    include_drafts: bool = False,
) -> ResolvedAnswer | None:
    """The text the bot shows for ``topic``, following the fallback order in the module docstring."""
    candidates: list[tuple[str, str | None]] = []
    for lang in dict.fromkeys((language, SOURCE_LANGUAGE)):
        if region is not None:
            candidates.append((lang, region))
        candidates.append((lang, None))
    for lang, reg in candidates:
        row = latest_revision(
            session, topic=topic, language=lang, region=reg, published_only=not include_drafts
        )
        if row is not None:
            return ResolvedAnswer(
                row.topic,
                row.text,
                row.language,
                row.region,
                row.version,
                last_reviewed=row.last_reviewed,
                public_source=row.public_source,
            )
    return None


def next_version(session: Session, *, topic: str, language: str, region: str | None) -> int:
    current = session.scalar(
        select(func.max(Answer.version)).where(
            Answer.topic == topic,
            Answer.language == language,
            Answer.region.is_(None) if region is None else Answer.region == region,
        )
    )
    return (current or 0) + 1


def add_revision(
    session: Session,
    *,
    topic: str,
    language: str,
    text: str,
    region: str | None = None,
    status: AnswerStatus = AnswerStatus.DRAFT,
    reference: str = "",
    last_reviewed: date | None = None,
    public_source: str | None = None,
    source_version: int | None = None,
    minor_edit: bool = False,
    author_id: int | None = None,
) -> Answer:
    """Store ``text`` as the next revision; earlier revisions stay as history."""
    row = Answer(
        topic=topic,
        language=language,
        region=region,
        version=next_version(session, topic=topic, language=language, region=region),
        text=text,
        status=status,
        reference=reference,
        last_reviewed=last_reviewed,
        public_source=public_source,
        source_version=source_version,
        minor_edit=minor_edit,
        author_id=author_id,
    )
    session.add(row)
    session.flush()
    return row
