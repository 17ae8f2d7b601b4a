"""The anonymity proof: a scripted conversation through a local Bot API server — text, a shared
location, buttons, a voice note, a shared contact, /delete — then every file the stack wrote
(content database, tracker store, logs, models) is searched for the person: none of their Telegram
user id, chat id, first name, last name, username, phone number or precise coordinates may be found."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.db.models import InboxQuestion
from bot.db.session import session_scope
from bot.i18n import messages as m
from bot.i18n import translate
from tests.auxil.privacy import files_under, integer_forms, text_forms, traces
from tests.auxil.stack import RunningStack
from tests.auxil.telegram_server import BotMessage, TelegramUser
from tests.auxil.telegram_stack import RunningAdapter, sender_of, tracker_events
from tests.auxil.unsure import NO, YES, kept
from tests.integration.telegram.helpers import MENU_HEALTH, data_of, unisolated

pytestmark = pytest.mark.stack

LATITUDE, LONGITUDE = 51.339712, 12.373081  # Leipzig, at a doorstep
PHONE = "+4915712345678"


def test_nothing_we_keep_points_at_the_person(
    stack: RunningStack, adapter: RunningAdapter, new_user: Callable[..., TelegramUser]
) -> None:
    user = new_user("uk-UA", first_name="Oleksandra", last_name="Wyschnewezkyj", username="o_wysch_wegtest")
    user.send("/start")
    [greeting] = user.replies()
    user.press(greeting, greeting.button(lambda title, data: "Українська" in title))
    user.replies()
    user.send("Мене звати Oleksandra, мені потрібна квартира")  # people do write their names
    user.replies()
    user.send("/menu")
    [menu] = user.replies()
    user.press(menu, MENU_HEALTH)
    [health] = user.replies(lambda got: bool(got))
    user.press(health, data_of(health)[0][0])
    user.replies()
    user.send("Послуги поруч")
    user.replies()
    user.send_location(LATITUDE, LONGITUDE)
    user.replies(timeout=60)
    user.send_voice()
    user.replies()
    user.send_contact(PHONE)
    user.replies()

    sender = sender_of(stack, user.user_id)
    assert tracker_events(stack, sender), "the conversation reached Rasa under its pseudonym"

    needles = {
        "user id": integer_forms(user.user_id),
        "chat id": integer_forms(user.user_id),  # a private chat's id is the user's id
        "first name in a profile": text_forms(f'"{user.first_name}"'),
        "last name": text_forms(user.last_name),
        "username": text_forms(user.username),
        "phone number": text_forms(PHONE) + text_forms(PHONE.removeprefix("+")),
        "precise latitude": text_forms(f"{LATITUDE}") + text_forms(f"{LATITUDE:.5f}"),
        "precise longitude": text_forms(f"{LONGITUDE}") + text_forms(f"{LONGITUDE:.5f}"),
    }
    roots = [stack.settings.var, stack.settings.models]
    assert traces(roots, needles) == []

    user.send("/delete")
    user.replies()
    assert tracker_events(stack, sender) == []
    needles["first name"] = text_forms(user.first_name)
    assert traces(roots, needles) == []
    assert "квартира" not in adapter.log()


@dataclass(frozen=True)
class Asker:
    """Someone on Telegram whose question the bot cannot answer, with what they put in it."""

    language: str
    names: tuple[str, str, str]
    """First name, last name, username (Telegram tells the bot all three with every message)."""
    question: str
    """``{handle}`` stands for the person's own @username."""
    personal: tuple[str, ...]
    """What must not be found in any file: e-mail addresses, links, handles, long numbers."""
    phones: tuple[str, ...] = ()
    """Phone numbers as typed: not even the running conversation may keep these."""


ASKERS = (
    Asker(
        "de",
        ("Jovana", "Wegtestović", "jovana_wt_5820"),
        "Wie lasse ich meinen Führerschein umschreiben? Aktenzeichen 4711-938265, Mail jovana.w@example.de, "
        "{handle}, www.fuehrerschein-hilfe.de",
        ("4711-938265", "938265", "jovana.w@example.de", "fuehrerschein-hilfe"),
    ),
    Asker(
        "en",
        ("Chidinma", "Okonkwo-Wegtest", "chidi_wt_3391"),
        "How do I exchange my driving licence? File 20231145, mail me at chidi.o@example.com or {handle}, "
        "see https://licence.example.org/x",
        ("20231145", "chidi.o@example.com", "licence.example.org"),
    ),
    Asker(
        "ar",
        ("أمل", "الحدّاد", "amal_wt_7712"),
        "كيف أبدل رخصة القيادة؟ رقمي ٠١٧٦ ٤٨٢ ٩٣ ٧١ وبريدي amal.h@example.com",
        ("amal.h@example.com",),
        phones=("٠١٧٦ ٤٨٢ ٩٣ ٧١", "٠١٧٦٤٨٢٩٣٧١"),
    ),
    Asker(
        "fa",
        ("مهدیه", "رضایی", "mahdieh_wt_0417"),
        "گواهینامه رانندگی ام را چطور عوض کنم؟ شماره من ۰۹۱۲-۵۸۳-۴۱۷۶ ایمیل mahdieh.r@example.ir",
        ("mahdieh.r@example.ir",),
        phones=("۰۹۱۲-۵۸۳-۴۱۷۶", "۰۹۱۲۵۸۳۴۱۷۶"),
    ),
    Asker(
        "uk",
        ("Оксана", "Вишневецька", "oksana_wt_2288"),
        "Як обміняти водійські права? Пишіть на oksana.v@ukr.net, {handle}, номер справи 20239931",
        ("oksana.v@ukr.net", "20239931"),
    ),
    Asker(
        "ru",
        ("Людмила", "Жеребцова", "ljuda_wt_6604"),
        "Как поменять водительские права? мой телеграм {handle}, сайт мвд.рф/obrashcheniya, 8 916 537 28 14",
        ("мвд.рф", "obrashcheniya"),
        phones=("8 916 537 28 14", "89165372814"),
    ),
    Asker(
        "tr",
        ("Şükriye", "Çağlayan", "sukriye_wt_9150"),
        "Pasaportumu kaybettim, ne yapmalıyım? Numaram +49 (0)152-864 31 07, dosya 2024/118833",
        ("2024/118833", "118833"),
        phones=("+49 (0)152-864 31 07", "4901528643107"),
    ),
    Asker(
        "ro",
        ("Ștefania", "Țurcanu", "stefania_wt_4471"),
        "Cum îmi schimb permisul de conducere? Mă puteți suna la 0049 151 736 2954, dosar 20237719",
        ("20237719",),
        phones=("0049 151 736 2954", "00491517362954"),
    ),
    Asker(
        "pl",
        ("Radosława", "Źrebięcka", "radka_wt_3007"),
        "Jak wymienić prawo jazdy? Mój e-mail: radosława.ż@wp.pl, PESEL 85010112345",
        ("radosława.ż@wp.pl", "85010112345"),
    ),
    Asker(
        "bg",
        ("Цветелина", "Възвъзова", "cveti_wt_8813"),
        "Как да сменя шофьорската си книжка? viber 0888-61-42-97, t.me/cveti_wt_8813",
        ("t.me/cveti",),
        phones=("0888-61-42-97", "0888614297"),
    ),
)


def ask_and_consent(user: TelegramUser, question: str) -> None:
    """Send the question; "something else" if the bot is unsure; then "Yes" to keeping it."""
    user.send(question)
    got = user.replies()

    def pressable(message: BotMessage) -> list[str]:
        return [data for row in data_of(message) for data in row]

    unsure = [g for g in got if "/other_need" in pressable(g)]
    if unsure and not any(YES in pressable(g) for g in got):
        user.press(unsure[0], "/other_need")
        got = user.replies()
    [consent] = [g for g in got if set(pressable(g)) == {YES, NO}]  # mirrored in RTL
    user.press(consent, YES)
    [thanks] = user.replies()
    assert unisolated(html.unescape(thanks.text)) == translate(user.language_code or "de", m.INBOX_KEPT)


def test_kept_questions_point_at_nobody_in_ten_languages(
    stack: RunningStack, adapter: RunningAdapter, new_user: Callable[..., TelegramUser]
) -> None:
    before = {text for text, _, _ in kept(stack)}
    users = []
    for asker in ASKERS:
        first, last, username = asker.names
        user = new_user(asker.language, first_name=first, last_name=last, username=username)
        if asker.language == "de":  # this person shared where they are first: the district is kept
            user.send("Beratungsstelle in der Nähe")
            user.replies()
            user.send_location(LATITUDE, LONGITUDE)
            user.replies(timeout=60)
        ask_and_consent(user, asker.question.format(handle=f"@{username}"))
        users.append(user)

    with session_scope(stack.settings.db_url) as session:
        rows = [r for r in session.scalars(select(InboxQuestion)) if r.text not in before]
    assert sorted(r.language for r in rows) == sorted(a.language for a in ASKERS)
    for row in rows:
        assert not re.search(r"\d{4,}", row.text) and "@" not in row.text and "http" not in row.text, row.text
    [leipzig] = [r for r in rows if r.language == "de"]
    assert leipzig.region == "14713"  # the district key of Leipzig, nothing finer

    people: dict[str, list[bytes]] = {}
    typed: dict[str, list[bytes]] = {}
    for asker, user in zip(ASKERS, users, strict=True):
        people[f"{asker.language}: user id"] = integer_forms(user.user_id)
        people[f"{asker.language}: last name"] = text_forms(user.last_name)
        # a username the person typed as a handle is in the running conversation like any text
        wrote_it = "{handle}" in asker.question or user.username in asker.question
        (typed if wrote_it else people)[f"{asker.language}: username"] = text_forms(user.username)
        for phone in asker.phones:
            people[f"{asker.language}: phone {phone}"] = text_forms(phone)
        for item in asker.personal:
            typed[f"{asker.language}: {item}"] = text_forms(item)
    people["precise latitude"] = text_forms(f"{LATITUDE}") + text_forms(f"{LATITUDE:.5f}")
    people["precise longitude"] = text_forms(f"{LONGITUDE}") + text_forms(f"{LONGITUDE:.5f}")
    var = stack.settings.var
    tracker = Path(str(make_url(stack.settings.tracker_url or "").database))
    # While the conversations last, Rasa keeps what was written (minus phone numbers) for 30 minutes;
    # the content database, where the inbox lives, and the logs never hold any of it.
    found = traces([var], people)
    found += traces([p for p in files_under([var]) if not p.name.startswith(tracker.name)], typed)
    assert found == [], "\n".join(found)

    for user in users:
        user.send("/delete")
        user.replies()
    people |= typed | {f"first name {u.first_name}": text_forms(u.first_name) for u in users}
    found = traces([var], people)
    assert found == [], "\n".join(found)
