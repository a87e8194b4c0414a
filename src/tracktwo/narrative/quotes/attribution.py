"""From the words that attribute a quotation to a named speaker with sector and country.

Naming follows the eval README: a person without honorifics ("Lynne Parker"), title and
surname when only the surname is printed ("President Trump"), an organisation as written
("North America’s Building Trades Unions (NABTU)"), a transcript label as printed
("PRIME MINISTER MODI", "Q").

Sector and country: the actor registry first (the person, or an organisation named in the
role); for people not in it, the titles and organisations around the name
(`resolve_by_title`); for government speakers with no country named, the publisher's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from tracktwo.narrative.actors.registry import (
    UNKNOWN,
    Actor,
    ActorRegistry,
    TitleResolution,
    country_of,
    resolve_by_title,
    title_rules,
)
from tracktwo.narrative.language import to_simplified
from tracktwo.narrative.quotes.model import Speaker
from tracktwo.narrative.quotes.patterns import (
    ANAPHOR,
    CJK,
    INTRODUCTORY,
    PRONOUNS,
    SAY_VERBS,
    TRAILING_ADVERBIAL,
    ZH_ADVERBIAL,
    ZH_PRONOUNS,
    clean_markdown,
    collapse_spaces,
)

_INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z]{1,2}$")
_SUFFIX = re.compile(r"^(?:Jr\.?|Sr\.?|II|III|IV|Ph\.?D\.?|M\.?D\.?),?$")
_PARTICLES = frozenset(
    {"de", "da", "van", "von", "der", "den", "del", "la", "le", "bin", "al", "el", "dos", "du"}
)
_DEPARTMENTS = frozenset({"treasury", "interior", "navy", "army", "air", "census", "senate", "house"})
# European particles that open a surname when capitalised ("Van Der Beek", "De Blasio"); "Al
# Qaeda" and "El Salvador" are no names
SURNAME_PARTICLES = frozenset({"de", "van", "von", "der", "den", "du"})
_NAME_WORD = re.compile(r"^[A-ZÀ-Þ][\w’'\-]*\w$|^[A-ZÀ-Þ]$")
# "I’m Anderson Cooper": a pronoun's contraction opens no name.
_CONTRACTION = re.compile(r"I[’'][a-z]{1,2}$")
_POSSESSIVE_END = ("’s", "'s", "s’", "s'")
_SPOKES = re.compile(r"(?i)\b(?:spokes(?:person|man|woman)|press secretary|press office)\b|发言人")
_RELATIVE = re.compile(r"^(?:who|which|whose|a|an|the|one|now|then|also|and|as|in|at|on|for|with)\b")
_PAREN = re.compile(r"\s*\([^()]*\)")
_FORMER = re.compile(r"(?i)(?:former|ex-|then-|previously)\s*$")
_LEADING_FILLER = re.compile(
    r"^(?:and|but|while|whereas|so|then|meanwhile|today|yesterday|tonight|now|also|here|there|as|in addition|"
    r"additionally|moreover|in a statement|in an interview|on \w+day|earlier|later)\b[\s,]*",
    re.IGNORECASE,
)
_INTRODUCTORY = re.compile("^" + INTRODUCTORY + "(?=[A-Z])")
# "Statement from the Vice President:", "From CNBC:", "According to Pritzker:" open a label
# without being part of the speaker's name.
_LEADING_DOCUMENT = re.compile(
    r"^(?:(?:joint\s+)?(?:statement|remarks|tweet|post|op-?ed|letter|message|readout)\s+(?:from|by|of|for)\s+"
    r"|from\s+|according\s+to\s+|as\s+)",
    re.IGNORECASE,
)
# "Rep. Guthrie writes:", "Goldman Sachs, quote:": the verb ends the label, not the name.
_TRAILING_VERB = re.compile(r"(?:,?\s+(?:quote|unquote)|\s+(?:" + SAY_VERBS + r"))$", re.IGNORECASE)
# A constituency after a name belongs to the role: "(Illinois)", "(R-Texas)", "of Indiana".
_CONSTITUENCY = re.compile(
    r"(?:\s*\((?P<party>[RDI]-[^)]{1,20})?[^)]*\)"
    r"|,?\s+(?:of|from)\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}"
    r"|,?\s+(?P<tag>[RDI]-[A-Z][\w.]*))$"
)
# Titles of officials that name no body: quoted by a government publisher, they are its own.
_OFFICIAL = re.compile(
    r"\b(?:Senior Advis[eo]r|Special Assistant|Coordinator|Counsel(?:l)?or|Deputy|Director|Advis[eo]r"
    r"|Chief of Staff)\b"
)


@dataclass(frozen=True)
class ParsedName:
    """A speaker phrase split into the name to report and the role words around it.

    `kind` is "person", "surname" (one word, possibly with its title), "organisation" (or a
    role without a name, "The President"), "pronoun", "anaphor" ("the company") or "none".
    """

    name: str
    role: str
    kind: str


# --- names ------------------------------------------------------------------------------------


def _split_apposition(text: str) -> tuple[str, str]:
    """Head and apposition: "Jane Doe, CEO of Acme" → ("Jane Doe", "CEO of Acme")."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            return text[:i].strip(), text[i + 1 :].strip()
    return text.strip(), ""


# "Robin Biesbroek of the CDF", "Ethan Lane at the National Cattlemen’s Beef Association": a
# person's name and the body they speak for, without a comma between them.
_NAME_OF_BODY = re.compile(
    r"^(?P<person>(?:[A-Z][\w’'\-.]*\s+){1,3}[A-Z][\w’'\-]*)\s+(?:of|at|from|with)\s+(?P<body>(?:the\s+)?[A-Z].*)$"
)


def person_of_body(head: str) -> tuple[str, str]:
    """A head "Name of Body" as ("Name", "of Body") when the words before "of" can be a
    person's name (no body's: "Bank of America", "National Institutes of Health"), else
    (head, ""). Capitals alone cannot tell "Fraternal Order of Police" from "Robin Biesbroek
    of the CDF": the caller judges the name words by the document."""
    match = _NAME_OF_BODY.match(head)
    if match is None:
        return head, ""
    person = match.group("person")
    tokens = person.split()
    last = match.group("body").split(" and ")[-1].split()
    if (
        _name_run(tokens) != (0, len(tokens))
        # "Rick Scott of Florida and Senator Ron Johnson": two people, no body
        or (len(last) >= 2 and _name_run(last)[1] >= 2 and " and " in match.group("body"))
        or resolve_by_title(person).sector != UNKNOWN
        or country_of(person)[0] != UNKNOWN
    ):
        return head, ""
    return person, head[match.end("person") :].strip()


def _is_place(token: str) -> bool:
    bare = token.strip(",.’'")
    found = title_rules().country_names.first(bare)
    return found is not None and found[1] == bare


def is_name_word(token: str) -> bool:
    """A capitalised word that can be part of a person's name (not a title, body or acronym)."""
    bare = token.rstrip(",")
    if not _NAME_WORD.match(bare) or _CONTRACTION.match(bare):
        return False
    folded = bare.casefold().rstrip(".")
    rules = title_rules()
    if folded in rules.role_words or folded in rules.not_name_words:
        return False
    letters = [c for c in bare if c.isalpha()]
    # Acronyms ("APNSA", "NASA") are titles or bodies, not names; two capitals ("JD") may be a name.
    return not (len(letters) > 2 and all(c.isupper() for c in letters))


# Title words that are also surnames, read as such when they end a run of name words.
_TITLE_SURNAMES = frozenset({"king", "judge", "bishop", "dean", "major", "marshal", "prince", "chancellor"})


def _opens_surname(token: str) -> bool:
    return token[:1].isupper() and token.casefold() in SURNAME_PARTICLES


def _name_run(tokens: list[str]) -> tuple[int, int]:
    """Where a person's name ending `tokens` starts, and how many name words it has."""
    end = len(tokens)
    while end > 0 and _SUFFIX.match(tokens[end - 1]):
        end -= 1
    k = end
    core = 0
    role_words = title_rules().role_words
    while k > 0 and core < 4:
        token = tokens[k - 1]
        inner = k < end
        if inner and token.endswith(("’s", "'s")):
            break  # "CNN’s Matt Egan": the possessive is the organisation
        if is_name_word(token) and not (inner and _is_place(token)):
            core += 1
        elif not inner and token.casefold() in _TITLE_SURNAMES and k >= 2 and is_name_word(tokens[k - 2]):
            core += 1  # "Coretta Scott King", "Stephen King": a title word as the surname
        elif inner and (_INITIAL.match(token) or token.casefold() in _PARTICLES):
            pass
        elif inner and _is_place(token) and k > 1 and tokens[k - 2].casefold().rstrip(".") in role_words:
            core += 1  # a place word right after a title is a given name: "Rep. Virginia Foxx"
        else:
            break
        k -= 1
    # a particle opening the run is no part of it ("Secretary de la Cruz" keeps it inside),
    # unless a capitalised European one opens a surname ("Van Der Beek", "Mayor De Blasio");
    # "Al Qaeda", "El Salvador" are no names
    while k < end and (
        (tokens[k].casefold() in _PARTICLES and not _opens_surname(tokens[k]))
        or (_INITIAL.match(tokens[k]) and core <= 1)
    ):
        k += 1
    # "Secretary of the Treasury Scott Bessent": a department named with "the" ("Chair of the
    # Congressional Black Caucus" is no department)
    department = k < len(tokens) and tokens[k].casefold() in _DEPARTMENTS
    of_at = k - 2 if k >= 2 and tokens[k - 1].casefold() == "the" and department else k - 1
    if core >= 3 and of_at >= 0 and tokens[of_at].casefold() == "of":
        # "Secretary of Labor Lori Chavez-DeRemer": the word after "of" names the department
        k, core = k + 1, core - 1
    return (k, core) if k < end else (len(tokens), 0)


def _title_before(tokens: list[str], start: int) -> str:
    """The title words right before a lone surname: "Vice President" in "Vice President Harris"."""
    role_words = title_rules().role_words
    k = start
    while (
        k > 0
        and start - k < 3
        and tokens[k - 1][:1].isupper()
        and tokens[k - 1].casefold().rstrip(".,") in role_words
    ):
        k -= 1
    return " ".join(tokens[k:start])


def _introduces_name(prefix: list[str]) -> bool:
    """Whether the words before a name are a title or a possessive ("Nvidia CEO", "Microsoft’s")."""
    if prefix[-1].endswith(_POSSESSIVE_END):
        return True
    connectors = {"of", "for", "and", "the", "&", "on", "at", "in", "to"}
    if any(word[:1].islower() and word.casefold() not in connectors for word in prefix):
        return True  # a role in lower case: "PragerU commentator Shabbos Kestenbaum"
    if any(sum(c.isupper() for c in word) >= 2 and word.upper() == word for word in prefix):
        return True  # an acronym: "APNSA Jake Sullivan", "AFL-CIO President Liz Shuler"
    role_words = title_rules().role_words
    return any(word.casefold().strip(".,") in role_words - {"the", "of"} for word in prefix)


_ABBREVIATED_END = re.compile(r"(?:^|\s)(?:Co|Inc|Corp|Ltd|Cos|Bros|Jr|Sr|L\.P|L\.L\.C|N\.A)$")


def _keep_abbreviation_stop(original: str, phrase: str) -> str:
    """`phrase` with the full stop of a closing abbreviation put back ("Merck & Co.")."""
    if phrase and _ABBREVIATED_END.search(phrase) and original.find(phrase + ".") >= 0:
        return phrase + "."
    return phrase


# A word cut off and corrected in speech, as transcripts print it: "Brod- — Bradley".
_CUT_OFF_WORD = re.compile(r"\b[\w’']+-\s+[—–]\s+")


def parse_speaker_phrase(phrase: str) -> ParsedName:
    """Split a cleaned attribution phrase into the reported name and its role words."""
    if "- " in phrase:
        phrase = _CUT_OFF_WORD.sub("", phrase)  # "Neil Brod- — Bradley": the speaker's correction
    phrase = _keep_abbreviation_stop(
        phrase, TRAILING_ADVERBIAL.sub("", _LEADING_FILLER.sub("", phrase.strip(" ,.;:—–-"))).strip(" ,.;:")
    )
    if not phrase:
        return ParsedName("", "", "none")
    if CJK.search(phrase):
        return _parse_chinese(phrase)
    phrase = _TRAILING_VERB.sub("", _LEADING_DOCUMENT.sub("", _INTRODUCTORY.sub("", phrase))).strip(" ,")
    if not phrase:
        return ParsedName("", "", "none")
    rules = title_rules()
    folded = phrase.casefold()
    if folded in PRONOUNS:
        return ParsedName(phrase, "", "pronoun")
    first = phrase.split()[0].strip(",")
    if first.casefold() in rules.not_speaker_words and not (len(first) > 1 and first.isupper()):
        return ParsedName(phrase, "", "none")  # "US Secretary ...": an acronym, not "us"
    if ANAPHOR.match(phrase):
        return ParsedName(phrase, "", "anaphor")
    head, apposition = _split_apposition(phrase)
    role_tail = apposition
    constituency = _CONSTITUENCY.search(head)
    if constituency and (constituency.group("party") or country_of(constituency.group())[0] != UNKNOWN):
        stripped = head[: constituency.start()].strip()
        if _name_run(stripped.split())[1] >= 1:
            role_tail = f"{constituency.group().strip(' ,()')} {role_tail}".strip()
            head = stripped
    tokens = head.split()
    if not tokens:
        return ParsedName("", "", "none")
    start, core = _name_run(tokens)
    if core >= 2 and start > 0 and not _introduces_name(tokens[:start]):
        # "National Center for Missing & Exploited Children": capitalised words after words
        # that are no title end an organisation's name, not a person's
        core = 0
    if core >= 2:
        name = " ".join(tokens[start:]).rstrip(",")
        return ParsedName(name, " ".join([*tokens[:start], role_tail]).strip(), "person")
    if core == 1:
        title = _title_before(tokens, start)
        surname = " ".join(tokens[start:]).rstrip(",")
        if title and title.split()[-1].casefold().rstrip(".") in rules.address_titles:
            honorific_only = title.casefold().rstrip(".") in rules.honorifics
            name = surname if honorific_only else f"{title} {surname}"
            return ParsedName(name, " ".join([*tokens[:start], role_tail]).strip(), "surname")
        if (
            start == 0
            and len(tokens) == 1
            and not apposition
            and is_name_word(surname)
            and country_of(surname)[0] == UNKNOWN  # "China:" is a country speaking, not a surname
        ):
            return ParsedName(surname, "", "surname")
    if apposition:
        # "Douglass’s biographer, David Blight": the role comes first, the name in apposition
        appo_tokens = apposition.split()
        appo_start, appo_core = _name_run(appo_tokens)
        if appo_core >= 2 and appo_start == 0:
            return ParsedName(" ".join(appo_tokens), head, "person")
    # No person's name: an organisation or a role ("The White House", "Palantir", "The President").
    name = head
    if (
        apposition
        and not _RELATIVE.match(apposition)
        and len(apposition.split()) <= 3
        and apposition[:1].isupper()
    ):
        name = f"{head}, {apposition}"  # "Department of Economics at the University of California, Berkeley"
    return ParsedName(name.strip(" ,"), phrase, "organisation")


# Chinese titles that precede a name: 外交部发言人毛宁, 英伟达首席执行官黄仁勋.
_ZH_TITLE = re.compile(
    r"(?:发言人|首席执行官|执行长|副总裁|总裁|董事长|董事会主席|创始人|联合创始人|总经理|首席技术官|首席科学家|"
    r"副部长|部长|外长|副总理|总理|国务委员|国家主席|主席|总书记|书记|省长|市长|大使|特使|局长|司长|主任|"
    r"副教授|教授|研究员|院士|院长|校长|学者|专家|记者|主编|评论员|总统|副总统|首相|国务卿|议员|参议员|众议员|"
    r"将军|司令员|司令|负责人|秘书长|理事长|工程师|分析师|经济学家|律师|顾问|高管|研究人员|CEO|CTO)"
)


def _parse_chinese(written: str) -> ParsedName:
    # matched in simplified characters, cut from the phrase as written (the offsets agree)
    simplified = to_simplified(written)
    adverbial = ZH_ADVERBIAL.search(simplified)
    end = adverbial.start() if adverbial is not None else len(simplified)
    phrase, simplified = written[:end].strip(), simplified[:end].strip()
    for pronoun in sorted(ZH_PRONOUNS, key=len, reverse=True):
        if simplified.startswith(pronoun) and len(simplified) <= len(pronoun) + 1:
            return ParsedName(pronoun, "", "pronoun")
    titles = list(_ZH_TITLE.finditer(simplified))
    if titles:
        last = titles[-1]
        name = phrase[last.end() :].strip()
        if (2 <= len(name) <= 4 and CJK.match(name)) or 2 <= len(name.split()) <= 3:
            return ParsedName(name, phrase[: last.end()], "person")
        return ParsedName(phrase, phrase, "organisation")
    if len(phrase) <= 4:
        return ParsedName(phrase, "", "person")  # a bare Chinese name: 薛澜
    return ParsedName(phrase, phrase, "organisation")


# --- resolution -------------------------------------------------------------------------------


_NEXT_WORD = re.compile(r"[ \t]+([\w’'.\-]+)")


def _inside_longer_name(role: str, end: int) -> bool:
    """Whether a registered name ending at `end` opens a longer name ("White House Historical
    Association" is no White House): a capitalised word follows that is no title ("Microsoft
    President", "White House Press Secretary" keep the body)."""
    following = _NEXT_WORD.match(role, end)
    if following is None:
        return False
    word = following.group(1)
    return word[:1].isupper() and word.casefold().rstrip(".") not in title_rules().role_words


def capacity(role: str, registry: ActorRegistry) -> tuple[Actor | None, TitleResolution]:
    """The registered organisation a role names and the role's title resolution. A former
    organisation counts only when nothing else in the role places the speaker (a former
    official speaks from that experience: the eval README's convention; "a veteran of Voice
    of America and its former White House correspondent" is media)."""
    current: Actor | None = None
    former: Actor | None = None
    for match in registry.find_all(role):
        if match.actor.kind != "organisation" or (
            # "Atlantic Council’s Eurasia Center" is the council's own
            not match.alias.endswith(("’s", "'s")) and _inside_longer_name(role, match.end)
        ):
            continue
        if _FORMER.search(role[max(0, match.start - 16) : match.start]) is None:
            current = match.actor
            break
        former = former or match.actor
    titled = resolve_by_title(role) if role else TitleResolution()
    if current is None and titled.sector == UNKNOWN:
        current = former
    return current, titled


def speaker_of_actor(name: str, actor: Actor, resolved_by: str = "registry") -> Speaker:
    """A registered actor as a speaker named `name` (the name as printed)."""
    organisation = actor.organisation or (actor.name if actor.kind == "organisation" else "")
    return Speaker(name, organisation, actor.sector, actor.country, resolved_by, actor.name)


def resolve_speaker(
    parsed: ParsedName, registry: ActorRegistry, publisher: Speaker | None, phrase: str = ""
) -> Speaker:
    """Name, organisation, sector and country of a parsed speaker.

    The registry decides for a registered person unless the role in the text names an
    organisation of another sector: people change jobs, and the codebook counts the capacity
    in which they speak (a former official now at a think tank speaks for civil society).
    """
    name = collapse_spaces(parsed.name)
    role = collapse_spaces(parsed.role)
    actor = registry.lookup(name) if name else None
    if actor is None and parsed.kind == "organisation":
        actor = registry.lookup(_PAREN.sub("", name))
        if actor is None:
            match = registry.find(name)
            actor = match.actor if match is not None and match.actor.kind == "organisation" else None
    organisation, titled = capacity(role, registry) if role else (None, TitleResolution())
    if actor is not None:
        speaker = speaker_of_actor(name, actor)
        if actor.kind == "person":
            if organisation is not None and organisation.sector != actor.sector:
                speaker = Speaker(
                    name, organisation.name, organisation.sector, speaker.country, "role", organisation.name
                )
            elif organisation is None and titled.rule == "organisation" and titled.sector != actor.sector:
                speaker = Speaker(
                    name, titled.organisation, titled.sector, speaker.country, "role", titled.cue
                )
        if speaker.country == UNKNOWN and titled.country != UNKNOWN:
            speaker = Speaker(
                name,
                speaker.organisation,
                speaker.sector,
                titled.country,
                speaker.resolved_by,
                speaker.resolution_cue,
            )
        return speaker
    if organisation is not None:
        country = organisation.country if organisation.country != UNKNOWN else titled.country
        return Speaker(name, organisation.name, organisation.sector, country, "registry", organisation.name)
    if parsed.kind == "organisation":
        country_code, country_words = country_of(name)
        if country_code != UNKNOWN and len(country_words) >= len(re.sub(r"^(?i:the)\s+", "", name)) - 1:
            # "China said", "the United States has said": a country speaks through its government
            return Speaker(name, name, "government", country_code, "role", country_words)
        if titled.sector == UNKNOWN and phrase and phrase != role:
            titled = resolve_by_title(phrase)
    elif parsed.kind == "surname" and not role and titled.sector == UNKNOWN:
        # one capitalised word that the kinds of body know ("Newsweek" is an outlet): a body
        named_body = resolve_by_title(name)
        if named_body.rule == "organisation":
            titled = named_body
    country = titled.country
    if country == UNKNOWN and titled.sector in ("government", "security") and publisher is not None:
        country = publisher.country
    if titled.sector == UNKNOWN:
        official = _OFFICIAL.search(role)
        if official is not None and publisher is not None and publisher.sector == "government":
            # "said Mitch Landrieu, Senior Advisor & Infrastructure Implementation Coordinator": an
            # official with no body named, quoted by a government publisher, speaks for it
            return Speaker(
                name, publisher.name, publisher.sector, publisher.country, "publisher", official.group()
            )
        return Speaker(name, titled.organisation, UNKNOWN, country, "none", "")
    org_name = titled.organisation or (name if parsed.kind == "organisation" else "")
    return Speaker(name, org_name, titled.sector, country, "role", titled.cue)


def speaker_from_phrase(
    phrase: str, registry: ActorRegistry, publisher: Speaker | None
) -> tuple[ParsedName, Speaker]:
    """Parse and resolve a raw attribution phrase (Markdown allowed)."""
    cleaned = clean_markdown(phrase)
    parsed = parse_speaker_phrase(cleaned)
    if parsed.kind in ("pronoun", "anaphor", "none"):
        return parsed, Speaker(parsed.name)
    return parsed, resolve_speaker(parsed, registry, publisher, cleaned)


# --- transcript labels ------------------------------------------------------------------------


def _label_title_and_surname(label: str) -> tuple[list[str], list[str]]:
    words = label.split()
    rules = title_rules()
    k = 0
    while k < len(words) and (
        words[k].casefold() in rules.label_words or words[k].casefold().rstrip(".") in rules.role_words
    ):
        k += 1
    return words[:k], words[k:]


# Titles of the press events a government runs itself: calls, briefings, gaggles.
_PRESS_EVENT = re.compile(
    r"(?i)\b(?:press|media|background)\s+(?:call|briefing|gaggle|conference)|\bbriefing\b"
)
_CONTEXT_STOP = re.compile(
    r"\s(?:at|in|on|during|before|after|with|to|for|from|about|regarding)\s|\s[|–—]\s|:"
)
# Title words before a name, with the connectors of a title ("NSC Coordinator for Strategic
# Communications John Kirby"): the organisation it names decides the sector.
# The capitalised words before a name; a word ending in a period is an abbreviation ("Sen.",
# "U.S.") or the end of the sentence before ("... Kamala Harris.  I’m Anderson Cooper"), where the
# run stops.
_BEFORE_NAME = re.compile(r"(?:(?:[A-Z][\w’'\-]*|[A-Z][\w’'.\-]{0,4}\.|for|of|and|on|the)\s+){0,7}$")
# Where the description after a name ends: a sentence, or a list of other names.
AFTER_NAME_STOP = re.compile(r"[.;\n]|,\s+and\s|\s+and\s+(?=[A-Z])")
_VERB_AFTER_NAME = re.compile(
    r"\s+(?:will|would|can|could|should|may|might|must|is|was|are|were|has|had|have|did|does|said|says"
    r"|told|tells|discussed|discusses|spoke|speaks|joined|joins|met|meets)\b"
)


def mixed_case(surname: str) -> str:
    """How an upper-case label's surname is written in running text: "TAICLET" → "Taiclet"."""
    words = []
    for word in surname.split():
        cased = re.sub(r"(?<=[’'\-])(\w)", lambda m: m.group(1).upper(), word.capitalize())  # O’Neill
        if cased.startswith("Mc") and len(cased) > 2:
            cased = "Mc" + cased[2:].capitalize()
        words.append(cased)
    return " ".join(words)


def full_name_context(surname: str, text: str, start: int) -> tuple[str, str] | None:
    """The first mention of `surname` in mixed case from `start`, with given names and context.

    Returns the full name ("Jim Taiclet") and the words that describe the person: titles
    before and the apposition after ("the CEO of Lockheed Martin", "of the Republic of
    Korea"). A plain substring search finds the mentions: this runs once per label and
    document, over documents of up to millions of characters.
    """
    return next(name_mentions(surname, text, start), None)


def name_mentions(surname: str, text: str, start: int) -> Iterator[tuple[str, str]]:
    """Every mention of `full_name_context`, in order (a generator: callers stop early)."""
    written = mixed_case(surname)
    at = text.find(written, start)
    while at >= 0:
        end = at + len(written)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            before_match = _BEFORE_NAME.search(text, max(0, at - 60), at)
            before = before_match.group().split() if before_match else []
            given: list[str] = []
            for token in reversed(before):
                if not is_name_word(token) or len(given) == 3:
                    break
                given.insert(0, token)
            role_before = " ".join(before[: len(before) - len(given)])
            # "Dr. Murthy will discuss Pfizer’s vaccine": a verb after the name, no apposition
            after = (
                ""
                if _VERB_AFTER_NAME.match(text, end)
                else AFTER_NAME_STOP.split(text[end : end + 100], maxsplit=1)[0]
            )
            full = " ".join([*given, written])
            yield full, f"{role_before} {full}{after}".strip()
        at = text.find(written, at + 1)


def _label_actor(label: str, full: str | None, surname: str, registry: ActorRegistry) -> Actor | None:
    """The registered person a label names: its full name found in the document, the label
    itself ("PRESIDENT TRUMP" → "President Trump"), or a surname only one registered person has."""
    if full is not None and len(full.split()) > len(surname.split()):
        actor = registry.lookup(full)
        if actor is not None:
            return actor
    actor = registry.lookup(" ".join(word.capitalize() for word in label.split()))
    if actor is not None:
        return actor
    if full is None or len(full.split()) == len(surname.split()):
        candidates = registry.by_surname(surname)
        if len(candidates) == 1:
            return candidates[0]
    return None


@lru_cache(maxsize=4096)  # "THE PRESIDENT", "MODERATOR": labels without a name read the same everywhere
def _generic_label(name: str, publisher: Speaker | None) -> Speaker:
    if name == "Q":
        return Speaker("Q", "", "media", UNKNOWN, "label", "Q")  # reporters (eval README)
    titled = resolve_by_title(name)
    country = titled.country
    if country == UNKNOWN and titled.sector in ("government", "security") and publisher is not None:
        country = publisher.country
    if titled.sector == UNKNOWN:
        return Speaker(name, "", UNKNOWN, country, "none", "")
    return Speaker(name, "", titled.sector, country, "label", titled.cue)


def resolve_label(
    label: str,
    document_text: str,
    body_start: int,
    title: str,
    registry: ActorRegistry,
    publisher: Speaker | None,
) -> Speaker:
    """Sector and country of a transcript label, from the registry and the document around it.

    A label with a surname ("MR. TAICLET") is looked up by the person's first mention in
    the title or the body ("Jim Taiclet, the CEO of Lockheed Martin"); the registry decides
    for a registered person, else the organisation and titles of that mention, else the
    label's own title ("PRESIDENT YOON" → government).
    """
    name = collapse_spaces(label)
    title_words, surname_words = _label_title_and_surname(name)
    if (
        name.casefold() == "moderator"
        and publisher is not None
        and publisher.sector == "government"
        and _PRESS_EVENT.search(title)
    ):
        # The unnamed moderator of a government's press call or briefing is its press staff
        # (a journalist moderating a forum is named in the label: "MS. BREAM").
        return Speaker(name, publisher.name, publisher.sector, publisher.country, "publisher", "MODERATOR")
    if name == "Q" or not surname_words:
        return _generic_label(name, publisher)
    surname = " ".join(surname_words)
    found = full_name_context(surname, title, 0) if title else None
    if found is None:
        found = full_name_context(surname, document_text, body_start)
    full, context = found if found is not None else (None, "")
    actor = _label_actor(name, full, surname, registry)
    if actor is not None:
        return speaker_of_actor(name, actor)
    label_titled = resolve_by_title(" ".join(title_words)) if title_words else TitleResolution()
    context_org, context_titled = capacity(context, registry) if context else (None, TitleResolution())
    country = UNKNOWN
    if context_org is not None:
        sector, organisation, resolved_by, cue = (
            context_org.sector,
            context_org.name,
            "document",
            context_org.name,
        )
        country = context_org.country
    elif label_titled.sector != UNKNOWN:
        sector, organisation, resolved_by, cue = label_titled.sector, "", "label", label_titled.cue
    elif context_titled.sector != UNKNOWN:
        sector, organisation, resolved_by, cue = (
            context_titled.sector,
            context_titled.organisation,
            "document",
            context_titled.cue,
        )
    else:
        sector, organisation, resolved_by, cue = UNKNOWN, "", "none", ""
        official = _OFFICIAL.search(context)
        if publisher is not None and publisher.sector == "government":
            placed = official or _PRESS_EVENT.search(title)
            if placed is not None:
                # "White House COVID-19 Response Coordinator Jeff Zients": an official of the
                # publisher; so is a speaker of a government's press briefing or call whom
                # nothing else places ("DR. FAUCI", a moderator "MR. MUNOZ"): the podium is
                # the government's, its guests from elsewhere are introduced by their titles
                sector, organisation, resolved_by, cue = (
                    publisher.sector,
                    publisher.name,
                    "publisher",
                    placed.group(),
                )
    if country == UNKNOWN and context:
        # the country the description names, cut before places and occasions: "of the Republic
        # of Korea" counts, "at a Political Event | London, United Kingdom" does not
        country = country_of(_CONTEXT_STOP.split(context, maxsplit=1)[0])[0]
    if country == UNKNOWN and sector in ("government", "security") and publisher is not None:
        country = publisher.country
    return Speaker(name, organisation, sector, country, resolved_by, cue)


# --- document-level speaker -------------------------------------------------------------------

_AUTHORED_TITLE = re.compile(
    r"^(?:(?:Prepared|Keynote|Closing|Opening)\s+)?(?:Remarks|Speech|Address|Statement|Op-?Ed|Letter|Message"
    r"|Testimony|Keynote|Lecture|Commencement Address|Written Statement|Blog Post|Post)"
    r"(?:\s+(?:and Q&A|as Prepared for Delivery))?\s*(?:\s(?:by|of|from)\s+|:\s*)(?P<who>.+)$",
    re.IGNORECASE,
)
_JOINT = re.compile(
    r"(?i)(joint\s+(?:leaders['’]\s+)?(?:vision\s+)?(?:statement|fact sheet|declaration|communiqu[eé])"
    r"|communiqu[eé]|leaders['’]\s+(?:statement|declaration))"
)
_PARTIES = re.compile(
    r"\b(G7|G20|Quad|AUKUS)\b"
    r"|(?:U\.S\.|United\s+States)\s*(?:[-–—]|and)\s*(?P<other>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})"
)
_BYLINE = re.compile(r"\A\s*\*(?P<byline>[^*]{3,600})\*\s*(?:\n|$)|\A\s*By\s+(?P<by>[^\n]{3,200})\n")


def _leading_person(words: list[str]) -> tuple[str, str]:
    """The first person named in a title's words, and the role words before it."""
    k = 0
    while k < len(words) and not is_name_word(words[k]):
        k += 1
    role = " ".join(words[:k])
    names: list[str] = []
    for word in words[k:]:
        if len(names) == 4 or not (is_name_word(word) or _INITIAL.match(word) or _SUFFIX.match(word)):
            break
        if len(word) == 1:
            break  # "Jake Sullivan A New Frontier": a capital alone starts the title's next words
        names.append(word.rstrip(",:"))
        if word.endswith((",", ":")):
            break
    if len(names) == 1:
        # "Remarks by President Biden on ...": a lone surname keeps its title
        role_words = title_rules().role_words
        titles = [w for w in words[:k] if w.casefold().rstrip(".") in role_words][-2:]
        return " ".join([*titles, names[0]]), " ".join(words[: k - len(titles)])
    return " ".join(names), role


def _renamed(speaker: Speaker, name: str) -> Speaker:
    return Speaker(
        name,
        speaker.organisation,
        speaker.sector,
        speaker.country,
        speaker.resolved_by,
        speaker.resolution_cue,
    )


def publisher_speaker(url: str, registry: ActorRegistry) -> Speaker:
    """The institution that publishes on `url`'s domain, as a speaker ("The White House")."""
    actor = registry.by_domain(url) if url else None
    if actor is not None:
        return speaker_of_actor(actor.name, actor, "publisher")
    host = re.sub(r"^[a-z]+://", "", url).split("/", 1)[0] if url else ""
    return Speaker(host or UNKNOWN, host, UNKNOWN, UNKNOWN, "none", "")


def default_speaker(title: str, body: str, url: str, registry: ActorRegistry) -> Speaker:
    """The speaker of a document's unattributed sentences (eval README conventions).

    Prepared speeches, op-eds, letters and statements by a named person → that person (a
    spokesperson speaks for the institution); blog posts with a byline → the authors; joint
    statements → the signatories; everything else → the publisher (by the URL's domain).
    """
    publisher = publisher_speaker(url, registry)
    title = collapse_spaces(title.replace("\\_", " ").replace("_", " "))
    authored = _AUTHORED_TITLE.match(title)
    if authored and not _SPOKES.search(authored.group("who")):
        name, role = _leading_person(authored.group("who").split())
        if name:
            return _renamed(speaker_from_phrase(f"{role} {name}".strip(), registry, publisher)[1], name)
    byline = _BYLINE.match(body)
    if byline:
        # "*Lael Brainard, National Economic Advisor  \nNeera Tanden, ...*" or "By Jane Doe": each
        # line must open with a person's name ("By the authority vested in me" is no byline)
        lines = (byline.group("byline") or byline.group("by")).splitlines()
        names: list[str] = []
        for line in lines:
            cleaned = clean_markdown(line)
            head = cleaned.split(",")[0].split()
            start, core = _name_run(head)
            if start == 0 and core >= 2 and ("," in cleaned or len(lines) == 1):
                names.append(" ".join(head))
            elif not names or "," in cleaned:
                names = []  # not a byline: "By the authority vested in me as President ..."
                break
            # else: the wrapped end of the previous author's title
        if names:
            joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
            return _renamed(speaker_from_phrase(lines[0], registry, publisher)[1], joined)
    joint = _JOINT.search(title)
    parties = _PARTIES.search(title) if joint else None
    if joint and parties:
        other = country_of(parties.group("other") or "")[1] or parties.group("other")
        who = f"{parties.group(1)} Leaders" if parties.group(1) else f"United States and {other}"
        kind = joint.group(1).casefold().replace("’", "'").replace("é", "e")
        return Speaker(f"{who} ({kind})", who, "government", publisher.country, "document", joint.group(1))
    return publisher
