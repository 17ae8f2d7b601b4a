"""The intent taxonomy: topics people ask about and the meta intents of a conversation.

The names are the Rasa intent names and the answer keys in the database; they never change silently.
"""

from __future__ import annotations

from typing import Final

TOPICS: Final = (
    "housing_search",
    "housing_leave_shelter",
    "housing_homeless",
    "housing_tenancy",
    "health_insurance",
    "health_uninsured",
    "health_find_doctor",
    "health_mental",
    "counselling_migration",
    "counselling_asylum",
    "counselling_debt",
    "discrimination_report",
    "racist_attack",
    "language_course",
    "work_jobs",
    "find_service",
)

META_INTENTS: Final = (
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "help",
    "choose_language",
    "bot_challenge",
    "privacy",
    "emergency",
    "out_of_scope",
    "inform_location",
)

INTENTS: Final = META_INTENTS + TOPICS

MENU: Final[dict[str, tuple[str, ...]]] = {
    "housing": ("housing_search", "housing_leave_shelter", "housing_homeless", "housing_tenancy"),
    "health": ("health_insurance", "health_uninsured", "health_find_doctor", "health_mental"),
    "counselling": ("counselling_migration", "counselling_asylum", "counselling_debt"),
    "discrimination": ("discrimination_report", "racist_attack"),
    "language_course": ("language_course",),
    "work": ("work_jobs",),
    "emergency": (),
}
"""The topic menu for people who prefer buttons to typing: group -> topics (emergency answers at once)."""


def is_topic(name: str | None) -> bool:
    return name in TOPICS
