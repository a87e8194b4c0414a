"""Who a speaker as printed is: title holders by date, registry names, honorific labels."""

from __future__ import annotations

import datetime as dt

import pytest

from tracktwo.narrative.actors import build_registry, load_registry
from tracktwo.narrative.actors.people import (
    PersonResolver,
    TitleHolders,
    TitleTerm,
    parse_title_holders,
    person_resolver,
)
from tracktwo.narrative.actors.registry import Actor
from tracktwo.narrative.documents import Document
from tracktwo.narrative.errors import LexiconError
from tracktwo.narrative.frames import default_detector
from tracktwo.narrative.pipeline import analyze_document
from tracktwo.narrative.tables import tables_of


@pytest.fixture(scope="module")
def people() -> PersonResolver:
    return PersonResolver(load_registry())


@pytest.mark.parametrize(
    ("speaker", "country", "date", "person"),
    [
        ("THE PRESIDENT", "US", "2023-05-01", "Joe Biden"),
        ("THE PRESIDENT", "US", "2025-01-19", "Joe Biden"),
        ("THE PRESIDENT", "US", "2025-01-20", "Donald Trump"),
        ("THE PRESIDENT", "US", "2019-07-04", "Donald Trump"),
        ("THE VICE PRESIDENT", "US", "2022-03-01", "Kamala Harris"),
        ("THE FIRST LADY", "US", "2025-09-01", "Melania Trump"),
        ("THE PRESIDENT", "US", None, None),  # undated: no way to tell which president
        ("THE PRESIDENT", "FR", "2023-05-01", None),  # no French holders listed
        ("President Biden", "US", None, "Joe Biden"),  # a registry alias
        ("MR. SULLIVAN", "US", "2023-01-01", "Jake Sullivan"),  # the one registered Sullivan
        ("The White House", "US", None, None),  # an organisation is no person
        ("Q", "unknown", None, None),
    ],
)
def test_person_of_a_speaker_as_printed(
    people: PersonResolver, speaker: str, country: str, date: str | None, person: str | None
) -> None:
    assert people.person(speaker, country, date) == person


def test_an_honorific_label_with_an_ambiguous_surname_names_nobody() -> None:
    registry = build_registry(
        (
            Actor("Ann Smith", "person", "government", "US"),
            Actor("Bob Smith", "person", "industry", "US"),
        ),
        ("test",),
    )
    assert PersonResolver(registry, TitleHolders({})).person("MS. SMITH", "US", None) is None


def test_title_terms_end_the_day_the_successor_takes_office() -> None:
    term = TitleTerm("A", dt.date(2021, 1, 20), dt.date(2025, 1, 20))
    assert term.covers(dt.date(2021, 1, 20)) and term.covers(dt.date(2025, 1, 19))
    assert not term.covers(dt.date(2025, 1, 20))


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"version": 2},
        {"version": 1, "US": ["President"]},
        {"version": 1, "US": {"President": [{"from": "2021-01-20"}]}},
        {"version": 1, "US": {"President": [{"name": "A", "from": "yesterday"}]}},
    ],
)
def test_malformed_title_holders_name_the_file(data: object) -> None:
    with pytest.raises(LexiconError, match=r"holders\.yaml"):
        parse_title_holders(data, "holders.yaml")


# The publisher makes the President's country known: a label alone names no country.
_WHITE_HOUSE = "https://www.whitehouse.gov/briefings/remarks/"


def _briefing(date: str) -> Document:
    text = (
        f"---\ntitle: Remarks\ndate: {date}\nsource_url: {_WHITE_HOUSE}\n---\n\n"
        "THE PRESIDENT:  We will lead the world in artificial intelligence.\n\n"
        "Q    Mr. President, will you meet President Xi?\n\n"
        "THE PRESIDENT:  I said, “We will talk about AI.”  He said it too.\n"
    )
    return Document(source=f"{date}.md", text=text, body_start=text.index("THE"), date=date, url=_WHITE_HOUSE)


@pytest.mark.parametrize(("date", "person"), [("2023-05-01", "Joe Biden"), ("2025-03-01", "Donald Trump")])
def test_the_tables_name_the_person_behind_a_transcript_label(date: str, person: str) -> None:
    analysis = analyze_document(_briefing(date), default_detector(), load_registry())
    tables = tables_of([analysis])
    turns = [q for q in tables.quotes.to_pylist() if q["speaker"] == "THE PRESIDENT"]
    assert turns and all(q["person"] == person for q in turns)
    reporter = [q for q in tables.quotes.to_pylist() if q["speaker"] == "Q"]
    assert reporter and all(q["person"] is None for q in reporter)
    lead = next(s for s in tables.sentences.to_pylist() if s["text"].startswith("We will lead"))
    assert (lead["speaker"], lead["person"]) == ("THE PRESIDENT", person)


def test_one_resolver_serves_every_document_of_a_registry() -> None:
    registry = load_registry()
    assert person_resolver(registry) is person_resolver(registry)


@pytest.mark.parametrize(
    ("speaker", "date", "person"),
    [
        ("Speaker Ryan", "2017-05-01", "Paul Ryan"),
        ("Speaker Ryan", "2020-05-01", None),  # Pelosi held the chair then (Ryan is in no registry)
        ("First Lady Jill Biden", "2022-05-01", "Jill Biden"),
        ("Second Gentleman Emhoff", "2022-05-01", "Doug Emhoff"),
    ],
)
def test_a_title_and_the_surname_of_its_holder_name_the_holder(
    people: PersonResolver, speaker: str, date: str, person: str | None
) -> None:
    assert people.person(speaker, "US", date) == person


@pytest.mark.parametrize("label", ["THE PRESIDENT", "The President", "the President"])
def test_a_title_label_in_any_case_names_the_holder(label: str) -> None:
    resolver = person_resolver(load_registry())
    assert resolver.person(label, "US", "2022-05-03") == "Joe Biden"
    assert resolver.person("The White House", "US", "2022-05-03") is None  # no title, no person
