"""The organiser's "machine-translate the missing texts" action, shared by the page and
the API: refused while the deployment has no translator, results marked for recompute."""

from __future__ import annotations

from tracktwo.dialogue.errors import Conflict
from tracktwo.dialogue.services.dialogues import get_dialogue
from tracktwo.dialogue.services.machine_translation import FillReport, fill_missing_translations
from tracktwo.dialogue.translation import MachineTranslator
from tracktwo.web.state import AppState

OFF = "machine translation is off; set TRACKTWO_MT_BASE_URL and TRACKTWO_MT_MODEL to turn it on"


def translate_missing(state: AppState, slug: str, organiser_id: int) -> FillReport:
    """Blocking (network calls): run it in a worker thread, never on the event loop."""
    if state.settings.translator is None:
        raise Conflict(OFF)
    with state.database.session() as session:
        dialogue = get_dialogue(session, slug, organiser_id)
    with MachineTranslator(state.settings.translator) as translator:
        report = fill_missing_translations(state.database, slug, organiser_id, translator)
    state.results.mark_dirty(dialogue.id)
    return report
