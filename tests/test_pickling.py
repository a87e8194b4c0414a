"""Frozen values must cross process boundaries (executors pickle them)."""

from __future__ import annotations

import pickle

from tracktwo.dialogue.sample import simulated_dialogue
from tracktwo.narrative.documents import Document


def test_documents_pickle() -> None:
    document = Document(source="a.md", text="x", metadata={"k": "v"})
    assert pickle.loads(pickle.dumps(Document(source="a.md", text="x"))).text == "x"
    assert pickle.loads(pickle.dumps(document)).metadata["k"] == "v"


def test_conversations_pickle() -> None:
    conversation = simulated_dialogue(n_participants=10)
    again = pickle.loads(pickle.dumps(conversation))
    assert again.strata["country"] == conversation.strata["country"]
    assert again.participant_ids == conversation.participant_ids
