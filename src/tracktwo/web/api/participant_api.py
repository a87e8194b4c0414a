"""The participant's JSON API: exchange an invite for a session, accept the terms, vote,
submit statements, see one's own position, switch language, withdraw."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tracktwo.dialogue.errors import Forbidden
from tracktwo.dialogue.services import invites, statements, voting
from tracktwo.dialogue.tokens import token_digest
from tracktwo.reports.dialogue_results import participant_position
from tracktwo.web.api import schemas
from tracktwo.web.auth import CurrentParticipant, State, limit, participant_token
from tracktwo.web.errors import NotSignedIn
from tracktwo.web.participation import next_for_participant, participant_dialogue

router = APIRouter(prefix="/participant", tags=["participant"], responses=schemas.PROBLEM_RESPONSES)


@router.post("/session", response_model=schemas.SessionResponse, status_code=201)
def open_session(body: schemas.SessionRequest, state: State) -> schemas.SessionResponse:
    """Exchange an invite token (once) for a session token to send as `Authorization: Bearer`."""
    with state.database.session() as session:
        participant, token = invites.redeem_invite(session, body.invite)
    return schemas.SessionResponse(session_token=token, language=participant.language)


@router.get("", response_model=schemas.ParticipantOut)
def me(participant: CurrentParticipant, state: State) -> schemas.ParticipantOut:
    dialogue = participant_dialogue(state, participant)
    return schemas.ParticipantOut(
        country=participant.country,
        sector=participant.sector,
        language=participant.language,
        accepted_terms=participant.accepted_terms,
        dialogue=dialogue.slug,
    )


@router.post("/terms", response_model=schemas.ParticipantOut)
def accept_terms(participant: CurrentParticipant, state: State) -> schemas.ParticipantOut:
    """Accept the privacy terms (Chatham House: nothing is ever shown with its author)."""
    with state.database.session() as session:
        updated = invites.accept_terms(session, participant.id)
    return me(updated, state)


@router.post("/language", response_model=schemas.ParticipantOut)
def set_language(
    body: schemas.LanguageIn, participant: CurrentParticipant, state: State
) -> schemas.ParticipantOut:
    with state.database.session() as session:
        updated = invites.set_language(session, participant.id, body.language)
    return me(updated, state)


@router.get("/next", response_model=schemas.NextStatementOut)
def next_statement(participant: CurrentParticipant, state: State) -> schemas.NextStatementOut:
    """The next statement to vote on, chosen by the engine's routing priorities with randomness."""
    item, remaining, voted = next_for_participant(state, participant)
    return schemas.NextStatementOut(
        statement=schemas.StatementOut.of(item) if item else None, remaining=remaining, voted=voted
    )


@router.post(
    "/votes",
    response_model=schemas.VoteOut,
    status_code=201,
    responses={200: {"model": schemas.VoteOut, "description": "The same vote again: nothing was added"}},
)
def vote(body: schemas.VoteIn, request: Request, state: State) -> Response:
    """Record a vote. The answer comes only after the vote is committed; sending the same
    vote again (same `client_key`, or the same value) is idempotent."""
    # The hot path: the session token is checked inside the vote's own transaction (one
    # transaction and one worker-thread hop per vote, not two).
    token = participant_token(request)
    if not token:
        raise NotSignedIn("open your invite link first")
    limit(state.limiters.votes, f"vote:{token_digest(token)}")
    with state.database.session() as session:
        voter = voting.voter_for_session(session, token)
        if voter is None:
            raise NotSignedIn("open your invite link first")
        receipt = voting.cast_vote_as(session, voter, body.statement, body.vote, body.client_key)
    if not receipt.repeated:
        state.results.mark_dirty(voter.dialogue_id)
    # Answered directly (the body is four plain fields): skipping the response model's
    # validation saves CPU on every vote; the OpenAPI document still names VoteOut.
    return JSONResponse(
        {
            "vote_id": receipt.vote_id,
            "statement": receipt.statement_id,
            "vote": receipt.value,
            "repeated": receipt.repeated,
        },
        status_code=200 if receipt.repeated else 201,
    )


@router.post("/statements", response_model=schemas.StatementOut, status_code=201)
def submit(body: schemas.SubmissionIn, participant: CurrentParticipant, state: State) -> schemas.StatementOut:
    """Propose a statement; under strict moderation it waits for the organiser's approval."""
    if not participant.accepted_terms:
        raise Forbidden("accept the privacy terms first")
    limit(state.limiters.submissions, f"statement:{participant.id}")
    with state.database.session() as session:
        view = statements.submit_statement(
            session, participant.id, statements.StatementDraft(body.text_en, body.text_zh, body.policy_area)
        )
    if view.state == "accepted":
        state.results.mark_dirty(participant.dialogue_id)
    return schemas.StatementOut.of(view)


@router.get("/position", response_model=schemas.PositionOut | None)
def position(participant: CurrentParticipant, state: State) -> schemas.PositionOut | None:
    """Where you stand on the opinion map (if the organiser shows the map), else null."""
    dialogue = participant_dialogue(state, participant)
    if not dialogue.show_map:
        raise Forbidden("the organiser does not show the opinion map in this dialogue")
    found = participant_position(state.results.get(dialogue.id), participant.id)
    return None if found is None else schemas.PositionOut(**found)


@router.delete("", status_code=204)
def withdraw(participant: CurrentParticipant, state: State) -> Response:
    """Withdraw: your votes and statements are removed and the results recomputed."""
    with state.database.session() as session:
        dialogue_id = invites.withdraw(session, participant.id)
    state.results.mark_dirty(dialogue_id)
    return Response(status_code=204)
