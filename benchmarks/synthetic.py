"""Seeded synthetic conversations with a realistic structure, for benchmarks and tests.

The structure imitates real Pol.is conversations:

- a few latent opinion camps of unequal size; each participant sits near their camp's
  centre in a two-dimensional opinion space and each statement has a direction in that
  space, so agreement follows the camps (with individual noise);
- heavy-tailed activity: most participants cast a handful of votes, a few vote on
  almost everything (log-normal counts, capped at the number of statements);
- skewed statement popularity (Zipf-like, mixed with a uniform share so every
  statement gets some votes);
- about 10% passes;
- two strata, ``country`` and ``sector``, partly correlated with the camps, with a few
  participants who declared none.

Everything is vectorised with numpy; no Python loop runs per vote or per participant.
(participant, statement) pairs are unique: pairs are drawn with replacement, deduplicated,
and participants short of their target draw again for a few rounds; the few votes still
missing after that are simply not cast, so the exact count can be a little below the
request (`Conversation.n_votes` tells the exact count).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.votes import Conversation, Statement, build_conversation

COUNTRIES = ("US", "CN", "UK", "EU", "SG", "IN")
SECTORS = ("academia", "civil-society", "industry", "government")
PASS_RATE = 0.10
UNDECLARED_RATE = 0.03
#: Rounds of "draw again for participants still short of their target".
TOP_UP_ROUNDS = 8
#: Share of statement popularity spread uniformly (the rest is Zipf-like).
UNIFORM_SHARE = 0.2

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SyntheticVotes:
    """Coordinate-form votes plus strata as integer codes into COUNTRIES / SECTORS (-1 = none)."""

    n_participants: int
    n_statements: int
    participant: npt.NDArray[np.int32]
    statement: npt.NDArray[np.int32]
    value: npt.NDArray[np.int8]
    camp: npt.NDArray[np.int8]
    country: npt.NDArray[np.int8]
    sector: npt.NDArray[np.int8]

    @property
    def n_votes(self) -> int:
        return int(self.value.shape[0])


def _votes_per_participant(
    rng: np.random.Generator, n_participants: int, n_statements: int, n_votes: int
) -> IntArray:
    """Heavy-tailed (log-normal) vote counts, each in [1, n_statements], summing to n_votes."""
    if n_votes > n_participants * n_statements:
        raise ValueError("more votes requested than participant x statement pairs exist")
    raw = rng.lognormal(mean=0.0, sigma=1.2, size=n_participants)
    counts = np.ones(n_participants, dtype=np.int64)
    remaining = n_votes - n_participants
    # Scale up the shares until the capped counts absorb the requested total.
    for _ in range(50):
        if remaining <= 0:
            break
        room = n_statements - counts
        share = np.where(room > 0, raw, 0.0)
        extra = np.minimum(np.floor(share / share.sum() * remaining).astype(np.int64), room)
        if extra.sum() == 0:
            # Hand out the last few votes one each to the participants with the most room.
            take = np.argsort(-room, kind="stable")[:remaining]
            extra = np.zeros_like(counts)
            extra[take] = 1
        counts += extra
        remaining = n_votes - int(counts.sum())
    return counts


def _statement_popularity(rng: np.random.Generator, n_statements: int) -> npt.NDArray[np.float64]:
    zipf = 1.0 / (np.arange(n_statements) + 10.0) ** 1.1
    zipf = zipf[rng.permutation(n_statements)]
    weights = (1.0 - UNIFORM_SHARE) * zipf / zipf.sum() + UNIFORM_SHARE / n_statements
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def _keep_at_most(rng: np.random.Generator, keys: IntArray, n_statements: int, quota: IntArray) -> IntArray:
    """At most quota[i] of participant i's keys (sorted, unique), chosen at random."""
    participant = keys // n_statements
    # Sorting by participant + a random fraction shuffles within each participant.
    order = np.argsort(participant + rng.random(keys.size), kind="stable")
    keys, participant = keys[order], participant[order]
    start = np.searchsorted(participant, np.arange(quota.size))
    rank = np.arange(keys.size) - start[participant]
    return keys[rank < quota[participant]]


def _draw_pairs(
    rng: np.random.Generator, targets: IntArray, popularity: npt.NDArray[np.float64]
) -> tuple[IntArray, IntArray]:
    """Unique (participant, statement) pairs, about targets[i] for participant i."""
    n_statements = popularity.size
    cumulative = np.cumsum(popularity)
    cumulative[-1] = 1.0
    keys = np.zeros(0, dtype=np.int64)  # p * n_statements + s, sorted
    have = np.zeros(targets.size, dtype=np.int64)
    uniform = np.linspace(1.0 / n_statements, 1.0, n_statements)
    for round_ in range(TOP_UP_ROUNDS):
        deficit = targets - have
        if deficit.sum() == 0:
            break
        # Oversample a little: repeats and pairs already drawn are thrown away.
        want = np.ceil(deficit * (1.15 + round_)).astype(np.int64) + (deficit > 0)
        who = np.repeat(np.arange(targets.size, dtype=np.int64), want)
        # Late rounds draw uniformly: heavy voters are short of the unpopular statements.
        bins = cumulative if round_ < TOP_UP_ROUNDS // 2 else uniform
        what = np.searchsorted(bins, rng.random(who.size), side="right")
        fresh = np.unique(who * n_statements + what)
        del who, what
        if keys.size:
            at = np.minimum(np.searchsorted(keys, fresh), keys.size - 1)
            fresh = fresh[keys[at] != fresh]
        fresh = _keep_at_most(rng, fresh, n_statements, deficit)
        have += np.bincount(fresh // n_statements, minlength=targets.size)
        keys = np.sort(np.concatenate([keys, fresh]))
    return keys // n_statements, keys % n_statements


def _opinions(
    rng: np.random.Generator, n_participants: int, n_statements: int, n_camps: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32], npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Camp of each participant, their 2-D positions, statement directions and biases."""
    angles = np.linspace(0.0, 2.0 * np.pi, n_camps, endpoint=False) + rng.uniform(0, np.pi / n_camps)
    centres = 1.5 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    camp_share = rng.dirichlet(np.full(n_camps, 3.0))
    camp = rng.choice(n_camps, size=n_participants, p=camp_share)
    position = (centres[camp] + rng.normal(0.0, 0.7, size=(n_participants, 2))).astype(np.float32)
    direction = rng.normal(0.0, 1.0, size=(n_statements, 2)).astype(np.float32)
    bias = rng.normal(0.3, 0.8, size=n_statements).astype(np.float32)
    return camp, position, direction, bias


def _vote_values(
    rng: np.random.Generator,
    participant: IntArray,
    statement: IntArray,
    position: npt.NDArray[np.float32],
    direction: npt.NDArray[np.float32],
    bias: npt.NDArray[np.float32],
) -> npt.NDArray[np.int8]:
    value = np.empty(participant.size, dtype=np.int8)
    chunk = 10_000_000  # bounds the float temporaries at the largest scale
    for start in range(0, participant.size, chunk):
        p, s = participant[start : start + chunk], statement[start : start + chunk]
        affinity = (position[p] * direction[s]).sum(axis=1) + bias[s]
        agree = rng.random(p.size, dtype=np.float32) < 1.0 / (1.0 + np.exp(-2.0 * affinity))
        passes = rng.random(p.size, dtype=np.float32) < PASS_RATE
        value[start : start + chunk] = np.where(passes, 0, np.where(agree, 1, -1))
    return value


def _stratum(
    rng: np.random.Generator, camp: npt.NDArray[np.int64], n_labels: int, n_camps: int
) -> npt.NDArray[np.int8]:
    """Labels partly tied to camps (each camp leans to some labels), some undeclared (-1)."""
    lean = rng.dirichlet(np.full(n_labels, 0.8), size=n_camps)
    uniform = rng.integers(0, n_labels, size=camp.size)
    cumulative = np.cumsum(lean, axis=1)
    leaning = (rng.random(camp.size)[:, None] > cumulative[camp]).sum(axis=1)
    labels = np.where(rng.random(camp.size) < 0.5, leaning, uniform).astype(np.int8)
    labels[rng.random(camp.size) < UNDECLARED_RATE] = -1
    return labels


def synthetic_votes(
    n_participants: int, n_statements: int, n_votes: int, seed: int = 0, n_camps: int = 4
) -> SyntheticVotes:
    """The raw arrays of a synthetic conversation (see the module docstring)."""
    rng = np.random.default_rng(seed)
    camp, position, direction, bias = _opinions(rng, n_participants, n_statements, n_camps)
    targets = _votes_per_participant(rng, n_participants, n_statements, n_votes)
    participant, statement = _draw_pairs(rng, targets, _statement_popularity(rng, n_statements))
    value = _vote_values(rng, participant, statement, position, direction, bias)
    return SyntheticVotes(
        n_participants=n_participants,
        n_statements=n_statements,
        participant=participant.astype(np.int32),
        statement=statement.astype(np.int32),
        value=value,
        camp=camp.astype(np.int8),
        country=_stratum(rng, camp, len(COUNTRIES), n_camps),
        sector=_stratum(rng, camp, len(SECTORS), n_camps),
    )


def _labels(codes: npt.NDArray[np.int8], names: tuple[str, ...]) -> list[str | None]:
    lookup: list[str | None] = [*names, None]  # code -1 picks the trailing None
    return [lookup[c] for c in codes.tolist()]


def to_conversation(votes: SyntheticVotes) -> Conversation:
    """Build the engine's input from synthetic arrays (ids are "p0", "p1", ... and "s0", ...)."""
    return build_conversation(
        participant_ids=[f"p{i}" for i in range(votes.n_participants)],
        statements=[
            Statement(id=f"s{j}", text=f"Synthetic statement {j}") for j in range(votes.n_statements)
        ],
        participant=votes.participant,
        statement=votes.statement,
        value=votes.value,
        strata={"country": _labels(votes.country, COUNTRIES), "sector": _labels(votes.sector, SECTORS)},
    )


def synthetic_conversation(
    n_participants: int, n_statements: int, n_votes: int, seed: int = 0, n_camps: int = 4
) -> Conversation:
    """A seeded synthetic conversation; the same arguments always give the same votes."""
    return to_conversation(synthetic_votes(n_participants, n_statements, n_votes, seed, n_camps))
