"""Issue 4 accuracy scored on the pipeline's analysis of the corpus files (matched by offsets)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.shared_data import SHARED_DATA, shared_data_path
from tracktwo.narrative.evaluate_corpus import Match, evaluate_corpus, match_span


def test_match_span_prefers_exact_offsets_then_the_largest_overlap_of_at_least_half() -> None:
    spans = [(0, 10), (10, 30), (30, 40)]
    assert match_span(spans, 10, 30) == Match(1, True)
    # overlaps (0, 10) by 2 and (10, 30) by 15: the larger overlap wins
    assert match_span(spans, 8, 25) == Match(1, False)
    # a tie (5 and 5) goes to the first span; exactly half of the item is enough, less is not
    assert match_span(spans, 25, 35) == Match(1, False)
    assert match_span([(0, 10)], 6, 16) is None
    assert match_span([(0, 10)], 5, 15) == Match(0, False)
    assert match_span([], 0, 5) is None
    assert match_span(spans, 50, 60) is None


def _labelled(name: str) -> Path:
    path = SHARED_DATA.parent / "eval" / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.mark.shared_data
def test_frames_on_the_briefing_files() -> None:
    corpus = shared_data_path("wh-briefings")
    result = evaluate_corpus(_labelled("narrative-dev.jsonl"), corpus)
    # measured: 282 non-ambiguous items, 281 exact, 1 by overlap, none unmatched
    assert result.items == 282
    assert result.unmatched == 0
    assert result.exact >= 275
    assert result.frames is not None and result.cset_race is not None
    # measured F1: race 0.862, cooperation 0.865, deregulation 1.000, safety 0.867; CSET race 0.103
    assert result.frames["race"].f1 >= 0.84
    assert result.frames["cooperation"].f1 >= 0.84
    assert result.frames["deregulation"].f1 >= 0.97
    assert result.frames["safety"].f1 >= 0.84
    assert result.frames["race"].f1 > result.cset_race.f1
    # measured: 1.1% of 184 no-frame items get a frame
    assert result.false_alarm_rate is not None and result.false_alarm_rate <= 0.03


@pytest.mark.shared_data
def test_false_alarms_on_the_chinese_reports() -> None:
    reports = shared_data_path("zh-gov-reports")
    result = evaluate_corpus(_labelled("narrative-zh-dev.jsonl"), reports)
    # measured: 68 non-ambiguous items, all matched exactly; 0 of 67 no-frame items get a frame
    assert result.items == 68
    assert result.unmatched == 0
    assert result.false_alarm_rate is not None and result.false_alarm_rate <= 0.03


@pytest.mark.shared_data
def test_speaker_and_sector_on_the_briefing_files() -> None:
    corpus = shared_data_path("wh-briefings")
    result = evaluate_corpus(_labelled("quotes-dev.jsonl"), corpus)
    # measured: all 40 matched to a pipeline quotation; speaker 100%, sector 97.5%
    assert result.items == 40
    assert result.quote_matched >= 38
    assert result.speaker_accuracy is not None and result.speaker_accuracy >= 0.95
    assert result.sector_accuracy is not None and result.sector_accuracy >= 0.925
