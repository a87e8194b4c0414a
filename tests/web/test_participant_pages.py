"""The participant's pages end to end through the app: invite, terms, voting (plain form
and htmx), submissions, the opinion map, language, withdrawal, and the privacy and
security rules they must keep."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tracktwo.dialogue.services.dialogues import DialogueSpec, create_dialogue
from tracktwo.dialogue.services.invites import InviteRequest, accept_terms, create_invites, redeem_invite
from tracktwo.dialogue.services.organisers import create_organiser
from tracktwo.dialogue.services.statements import StatementDraft, add_statements, list_statements
from tracktwo.dialogue.services.voting import cast_vote
from tracktwo.dialogue.store.schema import Participant, StatementRow, VoteRow
from tracktwo.dialogue.views import DialogueView, OrganiserView, StatementView
from tracktwo.web.app import create_app
from tracktwo.web.pages.participant_pages import safe_local_path
from tracktwo.web.security import LANGUAGE_COOKIE, PARTICIPANT_COOKIE
from tracktwo.web.settings import WebSettings
from tracktwo.web.state import AppState

CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
STATEMENT_ID = re.compile(r'name="statement" value="(\d+)"')
CLIENT_KEY = re.compile(r'name="client_key" value="([^"]+)"')

STATEMENTS = [
    StatementDraft(
        text_en="Frontier models need independent safety evaluations before release.",
        text_zh="前沿模型在发布前需要接受独立的安全评估。",
        translation_zh="machine",
        policy_area="safety_evaluation",
    ),
    StatementDraft(
        text_en="AI labs should publish their incident reports.",
        text_zh="人工智能实验室应公开其事故报告。",
        translation_zh="human_verified",
        policy_area="lab_accountability",
    ),
    StatementDraft(text_en="Bio-risk safeguards must not be cut to win a race.", policy_area="bio_risk"),
]


@dataclass
class World:
    app: FastAPI
    state: AppState
    organiser: OrganiserView
    dialogue: DialogueView
    statements: tuple[StatementView, ...]

    def invite(self, language: str = "en", country: str = "US", sector: str = "science") -> str:
        with self.state.database.session() as session:
            made = create_invites(
                session,
                self.dialogue.slug,
                self.organiser.id,
                [InviteRequest(country, sector, language=language)],
            )
        return made[0].token

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="https://testserver")

    def count(self, model: type, *conditions: object) -> int:
        with self.state.database.session() as session:
            query = select(func.count()).select_from(model).where(*conditions)  # type: ignore[arg-type]
            return int(session.scalar(query) or 0)


def make_world(tmp_path: Path, statements: Sequence[StatementDraft] = STATEMENTS, **spec: object) -> World:
    app = create_app(WebSettings(database_url=f"sqlite:///{tmp_path}/t.db"))
    state: AppState = app.state.tracktwo
    fields: dict[str, object] = {
        "title_en": "Red lines for frontier AI",
        "title_zh": "前沿人工智能的红线",
        "description_en": "A dialogue on safety standards.",
        "description_zh": "关于安全标准的对话。",
    }
    fields.update(spec)
    with state.database.session() as session:
        organiser = create_organiser(session, "ada@example.org", "correct horse battery staple", "Ada")
        dialogue = create_dialogue(session, organiser.id, DialogueSpec(**fields))  # type: ignore[arg-type]
        made = add_statements(session, dialogue.slug, organiser.id, statements)
    return World(app, state, organiser, dialogue, made)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = make_world(tmp_path)
    yield made
    made.state.database.dispose()


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def join(world: World, language: str = "en", accept: bool = True) -> TestClient:
    """A browser that opened its invite (and accepted the terms)."""
    client = world.client()
    token = world.invite(language)
    opened = client.post(f"/i/{token}", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/p"
    if accept:
        terms = client.get("/p")
        assert client.post("/p/terms", data={"csrf_token": csrf_of(terms.text)}).status_code == 200
    return client


def vote_form(html: str, value: str) -> dict[str, str]:
    statement, key = STATEMENT_ID.search(html), CLIENT_KEY.search(html)
    assert statement and key, "the page shows no statement card"
    return {
        "csrf_token": csrf_of(html),
        "statement": statement.group(1),
        "client_key": key.group(1),
        "vote": value,
    }


# --- the whole flow ------------------------------------------------------------------


def test_full_participant_flow_in_english(world: World) -> None:
    client = world.client()
    token = world.invite("en")
    landing = client.get(f"/i/{token}")
    assert landing.status_code == 200
    assert "Red lines for frontier AI" in landing.text
    assert "A dialogue on safety standards." in landing.text
    assert "Open the dialogue" in landing.text

    opened = client.post(f"/i/{token}", follow_redirects=False)
    assert opened.status_code == 303
    cookies = opened.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith(f"{PARTICIPANT_COOKIE}="))
    assert "HttpOnly" in session_cookie and "Secure" in session_cookie
    assert "samesite=lax" in session_cookie.lower() and "Path=/" in session_cookie
    assert any(c.startswith(f"{LANGUAGE_COOKIE}=en") for c in cookies)

    terms = client.get("/p")
    assert "Chatham House" in terms.text
    assert "at least 5 people" in terms.text
    assert "withdraw at any time" in terms.text
    page = client.post("/p/terms", data={"csrf_token": csrf_of(terms.text)})
    assert "Voted: 0 of 3" in page.text

    for number in range(3):
        assert f"Voted: {number} of 3" in page.text
        assert any(s.text_en in page.text for s in world.statements)
        page = client.post("/p/vote", data=vote_form(page.text, "agree"))
        assert page.status_code == 200
    assert "you have voted on every statement" in page.text
    assert 'href="/p/submit"' in page.text and 'href="/p/map"' in page.text
    assert world.count(VoteRow) == 3


def test_full_participant_flow_in_chinese(world: World) -> None:
    client = world.client()
    token = world.invite("zh")
    landing = client.get(f"/i/{token}")
    assert 'lang="zh-Hans"' in landing.text
    assert "前沿人工智能的红线" in landing.text and "关于安全标准的对话。" in landing.text
    assert "进入对话" in landing.text

    opened = client.post(f"/i/{token}", data={"lang": "zh"}, follow_redirects=False)
    assert any(c.startswith(f"{LANGUAGE_COOKIE}=zh") for c in opened.headers.get_list("set-cookie"))
    terms = client.get("/p")
    assert "查塔姆宫规则" in terms.text and "我同意" in terms.text
    page = client.post("/p/terms", data={"csrf_token": csrf_of(terms.text)})
    assert "已投票：0 / 3" in page.text
    assert "同意" in page.text and "不同意" in page.text

    seen_notes = set()
    for _number in range(3):
        for note in ("机器翻译", "经人工核对的译文", "暂无译文：以英文显示"):
            if note in page.text:
                seen_notes.add(note)
        if "前沿模型在发布前需要接受独立的安全评估。" in page.text:
            assert "查看英文原文" in page.text  # the other language in a <details>
        page = client.post("/p/vote", data=vote_form(page.text, "disagree"))
    assert seen_notes == {"机器翻译", "经人工核对的译文", "暂无译文：以英文显示"}
    assert "您已对所有陈述投票" in page.text

    form = client.get("/p/submit")
    assert "提出陈述" in form.text and "绝不会与您的姓名一同显示" in form.text
    done = client.post(
        "/p/submit",
        data={
            "csrf_token": csrf_of(form.text),
            "text": "应当建立红线。",
            "text_language": "zh",
            "policy_area": "general",
        },
    )
    assert "我们已收到您的陈述" in done.text and "组织者审核" in done.text
    assert "观点分布图" in client.get("/p/map").text
    assert "退出对话" in client.get("/p/withdraw").text


# --- invites -------------------------------------------------------------------------


def test_opening_the_invite_link_does_not_redeem_it(world: World) -> None:
    client = world.client()
    token = world.invite()
    for _ in range(3):
        assert client.get(f"/i/{token}").status_code == 200
    assert world.count(Participant, Participant.redeemed_at.is_not(None)) == 0
    assert PARTICIPANT_COOKIE not in client.cookies
    assert client.post(f"/i/{token}", follow_redirects=False).status_code == 303
    assert world.count(Participant, Participant.redeemed_at.is_not(None)) == 1


def test_an_invite_works_once_and_then_shows_a_friendly_page(world: World) -> None:
    token = world.invite()
    assert world.client().post(f"/i/{token}", follow_redirects=False).status_code == 303
    second = world.client().post(f"/i/{token}")
    assert second.status_code == 403
    assert "text/html" in second.headers["content-type"]
    assert "used already" in second.text and "Traceback" not in second.text
    again = world.client().get(f"/i/{token}", headers={"accept-language": "zh-CN"})
    assert again.status_code == 403 and "此邀请链接已被使用过" in again.text
    unknown = world.client().get("/i/inv_nothing_here")
    assert unknown.status_code == 404 and "not valid" in unknown.text


def test_pages_need_a_participant_session(world: World) -> None:
    client = world.client()
    for path in ("/p", "/p/submit", "/p/map", "/p/withdraw"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/"


# --- voting --------------------------------------------------------------------------


def test_form_posts_without_csrf_token_are_refused(world: World) -> None:
    client = join(world, accept=False)
    assert client.post("/p/terms", data={}).status_code == 403
    assert client.post("/p/terms", data={"csrf_token": "0" * 64}).status_code == 403
    client = join(world)
    page = client.get("/p")
    form = vote_form(page.text, "agree")
    del form["csrf_token"]
    assert client.post("/p/vote", data=form).status_code == 403
    assert client.post("/p/withdraw", data={}).status_code == 403
    assert world.count(VoteRow) == 0


def test_vote_without_javascript_redirects_to_the_next_card(world: World) -> None:
    client = join(world)
    page = client.get("/p")
    response = client.post("/p/vote", data=vote_form(page.text, "pass"), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/p"


def test_htmx_vote_returns_the_next_card_fragment(world: World) -> None:
    client = join(world)
    page = client.get("/p")
    first = STATEMENT_ID.search(page.text)
    assert first
    assert 'hx-post="/p/vote"' in page.text and 'hx-target="#vote-area"' in page.text
    fragment = client.post("/p/vote", data=vote_form(page.text, "agree"), headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<section id="vote-area"')
    assert "<html" not in fragment.text and "<header" not in fragment.text
    following = STATEMENT_ID.search(fragment.text)
    assert following and following.group(1) != first.group(1)
    assert "Voted: 1 of 3" in fragment.text
    assert "autofocus" in fragment.text
    assert fragment.headers["content-security-policy"]


def test_htmx_vote_error_is_shown_in_the_card(world: World) -> None:
    client = join(world)
    page = client.get("/p")
    form = vote_form(page.text, "maybe")
    fragment = client.post("/p/vote", data=form, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert 'role="alert"' in fragment.text and "could not be recorded" in fragment.text
    assert world.count(VoteRow) == 0


def test_re_sending_a_vote_is_idempotent(world: World) -> None:
    client = join(world)
    page = client.get("/p")
    form = vote_form(page.text, "agree")
    for _ in range(3):
        assert client.post("/p/vote", data=form, headers={"HX-Request": "true"}).status_code == 200
    assert world.count(VoteRow) == 1
    # The same key for a different vote is a conflict, shown without a traceback.
    clash = client.post("/p/vote", data={**form, "vote": "disagree"})
    assert clash.status_code == 409 and "Traceback" not in clash.text
    assert world.count(VoteRow) == 1


def test_each_card_gets_a_fresh_client_key(world: World) -> None:
    client = join(world)
    keys = {CLIENT_KEY.search(client.get("/p").text).group(1) for _ in range(3)}  # type: ignore[union-attr]
    assert len(keys) == 3


def test_votes_need_accepted_terms(world: World) -> None:
    client = join(world, accept=False)
    terms = client.get("/p")
    statement = world.statements[0].id
    response = client.post(
        "/p/vote",
        data={
            "csrf_token": csrf_of(terms.text),
            "statement": str(statement),
            "vote": "agree",
            "client_key": "k1",
        },
    )
    assert response.status_code == 403 and "privacy terms" in response.text
    assert world.count(VoteRow) == 0


def test_a_closed_dialogue_says_so(tmp_path: Path) -> None:
    from tracktwo.dialogue.services.dialogues import close_dialogue

    world = make_world(tmp_path)
    client = join(world)
    with world.state.database.session() as session:
        close_dialogue(session, world.dialogue.slug, world.organiser.id)
    page = client.get("/p")
    assert "not open for votes" in page.text
    assert 'name="vote"' not in page.text


def test_statement_text_is_escaped(tmp_path: Path) -> None:
    world = make_world(
        tmp_path, [StatementDraft(text_en='<script>alert("x")</script> <b onmouseover=1>safety</b>')]
    )
    page = join(world).get("/p")
    assert "<script>alert" not in page.text and "<b onmouseover" not in page.text
    assert "&lt;script&gt;alert(" in page.text


# --- submissions ---------------------------------------------------------------------


def test_submission_under_strict_moderation_is_pending_and_hidden(world: World) -> None:
    author = join(world)
    form = author.get("/p/submit")
    assert "The organiser reviews each statement" in form.text
    assert "never shown with your name" in form.text
    done = author.post(
        "/p/submit",
        data={
            "csrf_token": csrf_of(form.text),
            "text": "Compute thresholds need public review.",
            "text_language": "en",
            "policy_area": "lab_accountability",
        },
    )
    assert done.status_code == 200 and "will review it" in done.text
    with world.state.database.session() as session:
        pending = list_statements(session, world.dialogue.id, ("pending",))
    assert [s.text_en for s in pending] == ["Compute thresholds need public review."]
    assert pending[0].policy_area == "lab_accountability"

    other = join(world)
    page = other.get("/p")
    for _ in range(3):
        assert "Compute thresholds" not in page.text
        page = other.post("/p/vote", data=vote_form(page.text, "pass"))
    assert "Compute thresholds" not in page.text and "every statement" in page.text


def test_submission_under_loose_moderation_is_voted_on(tmp_path: Path) -> None:
    world = make_world(tmp_path, STATEMENTS[:1], moderation="loose")
    client = join(world)
    form = client.get("/p/submit")
    assert "The organiser reviews" not in form.text
    done = client.post(
        "/p/submit",
        data={
            "csrf_token": csrf_of(form.text),
            "text": "共同标准",
            "text_language": "zh",
            "policy_area": "general",
        },
    )
    assert "Others can now vote on it" in done.text
    with world.state.database.session() as session:
        accepted = list_statements(session, world.dialogue.id, ("accepted",))
    assert any(s.text_zh == "共同标准" and s.text_en == "" for s in accepted)


def test_validation_errors_keep_the_typed_text(world: World) -> None:
    client = join(world)
    form = client.get("/p/submit")
    long_text = "Safeguards & <standards> " + "x" * 400
    response = client.post(
        "/p/submit",
        data={
            "csrf_token": csrf_of(form.text),
            "text": long_text,
            "text_language": "en",
            "policy_area": "bio_risk",
        },
    )
    assert response.status_code == 422
    assert 'role="alert"' in response.text and "the limit is 400" in response.text
    assert "Safeguards &amp; &lt;standards&gt; " + "x" * 400 in response.text
    assert '<option value="bio_risk" selected>' in response.text
    empty = client.post("/p/submit", data={"csrf_token": csrf_of(form.text), "text": "   "})
    assert empty.status_code == 422 and "Write your statement first." in empty.text
    unknown_area = client.post(
        "/p/submit", data={"csrf_token": csrf_of(form.text), "text": "Keep me", "policy_area": "nope"}
    )
    assert unknown_area.status_code == 422 and "Keep me</textarea>" in unknown_area.text
    assert world.count(StatementRow, StatementRow.origin == "participant") == 0


def test_submissions_are_rate_limited_without_losing_the_text(world: World) -> None:
    client = join(world)
    token = csrf_of(client.get("/p/submit").text)
    statuses = []
    for number in range(5):
        response = client.post("/p/submit", data={"csrf_token": token, "text": f"Proposal number {number}"})
        statuses.append(response.status_code)
    assert statuses[:3] == [200, 200, 200] and 429 in statuses
    assert "Proposal number 4</textarea>" in response.text


def test_submissions_can_be_switched_off(tmp_path: Path) -> None:
    world = make_world(tmp_path, allow_submissions=False)
    client = join(world)
    assert 'href="/p/submit"' not in client.get("/p").text
    assert client.get("/p/submit").status_code == 403


# --- the opinion map -----------------------------------------------------------------


def vote_in_camps(world: World, voters: int) -> None:
    """`voters` participants in two camps that disagree on every statement."""
    with world.state.database.session() as session:
        made = create_invites(
            session,
            world.dialogue.slug,
            world.organiser.id,
            [InviteRequest("US" if n % 2 else "CN", "science") for n in range(voters)],
        )
    for number, invite in enumerate(made):
        with world.state.database.session() as session:
            participant, _token = redeem_invite(session, invite.token)
            accept_terms(session, participant.id)
            row = session.get(Participant, participant.id)
            assert row is not None
            for index, statement in enumerate(world.statements):
                value = 1 if (number % 2 == 0) == (index % 2 == 0) else -1
                cast_vote(session, row, statement.id, value)


def test_map_shows_groups_and_you_but_no_ids(tmp_path: Path) -> None:
    world = make_world(tmp_path, privacy_k=3)
    vote_in_camps(world, 12)
    client = join(world)
    page = client.get("/p")
    for _ in range(3):
        page = client.post("/p/vote", data=vote_form(page.text, "agree"))
    world.state.results.refresh(world.dialogue.id)
    shown = client.get("/p/map")
    assert shown.status_code == 200
    assert "<svg" in shown.text and shown.text.count("<circle") >= 13
    assert ">you</text>" in shown.text
    assert "Group A" in shown.text and "Group B" in shown.text
    # A point is drawn from its position and colour only: no id, title or data attribute.
    svg = shown.text[shown.text.index("<svg") : shown.text.index("</figure>")]
    attributes = set(re.findall(r"\s([a-z-]+)=", svg))
    assert attributes <= {
        "viewbox",
        "viewBox",
        "role",
        "aria-labelledby",
        "aria-hidden",
        "xmlns",
        "id",
        "x",
        "y",
        "width",
        "height",
        "fill",
        "stroke",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "fill-opacity",
        "stroke-width",
        "font-size",
        "font-weight",
        "class",
    }, attributes
    assert set(re.findall(r'\sid="([^"]+)"', svg)) == {"map-title", "map-desc"}
    assert "participant_id" not in shown.text and "data-" not in svg
    assert "style=" not in shown.text


def test_map_with_too_few_votes_says_so(world: World) -> None:
    shown = join(world).get("/p/map")
    assert shown.status_code == 200
    assert "too few votes" in shown.text and "<svg" not in shown.text


def test_map_can_be_hidden_by_the_organiser(tmp_path: Path) -> None:
    world = make_world(tmp_path, show_map=False)
    client = join(world)
    assert 'href="/p/map"' not in client.get("/p").text
    hidden = client.get("/p/map")
    assert hidden.status_code == 403 and "opinion map" in hidden.text


# --- language ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["//evil.com", "https://evil.com", "http://evil.com/p", "/\\evil.com", "javascript:alert(1)", "", "p"],
)
def test_language_switch_only_redirects_to_local_paths(world: World, target: str) -> None:
    response = world.client().get("/language/zh", params={"next": target}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert any(c.startswith(f"{LANGUAGE_COOKIE}=zh") for c in response.headers.get_list("set-cookie"))


def test_language_switch_goes_back_and_remembers_the_choice(world: World) -> None:
    client = join(world, language="en")
    response = client.get("/language/zh", params={"next": "/p?x=1"}, follow_redirects=False)
    assert response.headers["location"] == "/p?x=1"
    assert "已投票" in client.get("/p").text
    with world.state.database.session() as session:
        languages = session.scalars(select(Participant.language)).all()
    assert languages == ["zh"]
    assert world.client().get("/language/fr").status_code == 404


def test_lang_query_switches_a_single_page(world: World) -> None:
    client = join(world, language="en")
    assert "已投票" in client.get("/p", params={"lang": "zh"}).text
    assert "Voted:" in client.get("/p").text


def test_every_page_has_a_language_switch(world: World) -> None:
    client = join(world)
    for path in ("/", "/p", "/p/submit", "/p/map", "/p/withdraw", "/nowhere"):
        page = client.get(path)
        assert f'href="/language/zh?next={path}"' in page.text or 'href="/language/zh?next=' in page.text
        assert "中文" in page.text and "EN" in page.text


def test_safe_local_path() -> None:
    assert safe_local_path("/p/map") == "/p/map"
    assert safe_local_path("/i/inv_abc?lang=zh") == "/i/inv_abc?lang=zh"
    for bad in (None, "//evil.com/x", "https://evil.com", "/\\evil.com", "/p\nLocation: x", "evil.com"):
        assert safe_local_path(bad) == "/"


# --- withdrawal ----------------------------------------------------------------------


def test_withdraw_removes_votes_and_statements_and_ends_the_session(world: World) -> None:
    client = join(world, language="zh")
    page = client.get("/p")
    client.post("/p/vote", data=vote_form(page.text, "agree"))
    form = client.get("/p/submit")
    client.post("/p/submit", data={"csrf_token": csrf_of(form.text), "text": "A proposal"})
    assert world.count(VoteRow) == 1 and world.count(StatementRow, StatementRow.origin == "participant") == 1

    confirm = client.get("/p/withdraw")
    assert "退出并删除我的投票" in confirm.text
    goodbye = client.post("/p/withdraw", data={"csrf_token": csrf_of(confirm.text)})
    assert goodbye.status_code == 200 and "您已退出对话" in goodbye.text
    assert any(
        c.startswith(f'{PARTICIPANT_COOKIE}=""') or c.startswith(f"{PARTICIPANT_COOKIE}=;")
        for c in goodbye.headers.get_list("set-cookie")
    )
    assert world.count(VoteRow) == 0
    assert world.count(StatementRow, StatementRow.origin == "participant") == 0
    assert world.count(Participant, Participant.withdrawn_at.is_not(None)) == 1
    assert client.get("/p", follow_redirects=False).status_code == 303


# --- visitors and headers ------------------------------------------------------------


def test_home_page_for_visitors(world: World) -> None:
    page = world.client().get("/")
    assert page.status_code == 200
    assert "track-two" in page.text and 'href="/login"' in page.text
    assert 'href="/p"' not in page.text
    assert "二轨对话" in world.client().get("/", headers={"accept-language": "zh-CN,zh;q=0.9"}).text
    assert 'href="/p"' in join(world).get("/").text


def test_simulated_dialogues_show_a_banner(tmp_path: Path) -> None:
    world = make_world(tmp_path, simulated=True)
    client = world.client()
    token = world.invite()
    assert "Simulated dialogue" in client.get(f"/i/{token}").text
    client.post(f"/i/{token}")
    assert "Simulated dialogue" in client.get("/p").text


def test_no_page_shows_an_author_or_inline_code(world: World) -> None:
    client = join(world)
    pages = [client.get(path).text for path in ("/", "/p", "/p/submit", "/p/map", "/p/withdraw")]
    for html in pages:
        assert "style=" not in html
        assert "<script>" not in html and "onclick" not in html
        assert "ada@example.org" not in html and "Ada" not in html


def test_every_response_carries_the_content_security_policy(world: World) -> None:
    client = world.client()
    token = world.invite()
    responses = [
        client.get("/"),
        client.get(f"/i/{token}"),
        client.post(f"/i/{token}", follow_redirects=False),
        client.get("/p"),
        client.post("/p/terms", data={}),
        client.get("/language/zh", params={"next": "//evil.com"}, follow_redirects=False),
        client.get("/nowhere"),
        client.get("/static/tracktwo.css"),
    ]
    for response in responses:
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
