"""The CSET baseline query on hand-written sentences."""

from __future__ import annotations

import pytest

from tracktwo.narrative.cset import matches_cset


@pytest.mark.parametrize(
    "sentence",
    [
        "The AI arms race is heating up.",
        "Competition in artificial intelligence is fierce.",
        "AI is the new battleground.",
        "China wants supremacy in A.I. by 2030.",
        "This is a Sputnik moment.",
        "We must protect our data from foreign adversaries.",
        "They could overtake us in AI.",
        "the rivalry over AI",
        "strategic advantage in AI",
    ],
)
def test_matches(sentence: str) -> None:
    assert matches_cset(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "AI will transform medicine and education for the next generation of students and our war veterans.",
        "Competition among airlines keeps fares low.",
        "We are in an arms race.",  # no AI within reach
        "The maid said hello to the competitor.",  # "ai" inside a word is not AI
        "AI is the future of every industry in this country, not just war.",  # more than 20 characters apart
    ],
)
def test_does_not_match(sentence: str) -> None:
    assert not matches_cset(sentence)
