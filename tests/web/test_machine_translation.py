"""The machine-translation hook end to end: the organiser API against a local fake
OpenAI-compatible server; off by default."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from support.fake_mt import CANNED, FakeServer, running_fake_server
from tracktwo.dialogue.services.dialogues import DialogueSpec, create_dialogue
from tracktwo.dialogue.services.organisers import create_organiser, issue_api_token
from tracktwo.dialogue.services.statements import StatementDraft, add_statements, list_statements
from tracktwo.dialogue.translation import TranslatorSettings
from tracktwo.web.app import create_app
from tracktwo.web.settings import WebSettings

EN, ZH = next(iter(CANNED.items()))
CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


@pytest.fixture
def fake_mt() -> Iterator[FakeServer]:
    with running_fake_server() as fake:
        yield fake


def _setup(tmp_path: Path, translator: TranslatorSettings | None) -> tuple[TestClient, dict[str, str], str]:
    app = create_app(WebSettings(database_url=f"sqlite:///{tmp_path}/mt.db", translator=translator))
    with app.state.tracktwo.database.session() as session:
        organiser = create_organiser(session, "mt@example.org", "a long enough password")
        dialogue = create_dialogue(session, organiser.id, DialogueSpec("MT", "机器翻译"))
        add_statements(
            session,
            dialogue.slug,
            organiser.id,
            [StatementDraft(text_en=EN), StatementDraft(text_zh="已有中文", text_en="Already both")],
        )
        token = issue_api_token(session, organiser.id)
    return TestClient(app, base_url="https://testserver"), {"Authorization": f"Bearer {token}"}, dialogue.slug


def test_missing_chinese_is_filled_and_marked_machine(tmp_path: Path, fake_mt: FakeServer) -> None:
    client, headers, slug = _setup(tmp_path, TranslatorSettings(base_url=fake_mt.base_url, model="fake-mt-1"))
    with client:
        response = client.post(f"/api/v1/dialogues/{slug}/statements/translate", headers=headers)
        assert response.status_code == 200, response.text
        assert len(response.json()["translated"]) == 1
        statements = client.get(f"/api/v1/dialogues/{slug}/statements", headers=headers).json()
    first = next(s for s in statements if s["text_en"] == EN)
    assert first["text_zh"] == ZH
    assert first["translation_zh"] == "machine"
    assert first["translation_en"] == "original"
    # Only the statement with a missing text went to the translator.
    assert len(fake_mt.behaviour.requests) == 1


def test_failures_are_reported_and_nothing_is_written(tmp_path: Path, fake_mt: FakeServer) -> None:
    client, headers, slug = _setup(tmp_path, TranslatorSettings(base_url=fake_mt.base_url, model="fake-mt-1"))
    fake_mt.behaviour.mode = "status"
    with client:
        response = client.post(f"/api/v1/dialogues/{slug}/statements/translate", headers=headers)
        assert response.status_code == 200
        body = response.json()
        assert body["translated"] == [] and len(body["failed"]) == 1
        database = client.app.state.tracktwo.database  # type: ignore[attr-defined]
        with database.session() as session:
            assert all(s.translation_zh != "machine" for s in list_statements(session, 1))


def test_off_by_default(tmp_path: Path) -> None:
    client, headers, slug = _setup(tmp_path, None)
    with client:
        response = client.post(f"/api/v1/dialogues/{slug}/statements/translate", headers=headers)
    assert response.status_code == 409
    assert "off" in response.json()["detail"]


def test_the_organiser_page_button_fills_missing_texts(tmp_path: Path, fake_mt: FakeServer) -> None:
    client, _headers, slug = _setup(
        tmp_path, TranslatorSettings(base_url=fake_mt.base_url, model="fake-mt-1")
    )
    with client:
        login_page = client.get("/login")
        token = CSRF.search(login_page.text)
        assert token is not None
        signed = client.post(
            "/login",
            data={
                "email": "mt@example.org",
                "password": "a long enough password",
                "csrf_token": token.group(1),
            },
            follow_redirects=False,
        )
        assert signed.status_code == 303
        page = client.get(f"/o/d/{slug}/statements")
        assert "Machine-translate the missing texts" in page.text
        form_token = CSRF.search(page.text)
        assert form_token is not None
        done = client.post(f"/o/d/{slug}/statements/translate", data={"csrf_token": form_token.group(1)})
        assert done.status_code == 200
        assert "Machine translation filled 1 texts; 0 failed." in done.text
        assert ZH in done.text
