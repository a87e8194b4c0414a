"""Limits and clean-up for every text a user gives: no stored HTML, bounded length.

Text is stored as plain text and escaped on output; here we only trim it, refuse control
characters (they hide content from moderators) and enforce length limits so that no field
can be used to flood the store or a page.
"""

from __future__ import annotations

import unicodedata

from tracktwo.dialogue.errors import InvalidInput

STATEMENT_MAX = 400
TITLE_MAX = 200
DESCRIPTION_MAX = 4000
NOTE_MAX = 200
CODE_MAX = 40

POLICY_AREAS = ("safety_evaluation", "lab_accountability", "bio_risk", "ip", "general")
TRANSLATION_STATES = ("original", "human_verified", "machine", "missing")
LANGUAGES = ("en", "zh")


def clean_text(
    value: str, field: str, *, max_length: int, required: bool = True, multiline: bool = False
) -> str:
    """The text, stripped and normalised (NFC), or InvalidInput saying what is wrong."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text")
    text = unicodedata.normalize("NFC", value).strip()
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for char in text:
        if unicodedata.category(char) == "Cc" and not (multiline and char in "\n\t"):
            raise InvalidInput(f"{field} contains a control character (U+{ord(char):04X}); remove it")
    if required and not text:
        raise InvalidInput(f"{field} is empty")
    if len(text) > max_length:
        raise InvalidInput(f"{field} has {len(text)} characters; the limit is {max_length}")
    return text


def clean_code(value: str, field: str) -> str:
    """A stratum code such as a country or sector: short, no spaces at the ends, no commas."""
    code = clean_text(value, field, max_length=CODE_MAX)
    if "," in code or "\n" in code:
        raise InvalidInput(f"{field} {code!r} may not contain commas or line breaks")
    return code


def check_choice(value: str, field: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise InvalidInput(f"{field} must be one of {', '.join(choices)}; got {value!r}")
    return value
