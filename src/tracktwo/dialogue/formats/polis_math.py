"""Reader of Pol.is math fixtures: a folder with votes.json, comments.json, conversation.json
and math-pca2.json (Pol.is's own math output, as served by /api/v3/math/pca2).

The votes become a `Conversation`; Pol.is's outputs become plain frozen values in
`PolisMathFixture.reference`, so tests can compare the engine with Pol.is number by number.

Facts about these files (checked against the three fixtures in ../shared/data/polis-math):
- votes.json already uses the export sign, agree = +1 and disagree = -1: its counts equal
  comments.json's agree_count / disagree_count and math-pca2.json's votes-base A / D.
  (Pol.is's math internally stores agree as -1; these files were sign-corrected on export.)
- Two spellings of the same records occur: participant_id / statement_id / moderated, or
  pid / tid / mod; `modified` is a number or a numeric string.
- group-clusters' `members` are base-cluster ids; base-clusters maps them to participants.
- Pol.is's `mod-out` is every statement with moderated = -1 plus every meta statement,
  whatever strict_moderation says.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.errors import ConsensusError, InputError
from tracktwo.consensus.votes import Conversation, Statement, build_conversation, latest_votes

FloatArray = npt.NDArray[np.float64]
T = TypeVar("T")

FILES = ("votes.json", "comments.json", "conversation.json", "math-pca2.json")


@dataclass(frozen=True)
class PolisBaseClusters:
    """Pol.is's base clusters (up to 100 k-means centres), in file order."""

    ids: tuple[int, ...]
    members: tuple[tuple[str, ...], ...]
    x: FloatArray
    y: FloatArray
    count: tuple[int, ...]


@dataclass(frozen=True)
class PolisGroup:
    """One opinion group: its base clusters and, through them, its participants."""

    id: int
    base_cluster_ids: tuple[int, ...]
    members: tuple[str, ...]
    center: tuple[float, float]


@dataclass(frozen=True)
class PolisPca:
    """PCA as Pol.is reports it; statement axes follow `PolisMathReference.tids`."""

    center: FloatArray
    comps: FloatArray
    comment_projection: FloatArray
    comment_extremity: FloatArray


@dataclass(frozen=True)
class PolisRepnessEntry:
    tid: str
    repful_for: str
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool
    n_agree: int | None


@dataclass(frozen=True)
class PolisConsensusEntry:
    tid: str
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


@dataclass(frozen=True)
class PolisGroupVotes:
    """Pol.is's group-votes for one group: member count and per-statement (A, D, S)."""

    n_members: int
    votes: Mapping[str, tuple[int, int, int]]


@dataclass(frozen=True)
class PolisMathReference:
    """Pol.is's math output. Ids are strings of Pol.is's integer ids."""

    tids: tuple[str, ...]
    n: int
    n_cmts: int
    math_tick: int | None
    in_conv: tuple[str, ...]
    user_vote_counts: Mapping[str, int]
    mod_out: frozenset[str]
    mod_in: frozenset[str]
    meta_tids: frozenset[str]
    base_clusters: PolisBaseClusters
    groups: tuple[PolisGroup, ...]
    group_of: Mapping[str, int]
    pca: PolisPca
    repness: Mapping[int, tuple[PolisRepnessEntry, ...]]
    consensus_agree: tuple[PolisConsensusEntry, ...]
    consensus_disagree: tuple[PolisConsensusEntry, ...]
    group_aware_consensus: Mapping[str, float]
    comment_priorities: Mapping[str, float]
    group_votes: Mapping[int, PolisGroupVotes]

    def group_labels(self, participant_ids: Sequence[str]) -> npt.NDArray[np.int64]:
        """Pol.is's group id per participant, -1 for those in no group."""
        labels = np.array([self.group_of.get(p, -1) for p in participant_ids], dtype=np.int64)
        labels.setflags(write=False)
        return labels

    def in_conv_mask(self, participant_ids: Sequence[str]) -> npt.NDArray[np.bool_]:
        members = set(self.in_conv)
        mask = np.array([p in members for p in participant_ids], dtype=bool)
        mask.setflags(write=False)
        return mask


@dataclass(frozen=True)
class PolisMathFixture:
    path: Path
    conversation: Conversation
    reference: PolisMathReference
    # `modified` (ms) of each vote the conversation kept, aligned with its vote arrays: the
    # history `consensus.history.replay_history` replays
    vote_times: FloatArray


def _frozen_floats(values: Any) -> FloatArray:
    array = np.array(values, dtype=np.float64)
    array.setflags(write=False)
    return array


def _load_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            "file is missing; a Pol.is math fixture folder needs " + ", ".join(FILES), path=str(path)
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the file ({error})", path=str(path)) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not valid JSON ({error.msg}, column {error.colno})", path=str(path), line=error.lineno
        ) from error


def _parse(path: Path, what: str, parse: Callable[[], T]) -> T:
    """Run a parser, turning any structural surprise into an InputError naming the file."""
    try:
        return parse()
    except InputError:
        raise
    except KeyError as error:
        raise InputError(f"{what}: missing field {error.args[0]!r}", path=str(path)) from error
    except (TypeError, ValueError, AttributeError, IndexError, ConsensusError) as error:
        raise InputError(f"{what}: unexpected content ({error})", path=str(path)) from error


def _pick(record: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        if name in record:
            return record[name]
    raise KeyError(" or ".join(names))


def _int_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"id {value!r} is not an integer")
    return int(value)


def _as_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise ValueError(f"{value!r} is not an integer")
    return int(value)


def _as_float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{value!r} is not a number")
    return float(value)


def _records(data: Any) -> list[Mapping[str, Any]]:
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ValueError("expected a JSON list of objects")
    return data


def _statements(data: Any) -> list[Statement]:
    statements = []
    for record in _records(data):
        moderated = _as_int(_pick(record, "moderated", "mod"))
        if moderated not in (-1, 0, 1):
            raise ValueError(f"moderation {moderated} is not -1, 0 or 1")
        is_meta = record.get("is_meta", False)
        if not isinstance(is_meta, bool):
            raise ValueError(f"is_meta {is_meta!r} is not true or false")
        statements.append(
            Statement(
                id=str(_int_id(_pick(record, "statement_id", "tid"))),
                text=str(record.get("txt") or ""),
                moderated=moderated,
                is_meta=is_meta,
            )
        )
    statements.sort(key=lambda s: int(s.id))
    return statements


def _votes(
    data: Any, statement_index: Mapping[str, int], source: str
) -> tuple[list[str], npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.int8]]:
    records = _records(data)
    pids = [str(_int_id(_pick(r, "participant_id", "pid"))) for r in records]
    tids = [str(_int_id(_pick(r, "statement_id", "tid"))) for r in records]
    values = [_as_int(r["vote"]) for r in records]
    bad = next((v for v in values if v not in (-1, 0, 1)), None)
    if bad is not None:
        # Checked before re-votes are resolved: a superseded vote must be valid too.
        raise InputError(f"unknown vote value {bad}; use 1 (agree), -1 (disagree) or 0 (pass)", path=source)
    times = [float(r["modified"]) for r in records]
    unknown = sorted({t for t in tids if t not in statement_index}, key=int)
    if unknown:
        raise InputError(
            f"votes refer to statements missing from comments.json: {', '.join(unknown[:10])}",
            path=source,
        )
    participant_ids = sorted(set(pids), key=int)
    participant_index = {p: i for i, p in enumerate(participant_ids)}
    p, s, v = latest_votes(
        [participant_index[x] for x in pids], [statement_index[x] for x in tids], values, times
    )
    return participant_ids, p, s, v


def _base_clusters(data: Any) -> PolisBaseClusters:
    ids = tuple(_int_id(x) for x in data["id"])
    members = tuple(tuple(str(_int_id(p)) for p in group) for group in data["members"])
    x, y = _frozen_floats(data["x"]), _frozen_floats(data["y"])
    count = tuple(_as_int(c) for c in data.get("count", [len(m) for m in members]))
    if not (len(ids) == len(members) == x.size == y.size == len(count)):
        raise ValueError("base-clusters fields have different lengths")
    return PolisBaseClusters(ids=ids, members=members, x=x, y=y, count=count)


def _groups(data: Any, base: PolisBaseClusters) -> tuple[PolisGroup, ...]:
    members_of = dict(zip(base.ids, base.members, strict=True))
    groups = []
    for record in data:
        base_ids = tuple(_int_id(b) for b in record["members"])
        unknown = [b for b in base_ids if b not in members_of]
        if unknown:
            raise ValueError(f"group {record['id']} names unknown base clusters {unknown}")
        center = [_as_float(c) for c in record["center"]]
        if len(center) != 2:
            raise ValueError("a group centre must have two coordinates")
        groups.append(
            PolisGroup(
                id=_int_id(record["id"]),
                base_cluster_ids=base_ids,
                members=tuple(p for b in base_ids for p in members_of[b]),
                center=(center[0], center[1]),
            )
        )
    return tuple(groups)


def _pca(data: Any, n_tids: int) -> PolisPca:
    pca = PolisPca(
        center=_frozen_floats(data["center"]),
        comps=_frozen_floats(data["comps"]),
        comment_projection=_frozen_floats(data["comment-projection"]),
        comment_extremity=_frozen_floats(data["comment-extremity"]),
    )
    if pca.center.shape != (n_tids,) or pca.comment_extremity.shape != (n_tids,):
        raise ValueError(f"pca center and comment-extremity must have one value per tid ({n_tids})")
    if pca.comps.ndim != 2 or pca.comps.shape[1] != n_tids:
        raise ValueError("pca comps must be a list of components with one value per tid")
    if pca.comment_projection.shape != pca.comps.shape:
        raise ValueError("pca comment-projection must have the shape of comps")
    return pca


def _repness(data: Any) -> Mapping[int, tuple[PolisRepnessEntry, ...]]:
    result: dict[int, tuple[PolisRepnessEntry, ...]] = {}
    for gid, entries in data.items():
        parsed = []
        for e in entries:
            if e["repful-for"] not in ("agree", "disagree"):
                raise ValueError(f"repful-for {e['repful-for']!r} is not agree or disagree")
            parsed.append(
                PolisRepnessEntry(
                    tid=str(_int_id(e["tid"])),
                    repful_for=e["repful-for"],
                    n_success=_as_int(e["n-success"]),
                    n_trials=_as_int(e["n-trials"]),
                    p_success=_as_float(e["p-success"]),
                    p_test=_as_float(e["p-test"]),
                    repness=_as_float(e["repness"]),
                    repness_test=_as_float(e["repness-test"]),
                    best_agree=bool(e.get("best-agree", False)),
                    n_agree=_as_int(e["n-agree"]) if "n-agree" in e else None,
                )
            )
        result[_int_id(gid)] = tuple(parsed)
    return MappingProxyType(dict(sorted(result.items())))


def _consensus(entries: Any) -> tuple[PolisConsensusEntry, ...]:
    return tuple(
        PolisConsensusEntry(
            tid=str(_int_id(e["tid"])),
            n_success=_as_int(e["n-success"]),
            n_trials=_as_int(e["n-trials"]),
            p_success=_as_float(e["p-success"]),
            p_test=_as_float(e["p-test"]),
        )
        for e in entries
    )


def _float_map(data: Any) -> Mapping[str, float]:
    return MappingProxyType({str(_int_id(k)): _as_float(v) for k, v in data.items()})


def _group_votes(data: Any) -> Mapping[int, PolisGroupVotes]:
    result = {}
    for gid, record in data.items():
        votes = {
            str(_int_id(tid)): (_as_int(c["A"]), _as_int(c["D"]), _as_int(c["S"]))
            for tid, c in record["votes"].items()
        }
        result[_int_id(gid)] = PolisGroupVotes(
            n_members=_as_int(record["n-members"]), votes=MappingProxyType(votes)
        )
    return MappingProxyType(dict(sorted(result.items())))


def _ids(values: Any) -> tuple[str, ...]:
    return tuple(str(_int_id(v)) for v in (values or []))


def _reference(data: Any) -> PolisMathReference:
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    tids = _ids(data["tids"])
    base = _base_clusters(data["base-clusters"])
    groups = _groups(data["group-clusters"], base)
    group_of: dict[str, int] = {}
    for group in groups:
        for member in group.members:
            if member in group_of:
                raise ValueError(f"participant {member} is in two groups")
            group_of[member] = group.id
    consensus = data["consensus"]
    math_tick = data.get("math_tick")
    return PolisMathReference(
        tids=tids,
        n=_as_int(data["n"]),
        n_cmts=_as_int(data["n-cmts"]),
        math_tick=None if math_tick is None else _as_int(math_tick),
        in_conv=_ids(data["in-conv"]),
        user_vote_counts=MappingProxyType(
            {str(_int_id(k)): _as_int(v) for k, v in data["user-vote-counts"].items()}
        ),
        mod_out=frozenset(_ids(data.get("mod-out"))),
        mod_in=frozenset(_ids(data.get("mod-in"))),
        meta_tids=frozenset(_ids(data.get("meta-tids"))),
        base_clusters=base,
        groups=groups,
        group_of=MappingProxyType(group_of),
        pca=_pca(data["pca"], len(tids)),
        repness=_repness(data["repness"]),
        consensus_agree=_consensus(consensus["agree"]),
        consensus_disagree=_consensus(consensus["disagree"]),
        group_aware_consensus=_float_map(data["group-aware-consensus"]),
        comment_priorities=_float_map(data["comment-priorities"]),
        group_votes=_group_votes(data.get("group-votes") or {}),
    )


def read_polis_math(path: Path) -> PolisMathFixture:
    """Read a Pol.is math fixture folder into a Conversation and Pol.is's reference output.

    Re-votes are resolved by `modified` (latest wins). Statements are ordered by id and keep
    `moderated` and `is_meta` from comments.json; participants are ordered by id.
    Raises InputError naming the file when a file is missing or malformed.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise InputError("not a folder; give the folder holding " + ", ".join(FILES), path=str(folder))
    votes_path, comments_path, conversation_path, math_path = (folder / name for name in FILES)

    comments = _load_json(comments_path)
    statements = _parse(comments_path, "comments", lambda: _statements(comments))
    statement_index = {s.id: i for i, s in enumerate(statements)}
    if len(statement_index) != len(statements):
        raise InputError("two comments share one statement id", path=str(comments_path))

    settings = _load_json(conversation_path)
    if not isinstance(settings, dict):
        raise InputError("expected a JSON object", path=str(conversation_path))
    strict = settings.get("strict_moderation", False)
    if not isinstance(strict, bool):
        raise InputError("strict_moderation must be true or false", path=str(conversation_path))

    votes = _load_json(votes_path)
    participant_ids, p, s, v = _parse(
        votes_path, "votes", lambda: _votes(votes, statement_index, str(votes_path))
    )
    conversation = _parse(
        votes_path,
        "votes",
        lambda: build_conversation(
            participant_ids, statements, p, s, v, strict_moderation=strict, source=str(votes_path)
        ),
    )

    vote_times = _parse(votes_path, "votes", lambda: _kept_vote_times(votes, conversation))
    math = _load_json(math_path)
    reference = _parse(math_path, "math-pca2", lambda: _reference(math))
    return PolisMathFixture(
        path=folder, conversation=conversation, reference=reference, vote_times=vote_times
    )


def _kept_vote_times(data: Any, conversation: Conversation) -> FloatArray:
    """The time of each vote the conversation kept: the latest per participant and statement."""
    latest: dict[tuple[str, str], float] = {}
    for record in _records(data):
        key = (
            str(_int_id(_pick(record, "participant_id", "pid"))),
            str(_int_id(_pick(record, "statement_id", "tid"))),
        )
        latest[key] = max(latest.get(key, -np.inf), float(record["modified"]))
    pids, tids = conversation.participant_ids, conversation.statement_ids
    return _frozen_floats(
        [
            latest[(pids[p], tids[s])]
            for p, s in zip(conversation.participant, conversation.statement, strict=True)
        ]
    )
