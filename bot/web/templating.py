"""Rendering staff pages: one Jinja environment per page language, with the staff gettext catalogue.

Every page gets the same few things: the signed-in account (or ``None``), the CSRF token for its
forms, the page language, flash messages, and helpers to name topics and languages.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale
from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

from bot.db.models import Provider, Role
from bot.languages import is_rtl, languages
from bot.replies.menu import topic_title as menu_topic_title
from bot.staff import permissions
from bot.staff.i18n import L_, UI_LANGUAGES, staff_translations, tr, ui_language
from bot.topics import is_topic
from bot.web.service_form import FIELD_TITLES
from bot.web.staff_session import staff_session

TEMPLATES = Path(__file__).with_name("templates")
ROLE_TITLES = {Role.ADMIN: L_("Admin"), Role.EDITOR: L_("Editor"), Role.TRANSLATOR: L_("Translator")}
PROVIDER_TITLES = {
    Provider.CARITAS: L_("Caritas"),
    Provider.DIAKONIE: L_("Diakonie"),
    Provider.AWO: L_("AWO"),
    Provider.DRK: L_("German Red Cross"),
    Provider.PARITAETISCHER: L_("Paritätischer"),
    Provider.ZWST: L_("ZWST"),
    Provider.MUNICIPALITY: L_("Municipality"),
    Provider.MIGRANT_ORGANISATION: L_("Migrant organisation"),
    Provider.OTHER: L_("Other"),
}


@cache
def templates_for(language: str) -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(default=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_translations(staff_translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        ui_languages=UI_LANGUAGES,
        bot_languages=languages(),
        is_rtl=is_rtl,
        perm=permissions,
        role_titles=ROLE_TITLES,  # StrEnums: looked up by member or by value
        provider_titles=PROVIDER_TITLES,
        field_titles=FIELD_TITLES,
    )
    env.filters["topic_title"] = lambda topic: topic_title(language, topic)
    env.filters["language_name"] = lambda code: _language_name(language, code)
    # A text that may be a staff msgid (translated) or come from elsewhere (shown as it is).
    env.filters["staff_text"] = lambda text: staff_translations(language).gettext(text)
    return Jinja2Templates(env=env)


def topic_title(language: str, topic: str) -> str:
    """The topic's short title from the bot's catalogue (German or English for staff)."""
    return menu_topic_title(language, topic) if is_topic(topic) else topic


def _language_name(ui: str, code: str) -> str:
    """The language's name in the page language (Babel's locale data), e.g. "Arabisch"."""
    name: str | None = Locale.parse(ui).languages.get(code)
    return name or code


def page_language(request: Request) -> str:
    user = getattr(request.state, "staff", None)
    if user is not None:
        return ui_language(user.ui_language)
    return staff_session(request).language


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    language = page_language(request)
    session = staff_session(request)
    values: dict[str, Any] = {
        "user": getattr(request.state, "staff", None),
        "csrf_token": session.csrf,
        "lang": language,
        "flashes": [(kind, tr(language, message, **values)) for kind, message, values in session.pop_flash()],
        "path": request.url.path,
    }
    values.update(context or {})
    response: HTMLResponse = templates_for(language).TemplateResponse(
        request, name, values, status_code=status_code
    )
    return response
