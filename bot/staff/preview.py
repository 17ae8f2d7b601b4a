"""Draft preview in the chat: only a logged-in staff member's messages may show unpublished texts.

The web app adds ``staff_preview`` to the message metadata it sends to Rasa, and only for a staff
session. Its value is a keyed hash of the conversation's sender key, so the flag cannot be set by
anyone who can get other metadata or a payload into a message: the action server recomputes it for the
conversation at hand and ignores anything else.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any, Final

from bot.config import Settings
from bot.secret import derive_key

METADATA_KEY: Final = "staff_preview"


def preview_token(settings: Settings, sender: str) -> str:
    key = derive_key(settings, "staff-draft-preview").encode()
    return hmac.new(key, sender.encode(), hashlib.sha256).hexdigest()


def shows_drafts(settings: Settings, sender: str, metadata: Mapping[str, Any]) -> bool:
    """Whether this message came from a staff preview session (then drafts are shown)."""
    given = metadata.get(METADATA_KEY)
    if not isinstance(given, str) or not given:
        return False
    return hmac.compare_digest(given, preview_token(settings, sender))
