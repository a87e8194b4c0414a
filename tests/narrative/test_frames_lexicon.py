"""The lexicon data files: loading, checking, and errors that name the file to fix."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from tracktwo.narrative.errors import LexiconError
from tracktwo.narrative.frames import Detector, load_lexicon
from tracktwo.narrative.frames.atoms import AtomIndex, requirement, satisfied
from tracktwo.narrative.language import to_simplified
from tracktwo.taxonomy.vocabulary import vocabulary

DATA = Path(str(resources.files("tracktwo.narrative.frames").joinpath("data")))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "lexicon"
    shutil.copytree(DATA, target)
    return target


def test_packaged_lexicon_covers_every_frame_and_area_in_both_languages() -> None:
    lexicon = load_lexicon()
    areas = tuple(a for a in vocabulary().codes("policy_areas") if a != "general")
    for language in ("en", "zh"):
        lang = lexicon.language(language)
        assert tuple(f.code for f in lang.frames) == vocabulary().codes("frames")
        assert tuple(a.code for a in lang.areas) == areas
        assert all(f.rules for f in lang.frames), language
        assert lang.scope.rules


def test_edited_copy_loads(data_copy: Path) -> None:
    path = data_copy / "frame-race.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("- id: sputnik", "- id: sputnik-moment"), "utf-8"
    )
    detector = Detector.from_directory(data_copy)
    assert detector.detect("A Sputnik moment for AI.").evidence[0].rule == "sputnik-moment"


def test_malformed_yaml_names_the_file(data_copy: Path) -> None:
    (data_copy / "frame-race.yaml").write_text(
        "version: 1\nkind: frame\ncode: race\nen: [unclosed\n", "utf-8"
    )
    with pytest.raises(LexiconError, match=r"frame-race\.yaml: not valid YAML"):
        load_lexicon(data_copy)


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "frame-safety.yaml",
            "code: safety",
            "code: safeness",
            r"frame-safety\.yaml: unknown frame 'safeness'",
        ),
        (
            "frame-race.yaml",
            "pattern: '\\bsputnik\\b'",
            "pattern: '{nosuch}'",
            r"frame-race\.yaml.*unknown macro",
        ),
        (
            "frame-race.yaml",
            "pattern: '\\bsputnik\\b'",
            "pattern: '(sputnik'",
            r"frame-race\.yaml.*sputnik.*invalid",
        ),
        ("frame-race.yaml", "- id: sputnik", "- id: zero-sum", r"frame-race\.yaml.*'zero-sum'.*duplicate"),
        ("frame-race.yaml", "- id: sputnik", "- idd: sputnik", r"frame-race\.yaml.*unknown key"),
        ("frame-race.yaml", "version: 1", "version: 2", r"frame-race\.yaml: expected `version: 1`"),
        ("scope.yaml", "pattern: '{ai}'", "pattern: '(?<!x)AI'", r"scope\.yaml.*RE2"),
        (
            "frame-safety.yaml",
            "scope: [ai-acronym, ai-words]",
            "scope: [nope]",
            r"frame-safety\.yaml.*'nope'",
        ),
        ("area-ip.yaml", "code: ip", "code: general", r"area-ip\.yaml.*needs no file"),
    ],
)
def test_malformed_content_names_the_file(
    data_copy: Path, file: str, old: str, new: str, message: str
) -> None:
    path = data_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        Detector.from_directory(data_copy)


def test_missing_required_file(data_copy: Path) -> None:
    (data_copy / "negation.yaml").unlink()
    with pytest.raises(LexiconError, match=r"negation\.yaml: file missing"):
        load_lexicon(data_copy)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="lexicon directory not found"):
        load_lexicon(tmp_path / "absent")


# --- atoms: the prefilter must never rule out a real match -------------------------------


def test_requirement_of_a_sequence_is_a_conjunction() -> None:
    need = requirement(r"\bwin\s+the\s+(?:AI\s+)?race\b")
    assert need is not None
    assert frozenset({"race"}) in need and frozenset({"win"}) in need
    assert satisfied(need, {"win", "the", "race"})
    assert not satisfied(need, {"race"})


def test_requirement_unknown_for_bare_classes() -> None:
    assert requirement(r"\w+\s+\d+") is None
    assert satisfied(None, set())


def test_atom_index_finds_overlapping_atoms() -> None:
    index = AtomIndex(["race", "embrace", "ace", "brace"])
    assert index.present("they embrace it") == frozenset({"race", "embrace", "ace", "brace"})
    assert index.present("nothing") == frozenset()


def test_every_rule_match_satisfies_its_atoms() -> None:
    detector = Detector()
    samples = [
        "We must win the AI race against China, and we cannot fall behind.",
        "Burdensome regulations and red tape stifle AI innovation; we will streamline permitting.",
        "The United States and the UK will work together on AI safety, with common standards.",
        "China builds data centers in months while we still wait years for permits.",
        "Beijing seeks to dominate AI; the PRC has exploited U.S. investments to develop AI.",
        "Red-teaming and testing of frontier models protect Americans from bioweapons and deepfakes.",
        "我们不搞人工智能军备竞赛，抢占制高点，加强人工智能安全监管，推动全球人工智能治理。",
    ]
    for language in ("en", "zh"):
        lang = detector._languages[language]
        for rule_set in (*lang.frames, *lang.areas):
            for pattern, need in zip(rule_set.patterns, rule_set.needs, strict=True):
                for text in samples:
                    if pattern.search(text):
                        present = lang.atom_index.present(text.lower())
                        assert satisfied(need, present), (rule_set.code, pattern.pattern[:60], text)


# --- Chinese conversion ------------------------------------------------------------------


def test_to_simplified_keeps_length_and_offsets() -> None:
    text = "人工智慧競賽與晶片"
    simplified = to_simplified(text)
    assert len(simplified) == len(text)
    assert simplified.startswith("人工智慧竞赛")
    assert to_simplified("人工智能") == "人工智能"  # nothing to convert: returned as is
