"""A simulated track-two dialogue, for the demo and for trying the engine.

The votes are SIMULATED by a seeded latent-opinion model: they are not the views of any
real person. Participants from the US and China in four sectors each have a latent
position; statements marked "shared" draw broad agreement across countries and
sectors, "split_country" ones divide the two countries, "split_sector" ones divide
sectors (independent voices against those close to industry and policy). The statement
texts are in `data/sample_statements.csv`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

import numpy as np

from tracktwo.consensus.votes import Conversation, Statement, build_conversation

COUNTRIES = ("US", "China")
SECTORS = ("science", "civil_society", "academia", "policy")
SIMULATED_NOTICE = "Simulated dialogue: votes come from a seeded model, not from real people."


@dataclass(frozen=True)
class SampleStatement:
    id: str
    policy_area: str
    stance: str
    text: str
    text_zh: str


def sample_statements() -> tuple[SampleStatement, ...]:
    """The statements of the sample dialogue, read from the packaged data file."""
    source = resources.files("tracktwo.dialogue").joinpath("data/sample_statements.csv")
    with source.open(encoding="utf-8") as handle:
        return tuple(SampleStatement(**row) for row in csv.DictReader(handle))


def simulated_dialogue(n_participants: int = 60, seed: int = 7) -> Conversation:
    """A seeded, simulated dialogue with country and sector strata."""
    rng = np.random.default_rng(seed)
    statements = sample_statements()
    country = np.arange(n_participants) % len(COUNTRIES)
    sector = rng.integers(0, len(SECTORS), size=n_participants)
    # latent positions: a country axis and a sector axis (policy/science vs civil society/academia)
    country_axis = np.where(country == 0, 1.0, -1.0) + rng.normal(0, 0.4, n_participants)
    sector_axis = np.where(sector % 3 == 0, 1.0, -1.0) + rng.normal(0, 0.5, n_participants)
    participant, statement, value = [], [], []
    for j, item in enumerate(statements):
        direction = rng.choice([-1.0, 1.0])
        if item.stance == "shared":
            utility = 2.6 + rng.normal(0, 0.6, n_participants)
        elif item.stance == "split_country":
            utility = 1.4 * direction * country_axis + rng.normal(0, 0.6, n_participants)
        else:
            utility = 1.4 * direction * sector_axis + rng.normal(0, 0.6, n_participants)
        seen = rng.random(n_participants) < 0.85
        agree_p = 1.0 / (1.0 + np.exp(-utility))
        draw = rng.random(n_participants)
        passes = rng.random(n_participants) < 0.08
        for i in np.flatnonzero(seen):
            participant.append(i)
            statement.append(j)
            value.append(0 if passes[i] else (1 if draw[i] < agree_p[i] else -1))
    return build_conversation(
        [f"participant-{i + 1:03d}" for i in range(n_participants)],
        [Statement(s.id, text=s.text, text_zh=s.text_zh, moderated=1) for s in statements],
        participant,
        statement,
        value,
        {
            "country": [COUNTRIES[c] for c in country],
            "sector": [SECTORS[s] for s in sector],
        },
    )
