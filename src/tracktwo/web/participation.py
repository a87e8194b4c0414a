"""Small reads the participant pages and API share (no business rules: they call services)."""

from __future__ import annotations

from tracktwo.dialogue.agenda import next_statement
from tracktwo.dialogue.services.dialogues import dialogue_by_id
from tracktwo.dialogue.services.statements import list_statements
from tracktwo.dialogue.services.voting import voted_statements
from tracktwo.dialogue.views import DialogueView, ParticipantView, StatementView
from tracktwo.web.state import AppState


def participant_dialogue(state: AppState, participant: ParticipantView) -> DialogueView:
    with state.database.session() as session:
        return dialogue_by_id(session, participant.dialogue_id)


def next_for_participant(
    state: AppState, participant: ParticipantView
) -> tuple[StatementView | None, int, int]:
    """(next statement or None, statements left, statements voted)."""
    with state.database.session() as session:
        candidates = list_statements(session, participant.dialogue_id, ("accepted",))
        voted = voted_statements(session, participant.id)
    latest = state.results.latest(participant.dialogue_id)
    priorities = latest.priorities() if latest is not None else None
    item = next_statement(candidates, voted, priorities, participant.id)
    remaining = sum(1 for c in candidates if c.id not in voted)
    return item, remaining, len(voted)
