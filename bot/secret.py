"""The installation secret that keys pseudonyms and internal tokens.

Generated on first use into a file only the owner can read; never printed, never committed (``var/`` is
ignored by git). Losing it only means returning users start fresh conversations.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from bot.config import ConfigError, Settings


def load_or_create_secret(path: Path) -> bytes:
    """Return the secret stored at ``path``, creating it (mode 0600) when missing."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise ConfigError(
            f"WEGWEISER_SECRET_FILE: cannot create {path} ({exc.strerror}); point it at a writable location"
        ) from None
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    try:
        value = path.read_text().strip()
    except OSError as exc:
        raise ConfigError(
            f"WEGWEISER_SECRET_FILE: cannot read {path} ({exc.strerror}); check its owner and permissions"
        ) from None
    if len(value) < 32:
        raise ConfigError(
            f"WEGWEISER_SECRET_FILE: {path} holds no usable secret; delete it to generate a new one"
        )
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    return value.encode()


def derive_key(settings: Settings, purpose: str) -> str:
    """A stable, purpose-bound key (hex) derived from the installation secret."""
    secret = load_or_create_secret(settings.secret_path)
    return hmac.new(secret, f"wegweiser:{purpose}".encode(), hashlib.sha256).hexdigest()
