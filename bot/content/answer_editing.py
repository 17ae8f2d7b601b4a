"""Changing answers from the staff app: save, publish and restore revisions without losing anyone's work.

Optimistic locking on the version: an editor saves "on top of" the version they opened. When someone
else saved in between, the save is refused with :class:`EditConflict`, which carries the other text, so
the page can show both versions and nothing is lost. The unique index on the version catches the
same race between two transactions. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.content.answers import add_revision, latest_revision
from bot.db.models import Answer, AnswerStatus
from bot.db.models.answer import REFERENCE_LENGTH
from bot.languages import SOURCE_LANGUAGE
from bot.replies.text import MESSAGE_LIMIT, visible_length
from bot.staff.audit import Actor, record
from bot.staff.errors import StaffError
from bot.staff.i18n import L_

RECOMMENDED_LENGTH = 700
"""The content guide's limit for an answer (read on a phone)."""


class EditRefused(StaffError):
    """The text cannot be saved as it is (empty, too long, nothing to publish)."""


class EditConflict(StaffError):
    """Someone saved a newer version since the editor was opened; ``current`` is theirs."""

    def __init__(self, current: Answer | None) -> None:
        super().__init__(
            L_("Someone else saved version %(version)s of this text while you were editing it."),
            version=current.version if current else 0,
        )
        self.current = current


@dataclass(frozen=True)
class TextKey:
    topic: str
    language: str
    region: str | None

    def __str__(self) -> str:
        return f"{self.topic}/{self.language}" + (f"/{self.region}" if self.region else "")


def revisions(session: Session, *, key: TextKey) -> list[Answer]:
    """Every revision of one text, newest first."""
    return list(
        session.scalars(
            select(Answer)
            .where(
                Answer.topic == key.topic,
                Answer.language == key.language,
                Answer.region.is_(None) if key.region is None else Answer.region == key.region,
            )
            .order_by(Answer.version.desc())
        )
    )


def revision(session: Session, *, key: TextKey, version: int) -> Answer | None:
    return next((row for row in revisions(session, key=key) if row.version == version), None)


def latest(session: Session, *, key: TextKey) -> Answer | None:
    return latest_revision(
        session, topic=key.topic, language=key.language, region=key.region, published_only=False
    )


def german_source(session: Session, *, topic: str, region: str | None) -> Answer | None:
    """The published German text a translation is made from (the region's own, else nationwide)."""
    for reg in dict.fromkeys((region, None)):
        row = latest_revision(session, topic=topic, language=SOURCE_LANGUAGE, region=reg)
        if row is not None:
            return row
    return None


def _check_base(session: Session, key: TextKey, base_version: int) -> Answer | None:
    current = latest(session, key=key)
    if (current.version if current else 0) != base_version:
        raise EditConflict(current)
    return current


def save_text(
    session: Session,
    *,
    actor: Actor,
    key: TextKey,
    text: str,
    base_version: int,
    publish: bool,
    reference: str = "",
    last_reviewed: date | None = None,
    minor_edit: bool = False,
    source_version: int | None = None,
) -> Answer:
    """Store ``text`` as the next revision (draft, or published at once).

    Args:
        base_version: the newest version when the editor was opened (0: there was none).
        source_version: for a translation, the German version shown beside it.

    Raises:
        EditConflict: someone saved a newer version since ``base_version``.
        EditRefused: the text is empty or longer than one message.
    """
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise EditRefused(L_("The text is empty."))
    if visible_length(text) > MESSAGE_LIMIT:
        raise EditRefused(
            L_("The text has %(length)s characters; one message can have at most %(limit)s."),
            length=visible_length(text),
            limit=MESSAGE_LIMIT,
        )
    current = _check_base(session, key, base_version)
    status = AnswerStatus.PUBLISHED if publish else AnswerStatus.DRAFT
    if key.language == SOURCE_LANGUAGE:
        source_version = None
    else:
        minor_edit = False
    if (
        current is not None
        and current.text == text
        and current.reference == reference
        and current.last_reviewed == last_reviewed
    ):
        if publish and current.status is AnswerStatus.DRAFT:
            return publish_version(session, actor=actor, key=key, version=current.version)
        return current
    try:
        with session.begin_nested():
            row = add_revision(
                session,
                topic=key.topic,
                language=key.language,
                region=key.region,
                text=text,
                status=status,
                reference=reference.strip()[:REFERENCE_LENGTH],
                last_reviewed=last_reviewed,
                public_source=current.public_source if current is not None else None,
                source_version=source_version,
                minor_edit=minor_edit,
                author_id=actor.user_id,
            )
    except IntegrityError:
        raise EditConflict(latest(session, key=key)) from None
    record(
        session,
        actor=actor,
        action="answer.publish" if publish else "answer.save",
        target=str(key),
        detail=f"version {row.version}" + (" (minor edit)" if minor_edit else ""),
    )
    return row


def publish_version(session: Session, *, actor: Actor, key: TextKey, version: int) -> Answer:
    """Publish the newest revision, a draft; older ones are brought back with :func:`restore`."""
    current = _check_base(session, key, version)
    if current is None:
        raise EditRefused(L_("There is nothing to publish yet."))
    if current.status is AnswerStatus.PUBLISHED:
        return current
    current.status = AnswerStatus.PUBLISHED
    session.flush()
    record(session, actor=actor, action="answer.publish", target=str(key), detail=f"version {version}")
    return current


def restore(session: Session, *, actor: Actor, key: TextKey, version: int, base_version: int) -> Answer:
    """A new draft with the text of an earlier ``version`` (history stays as it was)."""
    old = revision(session, key=key, version=version)
    if old is None:
        raise EditRefused(L_("Version %(version)s does not exist."), version=version)
    row = save_text(
        session,
        actor=actor,
        key=key,
        text=old.text,
        base_version=base_version,
        publish=False,
        reference=old.reference,
        last_reviewed=old.last_reviewed,
        source_version=old.source_version,
    )
    record(session, actor=actor, action="answer.restore", target=str(key), detail=f"from version {version}")
    return row
