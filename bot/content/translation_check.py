"""``wegweiser content check``: which topic × language texts are missing or outdated.

Built on :func:`bot.content.answer_status.text_states`, the one definition of a text's state that the
staff app's overview grid uses too: *outdated* means a German revision that is not a minor edit was
published after the German version the translation was made from. *Missing* here means nothing is
published in that language, so people get the German text (drafts are listed apart).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from bot.content.answer_status import text_states
from bot.languages import language_codes
from bot.topics import TOPICS


@dataclass(frozen=True)
class TranslationCheck:
    region: str | None
    topics: list[str]
    languages: list[str]
    missing: list[tuple[str, str]] = field(default_factory=list)
    outdated: list[tuple[str, str]] = field(default_factory=list)
    drafts: list[tuple[str, str]] = field(default_factory=list)
    """The newest revision is a draft waiting for review."""

    def published_share(self, language: str) -> float:
        gaps = sum(1 for _, lang in self.missing if lang == language)
        return 1 - gaps / len(self.topics) if self.topics else 1.0

    def as_json(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "topics": self.topics,
            "languages": self.languages,
            "missing": [list(pair) for pair in self.missing],
            "outdated": [list(pair) for pair in self.outdated],
            "drafts": [list(pair) for pair in self.drafts],
            "coverage": {lang: round(self.published_share(lang), 3) for lang in self.languages},
        }


def check_translations(session: Session, *, region: str | None = None) -> TranslationCheck:
    """Every (topic, language) pair of the supported languages that needs a translator's work."""
    topics, languages = list(TOPICS), language_codes()
    states = text_states(session, topics=topics, languages=languages, region=region)
    check = TranslationCheck(region=region, topics=topics, languages=languages)
    for topic in topics:
        for language in languages:
            state = states[(topic, language)]
            if state.published_version is None:
                check.missing.append((topic, language))
            if state.outdated:
                check.outdated.append((topic, language))
            if state.state.value == "draft":
                check.drafts.append((topic, language))
    return check
