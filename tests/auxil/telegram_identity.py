"""The identity fields Telegram puts into every update, for both fake Telegrams.

The offline Bot API (unit tests) and the local Bot API server (end-to-end tests) send the same
``from`` and ``chat`` objects, so a privacy test proves the same fields go nowhere in both.
"""

from __future__ import annotations

from typing import Any


def user_json(
    *, user_id: int, first_name: str, last_name: str, username: str, language_code: str | None
) -> dict[str, Any]:
    """A Bot API ``User`` for a person (``language_code`` only when their app sends one)."""
    user: dict[str, Any] = {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "last_name": last_name,
        "username": username,
    }
    if language_code:
        user["language_code"] = language_code
    return user


def private_chat_json(*, user_id: int, first_name: str, last_name: str, username: str) -> dict[str, Any]:
    """A Bot API ``Chat`` for a private chat: its id is the person's id."""
    return {
        "id": user_id,
        "type": "private",
        "first_name": first_name,
        "last_name": last_name,
        "username": username,
    }
