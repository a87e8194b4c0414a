"""Language of documents and paragraphs by script, and traditional-to-simplified Chinese.

The detector counts CJK ideographs against Latin letters; no model is needed for the two
languages the analysis reads. A Chinese character carries about as much as a short
English word, so one ideograph weighs as much as `LATIN_LETTERS_PER_IDEOGRAPH` letters.
Traditional and simplified Chinese are both "zh"; `to_simplified` maps traditional
characters one for one (the text keeps its length, so offsets stay valid) for lexicon
matching.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Final, Literal

from tracktwo.narrative.documents import Document
from tracktwo.narrative.paragraphs import Paragraph, split_paragraphs

Language = Literal["en", "zh", "mixed"]
LANGUAGES: Final[tuple[Language, ...]] = ("en", "zh", "mixed")

LATIN_LETTERS_PER_IDEOGRAPH: Final = 3.0
# A document is one language when the other script carries less than this share of its
# weighted letters; otherwise its paragraphs decide.
DOCUMENT_MINORITY_SHARE: Final = 0.02

# Counting works on the UTF-8 bytes, where `bytes.translate` runs at memory speed (a
# tenth of a second for the 140 M characters of the briefing-room corpus): the characters
# U+4000-U+9FFF, the CJK Unified Ideographs that hold both simplified and traditional
# text (with the top of extension A), are those whose first byte is E4-E9, and ASCII
# letters are themselves. Rare ideographs outside that block are not counted.
_ALL_BUT_IDEOGRAPH_LEADS: Final = bytes(b for b in range(256) if not 0xE4 <= b <= 0xE9)
_ALL_BUT_LATIN_LETTERS: Final = bytes(b for b in range(256) if not (b < 128 and chr(b).isalpha()))
# Any CJK ideograph, for `to_simplified` to leave other text alone.
_ANY_IDEOGRAPH: Final = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@dataclass(frozen=True)
class ScriptCounts:
    """Letters of a text by script: CJK ideographs and ASCII Latin letters."""

    ideographs: int
    latin: int

    @property
    def chinese_share(self) -> float:
        """Weighted share of Chinese in [0, 1]; 0.0 for text with neither script."""
        weighted = self.ideographs * LATIN_LETTERS_PER_IDEOGRAPH
        total = weighted + self.latin
        return weighted / total if total else 0.0


@dataclass(frozen=True)
class ParagraphLanguage:
    """The language of one paragraph of a document."""

    paragraph: Paragraph
    language: Language


def count_scripts(text: str) -> ScriptCounts:
    """Count CJK ideographs and ASCII Latin letters, at C speed (no per-character loop)."""
    encoded = text.encode("utf-8", "surrogatepass")
    return ScriptCounts(_ideographs(encoded), len(encoded.translate(None, _ALL_BUT_LATIN_LETTERS)))


def _ideographs(encoded: bytes) -> int:
    return len(encoded.translate(None, _ALL_BUT_IDEOGRAPH_LEADS))


def paragraph_language(text: str) -> Literal["en", "zh"]:
    """ "zh" when Chinese carries at least half of the weighted letters, else "en"."""
    return "zh" if count_scripts(text).chinese_share >= 0.5 else "en"


def detect_language(text: str) -> Language:
    """Language of a whole text: "en", "zh", or "mixed" when its paragraphs differ.

    A text with neither script (empty, digits only) is "en", the default of the analysis.
    """
    return _language_of(text, 0, len(text))[0]


def detect_document_language(document: Document) -> Language:
    """Language of the document's body (front matter excluded)."""
    return _language_of(document.text, document.body_start, len(document.text))[0]


def with_language(document: Document) -> Document:
    """The document with `language` set from its body."""
    return replace(document, language=detect_document_language(document))


def paragraph_languages(document: Document) -> tuple[ParagraphLanguage, ...]:
    """Language of each paragraph of the body; a one-language document gives its language to all."""
    language, paragraphs = _language_of(document.text, document.body_start, len(document.text))
    if paragraphs is not None:
        return paragraphs
    return tuple(
        ParagraphLanguage(paragraph, language)
        for paragraph in split_paragraphs(document.text, document.body_start)
    )


def _language_of(text: str, start: int, end: int) -> tuple[Language, tuple[ParagraphLanguage, ...] | None]:
    """Language of `text[start:end]`, with per-paragraph languages when they had to be computed."""
    body = text[start:end] if start or end != len(text) else text
    if body.isascii():
        return "en", None
    encoded = body.encode("utf-8", "surrogatepass")
    ideographs = _ideographs(encoded)
    if ideographs == 0:
        return "en", None
    share = ScriptCounts(ideographs, len(encoded.translate(None, _ALL_BUT_LATIN_LETTERS))).chinese_share
    if share >= 1.0 - DOCUMENT_MINORITY_SHARE:
        return "zh", None
    if share <= DOCUMENT_MINORITY_SHARE:
        return "en", None
    paragraphs = tuple(
        ParagraphLanguage(paragraph, paragraph_language(text[paragraph.start : paragraph.end]))
        for paragraph in split_paragraphs(text, start, end)
    )
    found = {paragraph.language for paragraph in paragraphs}
    language: Language = found.pop() if len(found) == 1 else "mixed"
    return language, paragraphs


@dataclass(frozen=True)
class _T2S:
    """OpenCC's 't2s' dictionaries as a character table and a phrase pattern."""

    characters: Mapping[int, str]
    phrases: Mapping[str, str]  # only those the character table alone would get wrong
    phrase_pattern: re.Pattern[str] | None


def _opencc_entries(name: str) -> dict[str, str]:
    """Entries of one of opencc's dictionary files, first candidate of each, lengths kept."""
    source = resources.files("opencc").joinpath("dictionary", name)
    entries: dict[str, str] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        traditional, _, simplified = line.partition("\t")
        first = simplified.split(" ", 1)[0]
        # every entry of opencc 0.1.7 keeps its length; one that did not would shift offsets
        if traditional and len(first) == len(traditional):
            entries[traditional] = first
    return entries


@lru_cache(maxsize=1)
def _t2s() -> _T2S:
    characters = {
        ord(key): value for key, value in _opencc_entries("TSCharacters.txt").items() if len(key) == 1
    }
    phrases = {
        key: value
        for key, value in _opencc_entries("TSPhrases.txt").items()
        if key.translate(characters) != value
    }
    alternatives = "|".join(re.escape(key) for key in sorted(phrases, key=lambda key: (-len(key), key)))
    return _T2S(characters, phrases, re.compile(alternatives) if alternatives else None)


def to_simplified(text: str) -> str:
    """Simplified-Chinese form of `text`, of the same length so that offsets stay valid.

    OpenCC's 't2s' conversion from the dictionaries of opencc-python-reimplemented:
    phrases first (longest first), then characters, each to the first candidate; every
    entry keeps its length. Done with `str.translate` and one expression rather than
    opencc's own converter, which is some 20 times slower.
    """
    if text.isascii() or _ANY_IDEOGRAPH.search(text) is None:
        return text  # nothing to convert, and no need to load the dictionaries
    tables = _t2s()
    converted = text.translate(tables.characters)
    if tables.phrase_pattern is None:
        return converted
    pieces: list[str] = []
    position = 0
    for match in tables.phrase_pattern.finditer(text):
        pieces.append(converted[position : match.start()])
        pieces.append(tables.phrases[match.group()])
        position = match.end()
    if not pieces:
        return converted
    pieces.append(converted[position:])
    return "".join(pieces)
