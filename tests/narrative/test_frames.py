"""Rule-based frames and policy areas: one behaviour per test, English and Chinese."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracktwo.narrative.frames import (
    OUT_OF_SCOPE,
    Detector,
    FrameDetection,
    UnsupportedLanguageError,
    default_detector,
    detect,
)

AI_PARAGRAPH = "Artificial intelligence will change how we work."


def frames(text: str, context: str = "", language: str = "en") -> tuple[str, ...]:
    return detect(text, context=context, language=language).frames


def assert_evidence_spans(text: str, detection: FrameDetection) -> None:
    for evidence in (*detection.evidence, *detection.negated):
        assert text[evidence.start : evidence.end] == evidence.cue


# --- race -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "We are in an AI race with China and we intend to win it.",
        "America must not cede leadership in artificial intelligence to Beijing.",
        "We cannot afford to fall behind China on semiconductors.",
        "This is our Sputnik moment for AI.",
        "The Action Plan will secure global AI dominance for the United States.",
        "Our goal is to outcompete China in the technologies of the future, from AI to quantum.",
    ],
)
def test_race_positive(sentence: str) -> None:
    assert "race" in frames(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "There is a race to the bottom on wages.",
        "Discrimination on the basis of race, color or religion is prohibited.",
        "She won the race for governor.",
        "AI can help doctors stay ahead of the cancer as it changes.",
        "Firms compete for customers in a fair market competition.",
    ],
)
def test_race_negative_even_in_ai_paragraph(sentence: str) -> None:
    assert "race" not in frames(sentence, context=AI_PARAGRAPH + " " + sentence)


def test_race_negated_is_recorded_not_given() -> None:
    sentence = "We are not in an arms race on AI, and we do not seek one."
    detection = detect(sentence)
    assert "race" not in detection.frames
    assert any(e.frame_or_area == "race" and "arms race" in e.cue for e in detection.negated)
    assert_evidence_spans(sentence, detection)


def test_negation_of_a_verb_keeps_the_race() -> None:
    # "not" governs "lose", not the race itself: the contest is affirmed.
    assert "race" in frames("We cannot lose the AI race.")
    assert "race" in frames("We will not let China win the race for AI supremacy.")


def test_leading_by_example_on_governance_is_not_race() -> None:
    sentence = "The United States is leading the world in managing the risks of AI."
    assert "race" not in frames(sentence)


def test_race_out_of_scope_without_ai() -> None:
    detection = detect("We must win the race.", context="The marathon starts at nine.")
    assert detection == OUT_OF_SCOPE
    assert not detection.in_scope


def test_scope_from_paragraph() -> None:
    sentence = "We must win this race."
    detection = detect(sentence, context="Chips and AI are the new oil. " + sentence)
    assert detection.frames == ("race",)
    assert detection.scope_from == "context"
    assert detection.scope_cue == "Chips"


# --- cooperation ------------------------------------------------------------------------


def test_cooperation_positive() -> None:
    sentence = "The United States and the United Kingdom will work together on AI safety research."
    assert "cooperation" in frames(sentence)
    assert "cooperation" in frames("Scientists from both countries agreed on red lines for AI.")


def test_cooperation_against_a_rival_is_vetoed() -> None:
    sentence = "We will work with our allies on AI standards to counter China."
    assert "cooperation" not in frames(sentence)


def test_cooperation_needs_nations_not_firms() -> None:
    assert "cooperation" not in frames("The agency will collaborate with industry on AI tools.")


def test_talks_with_china_about_ai_are_cooperation() -> None:
    assert "cooperation" in frames("President Xi and I discussed the impact of artificial intelligence.")
    assert "cooperation" in frames("We reached a deal with China on AI in Geneva.")
    # China engaged in something is no talk with China
    sentence = "The order covers PRC entities engaged in AI and quantum research."
    assert "cooperation" not in frames(sentence)


def test_nations_working_on_ai_perils_are_cooperation() -> None:
    sentence = "We work through the United Nations and directly with leaders to manage the perils of AI."
    assert "cooperation" in frames(sentence)


def test_deepened_cooperation_on_governing_ai_is_cooperation() -> None:
    # the partners are named in the paragraph; the sentence deepens the cooperation itself
    assert "cooperation" in frames("We have to deepen our cooperation to harness AI and manage its perils.")
    assert "cooperation" in frames("Our cooperation will enable trustworthy AI systems.")
    assert "cooperation" in frames("Cooperation on AI standards and tools for trustworthy AI.")
    # no governance object: joint work on AI is no cooperation frame
    assert "cooperation" not in frames("We will deepen our cooperation on AI chips and supply chains.")
    # no AI: cooperation on something else
    assert "cooperation" not in frames("We will deepen our cooperation to manage the risks of wildfires.")


# --- deregulation -----------------------------------------------------------------------


def test_deregulation_with_general_area() -> None:
    detection = detect("Burdensome regulations stifle American AI innovation.")
    assert detection.frames == ("deregulation",)
    assert detection.policy_areas == ("general",)


def test_an_order_cited_by_title_argues_nothing() -> None:
    sentence = (
        "As directed by the Executive Order on Removing Barriers to American Leadership in AI,"
        " the office sought public input."
    )
    assert frames(sentence) == ()
    assert "deregulation" in frames("The order removes barriers to American leadership in AI.")


def test_neutral_revocation_is_no_frame() -> None:
    sentence = "Executive Order 14110 of October 30, 2023 is hereby revoked."
    assert frames(sentence, context=AI_PARAGRAPH) == ()


def test_permitting_for_data_centres_is_deregulation() -> None:
    assert "deregulation" in frames("We will streamline permitting for AI data centers.")


def test_negated_burden_is_still_deregulation() -> None:
    assert "deregulation" in frames("We will not impose burdensome regulations on AI developers.")


# --- safety and policy areas -----------------------------------------------------------


def test_safety_with_evaluation_area() -> None:
    detection = detect("Frontier AI models must undergo red-teaming before deployment.")
    assert detection.frames == ("safety",)
    assert "safety_evaluation" in detection.policy_areas


@pytest.mark.parametrize(
    "sentence",
    [
        "The Administration is working with companies to advance responsible AI.",
        "We must work together in order to regulate artificial intelligence.",
    ],
)
def test_responsible_ai_and_regulating_ai_are_safety(sentence: str) -> None:
    assert "safety" in frames(sentence)


def test_responsible_alone_and_regulation_attacked_are_not_safety() -> None:
    assert "safety" not in frames("Responsible AI adoption will grow sales.")
    assert "safety" not in frames("Rules to regulate AI would crush our startups.", context=AI_PARAGRAPH)


@pytest.mark.parametrize(
    ("sentence", "area"),
    [
        ("AI could help bad actors design biological weapons.", "bio_risk"),
        ("AI developers should be held accountable for the harms their models cause.", "lab_accountability"),
        ("We must protect the rights of artists whose works train AI models.", "ip"),
    ],
)
def test_policy_areas(sentence: str, area: str) -> None:
    detection = detect(sentence)
    assert "safety" in detection.frames
    assert area in detection.policy_areas
    assert "general" not in detection.policy_areas


@pytest.mark.parametrize("sentence", ["Food safety inspections rose last year.", "Road safety matters."])
def test_non_ai_safety_is_not_safety(sentence: str) -> None:
    assert "safety" not in frames(sentence, context=AI_PARAGRAPH + " " + sentence)


def test_not_safe_is_still_safety() -> None:
    assert "safety" in frames("Without guardrails, AI systems are not safe.")


def test_areas_only_with_safety_or_deregulation() -> None:
    detection = detect("We must win the AI race, and copyright will not stop us.")
    assert "race" in detection.frames
    assert detection.policy_areas == ()


def test_chips_alone_do_not_make_a_risk_an_ai_risk() -> None:
    sentence = "These supply chain risks need addressing."
    assert "safety" not in frames(sentence, context="Semiconductor supply chains. " + sentence)


# --- mirror and adversary intent --------------------------------------------------------


def test_mirror() -> None:
    sentence = "China builds AI data centers in months while we still wait years for permits."
    assert "mirror" in frames(sentence)


def test_praise_of_china_alone_is_not_mirror() -> None:
    assert "mirror" not in frames("China builds AI data centers in months.")


def test_adversary_intent() -> None:
    detection = detect("Beijing seeks to dominate artificial intelligence by 2030.")
    assert "adversary_intent" in detection.frames


def test_unnamed_rivals_have_no_intent() -> None:
    assert "adversary_intent" not in frames("Our competitors seek to dominate AI.")


# --- quotation --------------------------------------------------------------------------


def test_quoted_cue_is_flagged_but_counts() -> None:
    sentence = "He said, “We are in an AI race and we will win it.”"
    detection = detect(sentence)
    assert "race" in detection.frames
    assert all(e.quoted for e in detection.evidence)


def test_quotation_opened_earlier_in_the_paragraph() -> None:
    sentence = "We will win the AI race."
    paragraph = "“This matters. " + sentence + "” said the senator."
    detection = detect(sentence, context=paragraph)
    assert detection.evidence and all(e.quoted for e in detection.evidence)
    assert not any(e.quoted for e in detect(sentence).evidence)


# --- Chinese ----------------------------------------------------------------------------


def test_chinese_race() -> None:
    assert "race" in frames("我们要抢占人工智能发展制高点。", language="zh")


def test_chinese_negation() -> None:
    detection = detect("我们不搞人工智能军备竞赛。", language="zh")
    assert "race" not in detection.frames
    assert detection.negated


def test_chinese_traditional_keeps_offsets() -> None:
    sentence = "搶佔人工智慧發展的制高點。"
    detection = detect(sentence, language="zh-Hant")
    assert detection.frames == ("race",)
    assert_evidence_spans(sentence, detection)
    assert detection.evidence[0].cue == "制高點"


def test_chinese_safety_and_its_exclusions() -> None:
    assert "safety" in frames("加强人工智能安全监管。", language="zh")
    assert "safety" not in frames(
        "加强网络安全和数据安全。", context="发展人工智能。加强网络安全和数据安全。", language="zh"
    )


def test_chinese_skills_contest_is_not_race() -> None:
    assert "race" not in frames(
        "举办职业技能竞赛。", context="发展人工智能。举办职业技能竞赛。", language="zh"
    )


@pytest.mark.parametrize(
    ("sentence", "frame"),
    [
        ("推动全球人工智能治理合作。", "cooperation"),
        ("对人工智能新业态实行包容审慎监管。", "deregulation"),
        ("美国企图遏制我国人工智能发展。", "adversary_intent"),
    ],
)
def test_chinese_frames(sentence: str, frame: str) -> None:
    assert frame in frames(sentence, language="zh")


def test_chinese_competitiveness_is_not_race() -> None:
    assert "race" not in frames("增强芯片产业国际竞争力。", language="zh")


# --- values and API ---------------------------------------------------------------------


def test_detection_is_frozen_and_pickles() -> None:
    detection = detect("We must win the AI race.")
    with pytest.raises(FrozenInstanceError):
        detection.frames = ()  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(detection)) == detection


def test_detector_pickles_for_process_pools() -> None:
    again = pickle.loads(pickle.dumps(default_detector()))
    assert again.detect("We must win the AI race.") == detect("We must win the AI race.")


def test_unsupported_language() -> None:
    with pytest.raises(UnsupportedLanguageError, match="'fr'"):
        detect("La course à l'IA.", language="fr")


def test_detect_many_equals_detect() -> None:
    paragraph_1 = "We must win the AI race. Burdensome rules stifle innovation. The weather is fine."
    paragraph_2 = "The marathon is a race. Food safety matters."
    sentences = [
        ("We must win the AI race.", paragraph_1),
        ("Burdensome rules stifle innovation.", paragraph_1),
        ("The weather is fine.", paragraph_1),
        ("The marathon is a race.", paragraph_2),
        ("Food safety matters.", paragraph_2),
        ("Frontier AI models need testing.", ""),
        ("No AI here? Sure.", ""),
    ]
    detector = default_detector()
    batch = detector.detect_many([s for s, _ in sentences], [p for _, p in sentences])
    assert batch == tuple(detector.detect(s, context=p) for s, p in sentences)
    mixed = detector.detect_many(
        ["我们要抢占人工智能制高点。", "We must win the AI race."], languages=["zh", "en"]
    )
    assert mixed[0].frames == ("race",) and mixed[1].frames == ("race",)


def test_detect_many_checks_lengths() -> None:
    with pytest.raises(ValueError, match="contexts"):
        default_detector().detect_many(["a", "b"], ["c"])


PHRASES = [
    "We must win the AI race",
    "this is not an arms race",
    "burdensome regulations",
    "red-teaming of frontier models",
    "work together with our allies on AI safety",
    "China aims to dominate AI",
    "“quoted words”",
    "food safety",
    "a race to the bottom",
    "抢占人工智能制高点",
    "不搞军备竞赛",
    " ",
    ", ",
    "\n    ",
    ".",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=8), st.sampled_from(["en", "zh"]))
def test_evidence_offsets_point_at_the_cue(parts: list[str], language: str) -> None:
    text = "".join(parts)
    detection = Detector.detect(default_detector(), text, language=language)
    assert_evidence_spans(text, detection)
    for evidence in detection.evidence:
        assert evidence.frame_or_area in (*detection.frames, *detection.policy_areas)
