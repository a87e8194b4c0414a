"""Traditional to simplified Chinese, keeping every character at its offset.

The Chinese lexicons are written in simplified characters; traditional text (Taiwan,
Hong Kong, older sources) is matched on its simplified form. Evidence must point into the
text as given, so the conversion must not move characters: `to_simplified(text)` always
returns a string of the same length, position by position.

OpenCC's t2s converts phrase by phrase and, for the dictionaries shipped with
opencc-python-reimplemented, keeps the length; that is verified on every call, and where
it would not hold the text is converted one character at a time instead (still t2s, but
without phrase context).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Protocol


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@cache
def _converter() -> _Converter:
    import opencc  # imported lazily: English-only runs never pay for loading the dictionaries

    converter: _Converter = opencc.OpenCC("t2s")
    return converter


@cache
def _traditional_characters() -> re.Pattern[str] | None:
    """A character class of every character t2s may change, or None if unknown.

    Why: opencc-python-reimplemented converts about 0.7 M characters/s, far too slow to run
    on every Chinese sentence; most official text is already simplified, and a text with
    none of these characters converts to itself.
    """
    import opencc

    dictionary = Path(opencc.__file__).resolve().parent / "dictionary"
    changed: set[str] = set()
    try:
        for file_name in ("TSCharacters.txt", "TSPhrases.txt"):
            for line in (dictionary / file_name).read_text(encoding="utf-8").splitlines():
                source, _, targets = line.partition("\t")
                target = targets.split(" ")[0]
                if len(source) == len(target):
                    changed.update(s for s, t in zip(source, target, strict=True) if s != t)
                else:
                    changed.update(source)
    except OSError:
        return None  # an unexpected package layout: convert every text (slow but correct)
    if not changed:
        return None
    return re.compile("[" + "".join(re.escape(char) for char in sorted(changed)) + "]")


def needs_conversion(text: str) -> bool:
    """Whether `text` holds any character that t2s would change."""
    pattern = _traditional_characters()
    return pattern is None or pattern.search(text) is not None


def to_simplified(text: str) -> str:
    """The simplified form of `text`, with the same length and offsets."""
    if not needs_conversion(text):
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_simplify_character(char) for char in text)


@cache
def _simplify_character(char: str) -> str:
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char
