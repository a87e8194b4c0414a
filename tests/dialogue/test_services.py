"""The dialogue services on a real store (SQLite and PostgreSQL): organisers, dialogues,
statements, invites and participants, votes, and the audit log."""

from __future__ import annotations

import base64
import csv
import io
import json
import threading
import unicodedata
from dataclasses import fields
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from store_builder import PASSWORD, Builder, Member

from support.shared_data import shared_data_path
from tracktwo.dialogue.errors import Conflict, Forbidden, InvalidInput, NotFound
from tracktwo.dialogue.services.audit import audit_log
from tracktwo.dialogue.services.dialogues import (
    close_dialogue,
    dialogue_by_id,
    get_dialogue,
    list_dialogues,
    reopen_dialogue,
)
from tracktwo.dialogue.services.invites import (
    InviteRequest,
    accept_terms,
    create_invites,
    invites_csv,
    list_invites,
    participant_for_session,
    participant_row_for_session,
    redeem_invite,
    set_language,
    withdraw,
)
from tracktwo.dialogue.services.organisers import (
    authenticate,
    create_organiser,
    issue_api_token,
    organiser_for_token,
    revoke_api_tokens,
)
from tracktwo.dialogue.services.statements import (
    MAX_IMPORT_ROWS,
    StatementDraft,
    add_statements,
    drafts_from_csv,
    drafts_from_polis_comments,
    edit_statement,
    list_statements,
    moderate_statement,
    submit_statement,
)
from tracktwo.dialogue.services.voting import cast_vote, vote_count, voted_statements
from tracktwo.dialogue.store.database import Database
from tracktwo.dialogue.store.schema import ApiToken, Base, Organiser, Participant, StatementRow, VoteRow
from tracktwo.dialogue.tokens import token_digest
from tracktwo.dialogue.views import DialogueView, OrganiserView, StatementView

URL_SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _all_stored_text(database: Database) -> str:
    """Every value of every row of every table, as one string (to look for secrets)."""
    parts = []
    with database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)


def _actions(database: Database, dialogue_id: int | None = None) -> list[str]:
    with database.session() as session:
        return [event.action for event in reversed(audit_log(session, dialogue_id))]


def _vote(database: Database, member: Member, statement_id: int, value: int | str, key: str | None = None):  # type: ignore[no-untyped-def]
    with database.session() as session:
        row = session.get(Participant, member.id)
        assert row is not None
        return cast_vote(session, row, statement_id, value, key)


def _vote_rows(database: Database, **where: int) -> int:
    with database.session() as session:
        query = select(func.count(VoteRow.id))
        for column, value in where.items():
            query = query.where(getattr(VoteRow, column) == value)
        return int(session.scalar(query) or 0)


# --- organisers ---------------------------------------------------------------------------


def test_create_organiser(database: Database) -> None:
    with database.session() as session:
        made = create_organiser(session, "  Ada@Example.ORG ", PASSWORD, "Ada L.")
    assert made.email == "ada@example.org"
    assert made.display_name == "Ada L."
    assert "organiser.create" in _actions(database)


def test_display_name_defaults_to_the_mailbox(database: Database) -> None:
    with database.session() as session:
        assert create_organiser(session, "grace@example.org", PASSWORD).display_name == "grace"


def test_duplicate_email_is_a_conflict_whatever_the_case(database: Database) -> None:
    with database.session() as session:
        create_organiser(session, "ada@example.org", PASSWORD)
    with pytest.raises(Conflict, match="exists already"), database.session() as session:
        create_organiser(session, "ADA@example.Org", PASSWORD)


@pytest.mark.parametrize("password", ["", "short", "123456789", "x" * 1025])
def test_weak_or_huge_password_is_invalid(database: Database, password: str) -> None:
    with pytest.raises(InvalidInput, match="password"), database.session() as session:
        create_organiser(session, "ada@example.org", password)
    with database.session() as session:
        assert session.scalar(select(func.count(Organiser.id))) == 0


@pytest.mark.parametrize("email", ["", "ada", "ada@", "@example.org", "ada@example", "a b@example.org"])
def test_bad_email_is_invalid(database: Database, email: str) -> None:
    with pytest.raises(InvalidInput), database.session() as session:
        create_organiser(session, email, PASSWORD)


def test_authenticate(database: Database) -> None:
    with database.session() as session:
        made = create_organiser(session, "ada@example.org", PASSWORD)
    with database.session() as session:
        assert authenticate(session, "ADA@example.org", PASSWORD) == made
    messages = []
    for email, password in [
        ("ada@example.org", PASSWORD + "!"),
        ("ada@example.org", ""),
        ("nobody@example.org", PASSWORD),
        ("not an email", PASSWORD),
        ("ada@example.org", "x" * 5000),
    ]:
        with pytest.raises(Forbidden) as caught, database.session() as session:
            authenticate(session, email, password)
        messages.append(str(caught.value))
    assert set(messages) == {"wrong email or password"}


def test_password_is_stored_as_an_argon2_hash(database: Database) -> None:
    with database.session() as session:
        create_organiser(session, "ada@example.org", PASSWORD)
    with database.session() as session:
        stored = session.scalars(select(Organiser.password_hash)).one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in _all_stored_text(database)


def test_api_tokens(database: Database) -> None:
    with database.session() as session:
        ada = create_organiser(session, "ada@example.org", PASSWORD)
        grace = create_organiser(session, "grace@example.org", PASSWORD)
    with database.session() as session:
        first = issue_api_token(session, ada.id, "laptop")
        second = issue_api_token(session, ada.id, "ci")
        other = issue_api_token(session, grace.id)
    assert first.startswith("tto_") and first != second
    with database.session() as session:
        assert organiser_for_token(session, first) == ada
        assert organiser_for_token(session, second) == ada
        assert organiser_for_token(session, other) == grace
        assert organiser_for_token(session, "tto_nonsense") is None
        assert organiser_for_token(session, first[4:]) is None  # without its prefix
        assert organiser_for_token(session, first + "x" * 100) is None
        hashes = set(session.scalars(select(ApiToken.token_hash)))
    assert hashes == {token_digest(first), token_digest(second), token_digest(other)}
    stored = _all_stored_text(database)
    assert first not in stored and second not in stored
    with database.session() as session:
        assert revoke_api_tokens(session, ada.id) == 2
    with database.session() as session:
        assert organiser_for_token(session, first) is None
        assert organiser_for_token(session, second) is None
        assert organiser_for_token(session, other) == grace
        assert revoke_api_tokens(session, ada.id) == 0
    assert {"token.issue", "token.revoke_all"} <= set(_actions(database))


# --- dialogues -----------------------------------------------------------------------------


def test_create_dialogue(build: Builder, database: Database) -> None:
    ada = build.organiser()
    made = build.dialogue(
        ada,
        description_en="Line one\nline two",
        countries=("US", "CN", "UK"),
        sectors=("science", "policy"),
        privacy_k=7,
        moderation="loose",
    )
    assert len(made.slug) == 12
    assert made.countries == ("US", "CN", "UK")
    assert made.sectors == ("science", "policy")
    assert made.privacy_k == 7 and made.moderation == "loose"
    assert made.description_en == "Line one\nline two"
    assert made.is_open(datetime.now(UTC))
    with database.session() as session:
        assert get_dialogue(session, made.slug, ada.id) == made
        assert get_dialogue(session, made.slug) == made
        assert dialogue_by_id(session, made.id) == made
        assert list_dialogues(session, ada.id) == (made,)
    assert _actions(database, made.id) == ["dialogue.create"]


def test_slugs_are_unique(build: Builder) -> None:
    ada = build.organiser()
    assert len({build.dialogue(ada).slug for _ in range(10)}) == 10


NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"privacy_k": 1}, "privacy threshold"),
        ({"privacy_k": 0}, "privacy threshold"),
        ({"privacy_k": 101}, "privacy threshold"),
        ({"countries": ("US", "CN", "US")}, "repeats"),
        ({"sectors": ("science", "science")}, "repeats"),
        ({"countries": ()}, "at least one country"),
        ({"sectors": ()}, "at least one sector"),
        ({"countries": tuple(f"C{i}" for i in range(21))}, "at most 20"),
        ({"countries": ("US", "C,N")}, "commas"),
        ({"countries": ("US", "")}, "empty"),
        ({"sectors": ("x" * 41,)}, "limit is 40"),
        ({"opens_at": NOW, "closes_at": NOW - timedelta(hours=1)}, "close after it opens"),
        ({"opens_at": NOW, "closes_at": NOW}, "close after it opens"),
        ({"opens_at": datetime(2030, 1, 1)}, "time zone"),
        ({"closes_at": datetime(2030, 1, 1)}, "time zone"),
        ({"title_en": ""}, "English title is empty"),
        ({"title_en": "   "}, "English title is empty"),
        ({"title_zh": ""}, "Chinese title is empty"),
        ({"title_en": "x" * 201}, "limit is 200"),
        ({"title_zh": "长" * 201}, "limit is 200"),
        ({"title_en": "Red\x00lines"}, "control character"),
        ({"title_en": "Red\nlines"}, "control character"),
        ({"title_zh": "红\x1b线"}, "control character"),
        ({"description_en": "x" * 4001}, "limit is 4000"),
        ({"description_zh": "bell\x07"}, "control character"),
        ({"moderation": "none"}, "moderation"),
    ],
)
def test_dialogue_validation(
    build: Builder, database: Database, changes: dict[str, object], fragment: str
) -> None:
    ada = build.organiser()
    with pytest.raises(InvalidInput, match=fragment):
        build.dialogue(ada, **changes)
    with database.session() as session:
        assert list_dialogues(session, ada.id) == ()


def test_is_open_follows_the_opening_and_closing_times(build: Builder) -> None:
    ada = build.organiser()
    made = build.dialogue(ada, opens_at=NOW, closes_at=NOW + timedelta(days=7))
    assert made.opens_at == NOW and made.closes_at == NOW + timedelta(days=7)
    assert not made.is_open(NOW - timedelta(seconds=1))
    assert made.is_open(NOW)
    assert made.is_open(NOW + timedelta(days=3))
    assert not made.is_open(NOW + timedelta(days=7))
    assert not made.is_open(NOW + timedelta(days=8))
    always = build.dialogue(ada)
    assert always.is_open(NOW) and always.is_open(datetime(1990, 1, 1, tzinfo=UTC))


def test_close_and_reopen_are_audited(build: Builder, database: Database) -> None:
    ada = build.organiser()
    made = build.dialogue(ada)
    with database.session() as session:
        closed = close_dialogue(session, made.slug, ada.id)
        assert closed.closed_at is not None
        assert not closed.is_open(datetime.now(UTC))
        close_dialogue(session, made.slug, ada.id)  # closing again changes nothing
    with database.session() as session:
        reopened = reopen_dialogue(session, made.slug, ada.id)
        assert reopened.closed_at is None and reopened.is_open(datetime.now(UTC))
        reopen_dialogue(session, made.slug, ada.id)
    assert _actions(database, made.id) == ["dialogue.create", "dialogue.close", "dialogue.reopen"]
    with database.session() as session:
        events = audit_log(session, made.id)
    assert all(event.organiser_id == ada.id and event.dialogue_id == made.id for event in events)
    assert all(isinstance(json.loads(event.detail), dict) for event in events)


def test_an_organiser_cannot_reach_another_organisers_dialogue(build: Builder, database: Database) -> None:
    ada = build.organiser("ada@example.org")
    grace = build.organiser("grace@example.org")
    made = build.dialogue(ada)
    statement = build.statements(ada, made, ["A statement"])[0]
    attempts = [
        lambda s: get_dialogue(s, made.slug, grace.id),
        lambda s: close_dialogue(s, made.slug, grace.id),
        lambda s: reopen_dialogue(s, made.slug, grace.id),
        lambda s: add_statements(s, made.slug, grace.id, [StatementDraft(text_en="Sneaky")]),
        lambda s: moderate_statement(s, made.slug, grace.id, statement.id, "rejected"),
        lambda s: edit_statement(s, made.slug, grace.id, statement.id, StatementDraft(text_en="Edited")),
        lambda s: create_invites(s, made.slug, grace.id, [InviteRequest("US", "science")]),
        lambda s: list_invites(s, made.slug, grace.id),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound, match="no dialogue"), database.session() as session:
            attempt(session)
    with database.session() as session:
        assert list_dialogues(session, grace.id) == ()
        assert get_dialogue(session, made.slug, ada.id).closed_at is None
        assert list_statements(session, made.id)[0].text_en == "A statement"
    with pytest.raises(NotFound), database.session() as session:
        get_dialogue(session, "no-such-slug")
    with pytest.raises(NotFound), database.session() as session:
        dialogue_by_id(session, 9999)


# --- statements -----------------------------------------------------------------------------


def _setup(build: Builder, **changes: object) -> tuple[OrganiserView, DialogueView]:
    ada = build.organiser()
    return ada, build.dialogue(ada, **changes)


def test_add_statements(build: Builder, database: Database) -> None:
    ada, made = _setup(build)
    with database.session() as session:
        added = add_statements(
            session,
            made.slug,
            ada.id,
            [
                StatementDraft(text_en="  Labs must publish evaluations.  ", policy_area="safety_evaluation"),
                StatementDraft(text_zh="实验室应公开评估。"),
                StatementDraft(text_en="Both", text_zh="两者", translation_zh="machine", is_meta=True),
            ],
            origin="library",
            library_ids=["lib-1", None, "lib-3"],
        )
    first, second, third = added
    assert first.text_en == "Labs must publish evaluations."
    assert (first.translation_en, first.translation_zh) == ("original", "missing")
    assert (second.translation_en, second.translation_zh) == ("missing", "original")
    assert third.translation_zh == "machine" and third.is_meta
    assert {item.state for item in added} == {"accepted"}
    assert {item.origin for item in added} == {"library"}
    assert [item.library_id for item in added] == ["lib-1", None, "lib-3"]
    assert second.text("en") == "实验室应公开评估。"  # falls back to the language it has
    with database.session() as session:
        assert list_statements(session, made.id) == added
    assert _actions(database, made.id)[-1] == "statement.add"


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        (StatementDraft(), "needs a text"),
        (StatementDraft(text_en="   ", text_zh=" "), "needs a text"),
        (StatementDraft(text_en="x" * 401), "limit is 400"),
        (StatementDraft(text_en="tab\there"), "control character"),
        (StatementDraft(text_en="ok", policy_area="weather"), "policy area"),
        (StatementDraft(text_en="ok", translation_en="guessed"), "translation state"),
    ],
)
def test_statement_validation(
    build: Builder, database: Database, draft: StatementDraft, fragment: str
) -> None:
    ada, made = _setup(build)
    good = StatementDraft(text_en="Fine")
    with pytest.raises(InvalidInput, match=f"statement 2: .*{fragment}"), database.session() as session:
        add_statements(session, made.slug, ada.id, [good, draft])
    with database.session() as session:
        assert list_statements(session, made.id) == ()


def test_html_is_stored_verbatim_as_text(build: Builder, database: Database) -> None:
    ada, made = _setup(build, moderation="loose")
    markup = "<script>alert('x')</script> & <b>bold</b>"
    build.statements(ada, made, [markup])
    member = build.members(ada, made, [("US", "science")])[0]
    with database.session() as session:
        submitted = submit_statement(
            session, member.id, StatementDraft(text_en="<img src=x onerror=alert(1)>")
        )
    with database.session() as session:
        texts = [item.text_en for item in list_statements(session, made.id)]
    assert texts == [markup, "<img src=x onerror=alert(1)>"]
    assert submitted.text_en == "<img src=x onerror=alert(1)>"


GOOD_CSV = (
    "text_en,text_zh,policy_area,translation_zh,is_meta\n"
    '"Labs must publish, before release, their evaluations.",'
    "实验室须公开评估。,safety_evaluation,human_verified,\n"
    "Bio-risk screening for synthesis orders.,,bio_risk,,\n"
    ",只有中文。,,,yes\n"
)


def test_csv_import(build: Builder, database: Database) -> None:
    ada, made = _setup(build)
    drafts = drafts_from_csv(("\ufeff" + GOOD_CSV).encode("utf-8"))
    assert len(drafts) == 3
    assert drafts[0].text_en == "Labs must publish, before release, their evaluations."
    assert drafts[2].is_meta and not drafts[1].is_meta
    with database.session() as session:
        added = add_statements(session, made.slug, ada.id, drafts, origin="import")
    assert [item.policy_area for item in added] == ["safety_evaluation", "bio_risk", "general"]
    assert added[0].translation_zh == "human_verified"
    assert added[1].translation_zh == "missing"
    assert added[2].text_en == "" and added[2].text_zh == "只有中文。"
    assert drafts_from_csv(GOOD_CSV) == drafts  # str and bytes read the same


def test_csv_keeps_formula_like_text_as_plain_text(build: Builder, database: Database) -> None:
    ada, made = _setup(build)
    formulas = ['=HYPERLINK("http://evil.example","click")', "+1+2", "-3", "@SUM(A1)"]
    body = "text_en\n" + "".join(f'"{text.replace(chr(34), chr(34) * 2)}"\n' for text in formulas)
    with database.session() as session:
        add_statements(session, made.slug, ada.id, drafts_from_csv(body.encode()))
    with database.session() as session:
        assert [item.text_en for item in list_statements(session, made.id)] == formulas


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("text,area\nHello,general\n", "needs a header with a text_en or text_zh column"),
        ("", "needs a header"),
        ("text_en\n", "has no statements"),
        ("text_en,text_zh\nGood one,\n\n  ,  \n", "line 4: a statement needs a text"),
        ("text_en\nGood one\nAlso good\n" + "x" * 401 + "\n", "line 4: .*limit is 400"),
        ('text_en\n"Two\nlines"\n', "line 3: .*control character \\(U\\+000A\\)"),
        ('text_en,policy_area\nok,"general\n"\nbad\x01,general\n', "line 4: .*control character"),
        ("text_en,policy_area\nGood,general\nBad,weather\n", "line 3: .*policy area"),
        ("text_en\nGood\nToo,many\n", "line 3: more fields than the header"),
    ],
)
def test_csv_errors_name_the_line(body: str, fragment: str) -> None:
    with pytest.raises(InvalidInput, match=fragment):
        drafts_from_csv(body.encode("utf-8"))


def test_csv_that_is_not_utf8() -> None:
    with pytest.raises(InvalidInput, match="not UTF-8"):
        drafts_from_csv("text_en\nCafé crème\n".encode("latin-1"))
    with pytest.raises(InvalidInput, match="not UTF-8"):
        drafts_from_csv("text_zh\n人工智能\n".encode("gb18030"))


def test_csv_row_and_size_limits() -> None:
    rows = "".join(f"Statement {i}\n" for i in range(MAX_IMPORT_ROWS))
    assert len(drafts_from_csv(("text_en\n" + rows).encode())) == MAX_IMPORT_ROWS
    with pytest.raises(InvalidInput, match=f"more than {MAX_IMPORT_ROWS}"):
        drafts_from_csv(("text_en\n" + rows + "One too many\n").encode())
    with pytest.raises(InvalidInput, match="larger than 2 MB"):
        drafts_from_csv(b"text_en\n" + b"x" * 2_000_001)


POLIS_COMMENTS = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    "1,Mon,0,1,3,1,1,Kept because accepted\n"
    "2,Mon,1,2,0,5,-1,Dropped by the moderator\n"
    '3,Mon,2,3,1,1,0,"Unmoderated, kept"\n'
)


def test_polis_comments_import(build: Builder, database: Database) -> None:
    ada, made = _setup(build)
    drafts = drafts_from_polis_comments(POLIS_COMMENTS.encode())
    assert [draft.text_en for draft in drafts] == ["Kept because accepted", "Unmoderated, kept"]
    zh = drafts_from_polis_comments(POLIS_COMMENTS, language="zh")
    assert [draft.text_zh for draft in zh] == ["Kept because accepted", "Unmoderated, kept"]
    assert {draft.text_en for draft in zh} == {""}
    with database.session() as session:
        added = add_statements(session, made.slug, ada.id, drafts, origin="import")
    assert [item.origin for item in added] == ["import", "import"]


def test_polis_comment_line_breaks_become_spaces() -> None:
    body = POLIS_COMMENTS.splitlines()[0] + '\n4,Mon,3,4,0,0,0,"First line\r\n  second line\nthird"\n'
    assert [draft.text_en for draft in drafts_from_polis_comments(body)] == ["First line second line third"]


def test_polis_comments_errors() -> None:
    with pytest.raises(InvalidInput, match="no comment-body"):
        drafts_from_polis_comments(b"text_en\nHello\n")
    only_moderated_out = POLIS_COMMENTS.splitlines()[0] + "\n2,Mon,1,2,0,5,-1,Gone\n"
    with pytest.raises(InvalidInput, match="no statements to import"):
        drafts_from_polis_comments(only_moderated_out)
    with pytest.raises(InvalidInput, match="not UTF-8"):
        drafts_from_polis_comments(POLIS_COMMENTS.encode() + "café\n".encode("latin-1"))


@pytest.mark.shared_data
@pytest.mark.parametrize("conversation", ["15-per-hour-seattle", "brexit-consensus", "vtaiwan.uberx"])
def test_real_polis_comments_import(build: Builder, database: Database, conversation: str) -> None:
    path = shared_data_path("polis-open", conversation, "comments.csv")
    data = path.read_bytes()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    kept = [row["comment-body"] for row in rows if row["moderated"].strip() != "-1"]
    drafts = drafts_from_polis_comments(data)
    ada, made = _setup(build)
    with database.session() as session:
        add_statements(session, made.slug, ada.id, drafts, origin="import")
    with database.session() as session:
        stored = [item.text_en for item in list_statements(session, made.id)]
    assert len(stored) == len(kept) > 0
    # Line breaks inside a comment become single spaces; the words are unchanged.
    for text, body in zip(stored, kept, strict=True):
        assert "\n" not in text and "\r" not in text
        assert text.split() == unicodedata.normalize("NFC", body).split()


def test_submission_under_strict_and_loose_moderation(build: Builder, database: Database) -> None:
    ada = build.organiser()
    strict = build.dialogue(ada)
    loose = build.dialogue(ada, moderation="loose")
    in_strict = build.members(ada, strict, [("US", "science")])[0]
    in_loose = build.members(ada, loose, [("CN", "policy")])[0]
    draft = StatementDraft(text_en="A new idea", translation_en="human_verified", is_meta=True)
    with database.session() as session:
        pending = submit_statement(session, in_strict.id, draft)
        accepted = submit_statement(session, in_loose.id, draft)
    assert pending.state == "pending" and accepted.state == "accepted"
    assert pending.origin == "participant"
    # A participant cannot claim a verified translation or a meta statement.
    assert pending.translation_en == "original" and not pending.is_meta
    # Views never carry the author (Chatham House); the store keeps it for withdrawal only.
    assert "author" not in {field.name for field in fields(StatementView)}
    with database.session() as session:
        assert session.get(StatementRow, pending.id).author_participant_id == in_strict.id  # type: ignore[union-attr]
        assert list_statements(session, strict.id, ("accepted",)) == ()
        assert list_statements(session, strict.id, ("pending",)) == (pending,)


def test_submission_refused_when_disallowed_or_closed(build: Builder, database: Database) -> None:
    ada = build.organiser()
    no_submissions = build.dialogue(ada, allow_submissions=False)
    later = build.dialogue(ada, opens_at=datetime.now(UTC) + timedelta(days=1))
    closed = build.dialogue(ada)
    members = [build.members(ada, made, [("US", "science")])[0] for made in (no_submissions, later, closed)]
    with database.session() as session:
        close_dialogue(session, closed.slug, ada.id)
    draft = StatementDraft(text_en="Let me in")
    for member, fragment in zip(members, ["does not take statements", "not open", "not open"], strict=True):
        with pytest.raises(Forbidden, match=fragment), database.session() as session:
            submit_statement(session, member.id, draft)
    with pytest.raises(NotFound), database.session() as session:
        submit_statement(session, 9999, draft)
    open_one = build.members(ada, build.dialogue(ada), [("US", "science")])[0]
    with pytest.raises(InvalidInput), database.session() as session:
        submit_statement(session, open_one.id, StatementDraft(text_en=""))
    with database.session() as session:
        assert session.scalar(select(func.count(StatementRow.id))) == 0


def test_moderation(build: Builder, database: Database) -> None:
    ada, made = _setup(build)
    other = build.dialogue(ada)
    foreign = build.statements(ada, other, ["Elsewhere"])[0]
    member = build.members(ada, made, [("US", "science")])[0]
    with database.session() as session:
        pending = submit_statement(session, member.id, StatementDraft(text_en="Please accept"))
    with database.session() as session:
        accepted = moderate_statement(session, made.slug, ada.id, pending.id, "accepted")
        assert accepted.state == "accepted"
        moderate_statement(session, made.slug, ada.id, pending.id, "accepted")  # no change, no event
    with database.session() as session:
        assert moderate_statement(session, made.slug, ada.id, pending.id, "rejected").state == "rejected"
    with pytest.raises(InvalidInput, match="moderation state"), database.session() as session:
        moderate_statement(session, made.slug, ada.id, pending.id, "deleted")
    with pytest.raises(NotFound), database.session() as session:
        moderate_statement(session, made.slug, ada.id, foreign.id, "rejected")
    with pytest.raises(NotFound), database.session() as session:
        moderate_statement(session, made.slug, ada.id, 9999, "rejected")
    assert _actions(database, made.id).count("statement.moderate") == 2
    with database.session() as session:
        event = audit_log(session, made.id)[0]
    assert json.loads(event.detail) == {"after": "rejected", "before": "accepted", "statement": pending.id}


def test_edit_statement(build: Builder, database: Database) -> None:
    ada, made = _setup(build)
    other = build.dialogue(ada)
    original = build.statements(ada, made, ["Labs should test models"])[0]
    foreign = build.statements(ada, other, ["Elsewhere"])[0]
    fixed = StatementDraft(
        text_en="Labs should test frontier models",
        text_zh="实验室应测试前沿模型",
        translation_zh="human_verified",
        policy_area="safety_evaluation",
    )
    with database.session() as session:
        edited = edit_statement(session, made.slug, ada.id, original.id, fixed)
    assert edited.id == original.id and edited.state == "accepted"
    assert edited.text_zh == "实验室应测试前沿模型" and edited.translation_zh == "human_verified"
    assert edited.policy_area == "safety_evaluation"
    with pytest.raises(InvalidInput), database.session() as session:
        edit_statement(session, made.slug, ada.id, original.id, StatementDraft())
    with pytest.raises(NotFound), database.session() as session:
        edit_statement(session, made.slug, ada.id, foreign.id, fixed)
    with database.session() as session:
        assert list_statements(session, made.id) == (edited,)
    assert _actions(database, made.id)[-1] == "statement.edit"


# --- invites and participants ---------------------------------------------------------------


def test_invites_validate_their_strata(build: Builder, database: Database) -> None:
    ada, made = _setup(build, countries=("US", "CN"), sectors=("science", "policy"))
    bad = [
        ([InviteRequest("UK", "science")], "country 'UK' is not one of US, CN"),
        ([InviteRequest("US", "science"), InviteRequest("US", "press")], "invite 2: sector 'press'"),
        ([InviteRequest("us", "science")], "country 'us'"),
        ([InviteRequest("US", "science", language="fr")], "language"),
        ([InviteRequest("US", "science", note="x" * 201)], "limit is 200"),
        ([InviteRequest("US", "science", note="a\x00b")], "control character"),
        ([], "at least one invite"),
    ]
    for requests, fragment in bad:
        with pytest.raises(InvalidInput, match=fragment), database.session() as session:
            create_invites(session, made.slug, ada.id, requests)
    with database.session() as session:
        assert list_invites(session, made.slug, ada.id) == ()


def test_invite_tokens_are_unique_long_and_stored_as_digests(build: Builder, database: Database) -> None:
    ada, made = _setup(build)
    with database.session() as session:
        invites = create_invites(
            session,
            made.slug,
            ada.id,
            [InviteRequest("US", "science", note=f"person {i}") for i in range(60)],
        )
    tokens = [invite.token for invite in invites]
    assert len(set(tokens)) == len(tokens)
    for token in tokens:
        assert token.startswith("inv_")
        secret = token[len("inv_") :]
        assert set(secret) <= URL_SAFE
        assert len(base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))) * 8 >= 128
    with database.session() as session:
        hashes = dict(session.execute(select(Participant.id, Participant.invite_hash)).all())
    assert {invite.participant_id: token_digest(invite.token) for invite in invites} == hashes
    stored = _all_stored_text(database)
    assert not any(token in stored or token[4:] in stored for token in tokens)
    # The organiser's later view of the invites has no token.
    with database.session() as session:
        listed = list_invites(session, made.slug, ada.id)
    assert [item.note for item in listed] == [f"person {i}" for i in range(60)]
    assert not any(token in repr(listed) for token in tokens)
    assert {(item.redeemed, item.withdrawn) for item in listed} == {(False, False)}


def test_invites_csv_has_links_and_defuses_formulas(build: Builder, database: Database) -> None:
    ada, made = _setup(build, countries=("US", "=CN"), sectors=("science", "@policy"))
    notes = ["Ada", '=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "plain = text"]
    with database.session() as session:
        invites = create_invites(
            session,
            made.slug,
            ada.id,
            [InviteRequest("=CN" if i % 2 else "US", "@policy", note=note) for i, note in enumerate(notes)],
        )
    text = invites_csv(invites, "https://dialogue.example.org/")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["participant", "country", "sector", "note", "link"]
    assert len(rows) == len(invites) + 1
    for row, invite in zip(rows[1:], invites, strict=True):
        assert row[0] == str(invite.participant_id)
        assert row[4] == f"https://dialogue.example.org/i/{invite.token}"
        assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row)
    assert [row[3] for row in rows[1:]] == [
        "Ada",
        '\'=HYPERLINK("http://evil")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "plain = text",
    ]


def test_redeem_once(build: Builder, database: Database) -> None:
    ada, made = _setup(build)
    with database.session() as session:
        request = InviteRequest("CN", "academia", language="zh")
        invite = create_invites(session, made.slug, ada.id, [request])[0]
    with database.session() as session:
        participant, session_token = redeem_invite(session, invite.token)
    assert session_token.startswith("ses_") and session_token != invite.token
    assert (participant.country, participant.sector, participant.language) == ("CN", "academia", "zh")
    assert not participant.accepted_terms and not participant.withdrawn
    with pytest.raises(Forbidden, match="used already"), database.session() as session:
        redeem_invite(session, invite.token)
    for bogus in ["inv_nope", "", invite.token[4:], invite.token + "x", "inv_" + "a" * 200]:
        with pytest.raises(NotFound, match="not valid"), database.session() as session:
            redeem_invite(session, bogus)
    assert session_token not in _all_stored_text(database)
    with database.session() as session:
        assert list_invites(session, made.slug, ada.id)[0].redeemed


def test_session_lookup_terms_and_language(build: Builder, database: Database) -> None:
    ada, made = _setup(build)
    member = build.members(ada, made, [("US", "science")], accept=False)[0]
    with database.session() as session:
        found = participant_for_session(session, member.session_token)
        assert found is not None and found.id == member.id and not found.accepted_terms
        assert participant_for_session(session, "ses_nope") is None
        assert participant_for_session(session, member.session_token[4:]) is None
        assert participant_for_session(session, "ses_" + "a" * 200) is None
        assert participant_row_for_session(session, member.session_token).id == member.id  # type: ignore[union-attr]
    with database.session() as session:
        assert accept_terms(session, member.id).accepted_terms
    with database.session() as session:
        first = session.get(Participant, member.id).accepted_terms_at  # type: ignore[union-attr]
        accept_terms(session, member.id)  # accepting again keeps the first moment
        assert session.get(Participant, member.id).accepted_terms_at == first  # type: ignore[union-attr]
    with database.session() as session:
        assert set_language(session, member.id, "zh").language == "zh"
    with pytest.raises(InvalidInput, match="language"), database.session() as session:
        set_language(session, member.id, "fr")
    with database.session() as session:
        assert participant_for_session(session, member.session_token).language == "zh"  # type: ignore[union-attr]
    with pytest.raises(NotFound), database.session() as session:
        accept_terms(session, 9999)


def test_withdraw_removes_votes_statements_and_the_session(build: Builder, database: Database) -> None:
    ada, made = _setup(build, moderation="loose")
    seeds = build.statements(ada, made, ["First", "Second"])
    leaver, stayer = build.members(ada, made, [("US", "science"), ("CN", "policy")])
    with database.session() as session:
        own = submit_statement(session, leaver.id, StatementDraft(text_en="Mine"))
        own_pending_dialogue = own.dialogue_id
    for statement in (*seeds, own):
        _vote(database, leaver, statement.id, 1)
        _vote(database, stayer, statement.id, -1)
    _vote(database, leaver, seeds[0].id, -1)  # a changed vote: two rows
    assert _vote_rows(database) == 7

    with database.session() as session:
        assert withdraw(session, leaver.id) == made.id == own_pending_dialogue

    assert _vote_rows(database, participant_id=leaver.id) == 0
    assert _vote_rows(database, statement_id=own.id) == 0
    assert _vote_rows(database, participant_id=stayer.id) == 2  # on the two seeds
    with database.session() as session:
        assert [item.id for item in list_statements(session, made.id)] == [item.id for item in seeds]
        assert participant_for_session(session, leaver.session_token) is None
        assert participant_for_session(session, stayer.session_token) is not None
        row = session.get(Participant, leaver.id)
        assert row is not None and row.withdrawn_at is not None and row.session_hash is None
        assert voted_statements(session, stayer.id) == {seeds[0].id: -1, seeds[1].id: -1}
        assert list_invites(session, made.slug, ada.id)[0].withdrawn
    with pytest.raises(Conflict, match="withdrawn"), database.session() as session:
        withdraw(session, leaver.id)
    with pytest.raises(Conflict), database.session() as session:
        accept_terms(session, leaver.id)
    with pytest.raises(Forbidden, match="withdrawn"):
        _vote(database, leaver, seeds[1].id, 1)
    with pytest.raises(NotFound), database.session() as session:
        submit_statement(session, leaver.id, StatementDraft(text_en="Back again"))
    with database.session() as session:
        event = audit_log(session, made.id)[0]
    assert event.action == "participant.withdraw" and event.organiser_id is None
    assert "US" not in event.detail and "science" not in event.detail


def test_a_withdrawn_participants_invite_cannot_be_redeemed(build: Builder, database: Database) -> None:
    ada, made = _setup(build)
    with database.session() as session:
        invite = create_invites(session, made.slug, ada.id, [InviteRequest("US", "science")])[0]
    with database.session() as session:
        withdraw(session, invite.participant_id)
    with pytest.raises(Forbidden, match="withdrawn"), database.session() as session:
        redeem_invite(session, invite.token)


# --- voting --------------------------------------------------------------------------------


@pytest.fixture
def voting(build: Builder) -> tuple[OrganiserView, DialogueView, tuple[StatementView, ...], Member]:
    ada, made = _setup(build)
    statements = build.statements(ada, made, ["One", "Two", "Three"])
    member = build.members(ada, made, [("US", "science")])[0]
    return ada, made, statements, member


Voting = tuple[OrganiserView, DialogueView, tuple[StatementView, ...], Member]


def test_terms_are_required_before_voting(build: Builder, database: Database, voting: Voting) -> None:
    ada, made, statements, _ = voting
    newcomer = build.members(ada, made, [("CN", "science")], accept=False)[0]
    with pytest.raises(Forbidden, match="privacy terms"):
        _vote(database, newcomer, statements[0].id, 1)
    assert _vote_rows(database) == 0


def test_closed_or_not_yet_open_dialogue_refuses_votes(
    build: Builder, database: Database, voting: Voting
) -> None:
    ada, made, statements, member = voting
    with database.session() as session:
        close_dialogue(session, made.slug, ada.id)
    with pytest.raises(Forbidden, match="not open"):
        _vote(database, member, statements[0].id, 1)
    later = build.dialogue(ada, opens_at=datetime.now(UTC) + timedelta(hours=1))
    waiting_statement = build.statements(ada, later, ["Soon"])[0]
    early = build.members(ada, later, [("US", "science")])[0]
    with pytest.raises(Forbidden, match="not open"):
        _vote(database, early, waiting_statement.id, 1)
    assert _vote_rows(database) == 0
    with database.session() as session:
        reopen_dialogue(session, made.slug, ada.id)
    assert not _vote(database, member, statements[0].id, 1).repeated


def test_only_accepted_statements_of_the_dialogue_take_votes(
    build: Builder, database: Database, voting: Voting
) -> None:
    ada, made, statements, member = voting
    other = build.dialogue(ada)
    foreign = build.statements(ada, other, ["Elsewhere"])[0]
    with database.session() as session:
        pending = submit_statement(session, member.id, StatementDraft(text_en="Pending"))
        rejected = submit_statement(session, member.id, StatementDraft(text_en="Rejected"))
    with database.session() as session:
        moderate_statement(session, made.slug, ada.id, rejected.id, "rejected")
        moderate_statement(session, made.slug, ada.id, statements[2].id, "rejected")
    for statement_id in (pending.id, rejected.id, foreign.id, statements[2].id, 999_999):
        with pytest.raises(NotFound, match="no statement"):
            _vote(database, member, statement_id, 1)
    assert _vote_rows(database) == 0


@pytest.mark.parametrize("value", ["maybe", "Agree", 2, -2, True, 1.0, None])
def test_bad_vote_values(database: Database, voting: Voting, value: object) -> None:
    _, _, statements, member = voting
    with pytest.raises(InvalidInput, match="vote must be"):
        _vote(database, member, statements[0].id, value)  # type: ignore[arg-type]


@pytest.mark.parametrize("key", ["", "k" * 65])
def test_bad_client_keys(database: Database, voting: Voting, key: str) -> None:
    _, _, statements, member = voting
    with pytest.raises(InvalidInput, match="idempotency key"):
        _vote(database, member, statements[0].id, 1, key)


def test_votes_are_append_only(database: Database, voting: Voting) -> None:
    _, made, statements, member = voting
    first = _vote(database, member, statements[0].id, "agree")
    second = _vote(database, member, statements[0].id, "disagree")
    third = _vote(database, member, statements[0].id, 1)
    _vote(database, member, statements[1].id, "pass")
    assert (first.value, second.value, third.value) == (1, -1, 1)
    assert first.vote_id < second.vote_id < third.vote_id
    assert not any(receipt.repeated for receipt in (first, second, third))
    assert _vote_rows(database, statement_id=statements[0].id) == 3
    with database.session() as session:
        assert voted_statements(session, member.id) == {statements[0].id: 1, statements[1].id: 0}
        assert vote_count(session, made.id) == 4
        values = session.scalars(
            select(VoteRow.value).where(VoteRow.statement_id == statements[0].id).order_by(VoteRow.id)
        ).all()
    assert values == [1, -1, 1]


def test_same_client_key_twice_is_one_row(database: Database, voting: Voting) -> None:
    _, _, statements, member = voting
    first = _vote(database, member, statements[0].id, 1, "key-1")
    again = _vote(database, member, statements[0].id, "agree", "key-1")
    assert not first.repeated and again.repeated
    assert again.vote_id == first.vote_id and again.value == 1
    assert _vote_rows(database) == 1


def test_same_client_key_for_another_vote_is_a_conflict(database: Database, voting: Voting) -> None:
    _, _, statements, member = voting
    _vote(database, member, statements[0].id, 1, "key-1")
    with pytest.raises(Conflict, match="idempotency key"):
        _vote(database, member, statements[0].id, -1, "key-1")
    with pytest.raises(Conflict, match="idempotency key"):
        _vote(database, member, statements[1].id, 1, "key-1")
    assert _vote_rows(database) == 1


def test_client_keys_belong_to_one_participant(build: Builder, database: Database, voting: Voting) -> None:
    ada, made, statements, member = voting
    other = build.members(ada, made, [("CN", "science")])[0]
    _vote(database, member, statements[0].id, 1, "shared-key")
    receipt = _vote(database, other, statements[0].id, -1, "shared-key")
    assert not receipt.repeated
    assert _vote_rows(database) == 2


def test_same_value_resent_without_a_key_adds_nothing(database: Database, voting: Voting) -> None:
    _, _, statements, member = voting
    first = _vote(database, member, statements[0].id, -1)
    again = _vote(database, member, statements[0].id, "disagree")
    assert again.repeated and again.vote_id == first.vote_id
    assert _vote_rows(database) == 1
    changed = _vote(database, member, statements[0].id, 0, "new-key")
    assert not changed.repeated
    assert _vote_rows(database) == 2


def test_concurrent_resends_with_one_key_make_one_row(database: Database, voting: Voting) -> None:
    _, _, statements, member = voting
    receipts: list[object] = []
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def send() -> None:
        start.wait()
        try:
            receipts.append(_vote(database, member, statements[0].id, 1, "burst"))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len({receipt.vote_id for receipt in receipts}) == 1  # type: ignore[attr-defined]
    assert _vote_rows(database) == 1


def test_a_vote_rolls_back_with_its_transaction(database: Database, voting: Voting) -> None:
    _, _, statements, member = voting
    with pytest.raises(RuntimeError), database.session() as session:
        row = session.get(Participant, member.id)
        assert row is not None
        cast_vote(session, row, statements[0].id, 1, "rolled-back")
        raise RuntimeError("the request failed after the vote")
    assert _vote_rows(database) == 0


def test_voted_statements_is_per_participant(build: Builder, database: Database, voting: Voting) -> None:
    ada, made, statements, member = voting
    other = build.members(ada, made, [("CN", "policy")])[0]
    with database.session() as session:
        assert voted_statements(session, member.id) == {}
    _vote(database, member, statements[0].id, 1)
    _vote(database, member, statements[1].id, -1)
    _vote(database, other, statements[0].id, -1)
    with database.session() as session:
        assert voted_statements(session, member.id) == {statements[0].id: 1, statements[1].id: -1}
        assert voted_statements(session, other.id) == {statements[0].id: -1}
