"""Password hashing (argon2id) and the few rules a staff password must meet.

Parameters: OWASP's recommended argon2id minimum (19 MiB, 2 passes, 1 lane), about 70 ms a login on
this project's 2-core machine under load; argon2-cffi's heavier default (64 MiB, 3 passes, 4 lanes)
took over half a second there. Hashes carry their parameters, so raising them later only needs
:func:`needs_rehash` at login.
"""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from bot.staff.i18n import L_

MIN_LENGTH = 12
MAX_LENGTH = 256


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


@cache
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_hex(16))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; an unknown user costs the same time as a known one."""
    try:
        return _hasher().verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def password_problem(password: str, *, username: str) -> str | None:
    """Why ``password`` cannot be used (an English staff msgid), or ``None``."""
    if len(password) < MIN_LENGTH:
        return L_("The password needs at least 12 characters.")
    if len(password) > MAX_LENGTH:
        return L_("The password may have at most 256 characters.")
    if username and username.lower() in password.lower():
        return L_("The password must not contain the username.")
    if len(set(password)) < 5:
        return L_("The password is too simple: use more different characters.")
    return None


def generate_password() -> str:
    """A random password for an admin to hand over (the first login asks for a new one)."""
    return secrets.token_urlsafe(15)
