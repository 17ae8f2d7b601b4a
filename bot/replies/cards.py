"""Service cards: one nearby service as a short text card, the same in every channel.

The card payload is the contract's ``service_card`` (``ServiceCard.payload_of()`` in
``bot/content/search.py``); a field that is missing or unknown is left out rather than guessed.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

from bot.i18n import messages as m
from bot.i18n import translate
from bot.i18n.formatting import babel_locale, weekday_name
from bot.languages import languages
from bot.replies.rtl import isolate_latin, isolated
from bot.replies.text import Block, link


def _language_name(code: str) -> str:
    entry = languages().get(code)
    if entry:
        return entry.name
    try:
        return Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code


def card_text(service: Mapping[str, Any], key: str) -> str:
    value = service.get(key)
    return value.strip() if isinstance(value, str) else ""


def card_coordinates(service: Mapping[str, Any]) -> tuple[float, float] | None:
    for lat_key, lon_key in (("latitude", "longitude"), ("lat", "lon")):
        try:
            return float(service[lat_key]), float(service[lon_key])
        except (KeyError, TypeError, ValueError):
            continue
    return None


def _web(url: str) -> str | None:
    return url if url.startswith(("https://", "http://")) else None


def map_url(service: Mapping[str, Any]) -> str | None:
    """The card's own map link, else an OpenStreetMap link to its coordinates."""
    given = _web(card_text(service, "map_url"))
    if given:
        return given
    where = card_coordinates(service)
    if where is None:
        return None
    lat, lon = where
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


def full_address(service: Mapping[str, Any]) -> str:
    """Street, postal code and town, without repeating what the street line already has."""
    street = card_text(service, "address")
    town = " ".join(p for p in (card_text(service, "postal_code"), card_text(service, "city")) if p)
    if town and town not in street:
        return f"{street}, {town}" if street else town
    return street


def _opening(service: Mapping[str, Any], language: str) -> str | None:
    open_now = service.get("open_now")
    if open_now is True:
        until = card_text(service, "open_until")
        if until:
            return translate(language, m.CARD_OPEN_UNTIL, time=until)
        return translate(language, m.CARD_OPEN_NOW)
    upcoming = service.get("next_opening")
    if isinstance(upcoming, dict) and isinstance(upcoming.get("weekday"), int):
        day = weekday_name(upcoming["weekday"] % 7, language, width="abbreviated")
        when = f"{day} {upcoming.get('time') or ''}".strip()
        return translate(language, m.CARD_OPENS, when=when)
    if open_now is False:
        return translate(language, m.CARD_CLOSED_NOW)
    return None


def _marks(service: Mapping[str, Any], language: str) -> list[str]:
    found = [
        (service.get("free") is True, m.CARD_FREE),
        (service.get("anonymous") is True, m.CARD_ANONYMOUS),
        (service.get("appointment") is False, m.CARD_NO_APPOINTMENT),
        (service.get("appointment") is True, m.CARD_APPOINTMENT),
        (service.get("accessible") is True, m.CARD_ACCESSIBLE),
    ]
    return [translate(language, label) for present, label in found if present]


def card_block(service: Mapping[str, Any], *, language: str, rtl: bool) -> Block:
    """The text card: name, distance, opening, address, phone, languages, marks, links."""
    html_lines: list[str] = []
    plain_lines: list[str] = []

    def shown(text: str) -> str:
        return isolate_latin(text) if rtl else text

    def line(html_text: str, plain: str) -> None:
        html_lines.append(html_text)
        plain_lines.append(plain)

    def text_line(icon: str, text: str) -> None:
        line(f"{icon} {html.escape(shown(text), quote=False)}", f"{icon} {shown(text)}")

    def link_line(icon: str, url: str, label: str) -> None:
        line(f"{icon} {link(url, label, rtl=rtl)}", f"{icon} {shown(label)}")

    name = card_text(service, "name") or "?"
    organisation = card_text(service, "organisation")
    title_html = f"<b>{html.escape(shown(name), quote=False)}</b>"
    title_plain = shown(name)
    if organisation and organisation != name:
        title_html += f" · {html.escape(shown(organisation), quote=False)}"
        title_plain += f" · {shown(organisation)}"
    line(title_html, title_plain)

    where: list[str] = []
    distance = service.get("distance_km")
    if isinstance(distance, int | float):
        amount = format_decimal(round(float(distance), 1), locale=babel_locale(language))
        where.append(translate(language, m.CARD_DISTANCE, distance=amount))
    if full_address(service):
        where.append(full_address(service))
    if where:
        text_line("📍", " · ".join(where))
    opening = _opening(service, language)
    if opening:
        text_line("🕘", opening)
    phone = card_text(service, "phone")
    if phone:
        number = isolated(phone) if rtl else phone
        line(f"☎️ {html.escape(number, quote=False)}", f"☎️ {number}")
    spoken = [c for c in service.get("languages") or [] if isinstance(c, str)]
    if spoken:
        names = ", ".join(_language_name(code) for code in spoken)
        text_line("🗣", translate(language, m.CARD_LANGUAGES, languages=names))
    marks = _marks(service, language)
    if marks:
        text_line("✅", " · ".join(marks))
    website = _web(card_text(service, "website"))
    if website:
        link_line("🌐", website, urlparse(website).netloc.removeprefix("www.") or website)
    online = _web(card_text(service, "online_counselling"))
    if online:
        link_line("💻", online, translate(language, m.CARD_ONLINE))
    url = map_url(service)
    if url:
        link_line("🗺", url, translate(language, m.CARD_MAP))
    return Block("\n".join(html_lines), "\n".join(plain_lines))
