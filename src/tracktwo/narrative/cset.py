"""The CSET baseline: the keyword query of CSET's "contending frames" study.

A sentence matches when "AI" (or "A.I.", "artificial intelligence") stands within 20
characters of one of: arms race, battl*, compet*, conflict, rival*, war, dominance,
supremacy, superiority, strategic advantage, outpac*, overtak*; or when it says
"sputnik" or "foreign adversar*" anywhere. It is the yardstick the rule-based `race`
frame must beat, so it is kept as published: no scope, negation or quotation handling.
"""

from __future__ import annotations

import re

_AI = r"(?:\bAI\b|\bA\.I\.|\bartificial\s+intelligence\b)"
_COMPETITION = (
    r"(?:\barms\s+race\b|\bbattl\w*|\bcompet\w*|\bconflict\b|\brival\w*|\bwar\b|\bdominance\b|\bsupremacy\b"
    r"|\bsuperiority\b|\bstrategic\s+advantage\b|\boutpac\w*|\bovertak\w*)"
)
# "Within 20 characters": at most 20 characters between the two terms, in either order.
CSET_PATTERN = re.compile(
    rf"{_AI}[\s\S]{{0,20}}{_COMPETITION}|{_COMPETITION}[\s\S]{{0,20}}{_AI}|\bsputnik\b|\bforeign\s+adversar\w*",
    re.IGNORECASE,
)


def matches_cset(sentence: str) -> bool:
    """Whether the sentence matches CSET's competition query."""
    return CSET_PATTERN.search(sentence) is not None
