from __future__ import annotations

import pytest

from tracktwo.taxonomy.vocabulary import TaxonomyError, _parse, vocabulary


def test_codebook_frames_and_areas_are_all_there() -> None:
    v = vocabulary()
    assert v.codes("frames") == (
        "race",
        "cooperation",
        "deregulation",
        "safety",
        "mirror",
        "adversary_intent",
    )
    assert set(v.codes("policy_areas")) == {
        "safety_evaluation",
        "lab_accountability",
        "bio_risk",
        "ip",
        "general",
    }
    assert "civil_society" in v.codes("sectors") and "CN" in v.codes("countries")


def test_every_term_has_both_languages() -> None:
    v = vocabulary()
    for terms in v.terms.values():
        for term in terms:
            assert term.en and term.zh
    assert v.term("frames", "race").label("zh-CN") == "人工智能竞赛"
    assert v.term("frames", "race").label("en") == "AI race"


def test_unknown_term_names_the_known_ones() -> None:
    with pytest.raises(TaxonomyError, match="known: race"):
        vocabulary().term("frames", "arms")


def test_malformed_vocabulary_is_rejected() -> None:
    with pytest.raises(TaxonomyError, match="version"):
        _parse([1, 2])
    with pytest.raises(TaxonomyError, match="frames"):
        _parse({"version": 1})
