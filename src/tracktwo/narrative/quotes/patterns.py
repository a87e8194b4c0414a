"""Compiled patterns of the quotation finder, and small text helpers around them.

Every pattern that scans a whole document starts with a literal character (a quotation mark,
a line break), so that Python's regular-expression engine can skip to candidates at C speed:
the whole briefing-room corpus (140 M characters) must be analysed in seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A quotation: curly double quotes (closed, or left open until the paragraph ends, as English
# does for quotations running over several paragraphs), straight double quotes (closed only:
# an odd one out is ambiguous), and Chinese corner brackets. A quotation never crosses a blank
# line, so one unbalanced mark cannot swallow the rest of a document.
_BODY = r"[^{stop}\n]*(?:\n(?![ \t\xa0]*\n)[^{stop}\n]*)*"
CURLY = re.compile("“(?P<body>" + _BODY.format(stop="“”") + ")(?P<close>”)?")
STRAIGHT = re.compile('"(?P<body>' + _BODY.format(stop='"') + ')(?P<close>")')
CORNER = re.compile("「(?P<body>" + _BODY.format(stop="「」") + ")(?P<close>」)?")
QUOTATIONS = (("“", CURLY), ('"', STRAIGHT), ("「", CORNER))

# A transcript turn label at the start of a line: "MS. LEAVITT:", "THE PRESIDENT:", or a
# reporter's "Q" followed by spaces. The leading newline is the literal the engine skips to;
# the lookahead drops ordinary lines ("The ...", lower case) before any alternative is tried.
TURN_LABEL = re.compile(
    r"\n(?=[ \t\xa0*]*(?:[A-ZÀ-Þ][A-ZÀ-Þ.’'\- :\t\xa0*]|\d))[ \t\xa0]*(?:\*\*)?(?:"
    r"(?P<q>Q)(?:\*\*)?(?::|\.)?(?=[ \t\xa0]+\S)"
    r"|(?P<label>[A-ZÀ-Þ][A-ZÀ-Þ0-9.’'\-]*(?:[ \xa0][A-ZÀ-Þ&][A-ZÀ-Þ0-9.’'\-]*){0,6})"
    r":(?P<bold>\*\*)?(?=[ \t\xa0]|$)"
    r"|(?P<stop>END\b|\d{1,2}:\d{2}\s*[AP]\.?M\.?(?:[ \t\xa0]+[A-Z]{2,4})?[ \t\xa0]*$)"
    r")",
    re.MULTILINE,
)

PARAGRAPH_BREAK = re.compile(r"\n[ \t\xa0]*\n")

# Markdown that decorates names in round-ups ("[**Sen. Roger Wicker**](https://...)**:**").
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_UNDERSCORE = re.compile(r"(?<!\w)_{1,3}|_{1,3}(?!\w)")
_ESCAPE = re.compile(r"\\(?=[\[\]#*_\\()&-])")
_TAG = re.compile(r"<[^>]{1,80}>")
# A transcript's corrections: words struck out ("<s>CEO</s>") and words put in ("\[CFO\]").
_STRUCK = re.compile(r"<s>[^<]{0,80}</s>")
_EDITORIAL = re.compile(
    # a word or two ("\[CFO\]", "\[the\]"), or a name of up to five capitalised words ("\[Mayor Todd
    # Gloria\] added"); not a note ("\[Translated from Spanish\]", "\[Statement, 8/29/23\]")
    r"\\\[([A-Za-z][\w’'.\-]{0,30}(?: [A-Za-z][\w’'.\-]{0,30})?"
    r"|[A-Z][\w’'.\-]{0,30}(?: [A-Z][\w’'.\-]{0,30}){2,4})\\\]"
)


def clean_markdown(text: str) -> str:
    """`text` without Markdown links, emphasis and escapes, whitespace collapsed."""
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    # plain string checks first: most attribution windows hold no Markdown at all
    if "*" in text:
        text = text.replace("*", "")
    if "\\" in text:
        text = _ESCAPE.sub("", _EDITORIAL.sub(r"\1", text))
    if "_" in text:
        text = _UNDERSCORE.sub("", text)
    if "<" in text:
        text = _TAG.sub("", _STRUCK.sub("", text))
    return " ".join(text.split())


def collapse_spaces(text: str) -> str:
    return " ".join(text.replace("\u2060", "").replace("\u200b", "").split())


# Sentence ends for attribution windows: a stop, closing marks, then a space or the end. The
# candidates are cheap to find; `is_sentence_end` rejects initials and abbreviations ("U.S.").
SENTENCE_END = re.compile(r"[.!?][”\"’)\]*]*(?=\s|$)")
# Abbreviations whose full stop ends no sentence.
_ABBREVIATION = re.compile(
    r"mr|ms|mrs|dr|st|jr|sr|sen|rep|gov|gen|inc|corp|no|vs|lt|col|prof|adm|co|ltd|sgt|capt|rev|hon|dept|"
    r"u\.s|u\.n|u\.k|d\.c|a\.m|p\.m|e\.g|i\.e|etc"
)


def is_sentence_end(text: str, match: re.Match[str]) -> bool:
    """Whether a SENTENCE_END candidate ends a sentence (not "Dr." or "U.S.")."""
    stop = match.start()
    if text[stop] != ".":
        return True
    word_start = stop
    while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:stop].casefold()
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "Jane F. Doe"
    return _ABBREVIATION.fullmatch(word) is None


def last_sentence_start(text: str, start: int, end: int) -> int:
    """Where the sentence holding `end` starts, no earlier than `start`."""
    last = start
    for match in SENTENCE_END.finditer(text, start, end):
        if is_sentence_end(text, match):
            last = match.end()
    return last


def next_sentence_end(text: str, start: int, end: int) -> int | None:
    """The end of the first sentence ending in `text[start:end]`, or None."""
    for match in SENTENCE_END.finditer(text, start, end):
        if is_sentence_end(text, match):
            return match.end()
    return None


# An introductory phrase and its comma before the subject: "In 2023, President Trump said:",
# "Last year, Senator Doe", "Speaking at the summit, the minister". Where it is cut from a
# phrase, only before a capital: the phrase must leave a name, not a clause.
INTRODUCTORY = (
    r"(?:(?i:in|on|at|during|after|before|since|last|this|earlier|later|back|speaking|following|for|"
    r"however|indeed|instead|still|similarly|likewise|separately|notably|finally|specifically|importantly)"
    r"\b[^,“”\"\n]{0,60}?,\s*)+"
)
# What may open a sentence before its subject: a conjunction or time word, then introductory
# phrases ("And today, in Ohio, Senator Doe said").
SENTENCE_LEAD = (
    r"(?:(?:And|But|So|Then|Now|Well|Also|Today|Yesterday|Tonight),?\s+)?(?:" + INTRODUCTORY + ")?"
)


# Verbs that attribute speech. "say" alone is left out: "to say", "I'd say" report no one.
CORE_SAY_VERBS = (
    r"said|says|told|tells|wrote|writes|added|adds|noted|notes|stated|states|argued|argues|explained|explains"
)
SAY_VERBS = (
    CORE_SAY_VERBS
    + r"|continued|continues|tweeted|posted|warned|warns|declared|declares|announced|announces|"
    r"remarked|commented|insisted|insists|emphasi[sz]ed|stressed|observed|asked|asks|replied|responded|"
    r"concluded|acknowledged|cautioned|predicted|promised|pledged|vowed|recalled|urged|urges|affirmed|"
    r"maintained|contended|countered|quipped|shared|reiterated|testified|put it|puts it|wrote on X|"
    r"posted on X|reaffirmed|underscored|highlighted|made clear|made it clear|has made clear|"
    # habitual speech: "my mom used to say, “...”"
    r"used to say|likes to say|liked to say|"
    r"proclaimed|proclaims|confirmed|confirms|shouted|yelled|bellowed|"
    r"exclaimed|whispered|joked|mused|reminded|reminds|mentioned|mentions|comments|"
    # Spanish, in the corpus's Spanish pages: "“...”, expresó Vanessa Valdivia"
    r"dijo|expresó|afirmó|señaló|declaró|agregó|añadió|indicó|explicó|"
    r"asserted|asserts|claimed|claims|reflected|threatened|boasted|admitted|conceded|lamented|complained|"
    r"professed|alleged|alleges"
)

_WORD = re.compile(r"[a-zà-öø-ÿ]+")  # lower-case letters, accented too ("expresó")
SPEECH_WORDS = frozenset(
    w
    for alternative in (
        SAY_VERBS + "|saying|telling|stating|adding|noting|writing|explaining|arguing|warning|declaring|"
        "promising|pledging|vowing|calling|describing|called|described|according|words|"
        # nouns that make their possessor a speaker ("President Trump’s promise to “...”")
        "promise|pledge|vow|remarks|comments"
    )
    .replace("\\", "")
    .split("|")
    for w in [re.sub(r"\[.*?\]|\(.*?\)", "", alternative).split(" ")[0]]
    if w
) - {"has"} | {"emphasized", "emphasised", "reminded"}


def has_speech_word(text: str) -> bool:
    """A cheap test before the attribution patterns: does `text` hold any speech verb at all?"""
    return not SPEECH_WORDS.isdisjoint(_WORD.findall(text.lower()))


# After the closing mark: "..., said X, CEO of Y." / "...," X said. / "..." the company said.
AFTER_VERB_FIRST = re.compile(
    r"^[\s,.;:—–\-]*(?:and\s+)?(?P<verb>" + SAY_VERBS + r")\b[\s,:]*(?P<who>\S.*)$", re.DOTALL
)
AFTER_SUBJECT_FIRST = re.compile(
    r"^[\s,.;:—–\-]*(?P<who>[^.;:“”\"]{1,160}?)\s+(?:also\s+|then\s+|later\s+|previously\s+|has\s+|had\s+"
    # "“...” the Apostle Peter boldly declared"
    r"|once\s+|simply\s+|recently\s+|further\s+|[a-z]{3,}ly\s+)?(?P<verb>" + SAY_VERBS + r")\b(?P<rest>.*)$",
    re.DOTALL,
)

# Before the opening mark, in the same sentence.
# The spoken quotation mark, cut before the attribution rules run: ", quote,", "and I quote,",
# "and I’ll quote,", "— I quote:", "quote —" (a colon is kept: "he was clear, and I quote:").
QUOTE_FORMULA = re.compile(
    r"(?:^|[,—–]\s*(?:[Aa]nd\s+)?(?:I(?:’ll|'ll|\s+will)?\s+)?|\b(?:[Aa]nd\s+)?I(?:’ll|'ll|\s+will)?\s+"
    # "aimed to have quote, “...”", "tweeted this: Quote, “...”"; not a noun: "here’s his quote:"
    r"|(?<=\s)(?<!\bhis\s)(?<!\bher\s)(?<!\btheir\s)(?<!\bthe\s)(?<!\ba\s)(?<!\bthis\s)(?<!\bthat\s))"
    r"[Qq]uote(?:,|(?P<colon>:))?\s*(?:[—–]\s*)?$"
)
# A filler before the opening mark, cut with its commas like the spoken quotation mark: "has said
# that, you know, “...”" is "has said that “...”".
FILLER = re.compile(
    r"(?<!like)(?:,\s*|\s+[—–]\s*)(?:you know|I mean)\s*[,—–]\s*$"
)  # "feel like, you know," imagines
# An aside between dashes right before the opening mark ("released a statement saying — and I’m
# going to read this, the quote — “...”").
TRAILING_ASIDE = re.compile(r"\s*[—–]\s*[^—–“”\"]{1,80}?\s*[—–]\s*$")
AS_PUT_IT = re.compile(
    r"(?:^|[\s(])[Aa]s\s+(?P<who>[^“”\"]+?)\s+(?:has\s+|once\s+|famously\s+|recently\s+)?"
    r"(?:put it|puts it|said|says|noted|wrote|explained|observed|told \w+|reminded \w+|recalled|argued|"
    # "as he described it", "As President Trump described in 2018:"; not a text's "as described
    # in section 2", "as described on the map"
    r"described(?: it)?(?!\s+(?:above|below|herein|therein)\b|\s+(?:in|on|by|at)\s+(?:the|a|an|this|that|such"
    r"|section|subsection|paragraph|part|map|exhibit|appendix)\b)|"
    r"warned|declared|stated|tweeted|posted|made clear|made it clear|has made clear|emphasi[sz]ed|stressed)\b"
    r"[^“”\"]{0,100}?[,:]?\s*$"
)
# After the closing mark: "“...,” according to a new report from Reuters."
ACCORDING_TO_AFTER = re.compile(
    r"^[\s,.;:—–\-]*(?:according\s+to|in\s+the\s+words\s+of)\s+(?:(?:an?|the)\s+(?:new\s+|recent\s+|latest\s+)?"
    r"(?:report|analysis|story|article|statement|study|survey|post|release)\s+(?:from|by|in|on)\s+)?"
    r"(?P<who>[A-Z@][^,.;:()“”\"\n]{1,80}?)\s*(?:[,.;:()]|—|$)"
)
_SCRIPTURE = (
    r"(?:Torah|Bible|Scriptures?|Gospels?|Koran|Quran|Qur’an|Talmud|Psalms?|Proverbs|Book\s+of|Ecclesiastes"
    r"|Genesis|Exodus|Deuteronomy|(?:(?:First|Second|1|2)\s+)?(?:Corinthians|Thessalonians|Timothy|Kings|Samuel))\b"
)
# A book of scripture speaks for no one the codebook counts ("The Holy Qur’an reminds us that").
SCRIPTURE = re.compile(r"(?<!\w)" + _SCRIPTURE)
ACCORDING_TO_BEFORE = re.compile(
    r"(?:^|[\s(])(?:(?:[Aa]ccording to|[Ii]n the words of)\s+(?P<who>[^“”\"]+?)[,:]?"
    # "the motto, the words of Saint Augustine: “...”": a name alone, no clause after it, and no
    # book of scripture, which speaks for no one the codebook counts
    r"|[Tt]he\s+words\s+of\s+(?!(?:the\s+)?" + _SCRIPTURE + r")(?P<words_of>[^“”\",—–]{1,80}?)[,:]"
    # "In Chávez’s own words, “...”"
    r"|[Ii]n\s+(?P<own_words>his|her|their|[^“”\",—–]{1,60}?(?:’s|'s|’|')(?=\s))\s+(?:own\s+)?words[,:]?)\s*$"
)
# A speech verb before the quotation, with at most a short gap ("said on Tuesday that the plan
# was “...”") for the core verbs, or any verb right before a colon or comma.
VERB_BEFORE = re.compile(
    # the verb after a space, or right after the dash closing an aside ("General Jackson—bracing
    # behind a canal—bellowed to his men:")
    r"^(?P<who>[^“”\"]*)(?:\s+|(?<=[—–]))(?:also\s+|then\s+|later\s+|has\s+|had\s+|once\s+|previously\s+|simply\s+"
    r"|recently\s+|further\s+|repeatedly\s+)?(?:(?P<core>"
    + CORE_SAY_VERBS
    + r"|called (?:it|them|this|that|the \w+)"
    r"|described (?:it|them|this|that|the \w+) as)\b(?P<gap>[^.!?“”\",]{0,100}?)[,:]?"
    # "You said, today, to my colleague, that “...”": asides between commas, then "that"
    r"|(?P<verb>" + SAY_VERBS + r")\b(?P<lead>[^.!?“”\"]{0,160}:|\s*,(?:[^.!?“”\"]{1,100},)?(?:\s+that)?"
    # "alleges on social media, “...”", "wrote in a letter to Congress, “...”"
    r"|\s+(?:on|in|at|during)\s+[^.!?“”\",]{1,60},"
    r"|\s+(?:(?:his|her|their|its|our)\s+[a-z]+\s+|(?:us|me|him|them)\s+(?=that\b))?"
    # "responded that, “...”": a comma after "that" only (after "to" a noun may be the verb: "in
    # his opening comments to the President, “...”" is what "said" introduces)
    r"(?:that\b[^.!?“”\",]{0,100},?|(?:to|it|they|we|he|she)\b[^.!?“”\",]{0,100}))?"
    # "called on Congress to pass a bill “...”", "urged lawmakers to “...”": a demand in their words
    r"|(?P<urge>called on|calls on|urged|urges|pressed|challenged)\s+[^.!?“”\",]{1,60}?\sto\b"
    r"[^.!?“”\",]{0,100})"
    r"\s*$"
)
# A sentence reporting speech, its subject before the first speech verb: "She said he should
# negotiate." (a quotation that opens the next sentence is what was said).
REPORTED_SPEECH = re.compile(
    r"^(?P<who>[^“”\"]*?)\s+(?:(?:also|then|later|once|just|recently|previously|[a-z]{3,}ly)\s+)?"
    r"(?:said|says|wrote|writes|stated|states|told|tells|tweeted|posted|declared|declares|added|adds)\b"
)
# Whose words a noun says they are: "President Trump’s promise to “...”", "her call for “...”".
POSSESSIVE_SPEECH = re.compile(
    r"(?P<who>(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*)[’']s\s+(?:\w+\s+)?"
    r"(?:promise|pledge|vow|call|commitment|words|warning|demand|message|motto|slogan|mantra|comments?"
    r"|remarks?|statement|op-ed|letter|tweet|post)\s*(?:to|that|for|:|,)?\s*$"
)
# An attribution set off by commas inside the sentence: "One part, President Biden explained, is “...”".
PARENTHETICAL_SPEECH = re.compile(
    r",\s+(?P<who>(?:the\s+)?[A-Z][^,“”\"]{1,60}?)\s+(?:said|says|explained|explains|wrote|writes|noted|notes"
    r"|argued|argues|added|adds|stated|states|recalled|put\s+it),\s+[^“”\"]{0,80}$"
)
# A report's finding: "The GAO released a report last year finding “...”" (the sentence's subject).
REPORT_FINDING = re.compile(
    r"\b(?:report|study|analysis|review|survey|audit|assessment|investigation)\b[^.!?“”\"]{0,60}?"
    r"\b(?:finding|found|concluding|concluded|stating|stated|warning|warned|noting|noted)\s*(?:that\s*)?[,:]?\s*$"
)
# Speech in the progressive: "He’s saying that the VP wants Congress to “...”", "he kept telling
# people, “...”".
PROGRESSIVE_BEFORE = re.compile(
    r"^(?P<who>[^“”\"]*?)(?:’s|'s|\s+is|\s+was|\s+are|\s+were|\s+has\s+been|\s+have\s+been|\s+kept|\s+keeps)\s+"
    r"(?:saying|telling\s+\w+|arguing|claiming|insisting|warning)\b[^.!?“”\"]{0,160}?[,:]?\s*$"
)
# "I’ll quote the President:", "To quote Senator Doe,": the object of "quote" is the speaker.
QUOTE_SPEAKER = re.compile(
    r"\b[Qq]uot(?:e|ing|ed)\s+(?P<who>(?:the\s+)?[A-Z][^:,;“”\"]{0,60}?|the\s+(?:president|first\s+lady|vice\s+president))"
    r"(?:\s+(?:again|directly|here|exactly|verbatim))?\s*[:,]\s*$"
)
# Speech asked about: "why did President Biden say, in February, “...”", "Does the senator
# still say that “...”" (bare "say" attributes only after an auxiliary).
QUESTION_SAY = re.compile(
    r"\b(?:did|does|do)\s+(?P<who>[^“”\"]{1,80}?)\s+(?:still\s+|really\s+|also\s+)?"
    r"(?:say|write|tell\s+\w+|mean)\b[^.!?“”\"]{0,100}?[,:]?\s*$"
)
# Speech reported with "like": "He’s like, “Honey, ...”" (a comma right before the quotation).
LIKE_BEFORE = re.compile(r"^(?P<who>[^“”\"]*?)(?:’s|'s|\s+is|\s+was|\s+goes|\s+went)\s+like,\s*$")
# "X praised the plan, saying “...”" / "after promising to “...”": the sentence's subject speaks.
PARTICIPLE_BEFORE = re.compile(
    r"(?:,\s+|\b(?:after|before|while|by|back|wrote|write|writes|replied|responded|answered"
    r"|statement|letter|post|message|release|tweet)\s+)"
    r"(?:saying|stating|adding|noting|writing|explaining|arguing|"
    r"warning|declaring|promising|pledging|vowing|calling (?:it|them|this|that|the \w+)"
    r"|describing (?:it|them|this|that|the \w+) as)\b[^.!?“”\",]{0,100}?[,:]?\s*$"
)
# "“...” — White House Press Secretary Karoline Leavitt": a dash and the speaker after a quotation.
# "– *Jane Doe*", "—* Jane Doe*", "-Jane Doe"
AFTER_DASH = re.compile(r"^[\s*>]*(?:[—–]|--|-(?=[*_]*[A-Z]))\s*[*_]*\s*(?P<who>[A-Z@].*)$", re.DOTALL)
# An epigraph's signature, a paragraph of its own: "President Joe Biden, December 9, 2021".
SIGNATURE = re.compile(
    r"^(?P<who>[A-Z][^\d“”\":]{2,80}?),?\s+(?:(?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December)\s+\d{1,2},?\s+)?\d{4}\b[^“”\"]{0,60}$"
)
LABEL_COLON = re.compile(r"^\s*(?:[-*•>]\s+)?(?P<who>[^:“”\"]{2,300}?)\s*:\s*$")

# "according to X" without quotation marks (scanned from its literal tail "ccording to").
ACCORDING_TO = re.compile(r"ccording to\s")
ACCORDING_TO_WHO = re.compile(r"(?P<who>[^,.;:()“”\"\n]{2,120}?)(?=\s*(?:[,.;:()“”\"]|\n|$)|\s+that\s)")

PRONOUNS = frozenset({"he", "she", "they"})
ANAPHOR = re.compile(
    r"^(?:the|this|that)\s+(?:company|firm|group|organi[sz]ation|agency|department|ministry|union|"
    r"association|institute|coalition|lab|laboratory|startup|chipmaker|spokes(?:person|man|woman)|"
    r"official|senator|congressman|congresswoman|governor|mayor|minister|ceo|executive|chairman|"
    r"secretary|administrator|commissioner|representative|lawmaker|professor|researcher"
    # "The statement said": a text speaks for the organisation that issued it
    r"|statement|communiqu[eé]|readout|report|release|declaration)$",
    re.IGNORECASE,
)
# Adverbials that follow a speaker's name but are not part of it ("said Huang in a statement").
TRAILING_ADVERBIAL = re.compile(
    r"\s+(?:in (?:a|an|his|her|their|the) \w+(?: \w+)?"
    r"|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Twitter|X|social media|the call|a call)"
    r"|at (?:a|the) (?:event|briefing|press conference|hearing|summit|ceremony|signing|meeting|roundtable)"
    r"|during\b|to reporters|last (?:week|month|year)|this (?:week|month)|earlier\b|yesterday|today|recently"
    r"|via\b|after\b|before\b|when\b|while\b|as (?:he|she|they)\b)(?:\W.*)?$",
    re.DOTALL,
)
TRAILING_ADVERB = re.compile(
    r"(?:\s+(?:just|also|once|recently|previously|famously|already|often|always|repeatedly|rightly|correctly|"
    r"himself|herself|themselves|itself|so|well|aptly|memorably))+\s*$"
)
# Objects of "according to" that are documents or data, not speakers.
NOT_A_SPEAKER = re.compile(
    r"(?i)^(?:the\s+|a\s+|an\s+|this\s+|these\s+|its\s+|their\s+|our\s+|new\s+)*(?:[\w\-]+\s+){0,3}?"
    r"(?:data|report|reports|study|studies|analysis|analyses|estimates?|survey|surveys|figures|statistics|"
    r"numbers|research|plan|law|act|order|rule|rules|guidance|budget|constitution|strategy|framework|index|"
    r"memo|memorandum|schedule|records|documents?|filings?|polls?|projections?|forecasts?|models?|results|"
    r"calculations|tallies|count|census|charter|treaty|agreement|bill|text|terms|website|sources?|reporting|"
    r"reuters|news reports|press reports|media reports|experts|economists|analysts|officials|people|"
    r"estimates? (?:by|from))$"
    r"|.*\b(?:19|20)\d\d\b"  # "the Fiscal Year 2023 Budget": a document of a year
)

# Chinese: 说 / 表示 / 指出 / 称 ... before or after a quotation, 据 X 称 for "according to".
ZH_VERBS = (
    r"说道|说|表示|指出|称|强调|认为|介绍|坦言|透露|回应|写道|提到|宣布|呼吁|警告|补充|补充道|直言|表态|声称"
)
ZH_BEFORE = re.compile(
    r"(?P<who>[^，。！？；：、“”「」『』\n,.!?;:]{1,40}?)(?P<verb>" + ZH_VERBS + r")(?:道)?[：:，,]?\s*$"
)
ZH_AFTER = re.compile(
    r"^[，,。.！!？?]?\s*(?P<who>[^，。！？；：、“”「」『』\n,.!?;:]{1,40}?)(?P<verb>"
    + ZH_VERBS
    + r")(?:道)?"
    r"(?=[。，,.！!；;]|\s|$)"
)
ZH_ACCORDING_TO = re.compile(
    r"据(?P<who>[^，。！？；：“”「」\n]{1,30}?)(?:称|介绍|表示|透露|报道|报导|消息)[，,：:]"
    r"(?P<claim>[^。！？\n]{2,400}[。！？]?)"
)
ZH_PRONOUNS = frozenset({"他", "她", "他们", "她们"})
ZH_ADVERBIAL = re.compile(
    r"(?:在[^，。]{0,20}?(?:上|中|时|期间|会上|采访时)|也|还|则|亦|曾|再次|进一步|近日|日前|昨天|今天"
    r"|当天|随后|同时|对此)+$"
)
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def is_chinese_context(text: str, start: int, end: int) -> bool:
    """Whether the characters around a quotation are Chinese (decides which rules attribute it)."""
    before = text[max(0, start - 2) : start]
    inside = text[start : min(end, start + 4)]
    return bool(CJK.search(before) or CJK.search(inside))


def word_starts(pattern: re.Pattern[str], text: str, pos: int = 0) -> Iterator[re.Match[str]]:
    """The matches of `pattern` from `pos`, as `finditer` gives them, that a word boundary opens
    (as a leading `\\b` would, for a pattern whose match begins with a word character).

    Why not `\\b` or a look-behind in the pattern: either hides the pattern's first letters
    from `re`, which then tries it at every position of the text; opening with a literal, it
    skips to each candidate at C speed. For patterns run over whole documents.
    """
    match = pattern.search(text, pos)
    while match is not None:
        at = match.start()
        if at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_"):  # a word character: no boundary
            match = pattern.search(text, at + 1)
            continue
        yield match
        match = pattern.search(text, match.end())
