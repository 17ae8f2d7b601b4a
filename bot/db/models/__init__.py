"""ORM models, one per file; importing this package registers them all on ``Base.metadata``."""

from bot.db.models.answer import Answer, AnswerStatus

__all__ = ["Answer", "AnswerStatus"]
