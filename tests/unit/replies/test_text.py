"""Long texts split at paragraph boundaries under Telegram's limit; HTML is escaped."""

from __future__ import annotations

from bot.replies.rtl import LRI
from bot.replies.text import MESSAGE_LIMIT, Block, pack, text_blocks, visible_length


def paragraphs(count: int, length: int) -> str:
    return "\n\n".join(f"{i:03d} " + "x" * (length - 4) for i in range(count))


def test_short_paragraphs_travel_in_one_message() -> None:
    messages = pack(text_blocks("One.\n\nTwo.\n\nThree.", rtl=False))
    assert [m.plain for m in messages] == ["One.\n\nTwo.\n\nThree."]


def test_long_text_splits_between_paragraphs_under_the_limit() -> None:
    text = paragraphs(12, 1000)
    messages = pack(text_blocks(text, rtl=False))
    assert len(messages) == 3
    assert all(visible_length(m.plain) <= MESSAGE_LIMIT for m in messages)
    rejoined = "\n\n".join(m.plain for m in messages)
    assert rejoined == text  # nothing lost, every cut at a paragraph boundary


def test_one_huge_paragraph_is_cut_at_sentence_ends() -> None:
    sentence = "This is a sentence of about fifty characters long. "
    text = (sentence * 200).strip()
    messages = pack(text_blocks(text, rtl=False))
    assert len(messages) >= 3
    assert all(visible_length(m.plain) <= MESSAGE_LIMIT for m in messages)
    assert all(m.plain.endswith(".") for m in messages)


def test_emoji_count_twice_towards_the_limit() -> None:
    text = "😀" * 3000
    messages = pack(text_blocks(text, rtl=False))
    assert len(messages) == 2
    assert all(visible_length(m.plain) <= MESSAGE_LIMIT for m in messages)


def test_html_is_escaped() -> None:
    [block] = text_blocks("Rent < 500 € & <b>deposit</b>", rtl=False)
    assert block.html == "Rent &lt; 500 € &amp; &lt;b&gt;deposit&lt;/b&gt;"


def test_right_to_left_pieces_stay_under_the_limit_with_their_isolates() -> None:
    text = " ".join(["رقم 0800 111 0 111"] * 400)
    messages = pack(text_blocks(text, rtl=True))
    assert all(visible_length(m.plain) <= MESSAGE_LIMIT for m in messages)
    assert LRI in messages[0].plain


def test_pack_keeps_order_and_never_exceeds_the_limit() -> None:
    blocks = [Block(str(i) * 1500, str(i) * 1500) for i in range(5)]
    messages = pack(blocks)
    assert [m.plain[0] for m in messages] == ["0", "2", "4"]
