"""The rule detector's policy-area cues, for sentences whose frames a model decided.

The classifier learns frames only: the labelled sets carry no policy areas, and an area is
a matter of topic words (copyright, pathogen, red-teaming) that the lexicons already name
well. So a sentence the model calls `deregulation` or `safety` gets its areas from the
same area rules as the rule detector, with the same exclusions, and `general` when none
fits (codebook: areas come only with those two frames).
"""

from __future__ import annotations

from collections.abc import Callable

from tracktwo.narrative.frames import Evidence, Lexicon

# The rule detector's compiled rule sets, reused so that an area cue matches exactly as it
# does under the rules (exclusions, co-terms, overlapping cues).
from tracktwo.narrative.frames.detector import CompiledRules
from tracktwo.narrative.frames.lexicon import FALLBACK_AREA, LANGUAGES
from tracktwo.narrative.frames.negation import inside_quotation
from tracktwo.narrative.language import to_simplified


def _identity(text: str) -> str:
    return text


class PolicyAreaCues:
    """Policy areas of one sentence from the lexicon's area rules, compiled once."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._areas = {
            code: tuple(CompiledRules.compile(area) for area in lexicon.language(code).areas)
            for code in LANGUAGES
        }

    def find(
        self, text: str, language: str, *, before: str = ""
    ) -> tuple[tuple[str, ...], tuple[Evidence, ...]]:
        """The areas of `text` (never empty: `general` when no area rule matches) and their evidence.

        `language` is a code the rule detector accepted ("en", "zh", "zh-Hant"...); `before`
        is the paragraph's text before the sentence, to tell whether a cue is quoted.
        """
        code = "zh" if language.lower().startswith("zh") else "en"
        normalize: Callable[[str], str] = to_simplified if code == "zh" else _identity
        normalized = normalize(text)  # same offsets: the Chinese lexicons are simplified
        areas: list[str] = []
        evidence: list[Evidence] = []
        for area in self._areas[code]:
            matches = area.find(normalized, None)
            if matches:
                areas.append(area.code)
                evidence.extend(
                    Evidence(
                        area.code,
                        text[m.start : m.end],
                        m.start,
                        m.end,
                        m.rule.id,
                        inside_quotation(before + text[: m.start]),
                    )
                    for m in matches
                )
        return (tuple(areas) or (FALLBACK_AREA,)), tuple(evidence)
