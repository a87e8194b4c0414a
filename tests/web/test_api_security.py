"""Security properties of the web app: headers on every response, rate limits, text limits,
no stored HTML interpretation, hashed tokens, token entropy, and no traceback on a server error.

SQLite only: none of this depends on the database backend (test_api.py covers both)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from support.web_api import API, BASE_URL, ApiKit, bearer
from tracktwo.web.app import create_app
from tracktwo.web.rate_limit import RateLimit, RateLimits
from tracktwo.web.settings import WebSettings

TOKEN_CHARSET = re.compile(r"^[A-Za-z0-9_-]+$")


@pytest.fixture
def backend_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/security.db"


def assert_hardened(response: Any) -> None:
    """The content security policy and hardening headers every response must carry."""
    where = f"{response.request.method} {response.request.url} -> {response.status_code}"
    policy = response.headers.get("content-security-policy")
    assert policy, f"no CSP on {where}"
    directives = {part.strip().split(" ", 1)[0]: part.strip() for part in policy.split(";")}
    assert directives["script-src"] == "script-src 'self'", where
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, where
    assert "frame-ancestors 'none'" in policy, where
    assert response.headers.get("x-content-type-options") == "nosniff", where
    assert response.headers.get("x-frame-options") == "DENY", where
    assert response.headers.get("referrer-policy") == "no-referrer", where


# --- headers ----------------------------------------------------------------------------------


def test_every_response_carries_the_security_headers(api_kit: ApiKit) -> None:
    client = api_kit.client
    slug = api_kit.dialogue()["slug"]
    member = api_kit.participants(slug, 1)[0]
    responses = [
        # HTML pages: 200, redirect, 404
        client.get("/login"),
        client.get("/o", follow_redirects=False),
        client.get("/no-such-page", headers={"accept": "text/html"}),
        client.get("/static/tracktwo.css"),
        # JSON: 200, 201, 204, 401, 403, 404, 405, 409, 422
        client.get(f"{API}/openapi.json"),
        client.get(f"{API}/dialogues", headers=api_kit.headers),
        client.post(f"{API}/dialogues", json={"title_en": "a", "title_zh": "b"}, headers=api_kit.headers),
        client.get(f"{API}/dialogues"),
        client.post(f"{API}/tokens", json={"email": "ada@example.org", "password": "wrong"}),
        client.get(f"{API}/dialogues/missing", headers=api_kit.headers),
        client.delete(f"{API}/dialogues", headers=api_kit.headers),
        client.post(f"{API}/dialogues", json={}, headers=api_kit.headers),
        client.get(f"{API}/participant/next", headers=member.headers),
        client.delete(f"{API}/participant", headers=member.headers),
    ]
    statuses = {response.status_code for response in responses}
    assert {200, 201, 204, 303, 401, 403, 404, 405, 422} <= statuses
    for response in responses:
        assert_hardened(response)
    html = responses[0]
    assert html.headers["content-type"].startswith("text/html")
    # The page's scripts come from our own origin, never inline.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html.text)
    assert " on" + "click=" not in html.text


def test_json_errors_are_problem_documents(api_client: TestClient) -> None:
    for response in (
        api_client.get(f"{API}/dialogues"),
        api_client.get(f"{API}/no-such-endpoint"),
        api_client.post(f"{API}/tokens", json={"email": 1}),
    ):
        assert response.headers["content-type"].startswith("application/problem+json")
        body = response.json()
        assert set(body) == {"type", "title", "status", "detail"}
        assert body["status"] == response.status_code


# --- rate limits ------------------------------------------------------------------------------


def test_login_attempts_are_rate_limited_with_retry_after(
    api_client: TestClient, organiser_token: str
) -> None:
    # organiser_token spent one login already; the default burst is 5 per client address.
    statuses = [
        api_client.post(
            f"{API}/tokens", json={"email": "ada@example.org", "password": f"guess {i}"}
        ).status_code
        for i in range(4)
    ]
    assert statuses == [403] * 4
    limited = api_client.post(f"{API}/tokens", json={"email": "ada@example.org", "password": "guess"})
    assert limited.status_code == 429
    assert limited.headers["content-type"].startswith("application/problem+json")
    assert int(limited.headers["retry-after"]) >= 1
    assert_hardened(limited)
    # Even the right password waits: the bucket is per address, not per guess.
    right = api_client.post(
        f"{API}/tokens", json={"email": "ada@example.org", "password": "correct horse battery staple"}
    )
    assert right.status_code == 429


class TestVoteFlooding:
    @pytest.fixture
    def api_settings(self, backend_url: str) -> WebSettings:
        return WebSettings(
            database_url=backend_url, rate_limits=RateLimits(votes=RateLimit(rate_per_second=1, burst=3))
        )

    def test_vote_flooding_is_refused(self, api_kit: ApiKit) -> None:
        slug = api_kit.dialogue()["slug"]
        statements = api_kit.statements(slug, [f"Statement {i}" for i in range(10)])
        flooder, bystander = api_kit.participants(slug, 2)
        responses = [api_kit.vote(flooder, statement["id"], "agree") for statement in statements]
        statuses = [response.status_code for response in responses]
        assert statuses[:3] == [201, 201, 201]
        assert 429 in statuses[3:]
        limited = next(response for response in responses if response.status_code == 429)
        assert int(limited.headers["retry-after"]) >= 1
        assert "too many requests" in limited.json()["detail"]
        # Another participant has a bucket of their own.
        assert api_kit.vote(bystander, statements[0]["id"], "agree").status_code == 201


# --- text rules -------------------------------------------------------------------------------


def test_texts_over_the_limit_are_refused(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue(moderation="loose")["slug"]
    member = api_kit.participants(slug, 1)[0]
    url = f"{API}/dialogues/{slug}/statements"
    ok = api_kit.client.post(url, json={"statements": [{"text_en": "x" * 400}]}, headers=api_kit.headers)
    assert ok.status_code == 201
    too_long = api_kit.client.post(
        url, json={"statements": [{"text_en": "x" * 401}]}, headers=api_kit.headers
    )
    assert too_long.status_code == 422
    assert "400" in too_long.json()["detail"]
    chinese = api_kit.client.post(
        url, json={"statements": [{"text_zh": "字" * 401}]}, headers=api_kit.headers
    )
    assert chinese.status_code == 422
    submission = api_kit.client.post(
        f"{API}/participant/statements", json={"text_en": "y" * 401}, headers=member.headers
    )
    assert submission.status_code == 422
    title = api_kit.client.post(
        f"{API}/dialogues", json={"title_en": "t" * 201, "title_zh": "标题"}, headers=api_kit.headers
    )
    assert title.status_code == 422
    note = api_kit.client.post(
        f"{API}/dialogues/{slug}/invites",
        json={"invites": [{"country": "US", "sector": "science", "note": "n" * 201}]},
        headers=api_kit.headers,
    )
    assert note.status_code == 422
    csv_line = api_kit.client.post(
        f"{url}/import",
        json={"format": "csv", "content": "text_en\n" + "z" * 401 + "\n"},
        headers=api_kit.headers,
    )
    assert csv_line.status_code == 422 and "line 2" in csv_line.json()["detail"]
    texts = [s["text_en"] for s in api_kit.client.get(url, headers=api_kit.headers).json()]
    assert texts == ["x" * 400]


@pytest.mark.parametrize(
    "control", ["\x00", "\x07", "\x1b[31m", "\x7f", "\u0085", "line\nbreak", "tab\there"]
)
def test_control_characters_are_refused(api_kit: ApiKit, control: str) -> None:
    slug = api_kit.dialogue(moderation="loose")["slug"]
    member = api_kit.participants(slug, 1)[0]
    text_value = f"Hidden {control} text"
    seeded = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements",
        json={"statements": [{"text_en": text_value}]},
        headers=api_kit.headers,
    )
    assert seeded.status_code == 422
    assert "control character" in seeded.json()["detail"]
    submitted = api_kit.client.post(
        f"{API}/participant/statements", json={"text_en": text_value}, headers=member.headers
    )
    assert submitted.status_code == 422
    title = api_kit.client.post(
        f"{API}/dialogues", json={"title_en": text_value, "title_zh": "标题"}, headers=api_kit.headers
    )
    assert title.status_code == 422
    invite = api_kit.client.post(
        f"{API}/dialogues/{slug}/invites",
        json={"invites": [{"country": "US", "sector": "science", "note": text_value}]},
        headers=api_kit.headers,
    )
    assert invite.status_code == 422
    assert api_kit.client.get(f"{API}/dialogues/{slug}/statements", headers=api_kit.headers).json() == []


def test_markup_is_stored_verbatim_and_returned_as_json_text(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue(moderation="loose")["slug"]
    markup = "<script>alert('x')</script> & <b onmouseover=\"steal()\">bold</b>"
    member = api_kit.participants(slug, 1)[0]
    seeded = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements",
        json={"statements": [{"text_en": markup}]},
        headers=api_kit.headers,
    )
    assert seeded.status_code == 201
    assert seeded.headers["content-type"] == "application/json"
    assert seeded.json()[0]["text_en"] == markup
    submitted = api_kit.client.post(
        f"{API}/participant/statements", json={"text_en": markup}, headers=member.headers
    )
    assert submitted.json()["text_en"] == markup
    listed = api_kit.client.get(f"{API}/dialogues/{slug}/statements", headers=api_kit.headers)
    assert [s["text_en"] for s in listed.json()] == [markup, markup]
    with api_kit.app.state.tracktwo.database.session() as session:
        stored = session.execute(text("SELECT text_en FROM statements")).scalars().all()
    assert stored == [markup, markup]


# --- tokens -----------------------------------------------------------------------------------


def test_tokens_are_stored_only_as_hashes(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    invites = api_kit.invites(slug, [("US", "science"), ("CN", "academia"), ("US", "policy")])
    sessions = []
    for invite in invites[:2]:
        response = api_kit.client.post(f"{API}/participant/session", json={"invite": invite["token"]})
        sessions.append(response.json()["session_token"])
    secrets = [invite["token"] for invite in invites] + sessions + [api_kit.token]
    with api_kit.app.state.tracktwo.database.session() as session:
        participants = [dict(row) for row in session.execute(text("SELECT * FROM participants")).mappings()]
        api_tokens = [dict(row) for row in session.execute(text("SELECT * FROM api_tokens")).mappings()]
        audit = [dict(row) for row in session.execute(text("SELECT * FROM audit_events")).mappings()]
    assert len(participants) == 3
    for row in participants + api_tokens + audit:
        for value in row.values():
            for secret in secrets:
                assert value != secret
                assert not (isinstance(value, str) and secret in value)
    digests = {row["invite_hash"] for row in participants}
    assert digests == {hashlib.sha256(invite["token"].encode()).hexdigest() for invite in invites}


def test_invite_and_session_tokens_have_at_least_128_bits(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    invites = api_kit.client.post(
        f"{API}/dialogues/{slug}/invites",
        json={"invites": [{"country": "US", "sector": "science", "count": 50}]},
        headers=api_kit.headers,
    ).json()
    tokens = [invite["token"] for invite in invites]
    assert len(set(tokens)) == 50
    session_token = api_kit.client.post(f"{API}/participant/session", json={"invite": tokens[0]}).json()[
        "session_token"
    ]
    for token, prefix in [(t, "inv_") for t in tokens] + [(session_token, "ses_"), (api_kit.token, "tto_")]:
        assert token.startswith(prefix)
        secret = token[len(prefix) :]
        assert TOKEN_CHARSET.match(secret), token
        # URL-safe base64 carries 6 bits a character.
        assert len(secret) * 6 >= 128, token
    # The characters actually vary: over 50 tokens every position takes many values.
    secrets = [token[4:] for token in tokens]
    assert all(len({s[i] for s in secrets}) > 10 for i in range(len(secrets[0]) - 1))


# --- server errors ----------------------------------------------------------------------------


@pytest.fixture
def failing_app(backend_url: str) -> Iterator[FastAPI]:
    app = create_app(WebSettings(database_url=backend_url))

    @app.get(f"{API}/boom")
    def api_boom() -> None:
        raise RuntimeError("secret detail from /srv/tracktwo/private.py line 42")

    @app.get("/boom")
    def page_boom() -> None:
        raise RuntimeError("secret detail from /srv/tracktwo/private.py line 42")

    try:
        yield app
    finally:
        app.state.tracktwo.database.dispose()


def test_a_server_error_never_leaks_a_traceback(failing_app: FastAPI) -> None:
    with TestClient(failing_app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        api = client.get(f"{API}/boom", headers=bearer("irrelevant"))
        page = client.get("/boom", headers={"accept": "text/html"})
    assert api.status_code == 500
    assert api.headers["content-type"].startswith("application/problem+json")
    body = api.json()
    assert body["status"] == 500 and body["title"] == "Server error"
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    for response in (api, page):
        assert "Traceback" not in response.text
        assert "secret detail" not in response.text
        assert ".py" not in response.text
        assert "RuntimeError" not in response.text
        assert "/srv/" not in response.text
        assert_hardened(response)
