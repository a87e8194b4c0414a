"""Helpers of the JSON API tests (tests/web/test_api*.py): constants (EXPORT_FILES also serves
the organiser pages' tests), an organiser made in the store and signed in through POST
/api/v1/tokens, and `ApiKit`, which builds dialogues, statements, invites and participants
through the API itself, as an organiser and participants would. The fixtures that use them are
in tests/web/conftest.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tracktwo.dialogue.services.organisers import create_organiser

API = "/api/v1"
BASE_URL = "https://testserver"
PASSWORD = "correct horse battery staple"
ORGANISER_EMAIL = "ada@example.org"
# Participants' strata spread over both countries and two sectors.
DEFAULT_STRATA = (("US", "science"), ("CN", "science"), ("US", "academia"), ("CN", "academia"))
# The files every dialogue export ZIP holds, whether downloaded through the API or the organiser's pages.
EXPORT_FILES = frozenset(
    {
        "README.txt",
        "dialogue.json",
        "statements.json",
        "votes.csv",
        "invites.csv",
        "audit.csv",
        "results.json",
        "joint-statement.md",
        "joint-statement.html",
    }
)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def make_organiser(app: FastAPI, client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Create an organiser in the store and return an API token obtained through POST /tokens."""
    with app.state.tracktwo.database.session() as session:
        create_organiser(session, email, password, email.split("@")[0])
    response = client.post(f"{API}/tokens", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    token: str = response.json()["token"]
    return token


@dataclass(frozen=True)
class ApiParticipant:
    """A participant who opened their invite: their DB id (known to the organiser only), session token."""

    id: int
    token: str
    country: str
    sector: str

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)


@dataclass
class ApiKit:
    """Builds what a test needs through the API, as an organiser and participants would."""

    app: FastAPI
    client: TestClient
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)

    def organiser(self, email: str) -> str:
        """Another organiser's API token."""
        return make_organiser(self.app, self.client, email)

    def dialogue(self, **fields: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"title_en": "Red lines for frontier AI", "title_zh": "前沿人工智能的红线"}
        body.update(fields)
        response = self.client.post(f"{API}/dialogues", json=body, headers=self.headers)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    def statements(self, slug: str, texts: Sequence[str]) -> list[dict[str, Any]]:
        response = self.client.post(
            f"{API}/dialogues/{slug}/statements",
            json={"statements": [{"text_en": text} for text in texts]},
            headers=self.headers,
        )
        assert response.status_code == 201, response.text
        added: list[dict[str, Any]] = response.json()
        return added

    def invites(self, slug: str, strata: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
        response = self.client.post(
            f"{API}/dialogues/{slug}/invites",
            json={"invites": [{"country": c, "sector": s} for c, s in strata]},
            headers=self.headers,
        )
        assert response.status_code == 201, response.text
        made: list[dict[str, Any]] = response.json()
        return made

    def participants(
        self,
        slug: str,
        count: int,
        *,
        strata: Sequence[tuple[str, str]] = DEFAULT_STRATA,
        accept_terms: bool = True,
    ) -> list[ApiParticipant]:
        """`count` participants cycling through `strata`, each with a session (terms accepted)."""
        wanted = [strata[i % len(strata)] for i in range(count)]
        made = []
        for invite in self.invites(slug, wanted):
            response = self.client.post(f"{API}/participant/session", json={"invite": invite["token"]})
            assert response.status_code == 201, response.text
            member = ApiParticipant(
                invite["participant"], response.json()["session_token"], invite["country"], invite["sector"]
            )
            if accept_terms:
                accepted = self.client.post(f"{API}/participant/terms", headers=member.headers)
                assert accepted.status_code == 200, accepted.text
            made.append(member)
        return made

    def vote(self, member: ApiParticipant, statement: int, vote: str, client_key: str | None = None) -> Any:
        body: dict[str, Any] = {"statement": statement, "vote": vote}
        if client_key is not None:
            body["client_key"] = client_key
        return self.client.post(f"{API}/participant/votes", json=body, headers=member.headers)

    def dialogue_id(self, slug: str) -> int:
        from tracktwo.dialogue.services.dialogues import get_dialogue

        with self.app.state.tracktwo.database.session() as session:
            return get_dialogue(session, slug).id

    def refresh_results(self, slug: str) -> dict[str, Any]:
        """Recompute now (no waiting for the background worker) and return the results document."""
        self.app.state.tracktwo.results.refresh(self.dialogue_id(slug))
        response = self.client.get(f"{API}/dialogues/{slug}/results", headers=self.headers)
        assert response.status_code == 200, response.text
        document: dict[str, Any] = response.json()
        return document
