"""The organiser's pages end to end through the ASGI app: sign-in, dialogues, statements,
moderation, invites, results, joint statement, export, audit, privacy and CSRF."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jinja2.ext import babel_extract

from support.web_api import EXPORT_FILES
from tracktwo.dialogue.services.dialogues import DialogueSpec, create_dialogue, get_dialogue
from tracktwo.dialogue.services.organisers import authenticate, create_organiser
from tracktwo.dialogue.services.statements import StatementDraft, add_statements, list_statements
from tracktwo.web.app import create_app
from tracktwo.web.i18n import LOCALE_DIR
from tracktwo.web.settings import WebSettings

PASSWORD = "correct horse battery staple"
EMAIL = "organiser@example.org"
OTHER_EMAIL = "someone-else@example.org"
CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


@dataclass
class Site:
    app: Any
    client: TestClient

    @property
    def state(self) -> Any:
        return self.app.state.tracktwo

    def new_client(self) -> TestClient:
        return TestClient(self.app, base_url="https://testserver")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    app = create_app(WebSettings(database_url=f"sqlite:///{tmp_path}/t.db", recompute_debounce_seconds=0.01))
    state = app.state.tracktwo
    with state.database.session() as session:
        create_organiser(session, EMAIL, PASSWORD)
        create_organiser(session, OTHER_EMAIL, PASSWORD)
    with TestClient(app, base_url="https://testserver") as client:
        yield Site(app, client)


def login(client: TestClient, email: str = EMAIL) -> None:
    data = {"email": email, "password": PASSWORD, "csrf_token": csrf(client, "/login")}
    response = client.post("/login", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/o"


def csrf(client: TestClient, path: str = "/o") -> str:
    found = CSRF.search(client.get(path).text)
    assert found is not None and found.group(1)
    return found.group(1)


def new_dialogue_form(**changes: str) -> dict[str, str]:
    values = {
        "title_en": "AI red lines",
        "title_zh": "人工智能红线",
        "description_en": "A dialogue on red lines.",
        "description_zh": "关于红线的对话。",
        "countries": "US, CN",
        "sectors": "science, academia",
        "privacy_k": "3",
        "moderation": "strict",
        "allow_submissions": "on",
        "show_map": "on",
        "opens_at": "",
        "closes_at": "",
    }
    values.update(changes)
    return values


def make_dialogue(client: TestClient, **changes: str) -> str:
    data = new_dialogue_form(**changes) | {"csrf_token": csrf(client, "/o/new")}
    response = client.post("/o/new", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/o/d/")
    return location.rsplit("/", 1)[1]


@pytest.fixture
def signed_in(site: Site) -> Site:
    login(site.client)
    return site


def add_statement(
    client: TestClient, slug: str, text_en: str, text_zh: str = "", area: str = "general"
) -> None:
    response = client.post(
        f"/o/d/{slug}/statements",
        data={
            "csrf_token": csrf(client, f"/o/d/{slug}/statements"),
            "text_en": text_en,
            "text_zh": text_zh,
            "policy_area": area,
            "translation_en": "original",
            "translation_zh": "human_verified",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def download_invites(client: TestClient, slug: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    data: dict[str, Any] = {"csrf_token": csrf(client, f"/o/d/{slug}/invites")}
    for name in ("country", "sector", "count", "language", "note"):
        data[name] = [row.get(name, "") for row in rows]
    response = client.post(f"/o/d/{slug}/invites", data=data)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(response.text)))


def participant_session(client: TestClient, link: str) -> dict[str, str]:
    token = link.rsplit("/i/", 1)[1]
    response = client.post("/api/v1/participant/session", json={"invite": token})
    assert response.status_code == 201, response.text
    headers = {"Authorization": f"Bearer {response.json()['session_token']}"}
    assert client.post("/api/v1/participant/terms", headers=headers).status_code == 200
    return headers


# --- sign-in --------------------------------------------------------------------------


def test_login_wrong_then_right(site: Site) -> None:
    client = site.client
    assert client.get("/o", follow_redirects=False).headers["location"] == "/login"
    token = csrf(client, "/login")
    wrong = client.post("/login", data={"email": EMAIL, "password": "not it", "csrf_token": token})
    assert wrong.status_code == 401
    assert "Wrong email or password." in wrong.text
    assert f'value="{EMAIL}"' in wrong.text
    assert "tt_organiser" not in wrong.headers.get("set-cookie", "")
    right = client.post(
        "/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token}, follow_redirects=False
    )
    assert right.status_code == 303
    cookie = right.headers["set-cookie"].lower()
    assert (
        "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie and "max-age=43200" in cookie
    )
    page = client.get("/o")
    assert page.status_code == 200
    assert "New dialogue" in page.text


def test_login_is_rate_limited(site: Site) -> None:
    data = {"email": EMAIL, "password": "guess", "csrf_token": csrf(site.client, "/login")}
    statuses = [site.client.post("/login", data=data).status_code for _ in range(7)]
    assert statuses[:5] == [401] * 5
    assert statuses[-1] == 429


def test_login_needs_the_forms_csrf_token(site: Site) -> None:
    """Login CSRF: another site cannot sign this browser in to an account of its choosing."""
    site.client.get("/login")
    response = site.client.post("/login", data={"email": EMAIL, "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 403
    assert "tt_organiser" not in response.headers.get("set-cookie", "")


def test_logout_clears_the_session(signed_in: Site) -> None:
    client = signed_in.client
    response = client.post("/logout", data={"csrf_token": csrf(client)}, follow_redirects=False)
    assert response.status_code == 303
    assert "tt_organiser" in response.headers["set-cookie"]
    assert client.get("/o", follow_redirects=False).headers["location"] == "/login"


def test_post_without_csrf_token_is_refused(signed_in: Site) -> None:
    client = signed_in.client
    slug = make_dialogue(client)
    assert client.post(f"/o/d/{slug}/close").status_code == 403
    assert client.post(f"/o/d/{slug}/close", data={"csrf_token": "forged"}).status_code == 403
    assert client.post("/o/new", data=new_dialogue_form()).status_code == 403
    assert "Open" in client.get(f"/o/d/{slug}").text


# --- dialogues ------------------------------------------------------------------------


def test_create_dialogue_lists_it_and_closes_and_reopens(signed_in: Site) -> None:
    client = signed_in.client
    form = client.get("/o/new").text
    assert 'value="US, CN"' in form and "civil_society" in form and 'value="5"' in form and "UTC" in form
    slug = make_dialogue(client, opens_at="2025-01-01T09:00", closes_at="2099-01-01T09:00")
    listing = client.get("/o").text
    assert "AI red lines" in listing and f"/o/d/{slug}" in listing
    page = client.get(f"/o/d/{slug}").text
    assert "2025-01-01 09:00" in page and "Open" in page
    token = csrf(client, f"/o/d/{slug}")
    assert (
        client.post(f"/o/d/{slug}/close", data={"csrf_token": token}, follow_redirects=False).status_code
        == 303
    )
    assert "Reopen" in client.get(f"/o/d/{slug}").text
    client.post(f"/o/d/{slug}/reopen", data={"csrf_token": token})
    assert "Reopen" not in client.get(f"/o/d/{slug}").text


def test_invalid_k_keeps_every_typed_value(signed_in: Site) -> None:
    client = signed_in.client
    typed = new_dialogue_form(
        title_en="Bio-risk <red lines>",
        title_zh="生物风险",
        description_en="Keep me",
        description_zh="保留我",
        countries="US, CN, GB",
        sectors="science, media",
        privacy_k="1",
        moderation="loose",
        show_map="",
        opens_at="2030-05-01T10:30",
    )
    response = client.post("/o/new", data=typed | {"csrf_token": csrf(client, "/o/new")})
    assert response.status_code == 422
    page = response.text
    assert "privacy threshold k must be between 2 and 100" in page
    for value in (
        "Bio-risk &lt;red lines&gt;",
        "生物风险",
        "Keep me",
        "保留我",
        "US, CN, GB",
        "science, media",
    ):
        assert value in page
    assert 'name="privacy_k" inputmode="numeric" value="1"' in page
    assert '<option value="loose" selected>' in page
    assert 'name="show_map" value="on">' in page  # left unticked
    assert 'value="2030-05-01T10:30"' in page
    not_a_number = client.post("/o/new", data=typed | {"privacy_k": "five", "csrf_token": csrf(client)})
    assert not_a_number.status_code == 422 and "whole number" in not_a_number.text
    assert "Bio-risk" not in client.get("/o").text


def test_another_organiser_gets_404(signed_in: Site) -> None:
    slug = make_dialogue(signed_in.client)
    add_statement(signed_in.client, slug, "Labs publish evaluations.")
    other = signed_in.new_client()
    login(other, OTHER_EMAIL)
    assert "AI red lines" not in other.get("/o").text
    for path in (
        "",
        "/statements",
        "/invites",
        "/results",
        "/results/live",
        "/joint-statement",
        "/joint-statement.md",
        "/audit",
        "/export.zip",
        "/library",
    ):
        assert other.get(f"/o/d/{slug}{path}").status_code == 404, path
    token = csrf(other)
    assert other.post(f"/o/d/{slug}/close", data={"csrf_token": token}).status_code == 404
    response = other.post(
        f"/o/d/{slug}/statements",
        data={"csrf_token": token, "text_en": "Sneaked in", "policy_area": "general"},
    )
    assert response.status_code == 404
    assert "Sneaked in" not in signed_in.client.get(f"/o/d/{slug}/statements").text


# --- statements -----------------------------------------------------------------------


def test_add_statement_and_keep_values_on_error(signed_in: Site) -> None:
    client = signed_in.client
    slug = make_dialogue(client)
    add_statement(
        client, slug, "Labs publish safety evaluations.", "实验室公开安全评估。", "safety_evaluation"
    )
    page = client.get(f"/o/d/{slug}/statements?added=1").text
    assert "1 statement added." in page
    assert "Labs publish safety evaluations." in page and "实验室公开安全评估。" in page
    assert "human-verified translation" in page and "Safety evaluations" in page
    response = client.post(
        f"/o/d/{slug}/statements",
        data={"csrf_token": csrf(client), "text_en": "x" * 401, "policy_area": "bio_risk"},
    )
    assert response.status_code == 422
    assert "the limit is 400" in response.text and "x" * 401 in response.text


def test_csv_upload_reports_the_bad_line(signed_in: Site) -> None:
    client = signed_in.client
    slug = make_dialogue(client)
    assert "text_en" in client.get(f"/o/d/{slug}/statements").text
    bad = "text_en,text_zh,policy_area\nFirst,第一,general\nSecond,第二,not_an_area\n"
    response = client.post(
        f"/o/d/{slug}/statements/upload",
        data={"csrf_token": csrf(client), "format": "csv"},
        files={"file": ("statements.csv", bad.encode(), "text/csv")},
    )
    assert response.status_code == 422
    assert "line 3" in response.text
    assert "First" not in client.get(f"/o/d/{slug}/statements").text
    good = "text_en,text_zh,policy_area\nFirst,第一,general\nSecond,第二,bio_risk\n"
    response = client.post(
        f"/o/d/{slug}/statements/upload",
        data={"csrf_token": csrf(client), "format": "csv"},
        files={"file": ("statements.csv", good.encode(), "text/csv")},
    )
    assert "2 statements added." in response.text
    assert "Second" in response.text and "第二" in response.text


def test_polis_comments_upload(signed_in: Site) -> None:
    client = signed_in.client
    slug = make_dialogue(client)
    comments = (
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        "1,x,0,1,3,1,1,Open weights help safety research.\n"
        "2,x,1,2,0,5,-1,Spam that was moderated out.\n"
        "3,x,2,3,2,2,0,Evaluations should be public.\n"
    )
    response = client.post(
        f"/o/d/{slug}/statements/upload",
        data={"csrf_token": csrf(client), "format": "polis", "language": "en"},
        files={"file": ("comments.csv", comments.encode(), "text/csv")},
    )
    assert response.status_code == 200
    assert "2 statements added." in response.text
    assert "Open weights help safety research." in response.text
    assert "Spam that was moderated out." not in response.text


def test_library_search_and_add(signed_in: Site) -> None:
    client = signed_in.client
    slug = make_dialogue(client)
    page = client.get(f"/o/d/{slug}/library?policy_area=bio_risk").text
    ids = re.findall(r'name="ids" value="([^"]+)"', page)
    assert ids and "Bio-risk" in page
    everything = client.get(f"/o/d/{slug}/library").text
    assert len(re.findall(r'name="ids"', everything)) > len(ids)
    response = client.post(f"/o/d/{slug}/library", data={"csrf_token": csrf(client), "ids": ids[:2]})
    assert response.status_code == 200 and "2 statements added." in response.text
    assert "library" in response.text
    again = client.get(f"/o/d/{slug}/library?policy_area=bio_risk").text
    assert "already added" in again and ids[0] not in re.findall(r'name="ids" value="([^"]+)"', again)
    empty = client.post(f"/o/d/{slug}/library", data={"csrf_token": csrf(client)})
    assert empty.status_code == 422 and "choose at least one" in empty.text


def test_moderation_approve_and_reject(signed_in: Site) -> None:
    client = signed_in.client
    slug = make_dialogue(client, moderation="strict")
    add_statement(client, slug, "Seed statement.")
    links = download_invites(
        client, slug, [{"country": "US", "sector": "science", "count": "1", "language": "en"}]
    )
    headers = participant_session(client, links[0]["link"])
    for text in ("Participant idea one.", "Participant idea two."):
        response = client.post(
            "/api/v1/participant/statements",
            json={"text_en": text, "policy_area": "general"},
            headers=headers,
        )
        assert response.status_code == 201 and response.json()["state"] == "pending"
    page = client.get(f"/o/d/{slug}/statements").text
    pending = re.findall(r'id="pending-(\d+)"', page)
    assert len(pending) == 2 and "Approve" in page and "Reject" in page
    token = csrf(client, f"/o/d/{slug}/statements")
    approved = client.post(
        f"/o/d/{slug}/statements/{pending[0]}/moderation",
        data={"csrf_token": token, "state": "accepted"},
        headers={"HX-Request": "true"},
    )
    assert approved.status_code == 200
    assert f'id="pending-{pending[0]}"' in approved.text and "Approved" in approved.text
    assert "<html" not in approved.text
    rejected = client.post(
        f"/o/d/{slug}/statements/{pending[1]}/moderation",
        data={"csrf_token": token, "state": "rejected"},
        follow_redirects=False,
    )
    assert rejected.status_code == 303
    page = client.get(f"/o/d/{slug}/statements").text
    assert "No statements are waiting for moderation." in page
    assert "Participant idea one." in page and "from a participant" in page
    audit = client.get(f"/o/d/{slug}/audit").text
    assert audit.count("statement.moderate") == 2


# --- invites --------------------------------------------------------------------------


def test_invites_csv_links_work_once_with_the_participant_api(signed_in: Site) -> None:
    client = signed_in.client
    slug = make_dialogue(client)
    page = client.get(f"/o/d/{slug}/invites").text
    assert "shown once" in page
    rows = download_invites(
        client,
        slug,
        [
            {"country": "US", "sector": "science", "count": "3", "language": "en", "note": "=workshop"},
            {"country": "CN", "sector": "academia", "count": "2", "language": "zh", "note": ""},
            {"country": "CN", "sector": "science", "count": "0", "language": "zh", "note": ""},
        ],
    )
    assert len(rows) == 5
    assert [r["country"] for r in rows] == ["US"] * 3 + ["CN"] * 2
    assert rows[0]["note"] == "'=workshop"
    for row in rows:
        assert row["link"].startswith("https://testserver/i/")
        participant_session(client, row["link"])
    token = rows[0]["link"].rsplit("/i/", 1)[1]
    assert client.post("/api/v1/participant/session", json={"invite": token}).status_code == 403
    listing = client.get(f"/o/d/{slug}/invites").text
    assert token not in listing
    assert "5 invites, 5 opened." in listing
    bad = client.post(
        f"/o/d/{slug}/invites",
        data={
            "csrf_token": csrf(client),
            "country": ["US"],
            "sector": ["science"],
            "count": ["many"],
            "language": ["en"],
            "note": ["kept note"],
        },
    )
    assert bad.status_code == 422 and "whole number" in bad.text and "kept note" in bad.text


# --- results, joint statement, export -------------------------------------------------


def voted_dialogue(site: Site) -> tuple[str, list[str]]:
    """A dialogue with 12 participants (6 per country) who voted on 4 statements."""
    client = site.client
    slug = make_dialogue(client, privacy_k="3")
    texts = [
        ("Labs must publish safety evaluations.", "实验室必须公开安全评估。", "safety_evaluation"),
        ("Export controls make AI safer.", "出口管制使人工智能更安全。", "general"),
        ("Bio-risk screening is needed for models.", "模型需要生物风险筛查。", "bio_risk"),
        ("Artists should be paid for training data.", "", "ip"),
    ]
    for en, zh, area in texts:
        add_statement(client, slug, en, zh, area)
    rows = download_invites(
        client,
        slug,
        [
            {"country": "US", "sector": "science", "count": "3", "language": "en"},
            {"country": "US", "sector": "academia", "count": "3", "language": "en"},
            {"country": "CN", "sector": "science", "count": "3", "language": "zh"},
            {"country": "CN", "sector": "academia", "count": "3", "language": "zh"},
        ],
    )
    ids = sorted(int(n) for n in re.findall(r"<td>(\d+)</td>", client.get(f"/o/d/{slug}/statements").text))
    assert len(ids) == 4
    for number, row in enumerate(rows):
        headers = participant_session(client, row["link"])
        us = row["country"] == "US"
        votes = {
            ids[0]: "agree",
            ids[1]: "agree" if us else "disagree",
            ids[2]: "agree" if number % 4 else "pass",
            ids[3]: "disagree" if row["sector"] == "science" else "agree",
        }
        for statement, value in votes.items():
            response = client.post(
                "/api/v1/participant/votes", json={"statement": statement, "vote": value}, headers=headers
            )
            assert response.status_code == 201, response.text
    assert site.state.results.wait_idle(30)
    return slug, [row["link"] for row in rows]


def test_results_page_after_simulated_voters(signed_in: Site) -> None:
    client = signed_in.client
    slug, _links = voted_dialogue(signed_in)
    page = client.get(f"/o/d/{slug}/results")
    assert page.status_code == 200
    text = page.text
    assert 'hx-get="/o/d/' in text and 'hx-trigger="every 5s"' in text
    assert "Results computed at" in text
    assert "<svg" in text and "<circle" in text and "style=" not in text
    assert "Participation" in text and "Common ground" in text and "Cruxes" in text
    assert "Labs must publish safety evaluations." in text
    live = client.get(f"/o/d/{slug}/results/live")
    assert live.status_code == 200 and "<html" not in live.text and "Opinion map" in live.text
    zh = client.get(f"/o/d/{slug}/results?lang=zh").text
    assert "实验室必须公开安全评估。" in zh
    assert "Artists should be paid for training data." in zh  # no Chinese text: English fallback
    assert "suppressed" not in text  # every stratum has 6 voters
    assert "Group A" in text or "No opinion group is large enough" in text


def test_small_strata_are_suppressed(signed_in: Site) -> None:
    client = signed_in.client
    slug = make_dialogue(client, privacy_k="5")
    add_statement(client, slug, "One statement.")
    rows = download_invites(
        client, slug, [{"country": "US", "sector": "science", "count": "2", "language": "en"}]
    )
    statement = int(re.findall(r"<td>(\d+)</td>", client.get(f"/o/d/{slug}/statements").text)[0])
    for row in rows:
        headers = participant_session(client, row["link"])
        client.post(
            "/api/v1/participant/votes", json={"statement": statement, "vote": "agree"}, headers=headers
        )
    assert signed_in.state.results.wait_idle(30)
    page = client.get(f"/o/d/{slug}/results").text
    assert "fewer than 5" in page
    assert "fewer than 5" in client.get(f"/o/d/{slug}").text


def test_joint_statement_downloads(signed_in: Site) -> None:
    client = signed_in.client
    slug, _links = voted_dialogue(signed_in)
    page = client.get(f"/o/d/{slug}/joint-statement").text
    for extension in ("md", "html", "pdf"):
        assert f"/o/d/{slug}/joint-statement.{extension}?language=both" in page
    md = client.get(f"/o/d/{slug}/joint-statement.md?language=en")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "attachment" in md.headers["content-disposition"] and "AI red lines" in md.text
    html = client.get(f"/o/d/{slug}/joint-statement.html?language=zh")
    assert html.status_code == 200 and "人工智能红线" in html.text
    pdf = client.get(f"/o/d/{slug}/joint-statement.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/o/d/{slug}/joint-statement.docx").status_code == 404
    assert client.get(f"/o/d/{slug}/joint-statement.md?language=fr").status_code == 422


def test_joint_statement_without_votes_says_why(signed_in: Site) -> None:
    client = signed_in.client
    slug = make_dialogue(client)
    assert "No joint statement yet" in client.get(f"/o/d/{slug}/joint-statement").text
    assert client.get(f"/o/d/{slug}/joint-statement.md").status_code == 404


def test_export_zip_has_no_tokens_and_no_participant_ids(signed_in: Site) -> None:
    client = signed_in.client
    slug, links = voted_dialogue(signed_in)
    response = client.get(f"/o/d/{slug}/export.zip")
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert names >= EXPORT_FILES
    everything = "\n".join(archive.read(name).decode("utf-8") for name in names)
    for link in links:
        assert link.rsplit("/i/", 1)[1] not in everything
    assert re.search(r"\b(inv|ses)_[A-Za-z0-9_-]{16,}", everything) is None and "/i/" not in everything
    votes = list(csv.DictReader(io.StringIO(archive.read("votes.csv").decode())))
    assert votes and all(re.fullmatch(r"v-[0-9a-f]{8}", v["voter"]) for v in votes)
    invites = list(csv.DictReader(io.StringIO(archive.read("invites.csv").decode())))
    assert all(re.fullmatch(r"i-[0-9a-f]{8}", row["participant"]) for row in invites)
    # The invite list (with notes that may name people) cannot be joined with the votes.
    assert not {v["voter"] for v in votes} & {row["participant"] for row in invites}
    results = json.loads(archive.read("results.json"))
    assert all(set(point) == {"x", "y", "group"} for point in results["map"]["points"])
    assert "dialogue.export" in client.get(f"/o/d/{slug}/audit").text


def test_audit_page_lists_actions(signed_in: Site) -> None:
    client = signed_in.client
    slug = make_dialogue(client)
    add_statement(client, slug, "Audited statement.")
    download_invites(client, slug, [{"country": "US", "sector": "science", "count": "2", "language": "en"}])
    client.post(f"/o/d/{slug}/close", data={"csrf_token": csrf(client)})
    page = client.get(f"/o/d/{slug}/audit").text
    for action in ("dialogue.create", "statement.add", "invite.create", "dialogue.close"):
        assert action in page
    assert "you" in page


# --- language and simulated dialogues -------------------------------------------------


def test_chinese_pages(signed_in: Site) -> None:
    client = signed_in.client
    slug = make_dialogue(client)
    page = client.get("/o", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).text
    assert 'lang="zh-Hans"' in page and "我的对话" in page and "新建对话" in page
    home = client.get(f"/o/d/{slug}?lang=zh").text
    assert "人工智能红线" in home and "隐私阈值" in home and "关闭" in home
    assert "结果" in client.get(f"/o/d/{slug}/results?lang=zh").text
    login_page = signed_in.new_client().get("/login?lang=zh").text
    assert "组织者登录" in login_page


def test_simulated_dialogue_banner_on_every_page(signed_in: Site) -> None:
    client = signed_in.client
    state = signed_in.state
    with state.database.session() as session:
        organiser_id = authenticate(session, EMAIL, PASSWORD).id
        made = create_dialogue(
            session, organiser_id, DialogueSpec(title_en="Demo", title_zh="演示", simulated=True)
        )
        add_statements(session, made.slug, organiser_id, [StatementDraft(text_en="A simulated statement.")])
    for path in ("", "/statements", "/invites", "/results", "/joint-statement", "/audit", "/library"):
        page = client.get(f"/o/d/{made.slug}{path}").text
        assert "Simulated dialogue — votes are not from real people" in page, path
    assert "模拟对话" in client.get(f"/o/d/{made.slug}?lang=zh").text
    assert "Simulated" in client.get("/o").text


# --- pages keep to the content security policy ---------------------------------------


def test_pages_have_no_inline_scripts_or_styles(signed_in: Site) -> None:
    client = signed_in.client
    slug, _links = voted_dialogue(signed_in)
    for path in (
        "/o",
        "/o/new",
        f"/o/d/{slug}",
        f"/o/d/{slug}/statements",
        f"/o/d/{slug}/invites",
        f"/o/d/{slug}/results",
        f"/o/d/{slug}/joint-statement",
        f"/o/d/{slug}/audit",
        f"/o/d/{slug}/library",
    ):
        page = client.get(path).text
        assert "style=" not in page, path
        assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) is None, path
        assert "<style" not in page, path


# --- the Chinese catalogue ------------------------------------------------------------

WEB = Path(__file__).resolve().parents[2] / "src" / "tracktwo" / "web"


def test_every_organiser_msgid_is_translated() -> None:
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    used: set[str] = {"Science", "Policy"}  # sector labels looked up at run time
    for template in sorted((WEB / "templates" / "organiser").glob("*.html")):
        with template.open("rb") as handle:
            for _line, _function, message, _comments in babel_extract(handle, ("_", "ngettext"), [], {}):
                used.add(message if isinstance(message, str) else message[0])
    for module in sorted((WEB / "pages").glob("organiser*.py")):
        for _line, message, _comments, _context in extract_from_file("python", module, keywords={"_": None}):
            used.add(message if isinstance(message, str) else message[0])
    with (LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "organiser.po").open("rb") as handle:
        catalogue = read_po(handle)
    translated = {}
    for entry in catalogue:
        if not entry.id:
            continue
        assert not entry.fuzzy, entry.id
        key = entry.id if isinstance(entry.id, str) else entry.id[0]
        string = entry.string if isinstance(entry.string, str) else entry.string[0]
        translated[key] = string
    missing = sorted(m for m in used if not translated.get(m))
    assert not missing, missing
    for key, string in translated.items():
        for placeholder in re.findall(r"\{\w+\}|%\(\w+\)d", key):
            assert placeholder in string, (key, string)


def test_an_organiser_verifies_a_translation_on_the_edit_page(signed_in: Site) -> None:
    client = signed_in.client
    slug = make_dialogue(client)
    add_statement(client, slug, "Labs should publish their safety frameworks.")
    with signed_in.state.database.session() as session:
        dialogue = get_dialogue(session, slug)
        statement_id = list_statements(session, dialogue.id)[0].id
    form_page = client.get(f"/o/d/{slug}/statements/{statement_id}/edit")
    assert form_page.status_code == 200
    assert "Labs should publish their safety frameworks." in form_page.text
    data = {
        "csrf_token": csrf(client, f"/o/d/{slug}/statements/{statement_id}/edit"),
        "text_en": "Labs should publish their safety frameworks.",
        "text_zh": "实验室应公布其安全框架。",
        "policy_area": "lab_accountability",
        "translation_en": "original",
        "translation_zh": "human_verified",
    }
    saved = client.post(f"/o/d/{slug}/statements/{statement_id}/edit", data=data, follow_redirects=False)
    assert saved.status_code == 303
    with signed_in.state.database.session() as session:
        item = list_statements(session, dialogue.id)[0]
    assert (item.text_zh, item.translation_zh, item.policy_area) == (
        "实验室应公布其安全框架。",
        "human_verified",
        "lab_accountability",
    )
    # An invalid edit keeps what was typed and says what is wrong.
    bad = client.post(
        f"/o/d/{slug}/statements/{statement_id}/edit",
        data=data | {"text_en": "", "text_zh": "", "csrf_token": data["csrf_token"]},
    )
    assert bad.status_code == 422 and "needs a text" in bad.text
    assert client.get(f"/o/d/{slug}/statements/999999/edit").status_code == 404


def test_the_machine_translation_button_appears_only_when_configured(signed_in: Site) -> None:
    client = signed_in.client
    slug = make_dialogue(client)
    assert "Machine-translate the missing texts" not in client.get(f"/o/d/{slug}/statements").text
    refused = client.post(f"/o/d/{slug}/statements/translate", data={"csrf_token": csrf(client)})
    assert refused.status_code == 409
