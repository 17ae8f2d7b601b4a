"""Keyed pseudonyms: the only conversation keys that leave a client (Telegram adapter, chat page).

An HMAC-SHA256 of the client's own id under a key derived from the installation secret: stable for
one installation, so a conversation continues, but not reversible and not comparable across
installations. Nothing maps a pseudonym back to the id it came from.
"""

from __future__ import annotations

import hashlib
import hmac

from bot.config import Settings
from bot.secret import derive_key

TELEGRAM = "tg"
"""The channel part of a Telegram conversation's pseudonym (the chat page's are ``web``, ``preview``)."""


def pseudonym_key(settings: Settings) -> bytes:
    """The key all pseudonyms of this installation are made with (read once per process)."""
    return derive_key(settings, "pseudonym").encode()


def pseudonym(key: bytes, identifier: str | int, *, channel: str) -> str:
    """``<channel>-<32 hex digits>`` for ``identifier`` (a chat id, a browser's random id)."""
    digest = hmac.new(key, str(identifier).encode(), hashlib.sha256).hexdigest()
    return f"{channel}-{digest[:32]}"


def on_telegram(sender: str) -> bool:
    """Whether the conversation ``sender`` names runs on Telegram (what the privacy text says differs)."""
    return sender.startswith(f"{TELEGRAM}-")
