"""Scoring helpers of the frame evaluation."""

from __future__ import annotations

import pytest

from tracktwo.narrative.frames.evaluate import (
    LabelledItem,
    evaluate,
    evaluate_baseline,
    false_alarm_rate,
    paragraph_around,
    score,
    split_halves,
)


def test_score_counts_per_frame() -> None:
    gold = [frozenset({"race"}), frozenset(), frozenset({"race", "safety"})]
    predicted = [frozenset({"race"}), frozenset({"race"}), frozenset({"safety"})]
    result = score(gold, predicted, ["race", "safety"])
    race = result["race"]
    assert (race.true_positives, race.false_positives, race.false_negatives) == (1, 1, 1)
    assert race.precision == race.recall == race.f1 == 0.5
    assert result["safety"].f1 == 1.0
    assert "race" in result.table()
    with pytest.raises(KeyError, match="mirror"):
        result["mirror"]


def test_nothing_predicted_scores_zero() -> None:
    result = score([frozenset({"race"})], [frozenset()], ["race"])
    assert result["race"].precision == 0.0 and result["race"].f1 == 0.0


def test_paragraph_around_uses_blank_lines_with_spaces() -> None:
    text = "Title\n  \nFirst line\nsecond line.\n   \nNext paragraph."
    start = text.index("second")
    assert paragraph_around(text, start, start + 6) == "First line\nsecond line."
    assert paragraph_around(text, 0, 5) == "Title"
    assert paragraph_around(text, len(text) - 4, len(text)) == "Next paragraph."


def test_evaluate_and_baseline_on_items() -> None:
    items = [
        LabelledItem("1", "We must win the AI race.", "", frozenset({"race"})),
        LabelledItem("2", "AI dominance is the goal of the war room.", "", frozenset()),
        LabelledItem("3", "The weather is fine.", "", frozenset()),
    ]
    assert evaluate(items)["race"].true_positives == 1
    baseline = evaluate_baseline(items, lambda text: "AI" in text)
    assert (baseline.true_positives, baseline.false_positives) == (1, 1)
    assert false_alarm_rate(items) == 0.5
    first, second = split_halves(items)
    assert sorted(i.id for i in (*first, *second)) == ["1", "2", "3"]
