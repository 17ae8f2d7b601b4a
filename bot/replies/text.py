"""Texts as Telegram shows them: HTML-escaped, isolated for right-to-left, packed under 4096.

A reply is built from *blocks* (a paragraph, a service card), each kept as Telegram HTML plus its
visible length. Blocks are packed into as few messages as fit under Telegram's limit, so a reply of
several paragraphs costs one message (the per-chat rate limit is one message a second), and a long
text is split only between paragraphs (then lines, then words).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.replies.rtl import isolate_latin

MESSAGE_LIMIT = 4096
"""Telegram's limit for one message's text, counted after entity parsing."""
SEPARATOR = "\n\n"


def visible_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units, so an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Block:
    """A piece of a message: Telegram HTML and the plain text it shows."""

    html: str
    plain: str

    @property
    def length(self) -> int:
        return visible_length(self.plain)


def link(url: str, label: str, *, rtl: bool) -> str:
    shown = isolate_latin(label) if rtl else label
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(shown, quote=False)}</a>'


def _pieces(text: str, limit: int) -> Iterator[str]:
    """``text`` in pieces of at most ``limit``: cut at line ends, then sentence ends, then spaces."""
    if visible_length(text) <= limit:
        yield text
        return
    for pattern in (r"(?<=\n)", r"(?<=[.!?؟।])\s+", r"\s+"):
        parts = [p for p in re.split(pattern, text) if p]
        if len(parts) > 1:
            current = ""
            for part in parts:
                joiner = "" if pattern == r"(?<=\n)" or not current else " "
                candidate = f"{current}{joiner}{part}" if current else part
                if visible_length(candidate) <= limit:
                    current = candidate
                    continue
                if current:
                    yield from _pieces(current.rstrip("\n"), limit)
                current = part
            if current:
                yield from _pieces(current.rstrip("\n"), limit)
            return
    # One unbroken run of characters: cut hard.
    step = limit
    while text:
        piece = text[:step]
        while visible_length(piece) > limit:
            piece = piece[:-1]
        yield piece
        text = text[len(piece) :]


def text_blocks(text: str, *, rtl: bool, limit: int = MESSAGE_LIMIT) -> list[Block]:
    """A plain text as blocks: one per paragraph, each short enough for one message."""
    blocks: list[Block] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        paragraph = paragraph.strip("\n")
        if not paragraph.strip():
            continue
        room = limit
        while True:  # isolates add characters: cut smaller until every piece fits
            shown = [isolate_latin(p) if rtl else p for p in _pieces(paragraph, room)]
            longest = max(visible_length(s) for s in shown)
            if longest <= limit:
                break
            room -= longest - limit
        blocks.extend(Block(html.escape(s, quote=False), s) for s in shown)
    return blocks


def pack(blocks: Iterable[Block], limit: int = MESSAGE_LIMIT) -> list[Block]:
    """Consecutive blocks joined by blank lines into as few messages as fit under ``limit``."""
    messages: list[Block] = []
    for block in blocks:
        if messages:
            last = messages[-1]
            if last.length + visible_length(SEPARATOR) + block.length <= limit:
                messages[-1] = Block(last.html + SEPARATOR + block.html, last.plain + SEPARATOR + block.plain)
                continue
        messages.append(block)
    return messages
