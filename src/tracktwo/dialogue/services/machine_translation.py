"""Filling missing statement texts with machine translation (optional, off by default).

Network calls are made outside any database transaction: the missing texts are read in
one transaction, translated, then written in another, only where the text is still
missing (an organiser may have typed one meanwhile). Every filled text is marked
"machine", so readers see it is a machine translation until a human verifies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from tracktwo.dialogue.errors import DialogueError
from tracktwo.dialogue.services.audit import record
from tracktwo.dialogue.services.dialogues import dialogue_row
from tracktwo.dialogue.services.statements import list_statements
from tracktwo.dialogue.store.database import Database
from tracktwo.dialogue.store.schema import StatementRow

Language = Literal["en", "zh"]
MAX_PER_RUN = 200


class Translator(Protocol):
    def translate(self, text: str, source: Language, target: Language) -> str: ...


@dataclass(frozen=True)
class FillReport:
    translated: tuple[int, ...]  # statement ids filled
    failed: tuple[tuple[int, str], ...]  # (statement id, why)


def _missing_language(text_en: str) -> Language:
    return "zh" if text_en else "en"


def fill_missing_translations(
    database: Database, slug: str, organiser_id: int, translator: Translator
) -> FillReport:
    with database.session() as session:
        dialogue = dialogue_row(session, slug, organiser_id)
        dialogue_id = dialogue.id
        todo = [
            (item.id, _missing_language(item.text_en), item.text_en or item.text_zh)
            for item in list_statements(session, dialogue_id, ("pending", "accepted"))
            if not (item.text_en and item.text_zh)
        ][:MAX_PER_RUN]
    done: list[tuple[int, Language, str]] = []
    failed: list[tuple[int, str]] = []
    for statement_id, target, text in todo:
        source: Language = "en" if target == "zh" else "zh"
        try:
            done.append((statement_id, target, translator.translate(text, source, target)))
        except DialogueError as error:
            failed.append((statement_id, str(error)))
    filled: list[int] = []
    with database.session() as session:
        for statement_id, target, translation in done:
            row = session.get(StatementRow, statement_id)
            if row is None:
                continue  # removed meanwhile (a withdrawal)
            if target == "zh" and not row.text_zh:
                row.text_zh, row.translation_zh = translation[:400], "machine"
                filled.append(statement_id)
            elif target == "en" and not row.text_en:
                row.text_en, row.translation_en = translation[:400], "machine"
                filled.append(statement_id)
        record(
            session,
            "statement.machine_translate",
            organiser_id=organiser_id,
            dialogue_id=dialogue_id,
            translated=len(filled),
            failed=len(failed),
        )
    return FillReport(tuple(filled), tuple(failed))
