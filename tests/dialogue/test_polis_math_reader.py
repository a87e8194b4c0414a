"""Reader of Pol.is math fixtures: small hand-written folders, bad input, the real fixtures."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from support.shared_data import shared_data_path
from tracktwo.consensus.errors import InputError
from tracktwo.dialogue.formats.polis_math import read_polis_math

FIXTURES = ["25ptpt-3gp-no-strict-with-meta", "above-100-ptpts", "below-100-ptpts"]


def math_output() -> dict[str, Any]:
    return {
        "tids": [0, 1],
        "n": 3,
        "n-cmts": 2,
        "math_tick": 7,
        "in-conv": [0, 1],
        "user-vote-counts": {"0": 2, "1": 2, "10": 1},
        "mod-out": [1],
        "mod-in": [0],
        "meta-tids": [1],
        "base-clusters": {
            "id": [5, 6],
            "members": [[0], [1]],
            "x": [0.5, -0.5],
            "y": [0.1, 0.2],
            "count": [1, 1],
        },
        "group-clusters": [
            {"id": 0, "members": [6], "center": [-0.5, 0.2]},
            {"id": 1, "members": [5], "center": [0.5, 0.1]},
        ],
        "pca": {
            "center": [0.1, 0.2],
            "comps": [[1.0, 0.0], [0.0, 1.0]],
            "comment-projection": [[0.3, 0.0], [0.0, 0.4]],
            "comment-extremity": [0.3, 0.4],
        },
        "repness": {
            "0": [
                {
                    "tid": 0,
                    "n-success": 1,
                    "n-trials": 1,
                    "p-success": 0.6666666666666666,
                    "p-test": 1.414213562373095,
                    "repness": 1.3333333333333333,
                    "repness-test": 0.57735026,
                    "repful-for": "agree",
                    "best-agree": True,
                    "n-agree": 1,
                }
            ],
            "1": [],
        },
        "consensus": {
            "agree": [
                {"tid": 0, "n-success": 2, "n-trials": 2, "p-success": 0.75, "p-test": 1.7320508075688772}
            ],
            "disagree": [],
        },
        "group-aware-consensus": {"0": 0.25, "1": 0.25},
        "comment-priorities": {"0": 1.5, "1": 49},
        "group-votes": {
            "0": {"n-members": 1, "votes": {"0": {"A": 1, "D": 0, "S": 1}}},
            "1": {"n-members": 1, "votes": {"0": {"A": 1, "D": 0, "S": 1}}},
        },
    }


def write_fixture(folder: Path, *, alternate_names: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p, t, mod = ("pid", "tid", "mod") if alternate_names else ("participant_id", "statement_id", "moderated")
    votes = [
        {p: 0, t: 0, "vote": -1, "modified": "100"},
        {p: 0, t: 0, "vote": 1, "modified": "200"},  # re-vote: the later agree wins
        {p: 0, t: 1, "vote": 0, "modified": 150.0},
        {p: 1, t: 0, "vote": 1, "modified": 300.0},
        {p: 1, t: 1, "vote": -1, "modified": 90.0},
        {p: 1, t: 1, "vote": 1, "modified": 80.0},  # earlier in time though later in the file
        {p: 10, t: 0, "vote": 0, "modified": 5.0},
    ]
    comments = [
        {t: 1, "txt": "meta", mod: 1, "is_meta": True},
        {t: 0, "txt": "first", mod: 0, "is_meta": False},
        {t: 2, "txt": "rejected, never voted", mod: -1, "is_meta": False},
    ]
    (folder / "votes.json").write_text(json.dumps(votes))
    (folder / "comments.json").write_text(json.dumps(comments))
    (folder / "conversation.json").write_text(json.dumps({"strict_moderation": True}))
    (folder / "math-pca2.json").write_text(json.dumps(math_output()))
    return folder


@pytest.mark.parametrize("alternate_names", [False, True])
def test_reads_a_small_fixture(tmp_path: Path, alternate_names: bool) -> None:
    fixture = read_polis_math(write_fixture(tmp_path / "f", alternate_names=alternate_names))
    conv = fixture.conversation
    assert conv.participant_ids == ("0", "1", "10")  # numeric order, as strings
    assert conv.statement_ids == ("0", "1", "2")
    assert [(s.moderated, s.is_meta, s.text) for s in conv.statements] == [
        (0, False, "first"),
        (1, True, "meta"),
        (-1, False, "rejected, never voted"),
    ]
    assert conv.strict_moderation
    votes = {
        (conv.participant_ids[p], conv.statement_ids[s]): int(v)
        for p, s, v in zip(conv.participant, conv.statement, conv.value, strict=True)
    }
    assert votes == {("0", "0"): 1, ("0", "1"): 0, ("1", "0"): 1, ("1", "1"): -1, ("10", "0"): 0}
    times = {
        (conv.participant_ids[p], conv.statement_ids[s]): float(t)
        for p, s, t in zip(conv.participant, conv.statement, fixture.vote_times, strict=True)
    }
    # each kept vote carries its own time: the latest of its (participant, statement)
    assert times == {
        ("0", "0"): 200.0,
        ("0", "1"): 150.0,
        ("1", "0"): 300.0,
        ("1", "1"): 90.0,
        ("10", "0"): 5.0,
    }
    assert not fixture.vote_times.flags.writeable

    ref = fixture.reference
    assert ref.tids == ("0", "1")
    assert (ref.n, ref.n_cmts, ref.math_tick) == (3, 2, 7)
    assert ref.in_conv == ("0", "1")
    assert ref.mod_out == frozenset({"1"}) and ref.meta_tids == frozenset({"1"})
    assert ref.user_vote_counts["10"] == 1
    # group members are base-cluster ids, mapped through base-clusters to participants
    assert [(g.id, g.base_cluster_ids, g.members) for g in ref.groups] == [
        (0, (6,), ("1",)),
        (1, (5,), ("0",)),
    ]
    assert ref.group_labels(conv.participant_ids).tolist() == [1, 0, -1]
    assert ref.in_conv_mask(conv.participant_ids).tolist() == [True, True, False]
    assert ref.base_clusters.members == (("0",), ("1",))
    assert ref.pca.comps.shape == (2, 2)
    assert ref.pca.comment_extremity.tolist() == [0.3, 0.4]
    assert not ref.pca.center.flags.writeable
    (entry,) = ref.repness[0]
    assert (entry.tid, entry.repful_for, entry.best_agree, entry.n_agree) == ("0", "agree", True, 1)
    assert ref.repness[1] == ()
    assert [e.tid for e in ref.consensus_agree] == ["0"] and ref.consensus_disagree == ()
    assert ref.group_aware_consensus["1"] == 0.25
    assert ref.comment_priorities["1"] == 49
    assert ref.group_votes[1].votes["0"] == (1, 0, 1)
    with pytest.raises(TypeError):
        ref.comment_priorities["1"] = 0  # type: ignore[index]


@pytest.mark.parametrize("name", ["votes.json", "comments.json", "conversation.json", "math-pca2.json"])
def test_missing_file_is_named(tmp_path: Path, name: str) -> None:
    folder = write_fixture(tmp_path / "f")
    (folder / name).unlink()
    with pytest.raises(InputError, match=name) as caught:
        read_polis_math(folder)
    assert caught.value.path == str(folder / name)


@pytest.mark.parametrize("name", ["votes.json", "comments.json", "conversation.json", "math-pca2.json"])
def test_malformed_json_names_file_and_line(tmp_path: Path, name: str) -> None:
    folder = write_fixture(tmp_path / "f")
    (folder / name).write_text('{\n  "a": 1,\n  oops\n}')
    with pytest.raises(InputError, match="not valid JSON") as caught:
        read_polis_math(folder)
    assert caught.value.path == str(folder / name)
    assert caught.value.line == 3


def test_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        read_polis_math(tmp_path / "absent")


def rewrite(folder: Path, name: str, change: Any) -> None:
    data = json.loads((folder / name).read_text())
    change(data)
    (folder / name).write_text(json.dumps(data))


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("votes.json", lambda d: d[0].pop("vote"), "missing field 'vote'"),
        ("votes.json", lambda d: d[0].update(vote=2), "unknown vote value 2"),
        ("votes.json", lambda d: d[0].update(statement_id=99), "missing from comments.json: 99"),
        ("votes.json", lambda d: d.append("not an object"), "list of objects"),
        ("comments.json", lambda d: d[0].pop("moderated"), "moderated or mod"),
        ("comments.json", lambda d: d[0].update(moderated=5), "moderation 5"),
        ("comments.json", lambda d: d.append(dict(d[0])), "share one statement id"),
        ("math-pca2.json", lambda d: d.pop("repness"), "missing field 'repness'"),
        ("math-pca2.json", lambda d: d["group-clusters"][0].update(members=[99]), "unknown base clusters"),
        ("math-pca2.json", lambda d: d["pca"].update({"comment-extremity": [1.0]}), "one value per tid"),
        ("math-pca2.json", lambda d: d["repness"]["0"][0].update({"repful-for": "maybe"}), "repful-for"),
        ("conversation.json", lambda d: d.update(strict_moderation="yes"), "strict_moderation"),
    ],
)
def test_malformed_content_names_file(tmp_path: Path, name: str, change: Any, message: str) -> None:
    folder = write_fixture(tmp_path / "f")
    rewrite(folder, name, change)
    with pytest.raises(InputError, match=message) as caught:
        read_polis_math(folder)
    assert caught.value.path == str(folder / name)


@pytest.mark.shared_data
@pytest.mark.parametrize("name", FIXTURES)
def test_reads_the_polis_fixtures(name: str) -> None:
    folder = shared_data_path("polis-math", name)
    fixture = read_polis_math(folder)
    conv, ref = fixture.conversation, fixture.reference

    # votes.json is in the export sign (agree = +1): counts equal comments.json's
    comments = json.loads((folder / "comments.json").read_text())
    counts: dict[str, Counter[int]] = {s: Counter() for s in conv.statement_ids}
    for s, v in zip(conv.statement, conv.value, strict=True):
        counts[conv.statement_ids[s]][int(v)] += 1
    for comment in comments:
        tid = str(comment.get("statement_id", comment.get("tid")))
        assert (counts[tid][1], counts[tid][-1], counts[tid][0]) == (
            comment["agree_count"],
            comment["disagree_count"],
            comment["pass_count"],
        ), tid

    assert ref.n == conv.n_participants
    assert set(ref.tids) <= set(conv.statement_ids)
    votes_per_participant = Counter(conv.participant_ids[p] for p in conv.participant)
    assert dict(ref.user_vote_counts) == dict(votes_per_participant)
    # every in-conversation participant sits in exactly one group, nobody else does
    labels = ref.group_labels(conv.participant_ids)
    assert set(np.asarray(conv.participant_ids)[labels >= 0]) == set(ref.in_conv)
    assert sorted(p for g in ref.groups for p in g.members) == sorted(ref.in_conv)
    assert {t for t in ref.mod_out} == {s.id for s in conv.statements if s.moderated == -1 or s.is_meta}
    assert ref.meta_tids == {s.id for s in conv.statements if s.is_meta}
