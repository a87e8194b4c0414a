"""The audit log: every organiser action, written in the same transaction as the action."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracktwo.dialogue.store.schema import AuditEvent
from tracktwo.dialogue.views import AuditView


def record(
    session: Session, action: str, *, organiser_id: int | None, dialogue_id: int | None, **detail: Any
) -> None:
    session.add(
        AuditEvent(
            action=action,
            organiser_id=organiser_id,
            dialogue_id=dialogue_id,
            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
        )
    )


def audit_log(session: Session, dialogue_id: int | None = None, limit: int = 500) -> tuple[AuditView, ...]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if dialogue_id is not None:
        query = query.where(AuditEvent.dialogue_id == dialogue_id)
    return tuple(
        AuditView(row.id, row.action, row.detail, row.organiser_id, row.dialogue_id, row.created_at)
        for row in session.scalars(query)
    )
