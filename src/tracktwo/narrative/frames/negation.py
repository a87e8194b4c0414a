"""Negation and quotation around a cue: small checks on the text just before it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracktwo.narrative.frames.lexicon import NegationRules

# Opening and closing marks. Straight double quotes open and close alike, so they are
# counted by parity. Single quotes are left out: in English ’ is mostly an apostrophe.
_PAIRED_QUOTES: tuple[tuple[str, str], ...] = (("“", "”"), ("「", "」"), ("『", "』"), ("«", "»"))
_STRAIGHT_QUOTE = '"'


@dataclass(frozen=True)
class Negation:
    """Compiled negation rules of one language."""

    pattern: re.Pattern[str]
    clause_break: re.Pattern[str]
    window: int

    @classmethod
    def compile(cls, rules: NegationRules) -> Negation:
        flags = re.IGNORECASE | re.ASCII
        return cls(
            pattern=re.compile(rules.pattern, flags),
            clause_break=re.compile(rules.clause_break, flags),
            window=rules.window,
        )

    def negates(self, text: str, start: int) -> bool:
        """Whether the clause ending at `start` ends in a negation that reaches the cue.

        Only the cue's own clause counts: "No, this is an arms race" and "not only ...,
        but a race" keep the frame.
        """
        before = text[max(0, start - self.window) : start]
        clause_start = 0
        for clause_end in self.clause_break.finditer(before):
            clause_start = clause_end.end()
        return self.pattern.search(before[clause_start:]) is not None


def inside_quotation(before: str) -> bool:
    """Whether a position is inside quotation marks, given all the text before it."""
    for opening, closing in _PAIRED_QUOTES:
        if before.count(opening) > before.count(closing):
            return True
    return before.count(_STRAIGHT_QUOTE) % 2 == 1
