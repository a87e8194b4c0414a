"""Issue 4 accuracy scored on the pipeline's analysis of the corpus files (matched by offsets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.shared_data import SHARED_DATA, shared_data_path
from tracktwo.narrative.evaluate_corpus import Match, evaluate_corpus, frame_items, main, match_span


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


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _tiny_corpus(root: Path) -> tuple[str, str]:
    text = (
        "---\ntitle: Remarks\n---\n\n"
        "“We must win the AI race against China,” said Jane Doe, chief executive of Acme.\n\n"
        "The “Blue Book” was published on Monday.\n"
    )
    (root / "doc.md").write_text(text, encoding="utf-8")
    return "doc.md", text


def _quote_row(path: str, text: str, span: str, **labels: object) -> dict[str, object]:
    start = text.index(span)
    return {
        "id": span[:8],
        "kind": "quote",
        "path": path,
        "start": start,
        "end": start + len(span),
        "text": span,
        **labels,
    }


def test_unattributed_quotation_candidates_are_left_out_of_the_speaker_score(tmp_path: Path) -> None:
    path, text = _tiny_corpus(tmp_path)
    attributed = _quote_row(
        path,
        text,
        "We must win the AI race against China,",
        speaker="Jane Doe",
        sector="industry",
        attributed=True,
    )
    title = _quote_row(path, text, "Blue Book", attributed=False, note="a title")
    result = evaluate_corpus(_write_jsonl(tmp_path / "quotes.jsonl", [attributed, title]), tmp_path)
    assert result.items == 1
    # counted apart: the pipeline gives the title no speaker
    assert (result.unattributed, result.unattributed_given_speaker) == (1, 0)
    assert "labelled as said by no one: 1; the pipeline gave 0 of them a speaker" in result.table()


def test_a_speaker_given_to_words_labelled_as_said_by_no_one_is_a_false_attribution(tmp_path: Path) -> None:
    path, text = _tiny_corpus(tmp_path)
    # the pipeline attributes these words to Jane Doe; the label says nobody said them
    words = _quote_row(path, text, "We must win the AI race against China,", attributed=False)
    title = _quote_row(path, text, "Blue Book", attributed=False)
    result = evaluate_corpus(_write_jsonl(tmp_path / "quotes.jsonl", [words, title]), tmp_path)
    assert (result.items, result.unattributed, result.unattributed_given_speaker) == (0, 2, 1)


def test_words_quoted_inside_a_turn_are_scored_from_their_own_quotation(tmp_path: Path) -> None:
    # the quotation runs over two paragraphs: the pipeline finds it paragraph by paragraph, so
    # the whole turn overlaps the labelled span more than the quotation found in it does
    text = (
        "---\ntitle: Press Gaggle\n---\n\n"
        "MS. ROE:  Let me quote Senator Jane Vale.  And she said:\n\n"
        "“We are going to pass this bill before the summer recess, whatever it takes.\n\n"
        "“And we will not stop there.”\n\nQ  Thank you.\n"
    )
    (tmp_path / "doc.md").write_text(text, encoding="utf-8")
    span = text[text.index("We are going") : text.index("there.") + len("there.")]
    row = _quote_row("doc.md", text, span, speaker="Jane Vale", sector="government")
    result = evaluate_corpus(_write_jsonl(tmp_path / "quotes.jsonl", [row]), tmp_path)
    assert (result.quote_matched, result.speaker_accuracy) == (1, 1.0)


def test_wrong_speakers_are_told_apart_by_the_rule_that_named_them(tmp_path: Path) -> None:
    path, text = _tiny_corpus(tmp_path)
    quoted = "We must win the AI race against China,"
    right = _quote_row(path, text, quoted, speaker="Jane Doe", sector="industry")
    wrong = _quote_row(path, text, quoted, speaker="John Roe", sector="media")
    # a title in quotation marks is nobody's quotation: the sentence's own speaker stands
    title = _quote_row(path, text, "Blue Book", speaker="Ann Poe", sector="academia")
    # front matter holds no sentence: the pipeline names nobody
    front = _quote_row(path, text, "Remarks", speaker="Bo Lee", sector="government")
    rows = [right, wrong, title, front]
    result = evaluate_corpus(_write_jsonl(tmp_path / "quotes.jsonl", rows), tmp_path)
    assert result.speaker_accuracy == pytest.approx(1 / 4)
    assert result.speaker_missing == 1
    assert dict(result.wrong_by_rule) == {"said_after": 1, "sentence": 1}
    # every rule that named someone, with how many of its speakers were right
    assert {rule: (n, right) for rule, n, right in result.by_rule} == {
        "said_after": (2, 1),
        "sentence": (1, 0),
    }
    assert {(gold, given) for gold, given, _ in result.sector_confusions} == {
        ("media", "industry"),
        ("academia", "unknown"),
        ("government", "none"),
    }
    table = result.table()
    assert "speaker wrong for 3: 1 given no speaker, 2 given someone else (by rule: " in table
    assert "sector wrong (labelled as given): " in table
    assert "speaker right by rule: said_after 1/2, sentence 0/1" in table


def test_the_command_scores_given_files_against_a_given_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, text = _tiny_corpus(tmp_path)
    sentence = "“We must win the AI race against China,” said Jane Doe, chief executive of Acme."
    start = text.index(sentence)
    row = {
        "id": "s1",
        "path": path,
        "start": start,
        "end": start + len(sentence),
        "text": sentence,
        "frames": ["race"],
    }
    labelled = _write_jsonl(tmp_path / "fresh.jsonl", [row])
    assert main([str(labelled), "--corpus", str(tmp_path)]) == 0
    assert "== fresh.jsonl: 1 items scored" in capsys.readouterr().out


def test_the_command_refuses_files_without_a_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main([str(tmp_path / "fresh.jsonl")])
    assert stop.value.code == 2
    assert "need --corpus" in capsys.readouterr().err


def test_the_command_names_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "absent.jsonl"), "--corpus", str(tmp_path)]) == 1
    assert "absent.jsonl" in capsys.readouterr().err


def test_frame_items_pair_each_label_with_the_pipeline_sentence(tmp_path: Path) -> None:
    path, text = _tiny_corpus(tmp_path)
    sentence = "The “Blue Book” was published on Monday."
    start = text.index(sentence)
    rows = [
        {
            "id": "kept",
            "path": path,
            "start": start,
            "end": start + len(sentence),
            "text": sentence,
            "frames": [],
        },
        {
            "id": "unsure",
            "path": path,
            "start": start,
            "end": start + 10,
            "text": text[start : start + 10],
            "frames": ["race"],
            "ambiguous": True,
        },
    ]
    items = frame_items(_write_jsonl(tmp_path / "fresh.jsonl", rows), tmp_path)
    assert [item.item for item in items] == ["kept"]
    assert items[0].expected == frozenset() and items[0].predicted == frozenset()
    assert items[0].text == sentence


FRESH = Path(__file__).resolve().parents[2] / "eval" / "fresh"


@pytest.mark.shared_data
def test_frames_on_unseen_text_parts_a_and_b_the_development_parts() -> None:
    corpus = shared_data_path("wh-briefings")
    a = evaluate_corpus(FRESH / "narrative-fresh-A.jsonl", corpus)
    b = evaluate_corpus(FRESH / "narrative-fresh-B.jsonl", corpus)
    # measured at 015ac98: A race 0.976, safety 0.857, 2.4% false alarms;
    # B race 0.937, deregulation 0.857, safety 0.750, 2.6% false alarms
    assert (a.items, a.unmatched, b.items, b.unmatched) == (225, 0, 250, 0)
    assert a.frames is not None and b.frames is not None
    assert a.frames["race"].f1 >= 0.95 and b.frames["race"].f1 >= 0.9
    assert a.frames["safety"].f1 >= 0.83 and b.frames["safety"].f1 >= 0.72
    assert b.frames["deregulation"].f1 >= 0.8
    for result in (a, b):
        assert result.false_alarm_rate is not None and result.false_alarm_rate <= 0.04


@pytest.mark.shared_data
def test_frames_on_unseen_text_part_c_the_sealed_part() -> None:
    # A regression floor only: part C is never used to change the rules (eval/fresh/README.md).
    result = evaluate_corpus(FRESH / "narrative-fresh-C.jsonl", shared_data_path("wh-briefings"))
    # measured at ff1837e: 231 items, all exact; race 0.750, cooperation 0.737, safety 0.784;
    # 4.3% false alarms
    assert result.items == 231 and result.unmatched == 0
    assert result.frames is not None and result.cset_race is not None
    assert result.frames["race"].f1 > result.cset_race.f1
    assert result.frames["cooperation"].f1 >= 0.7
    assert result.frames["safety"].f1 >= 0.75
    assert result.false_alarm_rate is not None and result.false_alarm_rate <= 0.06


@pytest.mark.shared_data
def test_false_alarms_on_unseen_chinese_sentences() -> None:
    result = evaluate_corpus(FRESH / "narrative-fresh-zh.jsonl", shared_data_path("zh-gov-reports"))
    # measured at b351975: 153 items, all exact; 0 of 152 no-frame sentences get a frame,
    # the one race item is found
    assert result.items == 153 and result.unmatched == 0
    assert result.false_alarm_rate is not None and result.false_alarm_rate <= 0.03
    assert result.frames is not None and result.frames["race"].true_positives == 1
