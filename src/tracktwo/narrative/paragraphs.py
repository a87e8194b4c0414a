"""Paragraphs of a document body: blocks separated by blank lines.

A blank line here is any line without a word character: empty and whitespace-only lines
(including the no-break spaces and Markdown hard-break spaces of converted HTML) and
decoration lines such as `\\*\\*\\*`, `---` or `<!-- -->`. The sentence splitter uses the
same definition, so `Sentence.paragraph` is the index of a `Paragraph` returned here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

# One or more lines holding no word character; after a newline, they break a paragraph.
BLANK_LINES: Final = r"(?:[^\w\n]*\n)+"
PARAGRAPH_BREAK: Final = rf"\n{BLANK_LINES}"
# Leading lines without a word character at the start of a body, then indentation.
_LEADING_BLANK = re.compile(r"(?:[^\w\n]*\n)*")
_PARAGRAPH_BREAK = re.compile(PARAGRAPH_BREAK)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: `text[start:end]`, stripped of surrounding whitespace; `index` counts from 0."""

    start: int
    end: int
    index: int


def body_content_start(text: str, start: int) -> int:
    """Offset of the first line holding a word character at or after `start`."""
    match = _LEADING_BLANK.match(text, start)
    return match.end() if match else start


def split_paragraphs(text: str, start: int = 0, end: int | None = None) -> tuple[Paragraph, ...]:
    """Paragraphs of `text[start:end]` in order, with offsets into `text`.

    Paragraph `index` counts every break, so it matches `Sentence.paragraph`; blocks that
    hold only whitespace (possible only at the very end) are left out.
    """
    stop = len(text) if end is None else min(end, len(text))
    position = body_content_start(text, start)
    paragraphs: list[Paragraph] = []
    index = 0
    for match in _PARAGRAPH_BREAK.finditer(text, position, stop):
        _append_stripped(paragraphs, text, position, match.start(), index)
        index += 1
        position = match.end()
    _append_stripped(paragraphs, text, position, stop, index)
    return tuple(paragraphs)


def paragraph_texts(text: str, start: int = 0) -> dict[int, str]:
    """The text of each paragraph of `text[start:]` by index: `split_paragraphs`'s
    `text[p.start:p.end]` for each paragraph `p`.

    Why a second function: the analysis needs only these strings, one per paragraph of every
    document, and building a `Paragraph` for each costs more than finding them.
    """
    position = body_content_start(text, start)
    texts: dict[int, str] = {}
    index = 0
    for match in _PARAGRAPH_BREAK.finditer(text, position):
        if block := text[position : match.start()].strip():
            texts[index] = block
        index += 1
        position = match.end()
    if block := text[position:].strip():
        texts[index] = block
    return texts


def _append_stripped(paragraphs: list[Paragraph], text: str, start: int, end: int, index: int) -> None:
    block = text[start:end]
    stripped = block.strip()
    if stripped:
        left = start + (len(block) - len(block.lstrip()))
        paragraphs.append(Paragraph(left, left + len(stripped), index))
