"""Everything about a dialogue in one ZIP, for the organiser's records.

Contents: the dialogue's settings, all statements (any state), the vote log with
pseudonyms in place of participant ids (fresh per export, so two exports cannot be
joined) and each voter's country and sector only where that cell has at least k voters,
the invite list without tokens under other pseudonyms (so it cannot be joined with the
votes), the audit log, the results document and the
joint statement draft. Authors of statements are never included (Chatham House).
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import zipfile
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracktwo.dialogue.results import DialogueResults
from tracktwo.dialogue.services.audit import audit_log
from tracktwo.dialogue.services.statements import list_statements
from tracktwo.dialogue.store.schema import Participant, VoteRow
from tracktwo.reports.dialogue_joint_statement import dialogue_joint_statement, render_joint_statement
from tracktwo.reports.dialogue_results import results_json, statement_json


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["'" + v if isinstance(v, str) and v[:1] in "=+-@" else v for v in row])
    return out.getvalue()


def _reportable_strata(
    participants: Sequence[Any], votes: Sequence[Any], k: int
) -> dict[int, tuple[str, str]]:
    """Country and sector of each voter whose country x sector cell has at least k voters;
    a smaller cell would let a reader who knows the invitees tell whose votes they are."""
    voters = {row[0] for row in votes}
    cell = {row[0]: (row[1], row[2]) for row in participants if row[0] in voters}
    sizes = Counter(cell.values())
    return {pid: pair for pid, pair in cell.items() if sizes[pair] >= k}


def export_dialogue(session: Session, results: DialogueResults) -> bytes:
    dialogue = results.dialogue
    participants = session.execute(
        select(
            Participant.id,
            Participant.country,
            Participant.sector,
            Participant.note,
            Participant.created_at,
            Participant.redeemed_at,
            Participant.withdrawn_at,
        )
        .where(Participant.dialogue_id == dialogue.id)
        .order_by(Participant.id)
    ).all()
    # Two unrelated sets of pseudonyms: the invite list (with the organiser's notes, which
    # may name people) must not be joinable with the vote log (Chatham House).
    voter_names = {row[0]: f"v-{secrets.token_hex(4)}" for row in participants}
    invite_names = {row[0]: f"i-{secrets.token_hex(4)}" for row in participants}
    votes = session.execute(
        select(VoteRow.participant_id, VoteRow.statement_id, VoteRow.value, VoteRow.created_at)
        .where(VoteRow.dialogue_id == dialogue.id)
        .order_by(VoteRow.id)
    ).all()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            (
                f"Export of the dialogue '{dialogue.title_en}' ({dialogue.slug}).\n"
                "Participants appear under pseudonyms made for this export only; "
                "authors of statements are not included. Treat this file as confidential (Chatham House).\n"
                + ("These votes are SIMULATED, not the views of real people.\n" if dialogue.simulated else "")
            ),
        )
        settings = {
            "slug": dialogue.slug,
            "title_en": dialogue.title_en,
            "title_zh": dialogue.title_zh,
            "description_en": dialogue.description_en,
            "description_zh": dialogue.description_zh,
            "countries": list(dialogue.countries),
            "sectors": list(dialogue.sectors),
            "privacy_k": dialogue.privacy_k,
            "moderation": dialogue.moderation,
            "allow_submissions": dialogue.allow_submissions,
            "show_map": dialogue.show_map,
            "simulated": dialogue.simulated,
            "opens_at": dialogue.opens_at.isoformat() if dialogue.opens_at else None,
            "closes_at": dialogue.closes_at.isoformat() if dialogue.closes_at else None,
            "closed_at": dialogue.closed_at.isoformat() if dialogue.closed_at else None,
        }
        archive.writestr("dialogue.json", json.dumps(settings, ensure_ascii=False, indent=1))
        statements = [statement_json(item) for item in list_statements(session, dialogue.id)]
        archive.writestr("statements.json", json.dumps(statements, ensure_ascii=False, indent=1))
        shown = _reportable_strata(participants, votes, dialogue.privacy_k)
        archive.writestr(
            "votes.csv",
            _csv(
                ["voter", "country", "sector", "statement", "vote", "time"],
                [
                    [voter_names.get(p, "v-unknown"), *shown.get(p, ("", "")), s, v, t.isoformat()]
                    for p, s, v, t in votes
                ],
            ),
        )
        archive.writestr(
            "invites.csv",
            _csv(
                ["participant", "country", "sector", "note", "created", "redeemed", "withdrawn"],
                [
                    [
                        invite_names[r[0]],
                        r[1],
                        r[2],
                        r[3],
                        r[4].isoformat(),
                        r[5] is not None,
                        r[6] is not None,
                    ]
                    for r in participants
                ],
            ),
        )
        archive.writestr(
            "audit.csv",
            _csv(
                ["id", "time", "action", "organiser", "detail"],
                [
                    [e.id, e.created_at.isoformat(), e.action, e.organiser_id, e.detail]
                    for e in reversed(audit_log(session, dialogue.id, limit=100_000))
                ],
            ),
        )
        archive.writestr("results.json", json.dumps(results_json(results), ensure_ascii=False, indent=1))
        joint = dialogue_joint_statement(results)
        if joint is not None:
            archive.writestr("joint-statement.md", render_joint_statement(joint, "md"))
            archive.writestr("joint-statement.html", render_joint_statement(joint, "html"))
    return buffer.getvalue()
