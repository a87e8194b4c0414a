"""The command line as a user runs it: summaries, JSON, exports, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from support.shared_data import shared_data_path
from tracktwo.cli.main import app

runner = CliRunner()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def small_votes(tmp_path: Path) -> Path:
    rows = ["participant,statement,vote"]
    for i in range(24):
        camp = i % 2
        for s in range(8):
            vote = "agree" if (s % 2 == camp or s == 0) else "disagree"
            rows.append(f"p{i:02d},s{s},{vote}")
    return write(tmp_path / "votes.csv", "\n".join(rows) + "\n")


def test_demo_prints_a_labelled_summary() -> None:
    result = runner.invoke(app, ["engine-demo"])
    assert result.exit_code == 0, result.output
    assert "Simulated dialogue" in result.output
    assert "opinion groups" in result.output


def test_consensus_on_a_votes_csv_writes_the_model(tmp_path: Path) -> None:
    votes = small_votes(tmp_path)
    out = tmp_path / "model.json"
    result = runner.invoke(app, ["consensus", str(votes), "--json", str(out)])
    assert result.exit_code == 0, result.output
    model = json.loads(out.read_text(encoding="utf-8"))
    assert {p["id"] for p in model["participants"]} == {f"p{i:02d}" for i in range(24)}
    for participant in model["participants"]:
        assert {"id", "x", "y", "group"} <= participant.keys()
    assert len(model["groups"]) == 2
    for statement in model["statements"]:
        assert {"id", "group_aware_consensus", "bridging", "priority"} <= statement.keys()


def test_given_groups_are_used(tmp_path: Path) -> None:
    votes = small_votes(tmp_path)
    groups = write(
        tmp_path / "groups.csv", "participant,group\n" + "".join(f"p{i:02d},g{i % 3}\n" for i in range(24))
    )
    out = tmp_path / "model.json"
    result = runner.invoke(app, ["consensus", str(votes), "--groups", str(groups), "--json", str(out)])
    assert result.exit_code == 0, result.output
    model = json.loads(out.read_text(encoding="utf-8"))
    assert len(model["groups"]) == 3


def test_bad_vote_value_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    votes = write(tmp_path / "votes.csv", "participant,statement,vote\na,s1,agree\nb,s1,maybe\n")
    result = runner.invoke(app, ["consensus", str(votes)])
    assert result.exit_code == 2
    assert "votes.csv:3" in result.output and "maybe" in result.output
    assert "Traceback" not in result.output


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["consensus", str(tmp_path / "absent.csv")])
    assert result.exit_code == 2
    assert "absent.csv" in result.output


def test_no_votes_is_an_error_not_a_crash(tmp_path: Path) -> None:
    votes = write(tmp_path / "votes.csv", "participant,statement,vote\n")
    result = runner.invoke(app, ["consensus", str(votes)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.shared_data
def test_polis_export_round_trip_through_the_cli(tmp_path: Path) -> None:
    folder = shared_data_path("polis-open", "brexit-consensus")
    export = tmp_path / "export"
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    result = runner.invoke(app, ["consensus", str(folder), "--export", str(export), "--json", str(first)])
    assert result.exit_code == 0, result.output
    assert (export / "participants-votes.csv").exists()
    again = runner.invoke(app, ["consensus", str(export), "--json", str(second)])
    assert again.exit_code == 0, again.output
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (first, second))
    assert a["n_votes"] == b["n_votes"]
    assert [p["group"] for p in a["participants"]] == [p["group"] for p in b["participants"]]
