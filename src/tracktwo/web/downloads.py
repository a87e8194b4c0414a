"""Files the organiser downloads, as attachments: the same responses whether asked for through
the JSON API or the organiser's pages."""

from __future__ import annotations

from starlette.responses import Response

from tracktwo.dialogue.errors import NotFound
from tracktwo.dialogue.results import DialogueResults
from tracktwo.reports.dialogue_joint_statement import (
    FORMATS,
    dialogue_joint_statement,
    render_joint_statement,
)


def attachment(content: bytes | str, media_type: str, filename: str) -> Response:
    """`content` to be saved as `filename` rather than shown."""
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def joint_statement_attachment(current: DialogueResults, output: str, language: str, stem: str) -> Response:
    """The draft joint statement of `current` as `output` (a key of FORMATS) in `language`
    (both, en or zh), as `<stem>.<extension>`; NotFound when the results give none yet."""
    joint = dialogue_joint_statement(current)
    if joint is None:
        raise NotFound(f"no joint statement yet: {current.message}")
    media_type, extension = FORMATS[output]
    return attachment(render_joint_statement(joint, output, language), media_type, f"{stem}.{extension}")
