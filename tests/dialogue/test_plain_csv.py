from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracktwo.consensus.errors import InputError
from tracktwo.consensus.votes import Conversation, Statement, build_conversation
from tracktwo.dialogue.formats.plain_csv import (
    read_groups_csv,
    read_statements_csv,
    read_votes_csv,
    with_strata,
    write_groups_csv,
    write_statements_csv,
    write_strata_csv,
    write_votes_csv,
)


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


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


def canonical(conversation: Conversation) -> tuple[Any, ...]:
    """Everything a conversation says, independent of the order of ids and votes."""
    pids = conversation.participant_ids
    return (
        sorted(pids),
        sorted(conversation.statements, key=lambda s: s.id),
        sorted(votes_of(conversation)),
        {name: sorted(zip(pids, labels, strict=True)) for name, labels in conversation.strata.items()},
    )


@contextmanager
def expect_error(match: str, line: int | None, path: Path) -> Iterator[None]:
    """The block raises InputError matching `match`, naming `path` and `line`."""
    with pytest.raises(InputError, match=match) as info:
        yield
    error = info.value
    assert (error.path, error.line) == (str(path), line), str(error)
    assert str(error).startswith(f"{path}:{line}: " if line else f"{path}: ")


# --- reading votes -------------------------------------------------------------------


def test_vote_spellings_and_string_ids(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "votes.csv",
        "participant,statement,vote\n"
        "alice,s1,agree\n"
        "007,s1,Disagree\n"
        "7,s1,PASS\n"
        "alice,s2,1\n"
        "007,s2,-1\n"
        "7,s2,0\n"
        "alice,s3,a\n"
        "007,s3,D\n"
        " 7 , s3 , p \n",
    )
    conv = read_votes_csv(path)
    assert conv.participant_ids == ("alice", "007", "7")
    assert conv.statement_ids == ("s1", "s2", "s3")
    assert all(s.text == "" for s in conv.statements)
    assert votes_of(conv) == {
        (p, s, v) for s in ("s1", "s2", "s3") for p, v in (("alice", 1), ("007", -1), ("7", 0))
    }


def test_header_is_case_insensitive_and_extra_columns_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", "Vote,Comment,Participant,Statement\r\nagree,hi,a,1\r\n")
    conv = read_votes_csv(path)
    assert votes_of(conv) == {("a", "1", 1)}


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", b"\xef\xbb\xbfparticipant,statement,vote\na,s,agree\n")
    assert votes_of(read_votes_csv(path)) == {("a", "s", 1)}


def test_statements_file_gives_order_texts_and_flags(tmp_path: Path) -> None:
    statements = write(
        tmp_path,
        "statements.csv",
        "id,text,text_zh,moderated,is_meta\n"
        's2,"Labs publish, evals",实验室公布评估,1,false\n'
        's1,"Two\nlines",,-1,true\n'
        "s0,no votes yet,,,\n",
    )
    votes = write(tmp_path, "votes.csv", "participant,statement,vote\na,s1,agree\na,s9,pass\n")
    conv = read_votes_csv(votes, statements=statements)
    assert conv.statements == (
        Statement("s2", "Labs publish, evals", 1, False, "实验室公布评估"),
        Statement("s1", "Two\nlines", -1, True, ""),
        Statement("s0", "no votes yet", 0, False, ""),
        Statement("s9", ""),
    )
    assert votes_of(conv) == {("a", "s1", 1), ("a", "s9", 0)}


def test_minimal_statements_file(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "id,text\n1,first\n")
    assert read_statements_csv(path) == (Statement("1", "first"),)


def test_time_keeps_the_latest_vote(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "v.csv",
        "participant,statement,vote,time\n"
        "a,s,agree,300\n"
        "a,s,disagree,100\n"
        "b,s,agree,5\n"
        "b,s,pass,5\n"
        "c,s,pass,1.5\n",
    )
    assert votes_of(read_votes_csv(path)) == {("a", "s", 1), ("b", "s", 0), ("c", "s", 0)}


def test_iso_times(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "v.csv",
        "participant,statement,vote,time\n"
        "a,s,agree,2024-05-01T10:00:00+02:00\n"
        "a,s,disagree,2024-05-01T09:00:00Z\n",
    )
    # 10:00+02:00 is 08:00Z, so the disagree at 09:00Z is the latest
    assert votes_of(read_votes_csv(path)) == {("a", "s", -1)}


def test_header_only_gives_an_empty_conversation(tmp_path: Path) -> None:
    conv = read_votes_csv(write(tmp_path, "v.csv", "participant,statement,vote\n"))
    assert conv.n_votes == conv.n_statements == conv.n_participants == 0


def test_header_only_with_statements_and_strata(tmp_path: Path) -> None:
    statements = write(tmp_path, "s.csv", "id,text\nonly,the one statement\n")
    strata = write(tmp_path, "strata.csv", "participant,country\n")
    votes = write(tmp_path, "v.csv", "participant,statement,vote\n")
    conv = read_votes_csv(votes, statements=statements, strata=strata)
    assert conv.statement_ids == ("only",) and conv.n_votes == 0
    assert dict(conv.strata) == {"country": ()}


def test_one_statement_conversation_is_returned(tmp_path: Path) -> None:
    conv = read_votes_csv(write(tmp_path, "v.csv", "participant,statement,vote\na,s,agree\n"))
    assert conv.n_statements == 1 and conv.n_votes == 1


def test_blank_lines_are_skipped_and_lines_still_count(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", "participant,statement,vote\n\na,s,agree\n,,\nb,s,maybe\n")
    with expect_error("unknown vote value 'maybe'", 5, path):
        read_votes_csv(path)


def test_conversation_is_frozen(tmp_path: Path) -> None:
    conv = read_votes_csv(write(tmp_path, "v.csv", "participant,statement,vote\na,s,agree\n"))
    with pytest.raises(ValueError):
        conv.value[0] = -1


# --- strata and groups -----------------------------------------------------------------


def test_strata(tmp_path: Path) -> None:
    votes = write(tmp_path, "v.csv", "participant,statement,vote\na,s,1\nb,s,1\nc,s,-1\n")
    strata = write(tmp_path, "strata.csv", "participant,country,sector\nb,CN,academia\na,US,\n")
    conv = read_votes_csv(votes, strata=strata)
    assert dict(conv.strata) == {
        "country": ("US", "CN", None),
        "sector": (None, "academia", None),
    }


def test_with_strata_replaces_same_named_attribute(tmp_path: Path) -> None:
    conv = build_conversation(
        ["a", "b"], [Statement("s")], [0, 1], [0, 0], [1, 1], {"country": ["US", "CN"], "x": ["1", "2"]}
    )
    strata = write(tmp_path, "strata.csv", "participant,country\nb,UK\n")
    assert dict(with_strata(conv, strata).strata) == {"country": (None, "UK"), "x": ("1", "2")}


def test_groups(tmp_path: Path) -> None:
    path = write(tmp_path, "g.csv", "participant,group\n007,0\nalice,\n")
    assert dict(read_groups_csv(path, ["007", "alice"])) == {"007": "0"}
    assert dict(read_groups_csv(path)) == {"007": "0"}


def test_groups_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    write_groups_csv(path, {"a": 1, "b": None, "007": 0})
    assert dict(read_groups_csv(path)) == {"a": "1", "007": "0"}


# --- bad input ---------------------------------------------------------------------------


def test_duplicate_vote_without_time_names_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", "participant,statement,vote\na,s,agree\nb,s,agree\na,s,pass\n")
    with expect_error(r"duplicate vote of participant 'a' on statement 's' \(lines 2 and 4\)", 4, path):
        read_votes_csv(path)


def test_wrong_column_count(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", "participant,statement,vote\na,s,agree\nb,s\n")
    with expect_error("expected 3 columns .* but found 2", 3, path):
        read_votes_csv(path)


def test_wrong_column_count_after_multiline_field(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", 'id,text\n1,"one\ntwo\nthree"\n2,b,extra\n')
    with expect_error("expected 2 columns .* but found 3", 5, path):
        read_statements_csv(path)


def test_missing_header_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", "participant,stmt,choice\na,s,agree\n")
    with expect_error(r"missing column\(s\) statement, vote .* found: participant, stmt, choice", 1, path):
        read_votes_csv(path)


def test_duplicate_header_column(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", "participant,statement,vote,vote\n")
    with expect_error("names column 'vote' twice", 1, path):
        read_votes_csv(path)


def test_unknown_vote_value_lists_accepted_values(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", "participant,statement,vote\na,s,agree\na,t,+2\n")
    with expect_error(r"unknown vote value '\+2'; accepted: agree/disagree/pass, a/d/p or 1/-1/0", 3, path):
        read_votes_csv(path)


@pytest.mark.parametrize("content", ["", "\n\n", "  \n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, "v.csv", content)
    with expect_error(
        "the file is empty; expected a header line with columns participant, statement, vote", 1, path
    ):
        read_votes_csv(path)


def test_non_utf8_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", b"participant,statement,vote\na,s,agree\nb,caf\xe9,agree\n")
    with expect_error(r"not UTF-8 text \(byte 0xe9", 3, path):
        read_votes_csv(path)


def test_unterminated_quote(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", 'participant,statement,vote\na,s,agree\n"b,s,agree\nc,s,agree\n')
    with expect_error("malformed CSV", 3, path):
        read_votes_csv(path)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.csv"
    with expect_error("file not found", None, path):
        read_votes_csv(path)


def test_empty_ids(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", "participant,statement,vote\na,s,agree\n ,s,agree\n")
    with expect_error("empty participant id", 3, path):
        read_votes_csv(path)
    path = write(tmp_path, "w.csv", "participant,statement,vote\na,,agree\n")
    with expect_error("empty statement id", 2, path):
        read_votes_csv(path)


def test_bad_times(tmp_path: Path) -> None:
    path = write(tmp_path, "v.csv", "participant,statement,vote,time\na,s,agree,1\nb,s,agree,\n")
    with expect_error("empty time", 3, path):
        read_votes_csv(path)
    path = write(tmp_path, "w.csv", "participant,statement,vote,time\na,s,agree,yesterday\n")
    with expect_error("cannot read time 'yesterday'", 2, path):
        read_votes_csv(path)
    path = write(tmp_path, "x.csv", "participant,statement,vote,time\na,s,1,5\nb,s,1,2024-01-01\n")
    with expect_error("mixes numbers and ISO date-times", 3, path):
        read_votes_csv(path)


def test_strata_unknown_participant(tmp_path: Path) -> None:
    votes = write(tmp_path, "v.csv", "participant,statement,vote\na,s,agree\n")
    strata = write(tmp_path, "strata.csv", "participant,country\na,US\nzed,CN\n")
    with expect_error("participant 'zed' is not in the conversation", 3, strata):
        read_votes_csv(votes, strata=strata)


def test_strata_duplicate_participant(tmp_path: Path) -> None:
    votes = write(tmp_path, "v.csv", "participant,statement,vote\na,s,agree\n")
    strata = write(tmp_path, "strata.csv", "participant,country\na,US\na,CN\n")
    with expect_error(r"participant 'a' appears twice \(lines 2 and 3\)", 3, strata):
        read_votes_csv(votes, strata=strata)


def test_strata_without_attributes(tmp_path: Path) -> None:
    votes = write(tmp_path, "v.csv", "participant,statement,vote\na,s,agree\n")
    strata = write(tmp_path, "strata.csv", "participant\na\n")
    with expect_error("declares no attributes", 1, strata):
        read_votes_csv(votes, strata=strata)


def test_strata_wrong_column_count(tmp_path: Path) -> None:
    votes = write(tmp_path, "v.csv", "participant,statement,vote\na,s,agree\n")
    strata = write(tmp_path, "strata.csv", "participant,country,sector\na,US\n")
    with expect_error("expected 3 columns", 2, strata):
        read_votes_csv(votes, strata=strata)


def test_groups_unknown_participant(tmp_path: Path) -> None:
    path = write(tmp_path, "g.csv", "participant,group\na,1\nb,2\n")
    with expect_error("participant 'b' is not in the conversation", 3, path):
        read_groups_csv(path, ["a"])


def test_groups_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path, "g.csv", "participant,cluster\na,1\n")
    with expect_error(r"missing column\(s\) group", 1, path):
        read_groups_csv(path)


def test_statements_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "id,text\n1,a\n1,b\n")
    with expect_error(r"statement '1' appears twice \(lines 2 and 3\)", 3, path):
        read_statements_csv(path)
    path = write(tmp_path, "t.csv", "id,text,moderated\n1,a,yes\n")
    with expect_error("cannot read moderated 'yes'", 2, path):
        read_statements_csv(path)
    path = write(tmp_path, "u.csv", "id,text,is_meta\n1,a,maybe\n")
    with expect_error("cannot read is_meta 'maybe'; use true or false", 2, path):
        read_statements_csv(path)


# --- writing and properties ----------------------------------------------------------------

ids = st.text(alphabet="abcxyz0123456789-_. 中", min_size=1, max_size=6).map(str.strip).filter(bool)
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)


@st.composite
def conversations(draw: st.DrawFn) -> Conversation:
    pids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    sids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    cells = [(p, s) for p in range(len(pids)) for s in range(len(sids))]
    chosen = draw(st.lists(st.sampled_from(cells), unique=True, max_size=len(cells)))
    # every participant votes at least once, so strata can describe all of them
    chosen = sorted(set(chosen) | {(p, 0) for p in range(len(pids))})
    values = draw(st.lists(st.sampled_from([1, -1, 0]), min_size=len(chosen), max_size=len(chosen)))
    statements = [
        Statement(
            sid,
            draw(texts),
            draw(st.sampled_from([-1, 0, 1])),
            draw(st.booleans()),
            draw(texts),
        )
        for sid in sids
    ]
    country = draw(st.lists(st.sampled_from(["US", "CN", None]), min_size=len(pids), max_size=len(pids)))
    return build_conversation(
        pids,
        statements,
        [p for p, _ in chosen],
        [s for _, s in chosen],
        values,
        {"country": country},
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(conversation=conversations())
def test_plain_csv_round_trip(tmp_path: Path, conversation: Conversation) -> None:
    write_votes_csv(tmp_path / "votes.csv", conversation)
    write_statements_csv(tmp_path / "statements.csv", conversation.statements)
    write_strata_csv(tmp_path / "strata.csv", conversation)
    back = read_votes_csv(
        tmp_path / "votes.csv", statements=tmp_path / "statements.csv", strata=tmp_path / "strata.csv"
    )
    assert canonical(back) == canonical(conversation)
    assert back.statements == conversation.statements


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(conversation=conversations(), seed=st.integers(0, 2**32 - 1), revotes=st.integers(0, 5))
def test_shuffled_rows_with_superseded_revotes_give_an_equal_conversation(
    tmp_path: Path, conversation: Conversation, seed: int, revotes: int
) -> None:
    rng = random.Random(seed)
    pids, sids = conversation.participant_ids, conversation.statement_ids
    final = sorted(votes_of(conversation))
    rows = [(p, s, v, 1000 + k) for k, (p, s, v) in enumerate(final)]
    for _ in range(revotes):  # older votes that a later one replaced
        p, s, _, t = rng.choice(rows)
        rows.append((p, s, rng.choice(["agree", "d", "P"]), t - 500))
    rng.shuffle(rows)
    lines = ["time,vote,statement,participant"] + [f'{t},{v},"{s}","{p}"' for p, s, v, t in rows]
    path = write(tmp_path, "v.csv", "\n".join(lines) + "\n")
    back = read_votes_csv(path)
    assert sorted(votes_of(back)) == final
    assert set(back.participant_ids) == set(pids)
    assert set(back.statement_ids) <= set(sids)
    assert np.all(np.diff(back.participant.astype(np.int64) * back.n_statements + back.statement) > 0)
