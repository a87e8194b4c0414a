from __future__ import annotations

from pathlib import Path

import pytest

from support.shared_data import shared_data_path
from tracktwo.consensus.errors import InputError
from tracktwo.consensus.votes import Statement, build_conversation
from tracktwo.dialogue.formats.detect import LoadedConversation, load_conversation
from tracktwo.dialogue.formats.polis_export import write_polis_export


def test_votes_csv_with_statements_and_strata(tmp_path: Path) -> None:
    votes = tmp_path / "votes.CSV"
    votes.write_text("participant,statement,vote\nalice,1,agree\n007,1,disagree\n", encoding="utf-8")
    statements = tmp_path / "statements.csv"
    statements.write_text("id,text,text_zh\n1,Red line,红线\n", encoding="utf-8")
    strata = tmp_path / "strata.csv"
    strata.write_text("participant,country\n007,CN\n", encoding="utf-8")
    loaded = load_conversation(votes, statements=statements, strata=strata)
    assert isinstance(loaded, LoadedConversation)
    assert loaded.polis_groups is None
    assert loaded.conversation.participant_ids == ("alice", "007")
    assert loaded.conversation.statements == (Statement("1", "Red line", text_zh="红线"),)
    assert dict(loaded.conversation.strata) == {"country": (None, "CN")}
    assert "votes CSV" in loaded.source


def test_polis_export_folder_with_strata(tmp_path: Path) -> None:
    conv = build_conversation(["0", "1"], [Statement("0", "x")], [0, 1], [0, 0], [1, -1])
    write_polis_export(tmp_path / "export", conv, {"0": 1})
    strata = tmp_path / "strata.csv"
    strata.write_text("participant,sector\n1,civil society\n", encoding="utf-8")
    loaded = load_conversation(tmp_path / "export", strata=strata)
    assert loaded.polis_groups == {"0": 1, "1": None}
    assert dict(loaded.conversation.strata) == {"sector": (None, "civil society")}
    assert loaded.source.startswith("Pol.is export")


def test_strata_naming_unknown_participants(tmp_path: Path) -> None:
    conv = build_conversation(["0"], [Statement("0")], [0], [0], [1])
    write_polis_export(tmp_path / "export", conv)
    strata = tmp_path / "strata.csv"
    strata.write_text("participant,sector\n0,academia\n5,academia\n", encoding="utf-8")
    with pytest.raises(InputError, match="participant '5' is not in the conversation") as info:
        load_conversation(tmp_path / "export", strata=strata)
    assert (info.value.path, info.value.line) == (str(strata), 3)


def test_statements_file_with_a_folder_is_refused(tmp_path: Path) -> None:
    conv = build_conversation(["0"], [Statement("0")], [0], [0], [1])
    write_polis_export(tmp_path / "export", conv)
    with pytest.raises(InputError, match="applies only to a votes CSV"):
        load_conversation(tmp_path / "export", statements=tmp_path / "s.csv")


@pytest.mark.parametrize(
    ("name", "why"),
    [("missing", "nothing exists at this path"), ("empty", "the folder holds none of the expected files")],
)
def test_unrecognised_folders(tmp_path: Path, name: str, why: str) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(
        InputError, match=f"not a Pol.is export folder, Pol.is math fixture or votes CSV: {why}"
    ) as info:
        load_conversation(tmp_path / name)
    assert info.value.path == str(tmp_path / name)


def test_unrecognised_file(tmp_path: Path) -> None:
    path = tmp_path / "votes.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(InputError, match=r"votes CSV: a \.xlsx file; expected a Pol.is export folder"):
        load_conversation(path)


def test_bad_csv_content_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "votes.csv"
    path.write_text("participant,statement,vote\na,s,yes\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown vote value 'yes'") as info:
        load_conversation(path)
    assert info.value.line == 2


@pytest.mark.shared_data
def test_real_polis_export() -> None:
    loaded = load_conversation(shared_data_path("polis-open", "brexit-consensus"))
    assert loaded.conversation.n_participants == 204
    assert loaded.polis_groups is not None
    assert sum(g is not None for g in loaded.polis_groups.values()) == 197
    assert "votes.csv" in loaded.source


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["25ptpt-3gp-no-strict-with-meta", "above-100-ptpts", "below-100-ptpts"])
def test_polis_math_fixture(name: str) -> None:
    loaded = load_conversation(shared_data_path("polis-math", name))
    assert loaded.source.startswith("Pol.is math fixture")
    assert loaded.conversation.n_votes > 0
    assert loaded.polis_groups is not None
    assert set(loaded.polis_groups) == set(loaded.conversation.participant_ids)
    assert {g for g in loaded.polis_groups.values() if g is not None}
