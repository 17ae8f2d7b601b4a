"""The actions against a real database seeded as ``make run`` seeds it (gazetteer + demo directory).

No Rasa here: the action classes run on hand-built trackers, as the action server would run them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import runtime
from actions.answer import ActionAnswer
from actions.emergency import ActionEmergency
from actions.fallback import ActionDefaultFallback
from actions.place import ActionAskPlace, ValidateFindServicesForm
from actions.services import ActionFindServices
from bot.config import PROJECT_ROOT
from bot.content.answers import resolve_answer
from bot.content.usage import iso_week_of
from bot.db.models import UsageCount
from bot.db.session import session_scope
from bot.i18n import messages as m
from bot.i18n import translate
from bot.replies.answers import trust_line
from bot.replies.menu import topic_title
from bot.topics import REGISTRY
from tests.auxil.small_directory import copy_small_directory
from tests.auxil.trackers import meta_event, slot_event, tracker, user_message

DOMAIN: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, small_directory: Path) -> Iterator[str]:
    """A small real database the actions use (through WEGWEISER_DATABASE_URL)."""
    var = tmp_path_factory.mktemp("actions-db")
    url = copy_small_directory(small_directory, var)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WEGWEISER_DATABASE_URL", url)
        patch.setenv("WEGWEISER_VAR_DIR", str(var))
        patch.setattr("actions.conversation.detect_language", lambda text, *_, **__: None)
        runtime.settings.cache_clear()
        yield url
    runtime.settings.cache_clear()


async def run(action: Any, message: dict[str, Any], **state: Any) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(message, **state), DOMAIN)
    return dispatcher.messages, events


def cards(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        msg["custom"]["service"]
        for msg in messages
        if (msg.get("custom") or {}).get("type") == "service_card"
    ]


def metas(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [msg["custom"] for msg in messages if (msg.get("custom") or {}).get("type") == "meta"]


def count(url: str, *, topic: str, region: str | None, language: str) -> int:
    year, week = iso_week_of(datetime.now(UTC))
    with session_scope(url) as session:
        row = session.scalars(
            select(UsageCount).where(
                UsageCount.topic == topic,
                UsageCount.language == language,
                UsageCount.region.is_(None) if region is None else UsageCount.region == region,
                UsageCount.iso_year == year,
                UsageCount.iso_week == week,
            )
        ).first()
        return row.count if row else 0


# --- the form's validation ----------------------------------------------------------------------


async def test_a_postal_code_fills_the_place_with_its_region(database: str) -> None:
    messages, events = await run(
        ValidateFindServicesForm(),
        user_message("50667", "inform_location", entities={"location": "50667"}),
        slots={"requested_slot": "place"},
        active_loop="find_services_form",
    )
    assert messages == []
    assert SlotSet("place", "50667") in events and SlotSet("region", "05315") in events


async def test_a_shared_location_is_kept_only_rounded(database: str) -> None:
    message = user_message(
        '/inform_location{"lat": 51.3413, "lon": 12.3747}',
        "inform_location",
        entities={"lat": 51.3413, "lon": 12.3747},
    )
    _, events = await run(ValidateFindServicesForm(), message, slots={"requested_slot": "place"})
    assert SlotSet("place", "51.34,12.37") in events and SlotSet("region", "14713") in events


async def test_an_ambiguous_town_is_asked_back_with_candidates(database: str) -> None:
    messages, events = await run(
        ValidateFindServicesForm(),
        user_message("Frankfurt", "inform_location"),
        slots={"requested_slot": "place"},
        before=[meta_event("de")],
    )
    assert SlotSet("place", None) in events
    question = next(msg for msg in messages if msg.get("buttons"))
    assert question["text"] == translate("de", m.PLACE_AMBIGUOUS, place="Frankfurt")
    titles = [b["title"] for b in question["buttons"]]
    assert len(titles) >= 2 and any("Oder" in t for t in titles)
    assert all(b["payload"].startswith("/inform_location{") for b in question["buttons"])
    assert len(metas(messages)) == 1


async def test_an_unknown_place_is_asked_again_kindly(database: str) -> None:
    messages, events = await run(
        ValidateFindServicesForm(),
        user_message("Xyzdorf", "nlu_fallback", confidence=0.2),
        slots={"requested_slot": "place"},
    )
    assert SlotSet("place", None) in events
    assert [msg.get("text") for msg in messages if msg.get("text")] == [
        translate("de", m.PLACE_NOT_FOUND, place="Xyzdorf")
    ]


async def test_a_topic_question_is_left_to_the_rules(database: str) -> None:
    messages, events = await run(
        ValidateFindServicesForm(),
        user_message("Ich habe keine Wohnung und schlafe draußen", "housing_homeless"),
        slots={"requested_slot": "place"},
    )
    assert (messages, events) == ([], [])


async def test_the_place_is_not_asked_twice_in_one_reply(database: str) -> None:
    explained = {"event": "bot", "text": "I do not know the place", "data": {}}
    messages, _ = await run(
        ActionAskPlace(),
        user_message("Xyzdorf", "nlu_fallback"),
        after=[meta_event("de"), explained, slot_event("place", None)],
    )
    assert [msg.get("custom") for msg in messages] == [{"type": "request_location"}]
    messages, _ = await run(ActionAskPlace(), user_message("/find_service", "find_service"))
    assert [msg.get("text") for msg in messages if msg.get("text")] == [translate("de", m.ASK_PLACE)]
    assert len(metas(messages)) == 1


# --- the services ---------------------------------------------------------------------------------


async def test_services_for_the_topic_in_cologne_nearest_first(database: str) -> None:
    before = count(database, topic="health_uninsured", region="05315", language="de")
    messages, events = await run(
        ActionFindServices(),
        user_message("50667", "inform_location", entities={"location": "50667"}),
        slots={"topic": "health_uninsured", "place": "50667", "region": "05315"},
        before=[meta_event("de", "health_uninsured")],
    )
    found = cards(messages)
    assert len(found) >= 3
    assert all(c["city"] == "Köln" and c["demo"] and "(Demo)" in c["name"] for c in found)
    assert all("health_uninsured" in c["topics"] for c in found)
    distances = [c["distance_km"] for c in found]
    assert distances == sorted(distances)
    assert metas(messages)[0]["topic"] == "health_uninsured"
    texts = [msg["text"] for msg in messages if msg.get("text")]
    assert texts[0] == translate(
        "de", m.SERVICES_INTRO, topic=topic_title("de", "health_uninsured"), place="50667 Köln"
    )
    assert translate("de", m.DEMO_NOTE) in texts[-1]
    assert SlotSet("service_kind", None) in events
    assert count(database, topic="health_uninsured", region="05315", language="de") == before + 1


async def test_arabic_speakers_see_arabic_speaking_services_nearest_first(database: str) -> None:
    messages, _ = await run(
        ActionFindServices(),
        user_message("50667", "inform_location"),
        slots={"topic": "health_uninsured", "place": "50667"},
        before=[meta_event("ar", "health_uninsured")],
    )
    assert metas(messages)[0]["language"] == "ar" and metas(messages)[0]["rtl"] is True
    found = cards(messages)
    assert any(c["speaks_language"] for c in found)
    distances = [c["distance_km"] for c in found]
    assert distances == sorted(distances)


async def test_a_counsellor_means_counselling_services_only(database: str) -> None:
    messages, _ = await run(
        ActionFindServices(),
        user_message('/find_service{"topic":"housing_homeless","kind":"counsel"}', "find_service"),
        slots={"topic": "housing_homeless", "place": "Leipzig", "service_kind": "counsel"},
    )
    found = cards(messages)
    assert found and all(c["city"] == "Leipzig" for c in found)
    assert all(
        c["online_counselling"]
        or {name for name, entry in REGISTRY.topics.items() if entry.counselling} & set(c["topics"])
        for c in found
    )
    assert not any(c["name"].startswith("Notschlafstelle") for c in found)
    payloads = [b["payload"] for msg in messages for b in msg.get("buttons") or []]
    assert not any('"kind"' in p for p in payloads)  # no counsellor button under counsellors


async def test_far_from_any_service_the_reply_says_so(database: str) -> None:
    messages, _ = await run(
        ActionFindServices(),
        user_message("24937", "inform_location"),
        slots={"topic": "housing_search", "place": "24937"},
    )
    assert cards(messages) == []
    first = next(msg["text"] for msg in messages if msg.get("text"))
    assert "mbeon" in first


# --- answers, emergency, fallback ---------------------------------------------------------------


async def test_a_question_naming_a_town_keeps_the_town_for_near_me(database: str) -> None:
    message = user_message("Ich brauche einen Arzt in Leipzig", "health_find_doctor")
    messages, events = await run(ActionAnswer(), message)
    assert SlotSet("place", "Leipzig") in events and SlotSet("region", "14713") in events
    with session_scope(database) as session:
        answer = resolve_answer(session, topic="health_find_doctor", language="de", region="14713")
    assert answer is not None
    assert messages[1]["text"] == f"{answer.text.strip()}\n\n{trust_line('de', answer)}"
    assert messages[1]["text"].endswith("Quelle: KBV")  # the doctor search rests on the KBV
    payloads = [b["payload"] for b in messages[1]["buttons"]]
    assert payloads[0] == '/find_service{"topic":"health_find_doctor"}'


async def test_the_emergency_numbers_are_counted_without_anything_else(database: str) -> None:
    before = count(database, topic="emergency", region=None, language="ar")
    messages, _ = await run(
        ActionEmergency(), user_message("زوجي يضربني الآن", "emergency"), slots={"language": "ar"}
    )
    text = messages[1]["text"]
    for number in ("110", "112", "116 117", "116 016", "0800 111 0 111"):
        assert number in text
    assert count(database, topic="emergency", region=None, language="ar") == before + 1


async def test_not_understood_offers_the_topic_menu_and_counts_it(database: str) -> None:
    before = count(database, topic="unanswered", region="05315", language="de")
    messages, _ = await run(
        ActionDefaultFallback(),
        user_message("blubb", "nlu_fallback", confidence=0.1),
        slots={"region": "05315"},
    )
    reply = messages[1]
    assert reply["text"] == translate("de", m.FALLBACK)
    assert "/emergency" in [b["payload"] for b in reply["buttons"]]
    assert count(database, topic="unanswered", region="05315", language="de") == before + 1


# --- the safety net, whatever intent was predicted -------------------------------------------------


async def test_violence_under_another_topic_gets_the_crisis_lines_first_and_is_counted(database: str) -> None:
    """ "my husband hits me and i dont have papers" once got the MediNetz text alone (issue 11)."""
    message = "my husband hits me and i dont have papers what can i do"
    before = count(database, topic="emergency", region=None, language="en")
    messages, _ = await run(
        ActionAnswer(), user_message(message, "health_uninsured"), slots={"language": "en"}
    )
    [meta] = metas(messages)
    assert meta["crisis"] is True and meta["intent"] == "health_uninsured"
    crisis, answer = messages[1]["text"], messages[2]["text"]
    assert crisis.startswith(translate("en", m.EMERGENCY_HEADER))
    assert "110" in crisis and "116 016" in crisis
    assert "0800 111 0 111" not in crisis  # the lines for violence, not every line
    with session_scope(database) as session:
        resolved = resolve_answer(session, topic="health_uninsured", language="en")
    assert resolved is not None and answer == f"{resolved.text.strip()}\n\n{trust_line('en', resolved)}"
    assert count(database, topic="emergency", region=None, language="en") == before + 1


async def test_danger_answered_by_a_topic_with_its_own_crisis_lines_is_counted_once(database: str) -> None:
    """ "i was raped" predicted as violence_women (emergency_route) was not counted as an emergency."""
    before = count(database, topic="emergency", region=None, language="en")
    messages, _ = await run(
        ActionAnswer(), user_message("i was raped last night", "violence_women"), slots={"language": "en"}
    )
    [meta] = metas(messages)
    assert meta["crisis"] is True
    shown = [msg["text"] for msg in messages if msg.get("text")]
    assert sum(text.startswith(translate("en", m.EMERGENCY_HEADER)) for text in shown) == 1
    assert "116 016" in shown[0]
    assert count(database, topic="emergency", region=None, language="en") == before + 1


async def test_violence_at_home_answered_by_the_violence_topic_gets_the_lines_for_it(database: str) -> None:
    """The topic's own lines cover rape too; what the message says (violence at home) picks the lines."""
    messages, _ = await run(
        ActionAnswer(),
        user_message("mein Mann schlägt mich und ich habe Angst", "violence_women"),
        slots={"language": "de"},
    )
    crisis = messages[1]["text"]
    assert crisis.startswith(translate("de", m.EMERGENCY_HEADER))
    assert "110" in crisis and "116 016" in crisis and "0800 22 55 530" not in crisis


async def test_the_violence_topic_chosen_by_button_is_not_an_emergency(database: str) -> None:
    before = count(database, topic="emergency", region=None, language="en")
    await run(ActionAnswer(), user_message("/violence_women", "violence_women"), slots={"language": "en"})
    assert count(database, topic="emergency", region=None, language="en") == before


async def test_a_question_without_danger_gets_no_crisis_lines(database: str) -> None:
    before = count(database, topic="emergency", region=None, language="en")
    messages, _ = await run(
        ActionAnswer(),
        user_message("i have no health insurance", "health_uninsured"),
        slots={"language": "en"},
    )
    [meta] = metas(messages)
    assert "crisis" not in meta
    assert not messages[1]["text"].startswith(translate("en", m.EMERGENCY_HEADER))
    assert count(database, topic="emergency", region=None, language="en") == before


async def test_the_emergency_reply_puts_the_lines_for_suicide_first(database: str) -> None:
    messages, _ = await run(
        ActionEmergency(), user_message("ich will nicht mehr leben", "emergency"), slots={"language": "de"}
    )
    lines = messages[1]["text"].splitlines()
    assert lines[0] == translate("de", m.EMERGENCY_HEADER)
    assert "112" in lines[1] and "0800 111 0 111" in lines[2]
    for number in ("110", "116 016", "0800 22 55 530", "0800 40 40 020", "116 111"):
        assert number in messages[1]["text"]
    titles = [b["title"] for b in messages[1]["buttons"]]
    assert translate("de", m.BUTTON_COUNSELLOR) in titles and translate("de", m.BUTTON_NEAR_ME) in titles


async def test_a_greeting_with_a_question_gets_the_answer_to_the_question(database: str) -> None:
    message = user_message("hallo ich suche wohnung", "greet", confidence=0.6)
    message["intent_ranking"] = [
        {"name": "greet", "confidence": 0.6},
        {"name": "housing_search", "confidence": 0.3},
    ]
    messages, events = await run(ActionAnswer(), message, slots={"language": "de"})
    [meta] = metas(messages)
    assert (meta["intent"], meta["topic"]) == ("housing_search", "housing_search")
    with session_scope(database) as session:
        resolved = resolve_answer(session, topic="housing_search", language="de")
    assert (
        resolved is not None
        and messages[1]["text"] == f"{resolved.text.strip()}\n\n{trust_line('de', resolved)}"
    )
    assert SlotSet("topic", "housing_search") in events


async def test_a_greeting_with_an_unclear_question_is_asked_back_not_guessed(database: str) -> None:
    """ "salam mne nujna pomosh s dokumentami" got the online-hate answer at 0.05 after the greeting."""
    message = user_message("salam mne nujna pomosh s dokumentami", "greet", confidence=0.7)
    message["intent_ranking"] = [
        {"name": "greet", "confidence": 0.7},
        {"name": "online_hate", "confidence": 0.05},
        {"name": "violence_women", "confidence": 0.04},
        {"name": "housing_search", "confidence": 0.02},
    ]
    before = count(database, topic="unanswered", region=None, language="de")
    messages, events = await run(ActionAnswer(), message, slots={"language": "de"})
    [meta] = metas(messages)
    assert meta["intent"] == "nlu_fallback" and meta["topic"] is None
    reply = messages[1]
    assert reply["text"] == translate("de", m.DID_YOU_MEAN)
    payloads = [b["payload"] for b in reply["buttons"]]
    assert payloads[:3] == ["/online_hate", "/violence_women", "/housing_search"]
    assert "/other_need" in payloads
    assert not any(e.get("event") == "slot" and e.get("name") == "topic" for e in events)
    assert SlotSet("inbox_guess", "greet 0.70") in events  # the model's own guess, for staff
    assert count(database, topic="unanswered", region=None, language="de") == before + 1
