"""The JSON API end to end, on SQLite and PostgreSQL: organiser tokens, dialogues, statements
(single, CSV, Pol.is, library), moderation, invites, participant sessions, routing, votes,
submissions, withdrawal, results with their privacy rules, joint statement, export, audit."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

from support.web_api import API, EXPORT_FILES, ApiKit, ApiParticipant, bearer
from tracktwo.dialogue.errors import NotFound
from tracktwo.dialogue.services.dialogues import get_dialogue
from tracktwo.dialogue.services.statements import StatementDraft, edit_statement, moderate_statement

PROBLEM = "application/problem+json"


def assert_problem(response: Any, status: int, *fragments: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    for fragment in fragments:
        assert fragment in body["detail"], body["detail"]
    return body


def walk(value: Any) -> Any:
    """Every (key, value) pair of every dict nested in a JSON value, and every leaf."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


# --- organiser tokens -------------------------------------------------------------------------


def test_a_wrong_password_is_refused_with_a_problem_document(
    api_client: TestClient, organiser_token: str
) -> None:
    wrong = api_client.post(f"{API}/tokens", json={"email": "ada@example.org", "password": "guess"})
    assert_problem(wrong, 403, "wrong email or password")
    unknown = api_client.post(f"{API}/tokens", json={"email": "nobody@example.org", "password": "guess"})
    assert_problem(unknown, 403, "wrong email or password")
    # The same message for an unknown address: the answer does not tell which emails exist.
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_organiser_endpoints_need_a_valid_token(api_client: TestClient, organiser_token: str) -> None:
    missing = api_client.get(f"{API}/dialogues")
    assert_problem(missing, 401)
    assert missing.headers["www-authenticate"] == "Bearer"
    assert_problem(
        api_client.get(f"{API}/dialogues", headers=bearer("tto_not-a-real-token")), 401, "not valid"
    )
    assert_problem(api_client.get(f"{API}/dialogues", headers=bearer("garbage")), 401)
    ok = api_client.get(f"{API}/dialogues", headers=bearer(organiser_token))
    assert ok.status_code == 200
    assert ok.json() == []


def test_a_participant_session_token_is_not_an_organiser_token(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    member = api_kit.participants(slug, 1)[0]
    assert_problem(api_kit.client.get(f"{API}/dialogues", headers=member.headers), 401)
    assert_problem(api_kit.client.get(f"{API}/participant", headers=api_kit.headers), 401)


# --- dialogues --------------------------------------------------------------------------------


def test_create_and_read_a_dialogue(api_kit: ApiKit) -> None:
    created = api_kit.dialogue(
        description_en="Line one.\nLine two.",
        countries=["US", "CN"],
        sectors=["science", "policy"],
        privacy_k=7,
        moderation="loose",
        show_map=False,
    )
    assert created["privacy_k"] == 7
    assert created["moderation"] == "loose"
    assert created["countries"] == ["US", "CN"]
    assert created["description_en"] == "Line one.\nLine two."
    assert created["closed_at"] is None
    slug = created["slug"]
    fetched = api_kit.client.get(f"{API}/dialogues/{slug}", headers=api_kit.headers)
    assert fetched.status_code == 200
    assert fetched.json() == created
    listed = api_kit.client.get(f"{API}/dialogues", headers=api_kit.headers).json()
    assert [d["slug"] for d in listed] == [slug]
    assert_problem(api_kit.client.get(f"{API}/dialogues/nope", headers=api_kit.headers), 404, "nope")


def test_invalid_dialogues_are_refused_with_readable_details(api_kit: ApiKit) -> None:
    def create(body: dict[str, Any]) -> Any:
        return api_kit.client.post(f"{API}/dialogues", json=body, headers=api_kit.headers)

    titles = {"title_en": "Red lines", "title_zh": "红线"}
    assert_problem(create({"title_zh": "红线"}), 422, "title_en", "required")
    assert_problem(create({**titles, "privacy_k": 1}), 422, "privacy_k")
    assert_problem(create({**titles, "moderation": "none"}), 422, "moderation")
    assert_problem(create({**titles, "colour": "red"}), 422, "colour")
    assert_problem(create({**titles, "countries": ["US", "US"]}), 422, "repeats")
    assert_problem(create({**titles, "countries": []}), 422, "at least one country")
    assert_problem(create({**titles, "sectors": ["a,b"]}), 422, "comma")
    assert_problem(create({"title_en": "   ", "title_zh": "红线"}), 422, "English title is empty")
    assert_problem(create({**titles, "title_en": "bell\x07"}), 422, "control character")
    assert_problem(
        create({**titles, "opens_at": "2030-01-02T00:00:00Z", "closes_at": "2030-01-01T00:00:00Z"}),
        422,
        "close after it opens",
    )
    assert_problem(create({**titles, "opens_at": "2030-01-02T00:00:00"}), 422, "time zone")
    malformed = api_kit.client.post(
        f"{API}/dialogues",
        content=b"{not json",
        headers={**api_kit.headers, "content-type": "application/json"},
    )
    assert_problem(malformed, 422)
    assert api_kit.client.get(f"{API}/dialogues", headers=api_kit.headers).json() == []


# --- statements -------------------------------------------------------------------------------


def test_add_statements_one_by_one(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    response = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements",
        json={
            "statements": [
                {"text_en": "Labs publish their safety evaluations.", "policy_area": "safety_evaluation"},
                {"text_zh": "实验室应公开安全评估。", "is_meta": True},
            ]
        },
        headers=api_kit.headers,
    )
    assert response.status_code == 201, response.text
    first, second = response.json()
    assert first["state"] == "accepted" and first["origin"] == "seed"
    assert first["translation_en"] == "original" and first["translation_zh"] == "missing"
    assert first["policy_area"] == "safety_evaluation"
    assert second["text_en"] == "" and second["translation_zh"] == "original" and second["is_meta"]

    empty = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements",
        json={"statements": [{"text_en": "Fine."}, {"text_en": " ", "text_zh": ""}]},
        headers=api_kit.headers,
    )
    assert_problem(empty, 422, "statement 2", "needs a text")
    bad_area = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements",
        json={"statements": [{"text_en": "x", "policy_area": "weather"}]},
        headers=api_kit.headers,
    )
    assert_problem(bad_area, 422, "policy_area")
    listed = api_kit.client.get(f"{API}/dialogues/{slug}/statements", headers=api_kit.headers).json()
    assert len(listed) == 2  # the refused batches added nothing


def test_csv_import_and_its_line_numbered_errors(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    good = (
        "text_en,text_zh,policy_area,is_meta\n"
        "Frontier labs submit to third-party audits.,前沿实验室接受第三方审计。,lab_accountability,\n"
        "Artists may opt out of training.,,ip,yes\n"
    )
    response = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements/import",
        json={"format": "csv", "content": good},
        headers=api_kit.headers,
    )
    assert response.status_code == 201, response.text
    imported = response.json()
    assert [s["origin"] for s in imported] == ["import", "import"]
    assert imported[0]["text_zh"] == "前沿实验室接受第三方审计。"
    assert imported[1]["policy_area"] == "ip" and imported[1]["is_meta"] is True

    bad = "text_en,policy_area\nA fine statement.,general\nAnother one.,weather\n"
    refused = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements/import",
        json={"format": "csv", "content": bad},
        headers=api_kit.headers,
    )
    assert_problem(refused, 422, "line 3", "policy area")
    too_many_fields = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements/import",
        json={"format": "csv", "content": "text_en\nok\nsplit,here\n"},
        headers=api_kit.headers,
    )
    assert_problem(too_many_fields, 422, "line 3")
    no_header = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements/import",
        json={"format": "csv", "content": "statement\nhello\n"},
        headers=api_kit.headers,
    )
    assert_problem(no_header, 422, "text_en")
    listed = api_kit.client.get(f"{API}/dialogues/{slug}/statements", headers=api_kit.headers).json()
    assert len(listed) == 2


def test_polis_comments_import_skips_moderated_out_comments(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    comments = (
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        '1,x,0,1,3,1,1,"Safety evaluations before deployment\nshould be mandatory."\n'
        "2,x,1,2,0,5,-1,Spam that a moderator removed\n"
        "3,x,2,3,1,1,0,Bio-risk screening for model weights\n"
    )
    response = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements/import",
        json={"format": "polis_comments", "content": comments, "language": "en"},
        headers=api_kit.headers,
    )
    assert response.status_code == 201, response.text
    texts = [s["text_en"] for s in response.json()]
    assert texts == [
        "Safety evaluations before deployment should be mandatory.",
        "Bio-risk screening for model weights",
    ]
    chinese = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements/import",
        json={"format": "polis_comments", "content": "comment-body\n应当公开评估结果\n", "language": "zh"},
        headers=api_kit.headers,
    )
    assert chinese.status_code == 201
    assert chinese.json()[0]["text_zh"] == "应当公开评估结果"
    not_polis = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements/import",
        json={"format": "polis_comments", "content": "text_en\nhello\n"},
        headers=api_kit.headers,
    )
    assert_problem(not_polis, 422, "comment-body")


def test_statements_from_the_library(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    library = api_kit.client.get(f"{API}/library", params={"policy_area": "bio_risk"})
    assert library.status_code == 200
    entries = library.json()
    assert entries and all(e["policy_area"] == "bio_risk" for e in entries)
    assert all(e["text_en"] and e["text_zh"] and e["source"] for e in entries)
    chosen = [e["id"] for e in entries[:2]]
    response = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements/library", json={"ids": chosen}, headers=api_kit.headers
    )
    assert response.status_code == 201, response.text
    added = response.json()
    assert [s["library_id"] for s in added] == chosen
    assert all(s["origin"] == "library" and s["translation_zh"] == "human_verified" for s in added)

    unknown = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements/library",
        json={"ids": ["no-such-entry"]},
        headers=api_kit.headers,
    )
    assert_problem(unknown, 404, "no-such-entry")
    twice = api_kit.client.post(
        f"{API}/dialogues/{slug}/statements/library",
        json={"ids": [chosen[0], chosen[0]]},
        headers=api_kit.headers,
    )
    assert_problem(twice, 422, "twice")
    assert_problem(
        api_kit.client.post(
            f"{API}/dialogues/{slug}/statements/library", json={"ids": []}, headers=api_kit.headers
        ),
        422,
    )


def test_moderation_and_editing(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue(moderation="strict")["slug"]
    api_kit.statements(slug, ["Seeded statement."])
    member = api_kit.participants(slug, 1)[0]
    submitted = api_kit.client.post(
        f"{API}/participant/statements", json={"text_en": "Pause at a red line."}, headers=member.headers
    )
    assert submitted.status_code == 201
    statement_id = submitted.json()["id"]

    def listing(status: str) -> list[int]:
        response = api_kit.client.get(
            f"{API}/dialogues/{slug}/statements", params={"status": status}, headers=api_kit.headers
        )
        assert response.status_code == 200
        return [s["id"] for s in response.json()]

    assert listing("pending") == [statement_id]
    url = f"{API}/dialogues/{slug}/statements/{statement_id}"
    accepted = api_kit.client.post(f"{url}/moderation", json={"state": "accepted"}, headers=api_kit.headers)
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert listing("pending") == []
    assert statement_id in listing("accepted")
    assert_problem(
        api_kit.client.post(f"{url}/moderation", json={"state": "maybe"}, headers=api_kit.headers), 422
    )
    assert_problem(
        api_kit.client.get(f"{API}/dialogues/{slug}/statements?status=all", headers=api_kit.headers), 422
    )

    edited = api_kit.client.put(
        url,
        json={
            "text_en": "Pause development at a red line.",
            "text_zh": "在红线处暂停开发。",
            "translation_zh": "machine",
        },
        headers=api_kit.headers,
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["text_en"] == "Pause development at a red line."
    assert edited.json()["translation_zh"] == "machine"
    assert edited.json()["origin"] == "participant"
    assert_problem(
        api_kit.client.put(url, json={"text_en": "", "text_zh": ""}, headers=api_kit.headers),
        422,
        "needs a text",
    )
    assert_problem(
        api_kit.client.put(
            f"{API}/dialogues/{slug}/statements/999999", json={"text_en": "x"}, headers=api_kit.headers
        ),
        404,
    )
    assert_problem(
        api_kit.client.post(
            f"{API}/dialogues/{slug}/statements/999999/moderation",
            json={"state": "rejected"},
            headers=api_kit.headers,
        ),
        404,
    )


# --- invites and sessions ---------------------------------------------------------------------


def test_invites_with_counts_and_strata_validation(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue(countries=["US", "CN"], sectors=["science", "academia"])["slug"]
    response = api_kit.client.post(
        f"{API}/dialogues/{slug}/invites",
        json={
            "invites": [
                {"country": "US", "sector": "science", "count": 3, "note": "from the Boston list"},
                {"country": "CN", "sector": "academia", "language": "zh"},
            ]
        },
        headers=api_kit.headers,
    )
    assert response.status_code == 201, response.text
    made = response.json()
    assert [(m["country"], m["sector"]) for m in made] == [("US", "science")] * 3 + [("CN", "academia")]
    assert made[0]["note"] == "from the Boston list"
    assert len({m["token"] for m in made}) == 4
    assert all(m["token"].startswith("inv_") for m in made)
    assert all(m["link"] == f"https://testserver/i/{m['token']}" for m in made)

    listed = api_kit.client.get(f"{API}/dialogues/{slug}/invites", headers=api_kit.headers)
    assert listed.status_code == 200
    rows = listed.json()
    assert len(rows) == 4
    assert all("token" not in row for row in rows)
    assert not any(row["redeemed"] or row["withdrawn"] for row in rows)

    def invite(body: dict[str, Any]) -> Any:
        return api_kit.client.post(
            f"{API}/dialogues/{slug}/invites", json={"invites": [body]}, headers=api_kit.headers
        )

    assert_problem(invite({"country": "FR", "sector": "science"}), 422, "'FR'", "US, CN")
    assert_problem(invite({"country": "US", "sector": "military"}), 422, "'military'")
    assert_problem(invite({"country": "US", "sector": "science", "count": 0}), 422, "count")
    assert_problem(invite({"country": "US", "sector": "science", "language": "fr"}), 422, "language")
    assert_problem(
        api_kit.client.post(f"{API}/dialogues/{slug}/invites", json={"invites": []}, headers=api_kit.headers),
        422,
    )
    assert len(api_kit.client.get(f"{API}/dialogues/{slug}/invites", headers=api_kit.headers).json()) == 4


def test_an_invite_opens_one_session_only(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    token = api_kit.invites(slug, [("CN", "science")])[0]["token"]
    first = api_kit.client.post(f"{API}/participant/session", json={"invite": token})
    assert first.status_code == 201
    session = first.json()
    assert session["session_token"].startswith("ses_") and session["token_type"] == "bearer"
    second = api_kit.client.post(f"{API}/participant/session", json={"invite": token})
    assert_problem(second, 403, "used already")
    assert_problem(api_kit.client.post(f"{API}/participant/session", json={"invite": "inv_forged"}), 404)
    assert_problem(api_kit.client.post(f"{API}/participant/session", json={"invite": "hello"}), 404)

    me = api_kit.client.get(f"{API}/participant", headers=bearer(session["session_token"]))
    assert me.status_code == 200
    assert me.json() == {
        "country": "CN",
        "sector": "science",
        "language": "en",
        "accepted_terms": False,
        "dialogue": slug,
    }
    language = api_kit.client.post(
        f"{API}/participant/language", json={"language": "zh"}, headers=bearer(session["session_token"])
    )
    assert language.status_code == 200 and language.json()["language"] == "zh"
    rows = api_kit.client.get(f"{API}/dialogues/{slug}/invites", headers=api_kit.headers).json()
    assert rows[0]["redeemed"] is True


def test_votes_need_the_terms_accepted(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    statement = api_kit.statements(slug, ["Labs publish their evaluations."])[0]
    member = api_kit.participants(slug, 1, accept_terms=False)[0]
    assert_problem(api_kit.vote(member, statement["id"], "agree"), 403, "terms")
    submitted = api_kit.client.post(
        f"{API}/participant/statements", json={"text_en": "A proposal."}, headers=member.headers
    )
    assert_problem(submitted, 403, "terms")
    accepted = api_kit.client.post(f"{API}/participant/terms", headers=member.headers)
    assert accepted.status_code == 200 and accepted.json()["accepted_terms"] is True
    assert api_kit.vote(member, statement["id"], "agree").status_code == 201


def test_next_never_repeats_a_voted_statement_and_ends_with_null(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    ids = {s["id"] for s in api_kit.statements(slug, [f"Statement {i}" for i in range(7)])}
    member = api_kit.participants(slug, 1)[0]
    seen: list[int] = []
    for step in range(len(ids)):
        response = api_kit.client.get(f"{API}/participant/next", headers=member.headers)
        assert response.status_code == 200
        body = response.json()
        assert body["remaining"] == len(ids) - step and body["voted"] == step
        statement = body["statement"]
        assert statement is not None and statement["id"] in ids
        assert statement["id"] not in seen
        seen.append(statement["id"])
        assert (
            api_kit.vote(member, statement["id"], ("agree", "disagree", "pass")[step % 3]).status_code == 201
        )
    final = api_kit.client.get(f"{API}/participant/next", headers=member.headers).json()
    assert final == {"statement": None, "remaining": 0, "voted": len(ids)}
    assert set(seen) == ids


# --- votes ------------------------------------------------------------------------------------


def test_votes_are_idempotent_and_the_latest_counts(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    first, second = api_kit.statements(slug, ["First statement.", "Second statement."])
    member = api_kit.participants(slug, 1)[0]

    new = api_kit.vote(member, first["id"], "agree", client_key="k-1")
    assert new.status_code == 201
    assert new.json()["repeated"] is False and new.json()["vote"] == 1
    again = api_kit.vote(member, first["id"], "agree", client_key="k-1")
    assert again.status_code == 200
    assert again.json() == {**new.json(), "repeated": True}
    # The same value again without a key is a repeat as well, not a second row.
    assert api_kit.vote(member, first["id"], "agree").status_code == 200

    assert_problem(api_kit.vote(member, first["id"], "disagree", client_key="k-1"), 409, "idempotency key")
    assert_problem(api_kit.vote(member, second["id"], "agree", client_key="k-1"), 409)

    changed = api_kit.vote(member, first["id"], "disagree", client_key="k-2")
    assert changed.status_code == 201 and changed.json()["vote_id"] != new.json()["vote_id"]
    assert api_kit.vote(member, second["id"], "pass").status_code == 201

    document = api_kit.refresh_results(slug)
    assert document["n_votes"] == 2  # the latest vote per statement
    assert document["votes"][str(first["id"])] == {"agree": 0, "disagree": 1, "pass": 0}
    assert document["votes"][str(second["id"])] == {"agree": 0, "disagree": 0, "pass": 1}

    assert_problem(api_kit.vote(member, 999_999, "agree"), 404)
    assert_problem(api_kit.vote(member, first["id"], "maybe"), 422, "vote")
    assert_problem(api_kit.vote(member, first["id"], "agree", client_key=""), 422, "client_key")


def test_votes_on_statements_that_are_not_accepted_or_elsewhere_are_refused(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    other = api_kit.dialogue()["slug"]
    foreign = api_kit.statements(other, ["In another dialogue."])[0]
    member = api_kit.participants(slug, 1)[0]
    pending = api_kit.client.post(
        f"{API}/participant/statements", json={"text_en": "Waiting for moderation."}, headers=member.headers
    ).json()
    assert pending["state"] == "pending"
    assert_problem(api_kit.vote(member, pending["id"], "agree"), 404)
    assert_problem(api_kit.vote(member, foreign["id"], "agree"), 404)


def test_a_closed_dialogue_refuses_votes_until_reopened(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    statement = api_kit.statements(slug, ["Statement."])[0]
    member = api_kit.participants(slug, 1)[0]
    closed = api_kit.client.post(f"{API}/dialogues/{slug}/close", headers=api_kit.headers)
    assert closed.status_code == 200 and closed.json()["closed_at"] is not None
    assert_problem(api_kit.vote(member, statement["id"], "agree"), 403, "not open")
    assert_problem(
        api_kit.client.post(
            f"{API}/participant/statements", json={"text_en": "Late."}, headers=member.headers
        ),
        403,
    )
    reopened = api_kit.client.post(f"{API}/dialogues/{slug}/reopen", headers=api_kit.headers)
    assert reopened.status_code == 200 and reopened.json()["closed_at"] is None
    assert api_kit.vote(member, statement["id"], "agree").status_code == 201


# --- submissions, position, withdrawal --------------------------------------------------------


def test_submissions_wait_under_strict_and_show_under_loose_moderation(api_kit: ApiKit) -> None:
    strict = api_kit.dialogue(moderation="strict")["slug"]
    loose = api_kit.dialogue(moderation="loose")["slug"]
    closed_to_submissions = api_kit.dialogue(allow_submissions=False)["slug"]
    for slug, expected in ((strict, "pending"), (loose, "accepted")):
        member = api_kit.participants(slug, 1)[0]
        response = api_kit.client.post(
            f"{API}/participant/statements",
            json={"text_en": "Labs should share incident reports.", "policy_area": "lab_accountability"},
            headers=member.headers,
        )
        assert response.status_code == 201, response.text
        assert response.json()["state"] == expected
        assert response.json()["origin"] == "participant"
        statements = api_kit.client.get(f"{API}/dialogues/{slug}/statements", headers=api_kit.headers).json()
        assert [s["state"] for s in statements] == [expected]
    member = api_kit.participants(closed_to_submissions, 1)[0]
    assert_problem(
        api_kit.client.post(f"{API}/participant/statements", json={"text_en": "Hi."}, headers=member.headers),
        403,
        "does not take statements",
    )


def test_position_on_the_map(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue(privacy_k=2)["slug"]
    statements = api_kit.statements(slug, [f"Statement {i}" for i in range(4)])
    members = api_kit.participants(slug, 8)
    for i, member in enumerate(members):
        for j, statement in enumerate(statements):
            assert (
                api_kit.vote(member, statement["id"], "agree" if (i + j) % 2 else "disagree").status_code
                == 201
            )
    api_kit.refresh_results(slug)
    position = api_kit.client.get(f"{API}/participant/position", headers=members[0].headers)
    assert position.status_code == 200
    body = position.json()
    assert body is not None and set(body) == {"x", "y", "group"}
    assert isinstance(body["x"], float) and isinstance(body["y"], float)

    hidden = api_kit.dialogue(show_map=False)["slug"]
    member = api_kit.participants(hidden, 1)[0]
    assert_problem(api_kit.client.get(f"{API}/participant/position", headers=member.headers), 403, "map")


def test_withdrawal_removes_votes_and_ends_the_session(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue(moderation="loose", privacy_k=2)["slug"]
    statements = api_kit.statements(slug, ["One.", "Two.", "Three."])
    members = api_kit.participants(slug, 4)
    for member in members:
        for statement in statements:
            assert api_kit.vote(member, statement["id"], "agree").status_code == 201
    leaver = members[0]
    own = api_kit.client.post(
        f"{API}/participant/statements", json={"text_en": "Mine."}, headers=leaver.headers
    )
    assert own.status_code == 201 and own.json()["state"] == "accepted"
    assert api_kit.vote(members[1], own.json()["id"], "agree").status_code == 201
    before = api_kit.refresh_results(slug)
    assert before["n_votes"] == 13
    assert before["votes"][str(statements[0]["id"])]["agree"] == 4

    gone = api_kit.client.delete(f"{API}/participant", headers=leaver.headers)
    assert gone.status_code == 204
    assert gone.content == b""
    assert_problem(api_kit.client.get(f"{API}/participant", headers=leaver.headers), 401)
    assert_problem(api_kit.vote(leaver, statements[0]["id"], "agree"), 401)
    assert_problem(api_kit.client.delete(f"{API}/participant", headers=leaver.headers), 401)

    after = api_kit.refresh_results(slug)
    assert after["n_votes"] == 9
    assert after["votes"][str(statements[0]["id"])]["agree"] == 3
    assert own.json()["id"] not in {s["id"] for s in after["statements"]}
    invites = api_kit.client.get(f"{API}/dialogues/{slug}/invites", headers=api_kit.headers).json()
    assert [row["withdrawn"] for row in invites] == [True, False, False, False]


# --- results, joint statement, export, audit --------------------------------------------------


def test_participation_counts_below_k_are_suppressed(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue(privacy_k=5, countries=["US", "CN"], sectors=["science", "academia"])["slug"]
    statements = api_kit.statements(slug, ["One.", "Two."])
    members = api_kit.participants(slug, 5, strata=[("US", "science")])
    members += api_kit.participants(slug, 2, strata=[("CN", "academia")])

    def counts(document: dict[str, Any]) -> dict[tuple[str, str], tuple[int | None, int | None]]:
        return {(c["attribute"], c["value"]): (c["invited"], c["voted"]) for c in document["participation"]}

    for member in members[:3]:
        api_kit.vote(member, statements[0]["id"], "agree")
    early = api_kit.refresh_results(slug)
    assert early["n_participants"] is None  # 3 voters < k
    assert counts(early) == {
        ("country", "US"): (5, None),
        ("country", "CN"): (None, 0),
        ("sector", "science"): (5, None),
        ("sector", "academia"): (None, 0),
    }
    for member in members:
        api_kit.vote(member, statements[1]["id"], "disagree")
    later = api_kit.refresh_results(slug)
    assert later["n_participants"] == 7
    assert counts(later)[("country", "US")] == (5, 5)
    assert counts(later)[("country", "CN")] == (None, None)


def two_camps(api_kit: ApiKit, slug: str, per_camp: int, n_statements: int = 6) -> list[ApiParticipant]:
    """Two camps of participants who vote opposite ways on every statement."""
    statements = api_kit.statements(slug, [f"Statement number {i}" for i in range(n_statements)])
    members = api_kit.participants(slug, 2 * per_camp)
    for i, member in enumerate(members):
        for j, statement in enumerate(statements):
            vote = "agree" if (i % 2 == 0) == (j % 2 == 0) else "disagree"
            assert api_kit.vote(member, statement["id"], vote).status_code == 201
    return members


def test_results_carry_no_participant_ids(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue(privacy_k=5)["slug"]
    members = two_camps(api_kit, slug, per_camp=6)
    document = api_kit.refresh_results(slug)
    assert document["n_participants"] == 12
    points = document["map"]["points"]
    assert len(points) == 12
    assert all(set(point) == {"x", "y", "group"} for point in points)
    assert points == sorted(points, key=lambda p: (p["x"], p["y"]))
    forbidden_keys = {
        "participant",
        "participant_id",
        "participants",
        "author",
        "author_participant_id",
        "pid",
    }
    member_ids = {str(member.id) for member in members}
    for key, value in walk(document):
        assert key not in forbidden_keys
        assert not (isinstance(value, str) and value in member_ids), (key, value)
    sizes = sorted(group["size"] for group in document["groups"])
    assert sizes == [6, 6]
    assert {point["group"] for point in points} == {group["id"] for group in document["groups"]}


def test_groups_smaller_than_k_are_not_listed(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue(privacy_k=7)["slug"]
    two_camps(api_kit, slug, per_camp=6)
    document = api_kit.refresh_results(slug)
    assert document["map"] is not None
    assert document["groups"] == []
    assert all(point["group"] is None for point in document["map"]["points"])
    assert document["n_participants"] == 12


def test_joint_statement_in_three_formats(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue(privacy_k=2)["slug"]
    url = f"{API}/dialogues/{slug}/joint-statement"
    assert_problem(api_kit.client.get(url, headers=api_kit.headers), 404, "no joint statement yet")
    two_camps(api_kit, slug, per_camp=4)
    api_kit.refresh_results(slug)
    markdown = api_kit.client.get(url, headers=api_kit.headers)
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert f'filename="joint-statement-{slug}.md"' in markdown.headers["content-disposition"]
    assert "Red lines for frontier AI" in markdown.text
    html = api_kit.client.get(url, params={"format": "html", "language": "zh"}, headers=api_kit.headers)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<html" in html.text.lower() and "前沿人工智能的红线" in html.text
    pdf = api_kit.client.get(url, params={"format": "pdf", "language": "en"}, headers=api_kit.headers)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert_problem(api_kit.client.get(url, params={"format": "docx"}, headers=api_kit.headers), 422, "format")


def test_export_zip_has_every_file_and_no_secret(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue(privacy_k=2, moderation="loose")["slug"]
    invite = api_kit.client.post(
        f"{API}/dialogues/{slug}/invites",
        json={"invites": [{"country": "US", "sector": "science", "note": "met at the Paris workshop"}]},
        headers=api_kit.headers,
    ).json()[0]
    members = two_camps(api_kit, slug, per_camp=3)
    api_kit.client.post(
        f"{API}/participant/statements", json={"text_en": "Mine."}, headers=members[0].headers
    )
    api_kit.refresh_results(slug)
    response = api_kit.client.get(f"{API}/dialogues/{slug}/export", headers=api_kit.headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert f'filename="dialogue-{slug}.zip"' in response.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
        contents = {name: archive.read(name).decode("utf-8") for name in names}
    assert names >= EXPORT_FILES
    everything = "\n".join(contents.values())
    for secret in (invite["token"], api_kit.token, members[0].token):
        assert secret not in everything
    # No token of any kind: a prefix followed by the 32 characters of 192 random bits.
    assert not re.search(r"(inv|ses|tto)_[A-Za-z0-9_-]{32}", everything)
    assert "met at the Paris workshop" in contents["invites.csv"]  # the organiser's own note
    assert len(contents["invites.csv"].strip().splitlines()) == 1 + 7
    assert len(contents["votes.csv"].strip().splitlines()) == 1 + 6 * 6
    vote_rows = list(csv.DictReader(io.StringIO(contents["votes.csv"])))
    invite_rows = list(csv.DictReader(io.StringIO(contents["invites.csv"])))
    assert not {row["voter"] for row in vote_rows} & {row["participant"] for row in invite_rows}
    # Country and sector only for voters whose country x sector cell has at least k voters.
    cells = Counter((row["country"], row["sector"]) for row in vote_rows if row["country"])
    voters_in = {
        cell: len({r["voter"] for r in vote_rows if (r["country"], r["sector"]) == cell}) for cell in cells
    }
    assert all(size >= 2 for size in voters_in.values())  # k = 2 in this dialogue
    statements = json.loads(contents["statements.json"])
    assert all("author" not in key for item in statements for key in item)
    assert json.loads(contents["dialogue.json"])["slug"] == slug


def test_the_audit_log_lists_the_organisers_actions(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    statement = api_kit.statements(slug, ["One."])[0]
    api_kit.client.post(
        f"{API}/dialogues/{slug}/statements/{statement['id']}/moderation",
        json={"state": "rejected"},
        headers=api_kit.headers,
    )
    api_kit.client.put(
        f"{API}/dialogues/{slug}/statements/{statement['id']}",
        json={"text_en": "Uno."},
        headers=api_kit.headers,
    )
    member = api_kit.participants(slug, 1)[0]
    api_kit.client.post(f"{API}/dialogues/{slug}/close", headers=api_kit.headers)
    api_kit.client.post(f"{API}/dialogues/{slug}/reopen", headers=api_kit.headers)
    api_kit.client.delete(f"{API}/participant", headers=member.headers)
    response = api_kit.client.get(f"{API}/dialogues/{slug}/audit", headers=api_kit.headers)
    assert response.status_code == 200
    events = response.json()
    actions = [event["action"] for event in reversed(events)]
    assert actions == [
        "dialogue.create",
        "statement.add",
        "statement.moderate",
        "statement.edit",
        "invite.create",
        "dialogue.close",
        "dialogue.reopen",
        "participant.withdraw",
    ]
    assert all(set(event) == {"id", "action", "detail", "organiser", "time"} for event in events)
    moderation = next(e for e in events if e["action"] == "statement.moderate")
    assert json.loads(moderation["detail"]) == {
        "after": "rejected",
        "before": "accepted",
        "statement": statement["id"],
    }
    withdrawal = next(e for e in events if e["action"] == "participant.withdraw")
    assert withdrawal["organiser"] is None and json.loads(withdrawal["detail"]) == {}


def test_an_organiser_cannot_reach_another_organisers_dialogue(api_kit: ApiKit) -> None:
    slug = api_kit.dialogue()["slug"]
    statement = api_kit.statements(slug, ["One."])[0]
    other = bearer(api_kit.organiser("grace@example.org"))
    client = api_kit.client
    base = f"{API}/dialogues/{slug}"
    attempts = [
        client.get(base, headers=other),
        client.post(f"{base}/close", headers=other),
        client.post(f"{base}/reopen", headers=other),
        client.get(f"{base}/statements", headers=other),
        client.post(f"{base}/statements", json={"statements": [{"text_en": "x"}]}, headers=other),
        client.post(
            f"{base}/statements/import", json={"format": "csv", "content": "text_en\nx\n"}, headers=other
        ),
        client.put(f"{base}/statements/{statement['id']}", json={"text_en": "x"}, headers=other),
        client.post(
            f"{base}/statements/{statement['id']}/moderation", json={"state": "rejected"}, headers=other
        ),
        client.post(
            f"{base}/invites", json={"invites": [{"country": "US", "sector": "science"}]}, headers=other
        ),
        client.get(f"{base}/invites", headers=other),
        client.get(f"{base}/results", headers=other),
        client.get(f"{base}/joint-statement", headers=other),
        client.get(f"{base}/audit", headers=other),
        client.get(f"{base}/export", headers=other),
    ]
    for response in attempts:
        assert_problem(response, 404)
    assert client.get(f"{API}/dialogues", headers=other).json() == []
    # And nothing changed.
    mine = client.get(f"{base}/statements", headers=api_kit.headers).json()
    assert [(s["text_en"], s["state"]) for s in mine] == [("One.", "accepted")]
    assert client.get(base, headers=api_kit.headers).json()["closed_at"] is None


def test_nul_characters_are_refused_before_they_reach_the_store(api_kit: ApiKit) -> None:
    """PostgreSQL cannot store or even compare text with NUL; such input must be a 4xx, not a 500."""
    slug = api_kit.dialogue()["slug"]
    statement = api_kit.statements(slug, ["One."])[0]
    member = api_kit.participants(slug, 1)[0]
    client = api_kit.client
    responses = {
        "slug": client.get(f"{API}/dialogues/a%00b", headers=api_kit.headers),
        "slug statements": client.get(f"{API}/dialogues/a%00b/statements", headers=api_kit.headers),
        "client_key": api_kit.vote(member, statement["id"], "agree", client_key="key\x00"),
        "invite": client.post(f"{API}/participant/session", json={"invite": "inv_\x00"}),
        "email": client.post(f"{API}/tokens", json={"email": "a\x00@example.org", "password": "x\x00"}),
        "label": client.post(
            f"{API}/tokens",
            json={"email": "ada@example.org", "password": "correct horse battery staple", "label": "\x00"},
        ),
        "library ids": client.post(
            f"{API}/dialogues/{slug}/statements/library", json={"ids": ["x\x00"]}, headers=api_kit.headers
        ),
        "csv": client.post(
            f"{API}/dialogues/{slug}/statements/import",
            json={"format": "csv", "content": "text_en\nnul\x00here\n"},
            headers=api_kit.headers,
        ),
        "country": client.post(
            f"{API}/dialogues/{slug}/invites",
            json={"invites": [{"country": "U\x00S", "sector": "science"}]},
            headers=api_kit.headers,
        ),
    }
    for name, response in responses.items():
        assert 400 <= response.status_code < 500, (name, response.status_code, response.text)
    library = client.get(f"{API}/library", params={"q": "red\x00line"})  # searched in memory
    assert library.status_code == 200 and library.json() == []
    assert api_kit.vote(member, statement["id"], "agree", client_key="key").status_code == 201


def test_ids_beyond_the_integer_column_are_refused_not_a_server_error(api_kit: ApiKit) -> None:
    """PostgreSQL's integer ids end at 2**31 - 1; a bigger id in a URL or body is a 4xx."""
    slug = api_kit.dialogue()["slug"]
    member = api_kit.participants(slug, 1)[0]
    huge = 2**40
    base = f"{API}/dialogues/{slug}/statements/{huge}"
    assert_problem(api_kit.client.put(base, json={"text_en": "x"}, headers=api_kit.headers), 422)
    assert_problem(
        api_kit.client.post(f"{base}/moderation", json={"state": "accepted"}, headers=api_kit.headers), 422
    )
    assert_problem(api_kit.vote(member, huge, "agree"), 422)
    # The services (also used by the pages) treat such ids as not found.
    with api_kit.app.state.tracktwo.database.session() as session:
        organiser_id = get_dialogue(session, slug).organiser_id
        with pytest.raises(NotFound):
            edit_statement(session, slug, organiser_id, huge, StatementDraft(text_en="x"))
        with pytest.raises(NotFound):
            moderate_statement(session, slug, organiser_id, -1, "accepted")
