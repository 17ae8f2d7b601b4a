"""Common and guessable staff passwords are refused (issue 14, finding 10)."""

from __future__ import annotations

import time

import pytest

from bot.staff.passwords import context_words, generate_password, password_problem

REFUSED = [
    "password1234",  # from the attack report
    "Passwort2024!",  # the German word plus a year
    "Wegweiser2026!",  # the project's own name
    "qwertzuiop123",  # a German keyboard row
    "iloveyou2024",
    "Fussball2024!",
]
ACCEPTED = [
    "correct horse battery staple",
    "mein eigenes Passwort 2026",
    "Koeln-2026-Caritas-Teeküche",
]


@pytest.mark.parametrize("password", REFUSED)
def test_common_and_guessable_passwords_are_refused(password: str) -> None:
    problem = password_problem(password, username="anna")
    assert problem is not None and "too common or too easy to guess" in problem


@pytest.mark.parametrize("password", ACCEPTED)
def test_long_passphrases_pass(password: str) -> None:
    assert password_problem(password, username="anna") is None


def test_generated_passwords_pass_the_same_rules() -> None:
    assert all(password_problem(generate_password(), username="anna") is None for _ in range(20))


def test_the_shipped_word_list_is_read_and_the_check_is_quick() -> None:
    assert {"passwort", "wegweiser", "sommer"} <= set(context_words())
    started = time.perf_counter()
    password_problem("x" * 40 + "Passwort2024!" * 4, username="anna")
    password_problem("ä" * 256, username="anna")
    assert time.perf_counter() - started < 2
