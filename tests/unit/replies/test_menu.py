"""The topic menu and the buttons under answers: every topic reachable, every payload fits Telegram."""

from __future__ import annotations

import pytest

from bot.replies.contract import fits_callback, parse_payload
from bot.replies.menu import group_buttons, near_me_payload, next_step_buttons, topic_menu_buttons
from bot.topics import MENU, REGISTRY, TOPICS


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_button_payload_fits_telegram(language: str) -> None:
    payloads = [b.payload for topic in (*TOPICS, None) for b in next_step_buttons(language, topic)]
    payloads += [b.payload for b in topic_menu_buttons(language)]
    payloads += [b.payload for group in MENU for b in group_buttons(language, group)]
    assert all(fits_callback(p) for p in payloads), max(payloads, key=len)


def test_next_steps_search_for_the_topic_and_offer_a_counsellor() -> None:
    titles_payloads = [(b.title, b.payload) for b in next_step_buttons("en", "health_uninsured")]
    assert titles_payloads == [
        ("Services near me", '/find_service{"topic":"health_uninsured"}'),
        ("Talk to a counsellor", '/find_service{"topic":"health_uninsured","kind":"counsel"}'),
        ("Other topics", "/help"),
    ]
    assert near_me_payload(None) == "/find_service"
    assert near_me_payload("not_a_topic", counselling=True) == '/find_service{"kind":"counsel"}'


def test_the_topic_menu_reaches_every_topic_and_the_emergency_numbers() -> None:
    reached: set[str] = set()
    for button in topic_menu_buttons("en"):
        parsed = parse_payload(button.payload)
        assert parsed is not None
        intent, entities = parsed
        if intent == "help":
            reached |= {b.payload.lstrip("/") for b in group_buttons("en", entities["menu"])}
        else:
            reached.add(intent)
    assert set(TOPICS) <= reached
    assert "emergency" in reached


def test_a_group_leads_back_to_the_top_of_the_menu() -> None:
    back = group_buttons("en", "health")[-1]
    assert back.title.endswith("All topics")
    assert parse_payload(back.payload) == ("help", {"menu": "all"})


def test_titles_come_from_the_registry_in_the_persons_language() -> None:
    [*_, last] = topic_menu_buttons("de")
    assert REGISTRY.groups["emergency"].icon in last.title and "Notfall" in last.title


def test_help_against_violence_is_one_tap_away_next_to_the_emergency_numbers() -> None:
    buttons = topic_menu_buttons("de")
    payloads = [b.payload for b in buttons]
    assert "/violence_women" in payloads
    assert payloads.index("/violence_women") == len(payloads) - 2
    assert "Gewalt gegen Frauen" in buttons[-2].title
