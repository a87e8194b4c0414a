"""Interface translations: gettext catalogues (PO files, edited with Babel's tools),
compiled in memory at start-up so the PO file is the single source.

Languages are "en" (the msgids themselves) and "zh" (Simplified Chinese, zh_Hans).
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "zh")
CATALOGUE_LOCALE = {"zh": "zh_Hans"}


@cache
def translations(language: str) -> NullTranslations:
    locale = CATALOGUE_LOCALE.get(language)
    if locale is None:
        return NullTranslations()
    merged: Translations | None = None
    # One PO file per part of the interface (messages, organiser...), merged into one.
    for po_path in sorted((LOCALE_DIR / locale / "LC_MESSAGES").glob("*.po")):
        with po_path.open("rb") as handle:
            catalogue = read_po(handle, locale=locale)
        buffer = io.BytesIO()
        write_mo(buffer, catalogue, use_fuzzy=False)
        buffer.seek(0)
        part = Translations(buffer)
        merged = part if merged is None else merged.merge(part)
    return merged if merged is not None else NullTranslations()


def negotiate(explicit: str | None, stored: str | None, accept_language: str | None) -> str:
    """The page language: an explicit choice, else the stored one, else the browser's."""
    for choice in (explicit, stored):
        if choice in LANGUAGES:
            return choice
    if accept_language:
        ranked = []
        for part in accept_language.split(","):
            tag, _, params = part.strip().partition(";")
            quality = 1.0
            if params.strip().startswith("q="):
                try:
                    quality = float(params.strip()[2:])
                except ValueError:
                    quality = 0.0
            ranked.append((quality, tag.strip().lower()))
        for _quality, tag in sorted(ranked, key=lambda item: -item[0]):
            if tag.startswith("zh"):
                return "zh"
            if tag.startswith("en"):
                return "en"
    return "en"
