"""Puts the simulated demo dialogue into a store: an organiser, the dialogue (flagged as
simulated), its statements, participants who have accepted the terms, their seeded votes,
and a few fresh invites so a visitor can take part as well."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert

from tracktwo.dialogue.demo_scenario import DemoScenario, demo_scenario
from tracktwo.dialogue.services.dialogues import DialogueSpec, create_dialogue
from tracktwo.dialogue.services.invites import InviteRequest, create_invites
from tracktwo.dialogue.services.organisers import create_organiser
from tracktwo.dialogue.services.statements import StatementDraft, add_statements
from tracktwo.dialogue.store.database import Database
from tracktwo.dialogue.store.schema import Participant, VoteRow, utc_now

DEMO_EMAIL = "organiser@demo.tracktwo.org"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    slug: str
    invite_tokens: tuple[str, ...]  # unused invites for trying the participant side


def seed_demo(database: Database, scenario: DemoScenario | None = None, spare_invites: int = 4) -> DemoLogin:
    scenario = scenario or demo_scenario()
    password = secrets.token_urlsafe(12)
    now = utc_now()
    start = now - timedelta(hours=2)
    with database.session() as session:
        organiser = create_organiser(session, DEMO_EMAIL, password, "Demo organiser")
        dialogue = create_dialogue(
            session,
            organiser.id,
            DialogueSpec(
                title_en=scenario.title_en,
                title_zh=scenario.title_zh,
                description_en=f"{scenario.description_en}\n\n{scenario.notice_en}",
                description_zh=f"{scenario.description_zh}\n\n{scenario.notice_zh}",
                countries=scenario.countries,
                sectors=scenario.sectors,
                simulated=True,
            ),
        )
        statements = add_statements(
            session,
            dialogue.slug,
            organiser.id,
            [
                StatementDraft(
                    text_en=s.text_en,
                    text_zh=s.text_zh,
                    policy_area=s.policy_area,
                    translation_en="original",
                    translation_zh="human_verified",
                )
                for s in scenario.statements
            ],
            origin="library",
            library_ids=[s.library_id for s in scenario.statements],
        )
        made = create_invites(
            session,
            dialogue.slug,
            organiser.id,
            [InviteRequest(p.country, p.sector, note=p.label) for p in scenario.participants],
        )
        participant_ids = [m.participant_id for m in made]
        for participant in session.query(Participant).filter(Participant.id.in_(participant_ids)):
            participant.redeemed_at = start
            participant.accepted_terms_at = start
        session.execute(
            insert(VoteRow),
            [
                {
                    "dialogue_id": dialogue.id,
                    "participant_id": participant_ids[v.participant],
                    "statement_id": statements[v.statement].id,
                    "value": v.value,
                    "created_at": start + timedelta(seconds=v.seconds),
                }
                for v in sorted(scenario.votes, key=lambda vote: vote.seconds)
            ],
        )
        spare = create_invites(
            session,
            dialogue.slug,
            organiser.id,
            [
                InviteRequest(
                    scenario.countries[i % len(scenario.countries)],
                    scenario.sectors[i % len(scenario.sectors)],
                    note="visitor",
                    language="zh" if i % 2 else "en",
                )
                for i in range(spare_invites)
            ],
        )
    return DemoLogin(DEMO_EMAIL, password, dialogue.slug, tuple(m.token for m in spare))
