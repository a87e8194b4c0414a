"""The draft joint statement of a track-two dialogue, as one frozen value.

A dialogue ends in a text both delegations can take home: what held across every
reported country and sector (common ground, grouped by policy area), what is still open
(cruxes) and how both were found. This module turns a `ConsensusModel` and the bilingual
statement texts into that value; the Markdown, HTML and PDF renderers only format it, so
all three say the same thing and none of them can reach past the privacy rules.

Privacy (DESIGN.md): only strata the engine reports (at least k participants) ever
enter the value, so a renderer cannot show a suppressed stratum even by mistake. The
overall agreement of a statement is an "everyone" figure; when everyone minus the
reported strata of an attribute is a group of 1 to k - 1 people, publishing both would
reveal that group's votes by subtraction, so the overall figures are withheld then.

Translations are marked as what they are ("machine", "human_verified", ...): a joint
statement signed in two languages must not pass a machine translation off as agreed
wording.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, get_args

import numpy as np

from tracktwo.consensus.common_ground import CommonGroundStatement
from tracktwo.consensus.cruxes import CruxTest
from tracktwo.consensus.model import ConsensusModel
from tracktwo.consensus.strata import EVERYONE
from tracktwo.taxonomy.vocabulary import Kind, TaxonomyError, vocabulary

TranslationState = Literal["original", "human_verified", "machine", "missing"]
TRANSLATION_STATES: tuple[str, ...] = get_args(TranslationState)
Language = Literal["both", "en", "zh"]
LANGUAGES: tuple[str, ...] = get_args(Language)
# The order of the sections: the three safeguards the race story targets first.
POLICY_AREAS: tuple[str, ...] = ("safety_evaluation", "lab_accountability", "bio_risk", "ip", "general")
FALLBACK_POLICY_AREA = "general"

# Stratum attributes whose values are vocabulary terms, so they get proper labels.
_ATTRIBUTE_KINDS: Mapping[str, Kind] = MappingProxyType({"country": "countries", "sector": "sectors"})

# Fixed wording of the documents, shared by every renderer so they read alike.
UI_TEXT: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "draft": ("Draft joint statement", "联合声明草案"),
        "simulated": (
            "SIMULATED: the votes come from a seeded model, not from real people.",
            "模拟数据：投票由带种子的模型生成，并非真实人士的意见。",
        ),
        "common_ground": ("Common ground", "共识"),
        "no_common_ground": (
            "No statement reached common ground across every reported stratum.",
            "没有任何陈述在所有报告的群体中达成共识。",
        ),
        "cruxes": ("Open questions (cruxes)", "分歧（待解决的问题）"),
        "no_cruxes": ("No statement divides the reported strata.", "没有陈述在报告的群体之间存在显著分歧。"),
        "methods": ("Methods", "方法说明"),
        "counts": ("Participation", "参与情况"),
        "participants": ("Participants", "参与者"),
        "voters": ("Voters", "投票者"),
        "statements": ("Statements", "陈述"),
        "votes": ("Votes", "投票数"),
        "k": ("Smallest reported stratum (k)", "最小报告群体规模（k）"),
        "generated_at": ("Generated", "生成时间"),
        "overall": ("Overall agreement", "总体赞同率"),
        "overall_withheld": ("withheld (see methods)", "不予公布（见方法说明）"),
        "stratum": ("Stratum", "群体"),
        "agree": ("Agree (votes)", "赞同率（票数）"),
        "interval": ("Interval", "区间"),
        "divided_by": ("Differs by", "分歧维度"),
        "q_value": ("q-value", "q 值"),
        "highest": ("most agreeing", "赞同最多"),
        "lowest": ("least agreeing", "赞同最少"),
        "votes_seen": ("votes", "票"),
        "text_missing": ("[English text missing]", "［中文文本缺失］"),
        "translation_original": ("original text", "原文"),
        "translation_human_verified": ("human-verified translation", "经人工核对的译文"),
        "translation_machine": ("machine translation", "机器翻译"),
        "translation_missing": ("translation missing", "译文缺失"),
    }
)
_ATTRIBUTE_NAMES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {"country": ("Country", "国家"), "sector": ("Sector", "领域")}
)


class JointStatementError(ValueError):
    """Input that cannot make a joint statement: an unknown translation state, policy
    area or language."""


def ui(key: str, language: str) -> str:
    """The fixed wording `key` in "en" or "zh"."""
    en, zh = UI_TEXT[key]
    return zh if language == "zh" else en


def check_language(language: str) -> Language:
    """`language` itself when it is one of "both", "en", "zh"; a JointStatementError otherwise."""
    if language == "both":
        return "both"
    if language == "en":
        return "en"
    if language == "zh":
        return "zh"
    raise JointStatementError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")


@dataclass(frozen=True)
class StatementText:
    """A statement's wording in both languages and where each wording comes from."""

    id: str
    text_en: str
    text_zh: str
    translation_en: str  # "original" | "human_verified" | "machine" | "missing"
    translation_zh: str
    policy_area: str  # safety_evaluation | lab_accountability | bio_risk | ip | general

    def __post_init__(self) -> None:
        for name, state in (("translation_en", self.translation_en), ("translation_zh", self.translation_zh)):
            if state not in TRANSLATION_STATES:
                raise JointStatementError(
                    f"statement {self.id!r}: {name} is {state!r}; use one of {', '.join(TRANSLATION_STATES)}"
                )
        if self.policy_area not in POLICY_AREAS:
            raise JointStatementError(
                f"statement {self.id!r}: policy area {self.policy_area!r} is unknown; "
                f"use one of {', '.join(POLICY_AREAS)}"
            )

    def text(self, language: str) -> str:
        return self.text_zh if language == "zh" else self.text_en

    def translation(self, language: str) -> str:
        return self.translation_zh if language == "zh" else self.translation_en


@dataclass(frozen=True)
class StratumName:
    """A reported stratum: the engine's label ("country=US") and readable names."""

    label: str
    attribute: str
    en: str
    zh: str

    def name(self, language: str) -> str:
        return self.zh if language == "zh" else self.en


@dataclass(frozen=True)
class StratumSupportLine:
    """Agreement of one reported stratum with one common-ground statement."""

    stratum: StratumName
    n_participants: int
    seen: int
    agree_rate: float
    lower: float
    upper: float


@dataclass(frozen=True)
class OverallAgreement:
    """Agreement among everyone who voted on a statement (passes count as not agreeing)."""

    agrees: int
    seen: int
    rate: float


@dataclass(frozen=True)
class CommonGroundItem:
    """A statement held across every reported stratum; `overall` is None when withheld."""

    text: StatementText
    overall: OverallAgreement | None
    min_lower: float
    weakest: StratumName
    support: tuple[StratumSupportLine, ...]


@dataclass(frozen=True)
class PolicySection:
    policy_area: str
    title_en: str
    title_zh: str
    items: tuple[CommonGroundItem, ...]

    def title(self, language: str) -> str:
        return self.title_zh if language == "zh" else self.title_en


@dataclass(frozen=True)
class StratumRate:
    stratum: StratumName
    seen: int
    rate: float


@dataclass(frozen=True)
class CruxDivision:
    """How the strata of one attribute differ on a statement."""

    attribute: str
    attribute_en: str
    attribute_zh: str
    most_agreeing: StratumName
    most_rate: float
    least_agreeing: StratumName
    least_rate: float
    rates: tuple[StratumRate, ...]
    q_value: float
    effect: float

    def attribute_name(self, language: str) -> str:
        return self.attribute_zh if language == "zh" else self.attribute_en


@dataclass(frozen=True)
class OpenCrux:
    """A statement the strata disagree on, with every attribute that divides them."""

    text: StatementText
    divisions: tuple[CruxDivision, ...]


@dataclass(frozen=True)
class Counts:
    n_participants: int
    n_voters: int
    n_statements: int
    n_votes: int
    n_common_ground: int
    n_cruxes: int


@dataclass(frozen=True)
class MethodsNote:
    """The same paragraphs in English and Chinese."""

    en: tuple[str, ...]
    zh: tuple[str, ...]

    def paragraphs(self, language: str) -> tuple[str, ...]:
        return self.zh if language == "zh" else self.en


@dataclass(frozen=True)
class JointStatement:
    """Everything a draft joint statement shows; renderers add wording and layout only."""

    title_en: str
    title_zh: str
    generated_at: str
    simulated: bool
    k: int
    confidence: float
    threshold: float
    min_votes: int
    crux_q: float
    interval: str
    sections: tuple[PolicySection, ...]
    cruxes: tuple[OpenCrux, ...]
    counts: Counts
    overall_withheld: bool
    methods: MethodsNote

    def title(self, language: str) -> str:
        return self.title_zh if language == "zh" else self.title_en


def format_percent(value: float) -> str:
    """0.853 -> "85%"; NaN -> "–"."""
    return "–" if math.isnan(value) else f"{100 * value:.0f}%"


def format_interval(lower: float, upper: float) -> str:
    """(0.72, 0.93) -> "72–93%"."""
    return f"{100 * lower:.0f}–{100 * upper:.0f}%"


def format_q(q: float) -> str:
    return "< 0.001" if q < 0.001 else f"{q:.3f}"


def _value_term(attribute: str, value: str) -> tuple[str, str]:
    kind = _ATTRIBUTE_KINDS.get(attribute)
    if kind is not None:
        try:
            term = vocabulary().term(kind, value)
            return term.en, term.zh
        except TaxonomyError:
            # Dialogues may name a country by its English label ("China") rather than its code.
            for term in vocabulary().terms[kind]:
                if term.en.casefold() == value.casefold():
                    return term.en, term.zh
    readable = value.replace("_", " ")
    return readable, readable


def _attribute_names(attribute: str) -> tuple[str, str]:
    return _ATTRIBUTE_NAMES.get(attribute, (attribute, attribute))


def stratum_name(label: str) -> StratumName:
    """Readable names of an engine label: "country=US" -> "Country: United States" / "国家：美国"."""
    parts_en, parts_zh, attributes = [], [], []
    for part in label.split(" & "):
        attribute, _, value = part.partition("=")
        attr_en, attr_zh = _attribute_names(attribute)
        value_en, value_zh = _value_term(attribute, value)
        parts_en.append(f"{attr_en}: {value_en}")
        parts_zh.append(f"{attr_zh}：{value_zh}")
        attributes.append(attribute)
    return StratumName(
        label=label, attribute=" x ".join(attributes), en=" & ".join(parts_en), zh="，".join(parts_zh)
    )


def _statement_texts(model: ConsensusModel, texts: Mapping[str, StatementText]) -> list[StatementText]:
    result = []
    for statement in model.conversation.statements:
        given = texts.get(statement.id)
        if given is None:
            given = StatementText(
                id=statement.id,
                text_en=statement.text,
                text_zh=statement.text_zh,
                translation_en="original" if statement.text else "missing",
                translation_zh="original" if statement.text_zh else "missing",
                policy_area=FALLBACK_POLICY_AREA,
            )
        result.append(given)
    return result


def _overall(model: ConsensusModel) -> list[OverallAgreement]:
    conversation = model.conversation
    n = conversation.n_statements
    index = np.asarray(conversation.statement, dtype=np.int64)
    seen = np.bincount(index, minlength=n)
    agrees = np.bincount(index[np.asarray(conversation.value) == 1], minlength=n)
    return [
        OverallAgreement(agrees=int(a), seen=int(s), rate=float(a / s) if s else math.nan)
        for a, s in zip(agrees.tolist(), seen.tolist(), strict=True)
    ]


def _overall_withheld(model: ConsensusModel) -> bool:
    """True when everyone minus the reported strata of a shown attribute is 1 to k - 1 people."""
    if model.strata is None:
        return False
    shown: set[tuple[str, ...]] = set()
    if model.common_ground is not None:
        shown.update(model.common_ground.attribute_sets)
    if model.cruxes is not None:
        shown.update(model.cruxes.attribute_sets)
    return any(EVERYONE in t.differencing_risk for t in model.strata.tables if t.attributes in shown)


def _item(
    entry: CommonGroundStatement, text: StatementText, overall: OverallAgreement | None
) -> CommonGroundItem:
    return CommonGroundItem(
        text=text,
        overall=overall,
        min_lower=entry.min_lower,
        weakest=stratum_name(entry.weakest_stratum),
        support=tuple(
            StratumSupportLine(
                stratum=stratum_name(s.label),
                n_participants=s.n_participants,
                seen=s.seen,
                agree_rate=s.rate,
                lower=s.lower,
                upper=s.upper,
            )
            for s in entry.support
        ),
    )


def _division(test: CruxTest) -> CruxDivision:
    attribute = " x ".join(test.attributes)
    names = [_attribute_names(a) for a in test.attributes]
    return CruxDivision(
        attribute=attribute,
        attribute_en=" × ".join(en for en, _ in names),
        attribute_zh=" × ".join(zh for _, zh in names),
        most_agreeing=stratum_name(test.most_agreeing),
        most_rate=test.most_rate,
        least_agreeing=stratum_name(test.least_agreeing),
        least_rate=test.least_rate,
        rates=tuple(
            StratumRate(stratum=stratum_name(label), seen=seen, rate=rate)
            for label, seen, rate in zip(test.strata, test.seen, test.rates, strict=True)
        ),
        q_value=test.q_value,
        effect=test.effect,
    )


def _methods(
    model: ConsensusModel, *, interval: str, withheld: bool, simulated: bool, has_strata: bool
) -> MethodsNote:
    settings = model.settings
    found = model.common_ground
    confidence = found.confidence if found is not None else settings.confidence
    threshold = found.threshold if found is not None else settings.common_ground_threshold
    min_votes = found.min_votes if found is not None else settings.common_ground_min_votes
    k = found.k if found is not None else settings.min_stratum_size
    q = model.cruxes.q_threshold if model.cruxes is not None else settings.crux_fdr
    conf, thr = f"{100 * confidence:.0f}%", f"{100 * threshold:.0f}%"
    interval_en = {"wilson": "Wilson score", "jeffreys": "Jeffreys"}.get(interval, interval)
    interval_zh = {"wilson": "Wilson 得分", "jeffreys": "Jeffreys"}.get(interval, interval)
    en = [
        "Participants voted agree, disagree or pass on short statements. The agreement rate of a group "
        "is its agrees divided by all votes it cast on the statement; a pass counts as not agreeing.",
        f"Common ground: a statement is listed when, in every reported country stratum and every reported "
        f"sector stratum, the lower limit of the two-sided {conf} {interval_en} interval of the agreement "
        f"rate exceeds {thr}, and every such stratum cast at least {min_votes} votes on it. Silence of a "
        f"stratum is not taken as consent.",
        f"Cruxes: statements on which the agreement rates of the strata of one attribute differ, by a "
        f"homogeneity test (chi-square, or an exact test for small counts) with Benjamini-Hochberg "
        f"correction over all tests; listed when the q-value is below {q:g}.",
        f"Privacy: no statement or vote is attributed to anyone (Chatham House rule). Strata with fewer "
        f"than k = {k} participants are never reported, on their own or inside a test. Common ground "
        f"therefore speaks for the reported strata only: a smaller, suppressed stratum may disagree.",
    ]
    zh = [
        "参与者对简短陈述投票：赞同、反对或弃权。"
        "某一群体的赞同率等于赞同票数除以该群体对该陈述所投的全部票数；弃权计为未赞同。",
        "共识：当在每个报告的国家群体和每个报告的领域群体中，"
        f"赞同率的双侧 {conf} {interval_zh}区间下限均高于 {thr}，"
        f"且每个群体对该陈述至少投了 {min_votes} 票时，该陈述列为共识。"
        "某一群体的沉默不视为同意。",
        "分歧：对同一属性的各群体赞同率进行同质性检验（卡方检验，计数较小时用精确检验），"
        f"并对全部检验做 Benjamini-Hochberg 校正；q 值低于 {q:g} 的陈述列为分歧。",
        "隐私：任何陈述或投票都不归属于任何人（查塔姆研究所规则）。"
        f"参与者少于 k = {k} 人的群体从不单独报告，也不参与检验。"
        "因此共识仅代表报告的群体：被隐去的较小群体可能持不同意见。",
    ]
    if not has_strata:
        en.append(
            "No participant strata were declared (or none reached k), so no common ground can be found."
        )
        zh.append("未声明参与者群体（或没有群体达到 k 人），因此无法确定共识。")
    if withheld:
        en.append(
            "Overall agreement is withheld: the participants outside the reported strata are fewer than "
            "k, and their votes could be recovered by subtracting the strata from the overall figures."
        )
        zh.append(
            "总体赞同率不予公布：未纳入报告群体的参与者少于 k 人，"
            "用总体数字减去各群体数字即可推算出他们的投票。"
        )
    if simulated:
        en.append(ui("simulated", "en"))
        zh.append(ui("simulated", "zh"))
    return MethodsNote(en=tuple(en), zh=tuple(zh))


def build_joint_statement(
    model: ConsensusModel,
    texts: Mapping[str, StatementText],
    *,
    title_en: str,
    title_zh: str,
    simulated: bool = False,
    generated_at: str = "",
) -> JointStatement:
    """The draft joint statement of `model`, with wording from `texts` (by statement id).

    Statements absent from `texts` use the conversation's own text, marked "original"
    where present and "missing" where not, under the "general" policy area.
    """
    statement_texts = _statement_texts(model, texts)
    withheld = _overall_withheld(model)
    overall = _overall(model)
    found = model.common_ground

    by_area: dict[str, list[CommonGroundItem]] = {area: [] for area in POLICY_AREAS}
    for entry in found.agreement if found is not None else ():
        text = statement_texts[entry.statement]
        by_area[text.policy_area].append(_item(entry, text, None if withheld else overall[entry.statement]))
    sections = []
    for area in POLICY_AREAS:
        if by_area[area]:
            term = vocabulary().term("policy_areas", area)
            sections.append(
                PolicySection(
                    policy_area=area,
                    title_en=term.label("en"),
                    title_zh=term.label("zh"),
                    items=tuple(by_area[area]),
                )
            )

    divisions: dict[int, list[CruxDivision]] = {}
    for test in model.cruxes.cruxes if model.cruxes is not None else ():
        divisions.setdefault(test.statement, []).append(_division(test))
    cruxes = tuple(OpenCrux(text=statement_texts[j], divisions=tuple(d)) for j, d in divisions.items())

    interval = model.strata.interval if model.strata is not None else "wilson"
    has_strata = found is not None and bool(found.strata)
    counts = Counts(
        n_participants=model.conversation.n_participants,
        n_voters=int(np.count_nonzero(np.asarray(model.vote_counts) > 0)),
        n_statements=model.conversation.n_statements,
        n_votes=model.conversation.n_votes,
        n_common_ground=sum(len(s.items) for s in sections),
        n_cruxes=len(cruxes),
    )
    settings = model.settings
    return JointStatement(
        title_en=title_en,
        title_zh=title_zh,
        generated_at=generated_at,
        simulated=simulated,
        k=found.k if found is not None else settings.min_stratum_size,
        confidence=found.confidence if found is not None else settings.confidence,
        threshold=found.threshold if found is not None else settings.common_ground_threshold,
        min_votes=found.min_votes if found is not None else settings.common_ground_min_votes,
        crux_q=model.cruxes.q_threshold if model.cruxes is not None else settings.crux_fdr,
        interval=interval,
        sections=tuple(sections),
        cruxes=cruxes,
        counts=counts,
        overall_withheld=withheld,
        methods=_methods(
            model, interval=interval, withheld=withheld, simulated=simulated, has_strata=has_strata
        ),
    )
