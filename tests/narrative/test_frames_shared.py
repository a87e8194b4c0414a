"""Frame detection on the labelled sets and the real corpus (../shared): regressions show here.

Measured with the packaged lexicons on narrative-dev.jsonl (282 non-ambiguous sentences,
each with its paragraph as context): F1 race 0.862, cooperation 0.865, deregulation 0.970,
safety 0.847 (mirror 0.667 and adversary_intent 0.400 on 2 and 4 items); the CSET query
scores F1 0.103 for race on the same items. On narrative-zh-dev.jsonl no sentence
labelled with no frame gets one. The floors below leave a little slack for lexicon edits.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.shared_data import shared_data_path
from tracktwo.narrative.cset import matches_cset
from tracktwo.narrative.frames import default_detector
from tracktwo.narrative.frames.atoms import satisfied
from tracktwo.narrative.frames.evaluate import (
    LabelledItem,
    evaluate,
    evaluate_baseline,
    false_alarm_rate,
    load_briefing_items,
    load_report_items,
)

FLOORS = {"race": 0.83, "cooperation": 0.83, "deregulation": 0.94, "safety": 0.81}


def _eval_file(name: str) -> Path:
    path = shared_data_path().parent / "eval" / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="module")
def briefing_items() -> tuple[LabelledItem, ...]:
    return load_briefing_items(_eval_file("narrative-dev.jsonl"), shared_data_path("wh-briefings"))


@pytest.mark.shared_data
def test_english_f1_floors_and_baseline(briefing_items: tuple[LabelledItem, ...]) -> None:
    result = evaluate(briefing_items)
    for frame, floor in FLOORS.items():
        assert result[frame].f1 >= floor, result.table()
    baseline = evaluate_baseline(briefing_items, matches_cset)
    assert baseline.f1 < 0.2
    assert result["race"].f1 > baseline.f1 + 0.5


@pytest.mark.shared_data
def test_chinese_false_alarms() -> None:
    items = load_report_items(_eval_file("narrative-zh-dev.jsonl"), shared_data_path("zh-gov-reports"))
    assert false_alarm_rate(items) <= 0.05


@pytest.mark.shared_data
def test_atoms_never_rule_out_a_match(briefing_items: tuple[LabelledItem, ...]) -> None:
    lang = default_detector()._languages["en"]
    texts = [text for item in briefing_items for text in (item.text, item.context)]
    for rule_set in (*lang.frames, *lang.areas):
        for pattern, need in zip(rule_set.patterns, rule_set.needs, strict=True):
            for text in texts:
                if pattern.search(text):
                    assert satisfied(need, lang.atom_index.present(text.lower())), pattern.pattern[:80]


@pytest.mark.shared_data
def test_batch_equals_one_by_one_on_corpus_files() -> None:
    # Every 40th document, and the first 60 that discuss AI, split crudely into sentences.
    files = sorted(shared_data_path("wh-briefings").rglob("*.md"))
    documents = [path.read_text(encoding="utf-8") for path in files[::40]]
    about_ai = (text for path in files if "artificial intelligence" in (text := path.read_text("utf-8")))
    documents += [text for text, _ in zip(about_ai, range(60), strict=False)]
    texts: list[str] = []
    contexts: list[str] = []
    for document in documents:
        for paragraph in re.split(r"\n[ \t\u00a0]*\n", document):
            for sentence in paragraph.split(". "):
                texts.append(sentence)
                contexts.append(paragraph)
    detector = default_detector()
    batch = detector.detect_many(texts, contexts)
    assert any(d.frames for d in batch)
    assert batch == tuple(detector.detect(t, context=c) for t, c in zip(texts, contexts, strict=True))
