"""Seeding a dialogue from the statement library: the public-record texts, both languages
marked human-written (they were written for the library in each language)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from tracktwo.dialogue.errors import InvalidInput, NotFound
from tracktwo.dialogue.library import LibraryError, library_entry
from tracktwo.dialogue.services.statements import StatementDraft, add_statements
from tracktwo.dialogue.views import StatementView


def add_from_library(
    session: Session, slug: str, organiser_id: int, entry_ids: Sequence[str]
) -> tuple[StatementView, ...]:
    if not entry_ids:
        raise InvalidInput("choose at least one statement from the library")
    if len(set(entry_ids)) != len(entry_ids):
        raise InvalidInput("the same library statement was chosen twice")
    drafts = []
    for entry_id in entry_ids:
        try:
            entry = library_entry(entry_id)
        except LibraryError as error:
            raise NotFound(str(error)) from None
        drafts.append(
            StatementDraft(
                text_en=entry.text_en,
                text_zh=entry.text_zh,
                policy_area=entry.policy_area,
                translation_en="original",
                translation_zh="human_verified",
            )
        )
    return add_statements(session, slug, organiser_id, drafts, origin="library", library_ids=list(entry_ids))
