"""The whole dialogue in a real browser (Playwright driving Debian's Chromium).

An organiser creates a dialogue, picks statements from the library, invites two
participants; one votes in English, one in Chinese and proposes a statement, which the
organiser approves; the organiser sees common ground and downloads the joint statement.

A dialogue of two people has no stratum of k or more, so a few more participants vote
through the JSON API beforehand (as other participants would from their own devices).
Screenshots of every open page are kept in `test-artifacts/` when the test fails.
"""

from __future__ import annotations

import csv
import io
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect

from support import free_port
from tracktwo.dialogue.services.invites import InviteRequest, accept_terms, create_invites, redeem_invite
from tracktwo.dialogue.services.organisers import authenticate, create_organiser
from tracktwo.web.app import create_app
from tracktwo.web.settings import WebSettings

EMAIL = "convener@example.org"
PASSWORD = "a long organiser password"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 20_000


class LiveServer:
    """The app under uvicorn in a thread, on a free loopback port."""

    def __init__(self, tmp_path: Path) -> None:
        self.app = create_app(
            WebSettings(database_url=f"sqlite:///{tmp_path}/browser.db", recompute_debounce_seconds=0.1)
        )
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start within 20 s")
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(tmp_path) as server:
        with server.app.state.tracktwo.database.session() as session:
            create_organiser(session, EMAIL, PASSWORD, "Convener")
        yield server


@pytest.fixture
def pages(browser: Browser, request: pytest.FixtureRequest) -> Iterator[list[Page]]:
    """Pages the test opens; on failure each is saved as a screenshot in test-artifacts/."""
    opened: list[Page] = []
    yield opened
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for number, page in enumerate(opened):
            path = ARTIFACTS / f"{request.node.name}-page{number}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
                print(f"screenshot of {page.url} kept at {path}")
            except Exception as error:  # a closed page cannot be photographed; say so and go on
                print(f"no screenshot of page {number}: {error}")
    for page in opened:
        page.context.close()


def _new_page(browser: Browser, pages: list[Page], locale: str = "en-GB") -> Page:
    context = browser.new_context(locale=locale, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    pages.append(page)
    return page


def _other_voters(live: LiveServer, slug: str, organiser_id: int) -> None:
    """Ten more participants (five per country) who agree with every statement, via the API."""
    with live.app.state.tracktwo.database.session() as session:
        made = create_invites(
            session,
            slug,
            organiser_id,
            [InviteRequest("US" if i < 5 else "CN", "science" if i % 2 else "academia") for i in range(10)],
        )
    with httpx.Client(base_url=live.url, timeout=10) as client:
        for invite in made:
            with live.app.state.tracktwo.database.session() as session:
                participant, token = redeem_invite(session, invite.token)
                accept_terms(session, participant.id)
            headers = {"Authorization": f"Bearer {token}"}
            while (
                item := client.get("/api/v1/participant/next", headers=headers).json()["statement"]
            ) is not None:
                vote = client.post(
                    "/api/v1/participant/votes",
                    json={"statement": item["id"], "vote": "agree"},
                    headers=headers,
                )
                assert vote.status_code == 201, vote.text


def _vote_through(page: Page, agree_label: str) -> int:
    """Click agree on every card until the deck is empty; returns how many votes were cast.
    After each click, wait for htmx to swap in the next card (the progress bar moves on)."""
    votes = 0
    while page.locator("article.statement-card").count() > 0 and votes < 50:
        page.get_by_role("button", name=agree_label, exact=True).click()
        votes += 1
        expect(page.locator("#vote-area progress")).to_have_attribute("value", str(votes))
    expect(page.locator("article.card--done")).to_be_visible()
    return votes


def test_a_dialogue_from_invitation_to_joint_statement(
    live: LiveServer, browser: Browser, pages: list[Page]
) -> None:
    organiser = _new_page(browser, pages)

    # The organiser signs in and creates a dialogue with k = 2.
    organiser.goto(f"{live.url}/login")
    organiser.get_by_label("Email").fill(EMAIL)
    organiser.get_by_label("Password").fill(PASSWORD)
    organiser.get_by_role("button", name="Sign in").click()
    organiser.get_by_role("link", name="New dialogue").click()
    organiser.locator("#title_en").fill("Red lines for frontier AI")
    organiser.locator("#title_zh").fill("前沿人工智能的红线")
    organiser.locator("#privacy_k").fill("2")
    organiser.locator("form button[type=submit]").last.click()
    organiser.wait_for_url(re.compile(r"/o/d/[0-9a-f]+$"))
    slug = organiser.url.rstrip("/").rsplit("/", 1)[-1]

    # Five statements from the library.
    organiser.goto(f"{live.url}/o/d/{slug}/library")
    boxes = organiser.locator("input[type=checkbox][name=ids]")
    for index in range(5):
        boxes.nth(index).check()
    organiser.get_by_role("button", name="Add the chosen statements").click()
    organiser.wait_for_load_state("networkidle")

    # Two invites, one in English and one in Chinese; the CSV is the only place the links appear.
    organiser.goto(f"{live.url}/o/d/{slug}/invites")
    rows = organiser.locator("table.invite-rows tbody tr")
    rows.nth(0).locator("select[name=country]").select_option("US")
    rows.nth(0).locator("input[name=count]").fill("1")
    rows.nth(0).locator("select[name=language]").select_option("en")
    if rows.count() > 1:
        rows.nth(1).locator("select[name=country]").select_option("CN")
        rows.nth(1).locator("input[name=count]").fill("1")
        rows.nth(1).locator("select[name=language]").select_option("zh")
    with organiser.expect_download() as download_info:
        organiser.get_by_role("button", name="Create invites and download the CSV").click()
    invite_csv = Path(download_info.value.path()).read_text(encoding="utf-8")
    links = [row["link"] for row in csv.DictReader(io.StringIO(invite_csv))]
    assert len(links) == (2 if rows.count() > 1 else 1), invite_csv
    if len(links) == 1:  # a form with one row: make the second invite the same way
        rows.nth(0).locator("select[name=country]").select_option("CN")
        rows.nth(0).locator("select[name=language]").select_option("zh")
        with organiser.expect_download() as second:
            organiser.get_by_role("button", name="Create invites and download the CSV").click()
        links += [
            row["link"] for row in csv.DictReader(io.StringIO(Path(second.value.path()).read_text("utf-8")))
        ]

    with live.app.state.tracktwo.database.session() as session:
        organiser_id = authenticate(session, EMAIL, PASSWORD).id
    _other_voters(live, slug, organiser_id)

    # Participant one: English.
    english = _new_page(browser, pages, "en-US")
    english.goto(links[0])
    english.get_by_role("button", name="Open the dialogue").click()
    english.get_by_role("button", name="I accept").click()
    assert _vote_through(english, "Agree") == 5

    # Participant two: Chinese interface, votes, then proposes a statement.
    chinese = _new_page(browser, pages, "zh-CN")
    chinese.goto(links[1])
    chinese.get_by_role("button", name="进入对话").or_(
        chinese.locator("form button[type=submit]").first
    ).first.click()
    expect(chinese.locator("html")).to_have_attribute("lang", "zh-Hans")
    chinese.locator("form[action='/p/terms'] button[type=submit]").click()
    assert _vote_through(chinese, "同意") == 5
    chinese.goto(f"{live.url}/p/submit")
    chinese.locator("#text").fill("任何人工智能系统都不应协助对关键基础设施发动网络攻击。")
    chinese.locator("#text_language").select_option("zh")
    chinese.locator("#policy_area").select_option("general")
    chinese.locator("form[action='/p/submit'] button[type=submit]").click()
    chinese.wait_for_load_state("networkidle")

    # The organiser approves it from the moderation queue.
    organiser.goto(f"{live.url}/o/d/{slug}/statements")
    expect(organiser.locator("body")).to_contain_text("关键基础设施")
    organiser.get_by_role("button", name="Approve").first.click()
    organiser.wait_for_load_state("networkidle")
    organiser.goto(f"{live.url}/o/d/{slug}/statements")
    expect(organiser.get_by_role("button", name="Approve")).to_have_count(0)

    # Common ground appears once the background recompute has caught up.
    live.app.state.tracktwo.results.wait_idle(30)
    organiser.goto(f"{live.url}/o/d/{slug}/results")
    expect(organiser.locator("body")).not_to_contain_text(
        "No statement has common ground across every stratum yet."
    )
    expect(organiser.locator("body")).to_contain_text("Common ground")

    # The joint statement, as PDF and Markdown.
    organiser.goto(f"{live.url}/o/d/{slug}/joint-statement")
    with organiser.expect_download() as pdf_info:
        organiser.locator(f"a[href='/o/d/{slug}/joint-statement.pdf?language=both']").click()
    assert Path(pdf_info.value.path()).read_bytes().startswith(b"%PDF")
    with organiser.expect_download() as md_info:
        organiser.locator(f"a[href='/o/d/{slug}/joint-statement.md?language=both']").click()
    markdown = Path(md_info.value.path()).read_text(encoding="utf-8")
    assert "Red lines for frontier AI" in markdown and "前沿人工智能的红线" in markdown
