from __future__ import annotations

import csv
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.shared_data import shared_data_path
from tracktwo.consensus.errors import InputError
from tracktwo.consensus.votes import Conversation, Statement, build_conversation
from tracktwo.dialogue.formats.plain_csv import numeric_order
from tracktwo.dialogue.formats.polis_export import read_polis_export, write_polis_export

CONVERSATIONS = (
    "15-per-hour-seattle",
    "american-assembly.bowling-green",
    "bg2050-volunteers",
    "brexit-consensus",
    "canadian-electoral-reform",
    "scoop-hivemind.biodiversity",
    "vtaiwan.uberx",
)
WITH_VOTES_CSV = tuple(name for name in CONVERSATIONS if name != "american-assembly.bowling-green")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def votes_of(conversation: Conversation) -> set[tuple[str, str, int]]:
    pids, sids = conversation.participant_ids, conversation.statement_ids
    return {
        (pids[p], sids[s], v)
        for p, s, v in zip(
            conversation.participant.tolist(),
            conversation.statement.tolist(),
            conversation.value.tolist(),
            strict=True,
        )
    }


def assert_identical(a: Conversation, b: Conversation) -> None:
    assert a.participant_ids == b.participant_ids
    assert a.statements == b.statements
    for name in ("participant", "statement", "value"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def counts(conversation: Conversation, by: str, size: int) -> tuple[list[int], list[int], list[int]]:
    index = getattr(conversation, by)
    value = conversation.value
    return (
        np.bincount(index, weights=value == 1, minlength=size).astype(int).tolist(),
        np.bincount(index, weights=value == -1, minlength=size).astype(int).tolist(),
        np.bincount(index, minlength=size).tolist(),
    )


@contextmanager
def expect_error(match: str, line: int | None, path: Path) -> Iterator[None]:
    with pytest.raises(InputError, match=match) as info:
        yield
    assert (info.value.path, info.value.line) == (str(path), line), str(info.value)


# --- the seven real exports --------------------------------------------------------------


@pytest.mark.shared_data
@pytest.mark.parametrize("name", CONVERSATIONS)
def test_real_export_matches_its_own_counts(name: str) -> None:
    folder = shared_data_path("polis-open", name)
    export = read_polis_export(folder)
    conv = export.conversation
    comments = rows(folder / "comments.csv")
    participants = rows(folder / "participants-votes.csv")
    summary = export.summary

    assert conv.n_participants == int(summary["voters"]) == len(participants)
    # summary "comments" counts the comment columns of participants-votes.csv; comments.csv
    # may list more (scoop-hivemind.biodiversity: 6 and 7 were rejected before any vote)
    statement_columns = [c for c in participants[0] if c.isdigit()]
    assert int(summary["comments"]) == len(statement_columns)
    assert conv.n_statements == len(comments)
    assert set(conv.statement_ids) == {c["comment-id"] for c in comments}
    assert conv.n_votes == sum(1 for p in participants for c in statement_columns if p[c] != "")

    # ids are Pol.is's integers, in numeric order
    assert [int(x) for x in conv.participant_ids] == sorted(int(p["participant"]) for p in participants)
    assert [int(x) for x in conv.statement_ids] == sorted(int(c["comment-id"]) for c in comments)

    # statements keep moderation and meta flags
    by_id = {s.id: s for s in conv.statements}
    for comment in comments:
        statement = by_id[comment["comment-id"]]
        assert statement.text == comment["comment-body"]
        assert statement.moderated == int(comment["moderated"])
        assert statement.is_meta == (comment.get("is-meta") == "true")

    # Pol.is's groups, blank = not clustered
    groups = {p["participant"]: (int(p["group-id"]) if p["group-id"] else None) for p in participants}
    assert dict(export.polis_groups) == groups
    assert len({g for g in groups.values() if g is not None}) == int(summary["groups"])

    # sign convention: per-participant n-agree / n-disagree / n-votes are the current votes
    # with agree = 1 (all seven exports agree on this)
    agree, disagree, seen = counts(conv, "participant", conv.n_participants)
    position = {pid: k for k, pid in enumerate(conv.participant_ids)}
    for p in participants:
        k = position[p["participant"]]
        assert (agree[k], disagree[k], seen[k]) == (
            int(p["n-agree"]),
            int(p["n-disagree"]),
            int(p["n-votes"]),
        )

    # comments.csv agrees/disagrees count superseded re-votes too (openData issue #6), so
    # they bound the current counts from above but do not always equal them
    agree, disagree, _ = counts(conv, "statement", conv.n_statements)
    position = {sid: k for k, sid in enumerate(conv.statement_ids)}
    mismatched = 0
    for comment in comments:
        k = position[comment["comment-id"]]
        assert agree[k] <= int(comment["agrees"]) and disagree[k] <= int(comment["disagrees"])
        mismatched += (agree[k], disagree[k]) != (int(comment["agrees"]), int(comment["disagrees"]))
    assert mismatched > 0  # true of all seven


@pytest.mark.shared_data
@pytest.mark.parametrize("name", WITH_VOTES_CSV)
def test_votes_csv_and_participants_votes_give_the_same_conversation(name: str, tmp_path: Path) -> None:
    folder = shared_data_path("polis-open", name)
    export = read_polis_export(folder)
    assert export.vote_source == "votes.csv"
    raw = rows(folder / "votes.csv")
    assert export.superseded_votes == len(raw) - export.conversation.n_votes > 0

    # comments.csv counts are exactly the raw vote rows, re-votes included, agree = 1
    raw_agree = Counter(r["comment-id"] for r in raw if r["vote"] == "1")
    raw_disagree = Counter(r["comment-id"] for r in raw if r["vote"] == "-1")
    for comment in rows(folder / "comments.csv"):
        assert int(comment["agrees"]) == raw_agree[comment["comment-id"]]
        assert int(comment["disagrees"]) == raw_disagree[comment["comment-id"]]

    for file in ("comments.csv", "participants-votes.csv", "summary.csv"):
        shutil.copy(folder / file, tmp_path / file)
    without = read_polis_export(tmp_path)
    assert without.vote_source == "participants-votes.csv" and without.superseded_votes == 0
    assert_identical(export.conversation, without.conversation)
    assert dict(export.polis_groups) == dict(without.polis_groups)


@pytest.mark.shared_data
def test_known_quirks_of_the_real_exports() -> None:
    bg2050 = read_polis_export(shared_data_path("polis-open", "bg2050-volunteers"))
    assert [s.id for s in bg2050.conversation.statements if s.is_meta] == ["12"]
    # the description of this hivemind counts every vote row, re-votes included
    hivemind = read_polis_export(shared_data_path("polis-open", "scoop-hivemind.biodiversity"))
    assert hivemind.conversation.n_votes + hivemind.superseded_votes == 29_802
    assert "29,802 votes" in hivemind.summary["conversation-description"]
    unvoted = set(hivemind.conversation.statement_ids) - {
        hivemind.conversation.statement_ids[s] for s in hivemind.conversation.statement.tolist()
    }
    assert unvoted == {"6", "7"}
    uberx = read_polis_export(shared_data_path("polis-open", "vtaiwan.uberx"))
    assert uberx.summary["topic"] == "UberX 自用車載客 — vTaiwan.tw"


@pytest.mark.shared_data
def test_largest_export_loads_fast() -> None:
    folder = shared_data_path("polis-open", "american-assembly.bowling-green")
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        export = read_polis_export(folder)
        best = min(best, time.perf_counter() - start)
    assert export.conversation.n_votes == 225_524
    assert best < 1.0, f"took {best:.2f} s"


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["brexit-consensus", "bg2050-volunteers"])
def test_real_export_round_trip(name: str, tmp_path: Path) -> None:
    export = read_polis_export(shared_data_path("polis-open", name))
    write_polis_export(tmp_path, export.conversation, export.polis_groups)
    back = read_polis_export(tmp_path)
    assert_identical(back.conversation, export.conversation)
    assert dict(back.polis_groups) == dict(export.polis_groups)
    assert back.superseded_votes == 0
    assert back.summary["voters"] == str(export.conversation.n_participants)
    assert back.summary["groups"] == "2"


# --- writing -------------------------------------------------------------------------------


def small_conversation() -> Conversation:
    return build_conversation(
        ["alice", "007", "bob"],
        [
            Statement("s1", 'Labs publish "evals", always', 1, False, "实验室发布评估"),
            Statement("s2", "Two\nlines\r\nand CR\r", -1, False),
            Statement("meta", "I work in a lab", 0, True),
            Statement("unvoted", ""),
        ],
        [0, 0, 1, 1, 2],
        [0, 1, 0, 2, 0],
        [1, -1, 0, 1, -1],
    )


def test_round_trip_with_string_ids(tmp_path: Path) -> None:
    conv = small_conversation()
    folder = write_polis_export(tmp_path / "out", conv, {"alice": 0, "007": None}, summary={"topic": "AI"})
    assert sorted(p.name for p in folder.iterdir()) == [
        "comments.csv",
        "participants-votes.csv",
        "summary.csv",
        "votes.csv",
    ]
    back = read_polis_export(folder)
    assert_identical(back.conversation, conv)
    assert dict(back.polis_groups) == {"alice": 0, "007": None, "bob": None}
    assert back.summary["topic"] == "AI" and back.summary["comments"] == "4"
    header = (folder / "participants-votes.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "participant,group-id,n-comments,n-votes,n-agree,n-disagree,s1,s2,meta,unvoted"
    alice = rows(folder / "participants-votes.csv")[0]
    assert (alice["n-votes"], alice["n-agree"], alice["n-disagree"], alice["s2"], alice["meta"]) == (
        "2",
        "1",
        "1",
        "-1",
        "",
    )


def test_round_trip_through_participants_votes_only(tmp_path: Path) -> None:
    conv = small_conversation()
    write_polis_export(tmp_path, conv)
    (tmp_path / "votes.csv").unlink()
    back = read_polis_export(tmp_path)
    assert back.vote_source == "participants-votes.csv"
    assert_identical(back.conversation, conv)


def test_numeric_ids_are_read_in_numeric_order(tmp_path: Path) -> None:
    conv = build_conversation(
        ["10", "9", "007"], [Statement("2"), Statement("10")], [0, 1, 2], [0, 1, 1], [1, 1, 0]
    )
    write_polis_export(tmp_path, conv)
    back = read_polis_export(tmp_path).conversation
    assert back.participant_ids == ("007", "9", "10")
    assert back.statement_ids == ("2", "10")
    assert votes_of(back) == votes_of(conv)


def test_writing_groups_of_unknown_participants_fails(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="groups name 1 participant"):
        write_polis_export(tmp_path, small_conversation(), {"zed": 1})


def test_empty_export_is_returned(tmp_path: Path) -> None:
    (tmp_path / "comments.csv").write_text("comment-id,moderated,comment-body\n", encoding="utf-8")
    (tmp_path / "participants-votes.csv").write_text(
        "participant,group-id,n-comments,n-votes,n-agree,n-disagree\n", encoding="utf-8"
    )
    export = read_polis_export(tmp_path)
    assert export.conversation.n_statements == export.conversation.n_votes == 0
    assert dict(export.summary) == {}


def test_revotes_keep_the_latest_and_blank_timestamps_come_first(tmp_path: Path) -> None:
    (tmp_path / "comments.csv").write_text("comment-id,moderated,comment-body\n0,1,x\n", encoding="utf-8")
    (tmp_path / "votes.csv").write_text(
        "timestamp,datetime,comment-id,voter-id,vote\n"
        "200,,0,1,-1\n"
        "100,,0,1,1\n"
        "100,,0,2,1\n"
        ",,0,2,0\n"
        "5,,0,3,1\n"
        "5,,0,3,0\n",
        encoding="utf-8",
    )
    export = read_polis_export(tmp_path)
    assert votes_of(export.conversation) == {("1", "0", -1), ("2", "0", 1), ("3", "0", 0)}
    assert export.superseded_votes == 3
    assert dict(export.polis_groups) == {"1": None, "2": None, "3": None}


ids = st.text(alphabet="abz0129-_ 中", min_size=1, max_size=5).map(str.strip).filter(bool)
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20
)


@st.composite
def conversations(draw: st.DrawFn) -> Conversation:
    pids = draw(st.lists(ids, max_size=6, unique=True))
    sids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    cells = [(p, s) for p in range(len(pids)) for s in range(len(sids))]
    chosen = sorted(draw(st.sets(st.sampled_from(cells))) if cells else set())
    values = draw(st.lists(st.sampled_from([1, -1, 0]), min_size=len(chosen), max_size=len(chosen)))
    statements = [
        Statement(sid, draw(texts), draw(st.sampled_from([-1, 0, 1])), draw(st.booleans()), draw(texts))
        for sid in sids
    ]
    return build_conversation(pids, statements, [p for p, _ in chosen], [s for _, s in chosen], values)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(conversation=conversations(), data=st.data())
def test_polis_round_trip_property(tmp_path: Path, conversation: Conversation, data: Any) -> None:
    groups = {pid: data.draw(st.one_of(st.none(), st.integers(0, 4))) for pid in conversation.participant_ids}
    write_polis_export(tmp_path, conversation, groups)
    back = read_polis_export(tmp_path)
    assert dict(back.polis_groups) == groups
    assert votes_of(back.conversation) == votes_of(conversation)
    assert sorted(back.conversation.statements, key=lambda s: s.id) == sorted(
        conversation.statements, key=lambda s: s.id
    )
    for ids_before, ids_after in (
        (conversation.participant_ids, back.conversation.participant_ids),
        (conversation.statement_ids, back.conversation.statement_ids),
    ):
        order = numeric_order(ids_before)
        assert ids_after == (ids_before if order is None else tuple(ids_before[k] for k in order))
    if (
        numeric_order(conversation.participant_ids) is None
        and numeric_order(conversation.statement_ids) is None
    ):
        assert_identical(back.conversation, conversation)


# --- bad input -------------------------------------------------------------------------------


def export_folder(tmp_path: Path, **files: str | bytes) -> Path:
    contents: dict[str, str | bytes] = {
        "comments.csv": "timestamp,comment-id,moderated,comment-body\n1,0,1,first\n2,1,-1,second\n",
        "participants-votes.csv": (
            "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n0,0,0,2,1,1,1,-1\n1,,0,1,0,0,0,\n"
        ),
        "votes.csv": "timestamp,datetime,comment-id,voter-id,vote\n1,,0,0,1\n2,,1,0,-1\n3,,0,1,0\n",
    }
    contents.update({name.replace("_", "-") + ".csv": text for name, text in files.items()})
    for name, text in contents.items():
        (tmp_path / name).write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return tmp_path


def test_a_good_small_export(tmp_path: Path) -> None:
    export = read_polis_export(export_folder(tmp_path))
    assert votes_of(export.conversation) == {("0", "0", 1), ("0", "1", -1), ("1", "0", 0)}
    assert dict(export.polis_groups) == {"0": 0, "1": None}
    assert export.conversation.statements[1].is_moderated_out


def test_missing_comments(tmp_path: Path) -> None:
    folder = export_folder(tmp_path)
    (folder / "comments.csv").unlink()
    with expect_error("comments.csv is missing", None, folder):
        read_polis_export(folder)


def test_missing_both_vote_files(tmp_path: Path) -> None:
    folder = export_folder(tmp_path)
    (folder / "votes.csv").unlink()
    (folder / "participants-votes.csv").unlink()
    with expect_error("neither participants-votes.csv nor votes.csv", None, folder):
        read_polis_export(folder)


def test_not_a_folder(tmp_path: Path) -> None:
    with expect_error("not a folder", None, tmp_path / "nope"):
        read_polis_export(tmp_path / "nope")


def test_bad_vote_in_votes_csv(tmp_path: Path) -> None:
    folder = export_folder(tmp_path, votes="timestamp,comment-id,voter-id,vote\n1,0,0,1\n2,1,0,agree\n")
    with expect_error(r"cannot read vote 'agree'; expected a whole number", 3, folder / "votes.csv"):
        read_polis_export(folder)
    folder = export_folder(tmp_path, votes="timestamp,comment-id,voter-id,vote\n1,0,0,1\n2,1,0,2\n")
    with expect_error(
        r"unknown vote value '2'; accepted: 1 \(agree\), -1 \(disagree\), 0 \(pass\)", 3, folder / "votes.csv"
    ):
        read_polis_export(folder)


def test_bad_timestamp(tmp_path: Path) -> None:
    folder = export_folder(tmp_path, votes="timestamp,comment-id,voter-id,vote\nnoon,0,0,1\n")
    with expect_error("cannot read timestamp 'noon'", 2, folder / "votes.csv"):
        read_polis_export(folder)


def test_missing_votes_columns(tmp_path: Path) -> None:
    folder = export_folder(tmp_path, votes="timestamp,comment-id,participant,vote\n1,0,0,1\n")
    with expect_error(r"missing column\(s\) voter-id", 1, folder / "votes.csv"):
        read_polis_export(folder)


def test_bad_vote_in_participants_votes(tmp_path: Path) -> None:
    folder = export_folder(
        tmp_path,
        participants_votes="participant,group-id,n-disagree,0,1\n0,0,0,1,-1\n1,,0,0,x\n",
    )
    (folder / "votes.csv").unlink()
    with expect_error(
        r"unknown vote value 'x' in column '1'; accepted: 1 \(agree\)", 3, folder / "participants-votes.csv"
    ):
        read_polis_export(folder)


def test_participants_votes_tolerates_spaces_around_votes(tmp_path: Path) -> None:
    folder = export_folder(tmp_path, participants_votes="participant,group-id,n-disagree,0,1\n0,0,0, 1 ,-1\n")
    (folder / "votes.csv").unlink()
    assert votes_of(read_polis_export(folder).conversation) == {("0", "0", 1), ("0", "1", -1)}


def test_participants_votes_wrong_column_count(tmp_path: Path) -> None:
    folder = export_folder(
        tmp_path,
        participants_votes="participant,group-id,n-disagree,0,1\n0,0,0,1,-1\n1,,0,0\n",
    )
    with expect_error("expected 5 columns .* but found 4", 3, folder / "participants-votes.csv"):
        read_polis_export(folder)


def test_participants_votes_duplicate_participant_and_bad_group(tmp_path: Path) -> None:
    folder = export_folder(
        tmp_path, participants_votes="participant,group-id,n-disagree,0\n0,0,0,1\n0,1,0,1\n"
    )
    with expect_error(
        r"participant '0' appears twice \(lines 2 and 3\)", 3, folder / "participants-votes.csv"
    ):
        read_polis_export(folder)
    folder = export_folder(tmp_path, participants_votes="participant,group-id,n-disagree,0\n0,A,0,1\n")
    with expect_error("cannot read group-id 'A'", 2, folder / "participants-votes.csv"):
        read_polis_export(folder)


def test_participants_votes_missing_columns(tmp_path: Path) -> None:
    folder = export_folder(tmp_path, participants_votes="participant,0,1\n0,1,1\n")
    with expect_error(r"missing column\(s\) group-id, n-disagree", 1, folder / "participants-votes.csv"):
        read_polis_export(folder)


def test_comments_errors(tmp_path: Path) -> None:
    folder = export_folder(tmp_path, comments=b"comment-id,moderated,comment-body\n0,1,ok\n1,1,caf\xe9\n")
    with expect_error("not UTF-8 text", 3, folder / "comments.csv"):
        read_polis_export(folder)
    folder = export_folder(tmp_path, comments="comment-id,moderated,comment-body\n0,2,x\n")
    with expect_error("cannot read moderated '2'", 2, folder / "comments.csv"):
        read_polis_export(folder)
    folder = export_folder(tmp_path, comments="comment-id,moderated,comment-body\n0,1,x\n0,1,y\n")
    with expect_error(r"comment-id '0' appears twice \(lines 2 and 3\)", 3, folder / "comments.csv"):
        read_polis_export(folder)
    folder = export_folder(tmp_path, comments="comment-id,comment-body\n0,x\n")
    with expect_error(r"missing column\(s\) moderated", 1, folder / "comments.csv"):
        read_polis_export(folder)
    folder = export_folder(tmp_path, comments="comment-id,moderated,is-meta,comment-body\n0,1,sometimes,x\n")
    with expect_error("cannot read is-meta 'sometimes'", 2, folder / "comments.csv"):
        read_polis_export(folder)


def test_empty_votes_file(tmp_path: Path) -> None:
    folder = export_folder(tmp_path, votes="")
    with expect_error("the file is empty", 1, folder / "votes.csv"):
        read_polis_export(folder)
