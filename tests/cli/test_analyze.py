"""`tracktwo analyze`: a small corpus in, four Parquet tables and summary.json out, exit status."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from support.analyze_corpus import SPEECH, corpus
from support.shared_data import shared_data_path
from tracktwo.cli.main import app
from tracktwo.narrative import dask_executor

runner = CliRunner()


def test_a_corpus_with_bad_files_gives_tables_errors_and_exit_status_1(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(folder), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "2 of 5 documents failed" in result.output and "errors.parquet" in result.output
    assert "Traceback" not in result.output

    documents = pq.read_table(out / "documents.parquet").to_pylist()
    assert [row["source"] for row in documents] == ["briefing.md", "speech.md", "sub/note.md"]
    speech = next(row for row in documents if row["source"] == "speech.md")
    assert speech["date"] == "2025-03-04" and speech["title"] == "Remarks on Artificial Intelligence"
    assert speech["language"] == "en" and speech["n_chars"] == len(SPEECH)

    errors = pq.read_table(out / "errors.parquet").to_pylist()
    assert {row["source"]: row["kind"] for row in errors} == {"broken.md": "encoding", "empty.md": "empty"}
    assert all(row["message"] for row in errors)

    files = {row["source"]: (folder / row["source"]).read_text(encoding="utf-8") for row in documents}
    sentences = pq.read_table(out / "sentences.parquet").to_pylist()
    for row in sentences:
        text = files[row["source"]]
        assert text[row["start"] : row["end"]] == row["text"]
        for evidence in row["evidence"]:
            assert text[evidence["start"] : evidence["end"]] == evidence["cue"]
    quotes = pq.read_table(out / "quotes.parquet").to_pylist()
    for row in quotes:
        assert files[row["source"]][row["start"] : row["end"]] == row["text"]
    assert {row["speaker"] for row in quotes if row["kind"] == "transcript"} == {"MS. LEAVITT", "Q"}
    question = next(row for row in sentences if row["speaker"] == "Q")
    assert question["frames"] == [] and question["attribution"] == "transcript"

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 3 and "aggregation" in summary
    assert summary["failures"] == {"empty": 1, "encoding": 1}
    assert summary["sentences"] == len(sentences) and summary["quotes"] == len(quotes)
    assert summary["sentences_with_frame"]["race"] == sum("race" in row["frames"] for row in sentences) > 0
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Who tells the race story?" in report and "<script" not in report


def test_a_clean_corpus_exits_0_and_workers_do_not_change_the_tables(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus", bad=False)
    one, two = tmp_path / "one", tmp_path / "two"
    assert runner.invoke(app, ["analyze", str(folder), "--out", str(one), "--workers", "1"]).exit_code == 0
    result = runner.invoke(app, ["analyze", str(folder), "--out", str(two), "--workers", "2"])
    assert result.exit_code == 0, result.output
    for name in ("documents", "sentences", "quotes", "errors"):
        assert pq.read_table(one / f"{name}.parquet").equals(pq.read_table(two / f"{name}.parquet")), name
    assert pq.read_table(one / "errors.parquet").num_rows == 0


def test_the_dask_executor_gives_the_tables_of_the_serial_and_local_executors(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus")
    runs = {
        "serial": ["--executor", "serial"],
        "local": ["--executor", "local", "--workers", "2"],
        "dask": ["--executor", "dask", "--workers", "2"],
    }
    for name, extra in runs.items():
        result = runner.invoke(app, ["analyze", str(folder), "--out", str(tmp_path / name), *extra])
        assert result.exit_code == 1, (name, result.output)  # the two bad files
        assert "2 of 5 documents failed" in result.output and "Traceback" not in result.output
    for table in ("documents", "sentences", "quotes", "errors"):
        serial = pq.read_table(tmp_path / "serial" / f"{table}.parquet")
        assert serial.num_rows > 0, table
        for name in ("local", "dask"):
            assert pq.read_table(tmp_path / name / f"{table}.parquet").equals(serial), (name, table)
    summaries = {
        name: json.loads((tmp_path / name / "summary.json").read_text(encoding="utf-8")) for name in runs
    }
    assert summaries["dask"] == summaries["serial"] == summaries["local"]


def test_an_unreachable_dask_scheduler_exits_2_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT", 1.0)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # released on leaving the block: nothing listens there
    folder = corpus(tmp_path / "corpus", bad=False)
    args = ["analyze", str(folder), "--out", str(tmp_path / "out"), "--executor", "dask"]
    result = runner.invoke(app, [*args, "--scheduler", f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 2, result.output
    assert f"could not reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_an_empty_folder_writes_empty_tables(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    result = runner.invoke(app, ["analyze", str(tmp_path / "corpus"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    for name in ("documents", "sentences", "quotes", "errors"):
        assert pq.read_table(tmp_path / "out" / f"{name}.parquet").num_rows == 0
    assert json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))["documents"] == 0


def test_a_missing_input_is_a_failed_document(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "absent"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert pq.read_table(tmp_path / "out" / "errors.parquet").column("kind").to_pylist() == ["not_found"]


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--workers", "0"], "--workers"),
        (["--actors", "ACTORS"], "actors.yaml"),
        (["--out", "FILE"], "is a file"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --executor dask"),
        (["--executor", "spark"], "--executor"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, extra: list[str], needle: str) -> None:
    folder = corpus(tmp_path / "corpus", bad=False)
    (tmp_path / "actors.yaml").write_text("actors: [{name: X}]\n", encoding="utf-8")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    args = ["analyze", str(folder), "--out", str(tmp_path / "out"), *extra]
    args = [
        str(tmp_path / "actors.yaml") if a == "ACTORS" else str(tmp_path / "file") if a == "FILE" else a
        for a in args
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert needle in result.output and "Traceback" not in result.output


def test_no_input_is_a_usage_error(tmp_path: Path) -> None:
    assert runner.invoke(app, ["analyze", "--out", str(tmp_path / "out")]).exit_code == 2


@pytest.mark.shared_data
def test_fifty_briefings_through_the_command(tmp_path: Path) -> None:
    folder = shared_data_path("wh-briefings", "articles")
    paths = sorted(folder.rglob("*.md"))[:50]
    result = runner.invoke(
        app, ["analyze", *map(str, paths), "--out", str(tmp_path / "out"), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    documents = pq.read_table(tmp_path / "out" / "documents.parquet")
    assert documents.num_rows == 50
    sentences = pq.read_table(tmp_path / "out" / "sentences.parquet").to_pylist()
    texts = {path.name: path.read_text(encoding="utf-8") for path in paths}
    for row in sentences:
        assert texts[row["source"]][row["start"] : row["end"]] == row["text"]
