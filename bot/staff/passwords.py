"""Password hashing (argon2id) and the few rules a staff password must meet.

Parameters: OWASP's recommended argon2id minimum (19 MiB, 2 passes, 1 lane), about 70 ms a login on
this project's 2-core machine under load; argon2-cffi's heavier default (64 MiB, 3 passes, 4 lanes)
took over half a second there. Hashes carry their parameters, so raising them later only needs
:func:`needs_rehash` at login.

Common and guessable passwords are refused with zxcvbn (zxcvbn-python, MIT licence): it ships the
30,000 most common passwords of leaked password lists plus English words, names and keyboard
patterns, and estimates how many guesses a password needs. German words and this project's names
(``data/password_words_de.txt``) are added as the "user inputs" it also matches against, so
``Passwort2024!`` fails like ``password1234``. A password needs an estimate of at least 10^8 guesses
(zxcvbn score 3): "correct horse battery staple" passes, a word plus a year does not.
"""

from __future__ import annotations

import secrets
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

from bot.staff.i18n import L_

MIN_LENGTH = 12
MAX_LENGTH = 256
MIN_SCORE = 3
SCORED_LENGTH = 72
"""zxcvbn's limit (its time grows fast with the length): longer passwords are judged by their start."""
CONTEXT_WORDS = Path(__file__).with_name("data") / "password_words_de.txt"


@cache
def context_words() -> tuple[str, ...]:
    lines = CONTEXT_WORDS.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


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
    estimate = zxcvbn(password[:SCORED_LENGTH], user_inputs=[username, *context_words()])
    if estimate["score"] < MIN_SCORE:
        return L_(
            "This password is too common or too easy to guess (a known password, a word with a "
            "year or digits, a keyboard pattern). Use a few unrelated words or a password manager."
        )
    return None


def generate_password() -> str:
    """A random password for an admin to hand over (the first login asks for a new one)."""
    return secrets.token_urlsafe(15)
