"""A message's text does not stay in a process after its turn: per-message caches keep a few turns.

``/delete`` promises that nothing of a conversation is kept; a cache keyed by the texts of thousands
of earlier messages would keep them in the action server's memory. The caches exist so that one turn
does not compute the same thing twice (reply language and other-language check; a topic's crisis
lines and the turn's), which a handful of entries does.
"""

from __future__ import annotations

import actions.conversation as conversation
from bot.content.place_names import fold_name
from bot.content.places import _build_index, _by_name
from bot.nlu.langid import LanguageIdentifier
from bot.nlu.language import TURN_CACHE, _probabilities, detect_language
from tests.auxil.trackers import tracker, user_message

MESSAGES = [f"mein mann schlägt mich, ich wohne in der straße {n}" for n in range(3 * TURN_CACHE)]


def test_the_language_of_a_message_is_remembered_for_its_turn_only() -> None:
    identifier = LanguageIdentifier.train(["ich suche eine wohnung", "i need a flat"] * 5, ["de", "en"] * 5)
    _probabilities.cache_clear()  # counted from here, whatever ran in this process before
    for text in MESSAGES:
        assert detect_language(text, identifier=identifier) == detect_language(text, identifier=identifier)
    info = _probabilities.cache_info()
    assert (info.hits, info.misses) == (len(MESSAGES), len(MESSAGES))  # once per message, the second free
    assert info.currsize == TURN_CACHE  # and only the last few kept


def test_the_safety_net_reads_a_message_once_and_forgets_it() -> None:
    conversation._danger.cache_clear()
    for text in MESSAGES:
        turn = tracker(user_message(text, "violence_women"))
        assert conversation.danger_in(turn) == conversation.danger_in(turn)
        assert conversation.danger_in(turn)  # the violence at home is found
    info = conversation._danger.cache_info()
    assert info.misses == len(MESSAGES) and info.currsize == TURN_CACHE


def test_a_place_typed_by_a_person_is_not_filed_with_the_gazetteers_names() -> None:
    before = fold_name.cache_info().currsize
    _by_name(_build_index([], {}), "Hinterhofstraße 7 in Kleinwaldheim")
    assert fold_name.cache_info().currsize == before
