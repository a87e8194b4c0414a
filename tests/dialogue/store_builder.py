"""Small helpers that build organisers, dialogues, statements and participants through the
services, the way the web layer would (shared by the dialogue store tests)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracktwo.dialogue.services.dialogues import DialogueSpec, create_dialogue
from tracktwo.dialogue.services.invites import InviteRequest, accept_terms, create_invites, redeem_invite
from tracktwo.dialogue.services.organisers import create_organiser
from tracktwo.dialogue.services.statements import StatementDraft, add_statements
from tracktwo.dialogue.store.database import Database
from tracktwo.dialogue.views import DialogueView, OrganiserView, StatementView

PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Member:
    """A participant who redeemed an invite (and, unless asked otherwise, accepted the terms)."""

    id: int
    session_token: str
    country: str
    sector: str


@dataclass
class Builder:
    """Makes the objects a test needs in one transaction each, the way the web layer would."""

    database: Database

    def organiser(self, email: str = "ada@example.org") -> OrganiserView:
        with self.database.session() as session:
            return create_organiser(session, email, PASSWORD, "Ada")

    def dialogue(self, organiser: OrganiserView, **changes: object) -> DialogueView:
        fields: dict[str, object] = {"title_en": "Red lines", "title_zh": "红线"}
        fields.update(changes)
        with self.database.session() as session:
            return create_dialogue(session, organiser.id, DialogueSpec(**fields))  # type: ignore[arg-type]

    def statements(
        self, organiser: OrganiserView, dialogue: DialogueView, texts: Sequence[str]
    ) -> tuple[StatementView, ...]:
        with self.database.session() as session:
            return add_statements(
                session, dialogue.slug, organiser.id, [StatementDraft(text_en=text) for text in texts]
            )

    def members(
        self,
        organiser: OrganiserView,
        dialogue: DialogueView,
        strata: Sequence[tuple[str, str]],
        *,
        accept: bool = True,
    ) -> list[Member]:
        with self.database.session() as session:
            invites = create_invites(
                session,
                dialogue.slug,
                organiser.id,
                [InviteRequest(country, sector) for country, sector in strata],
            )
        made = []
        for invite in invites:
            with self.database.session() as session:
                participant, token = redeem_invite(session, invite.token)
                if accept:
                    accept_terms(session, participant.id)
            made.append(Member(participant.id, token, invite.country, invite.sector))
        return made
