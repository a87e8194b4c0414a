from __future__ import annotations

import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support.shared_data import shared_data_path
from tracktwo.narrative.ingest.front_matter import (
    FrontMatterError,
    _parse_flat,
    _parse_yaml,
    split_front_matter,
)


def test_fields_and_body_start() -> None:
    text = "---\ndate: '2025-05-22'\ntitle: A Title\n---\n \nBody text.\n"
    header = split_front_matter(text)
    assert dict(header.fields) == {"date": "2025-05-22", "title": "A Title"}
    assert text[header.body_start :] == " \nBody text.\n"


def test_no_front_matter() -> None:
    header = split_front_matter("Just text.\n---\nmore")
    assert header.body_start == 0
    assert dict(header.fields) == {}


def test_a_thematic_break_is_not_front_matter() -> None:
    # Pandoc's rule: an opening '---' followed by a blank line is a horizontal rule.
    assert split_front_matter("---\n\nText after a rule.\n").body_start == 0


def test_byte_order_mark_before_the_header() -> None:
    text = "\ufeff---\ntitle: T\n---\nBody"
    header = split_front_matter(text)
    assert header.fields["title"] == "T"
    assert text[header.body_start :] == "Body"


def test_closing_with_dots_and_at_end_of_text() -> None:
    assert split_front_matter("---\ntitle: T\n...\nBody").fields["title"] == "T"
    header = split_front_matter("---\ntitle: T\n---")
    assert header.body_start == len("---\ntitle: T\n---")


def test_values_are_kept_as_written_not_typed() -> None:
    text = "---\ndate: 2025-05-22\ncount: 3\nflag: true\nempty:\n---\nx"
    assert dict(split_front_matter(text).fields) == {
        "date": "2025-05-22",
        "count": "3",
        "flag": "true",
        "empty": "",
    }


def test_lists_and_mappings_go_through_yaml_as_json() -> None:
    text = "---\ntags:\n  - ai\n  - policy\nauthor: {name: X}\n---\nx"
    fields = split_front_matter(text).fields
    assert fields["tags"] == '["ai", "policy"]'
    assert fields["author"] == '{"name": "X"}'


def test_folded_and_escaped_titles_as_in_wh_briefings() -> None:
    text = (
        "---\n"
        'title: "White\\_House Press Call by Deputy Chief of Staff Natalie Quillian, EPA Administrator\\\n'
        '  \\ Michael Regan, and a Senior Administration Official"\n'
        "other: 'Fact Sheet: President Donald J. Trump Adjusts Imports of Commercial Aircraft,\n"
        "  Jet Engines'\n"
        "---\nbody"
    )
    fields = split_front_matter(text).fields
    assert fields["title"] == (
        "White\xa0House Press Call by Deputy Chief of Staff Natalie Quillian, EPA Administrator"
        " Michael Regan, and a Senior Administration Official"
    )
    assert (
        fields["other"]
        == "Fact Sheet: President Donald J. Trump Adjusts Imports of Commercial Aircraft, Jet Engines"
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("---\ntitle: never closed\nBody\n", "never closed"),
        ("---\ntitle: Remarks: on AI\n---\nBody", "line 2"),
        ("---\ntitle: [unclosed\n---\nBody", "not valid YAML"),
        ("---\n- a list\n- not a mapping\n---\nBody", "found a YAML list"),
        ('---\ntitle: "bad \\q escape"\n---\nBody', "not valid YAML"),
    ],
)
def test_malformed_front_matter(text: str, fragment: str) -> None:
    with pytest.raises(FrontMatterError, match=fragment.replace("[", r"\[")):
        split_front_matter(text)


# Pieces of header lines, including the awkward corners of YAML's flow scalars; the
# fast parser must either agree with PyYAML or defer to it, never differ.
_KEYS = st.sampled_from(["title", "date", "source_url", "tags", "a.b", "x-y", "k 2"])
_WORDS = st.sampled_from(
    ["AI", "race", "U.S.", "China’s", "it's", "a: b", "a:b", "#tag", "x #c", "\\", "\\_", '\\"', "''",
     '"', "'", "-", "- x", "?", "2025-05-22", "10:28:33-04:00", "\\u2019", "\\x41", "\\ ", "~", "&a", "*"]
)  # fmt: skip
_VALUE_LINES = st.lists(st.lists(_WORDS, min_size=0, max_size=4).map(" ".join), min_size=1, max_size=4)


@st.composite
def _entries(draw: st.DrawFn) -> str:
    key = draw(_KEYS)
    lines = draw(_VALUE_LINES)
    quote = draw(st.sampled_from(["", "'", '"']))
    indent = draw(st.sampled_from(["  ", " "]))
    body = ("\n" + indent).join(lines)
    if draw(st.booleans()):
        body = body.replace(indent, "", 1) if "\n" in body else body
    trailing = draw(st.sampled_from(["", " ", "  # comment"]))
    return f"{key}: {quote}{body}{quote}{trailing}"


@settings(max_examples=600, deadline=None)
@given(st.lists(_entries(), min_size=1, max_size=4))
def test_fast_parser_agrees_with_yaml_or_defers(entries: list[str]) -> None:
    block = "\n".join(entries) + "\n"
    fast = _parse_flat(block)
    if fast is None:
        return
    try:
        reference = _parse_yaml(block, first_line=2)
    except FrontMatterError:
        pytest.fail(f"the fast parser accepted a header PyYAML rejects: {block!r} -> {fast!r}")
    assert fast == reference, block


@pytest.mark.shared_data
def test_fast_parser_agrees_with_yaml_on_wh_briefings() -> None:
    folder = shared_data_path("wh-briefings")
    paths = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(folder)
        for name in names
        if name.endswith(".md")
    )
    deferred = 0
    for path in random.Random(4).sample(paths, 3000):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        if not text.startswith("---\n"):
            continue
        block = text[4 : text.index("\n---\n") + 1]
        fast = _parse_flat(block)
        if fast is None:
            deferred += 1
            continue
        assert fast == _parse_yaml(block, first_line=2), path
    assert deferred == 0
