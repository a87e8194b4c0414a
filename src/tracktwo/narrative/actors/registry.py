"""The actor registry: people and organisations of the AI policy debate, with sector and country.

The packaged data file `data/actors.yaml` holds prominent public figures and bodies with
their English and Chinese names and aliases; a user extends it with a second file of the
same shape (`load_registry(extra)`), whose entries win over packaged ones of the same name.

Speakers who are not in the registry are resolved from the words around them
(`resolve_by_title`): the kind of body named ("University of X", "Ministry of Y",
外交部) and the role ("CEO of", "Senator", "professor at"), with the rules in
`data/titles.yaml` and country names in `data/countries.yaml`.

Matching works on word n-grams (Latin script) and substrings (Chinese), looked up in
dictionaries, so a registry of thousands of aliases costs the same per phrase as one of ten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import yaml

from tracktwo.narrative.errors import LexiconError
from tracktwo.narrative.language import to_simplified
from tracktwo.taxonomy.vocabulary import vocabulary

ActorKind = Literal["person", "organisation"]
UNKNOWN = "unknown"

_PACKAGE = "tracktwo.narrative.actors"
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
# Word tokens for alias lookup: a possessive "’s" and surrounding punctuation are not part of
# a name ("Atlantic Council’s Digital Forensic Research Lab" names the Atlantic Council).
_TOKEN = re.compile(r"[^\W_](?:[\w&.'’\-]*[^\W_])?")
_POSSESSIVE = re.compile(r"['’]s$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACE = re.compile(r"\s+")

try:  # libyaml is several times faster; fall back to the pure-Python loader where it is absent
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Actor:
    """One person or organisation; `sector` is a codebook sector, `country` ISO 3166-1 alpha-2."""

    name: str
    kind: ActorKind
    sector: str
    country: str
    organisation: str = ""
    zh: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()  # web domains the organisation publishes on (publisher lookup)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.zh)


@dataclass(frozen=True)
class ActorMatch:
    """An alias of `actor` found in a text at `start:end`."""

    actor: Actor
    alias: str
    start: int
    end: int


@dataclass(frozen=True)
class TitleResolution:
    """Sector, country and organisation read from the words around a name.

    `cue` is the text that decided the sector ("" when none did); `rule` says which kind of
    rule it was: "organisation" (the kind of body named), "title" (the role), or "none".
    """

    sector: str = UNKNOWN
    country: str = UNKNOWN
    organisation: str = ""
    cue: str = ""
    rule: str = "none"
    country_cue: str = ""


def _normalise_token(token: str) -> str:
    return _POSSESSIVE.sub("", token).replace("’", "'").casefold()


def _is_exact_case(alias: str) -> bool:
    # Acronyms and very short names ("IBM", "AMD", "RAND", "Box") are matched with their case:
    # in lower case they are ordinary words.
    letters = [c for c in alias if c.isalpha()]
    return len(alias) <= 3 or (bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6)


@dataclass(frozen=True, eq=False)
class ActorRegistry:
    """The actors and the indexes to find them; build it with `load_registry`."""

    actors: tuple[Actor, ...]
    sources: tuple[str, ...]
    _folded: Mapping[tuple[str, ...], Actor] = field(repr=False)
    _exact: Mapping[tuple[str, ...], Actor] = field(repr=False)
    _cjk: Mapping[str, Actor] = field(repr=False)
    _exact_first: Mapping[str, int] = field(repr=False)
    _folded_first: Mapping[str, int] = field(repr=False)
    _cjk_first: Mapping[str, int] = field(repr=False)
    _surnames: Mapping[str, tuple[Actor, ...]] = field(repr=False)
    _domains: Mapping[str, Actor] = field(repr=False)

    def __len__(self) -> int:
        return len(self.actors)

    def lookup(self, name: str) -> Actor | None:
        """The actor whose name or alias is exactly `name` (case and spacing ignored)."""
        name = name.strip()
        if not name:
            return None
        if _CJK.search(name):
            return self._cjk.get(to_simplified(_SPACE.sub("", name)))
        tokens = tuple(m.group() for m in _TOKEN.finditer(name))
        key = tuple(_normalise_token(t) for t in tokens)
        return self._exact.get(tuple(t.replace("’", "'") for t in tokens)) or self._folded.get(key)

    def find_all(self, text: str) -> tuple[ActorMatch, ...]:
        """Every non-overlapping alias in `text`, longest first at each position, left to right."""
        matches: list[ActorMatch] = []
        spans = [m.span() for m in _TOKEN.finditer(text)]
        raw = [text[a:b] for a, b in spans]
        exact = [t.replace("’", "'") for t in raw]
        folded = [_normalise_token(t) for t in raw]
        i = 0
        count = len(spans)
        while i < count:
            # only n-grams opening with a token that opens some alias are looked up
            longest = max(self._exact_first.get(exact[i], 0), self._folded_first.get(folded[i], 0))
            found = None
            for n in range(min(longest, count - i), 0, -1):
                actor = self._exact.get(tuple(exact[i : i + n])) or self._folded.get(tuple(folded[i : i + n]))
                if actor is not None:
                    start, end = spans[i][0], spans[i + n - 1][1]
                    found = ActorMatch(actor, text[start:end], start, end)
                    i += n
                    break
            if found is None:
                i += 1
            else:
                matches.append(found)
        if self._cjk and _CJK.search(text):
            matches.extend(self._find_cjk(text))
            matches.sort(key=lambda m: m.start)
        return tuple(matches)

    def _find_cjk(self, original: str) -> list[ActorMatch]:
        text = to_simplified(original)
        found: list[ActorMatch] = []
        i = 0
        while i < len(text):
            longest = self._cjk_first.get(text[i], 0)
            for n in range(min(longest, len(text) - i), 1, -1):
                actor = self._cjk.get(text[i : i + n])
                if actor is not None:
                    found.append(ActorMatch(actor, original[i : i + n], i, i + n))
                    i += n
                    break
            else:
                i += 1
        return found

    def find(self, text: str) -> ActorMatch | None:
        """The longest alias in `text` (the leftmost among equally long ones), or None."""
        best: ActorMatch | None = None
        for match in self.find_all(text):
            if best is None or match.end - match.start > best.end - best.start:
                best = match
        return best

    def by_surname(self, surname: str) -> tuple[Actor, ...]:
        """People whose name ends in (or, for East Asian order, begins with) `surname`."""
        return self._surnames.get(_normalise_token(surname), ())

    def by_domain(self, url: str) -> Actor | None:
        """The organisation that publishes on the web domain of `url`, if registered."""
        host = re.sub(r"^[a-z]+://", "", url.strip().casefold()).split("/", 1)[0].split(":", 1)[0]
        while host:
            actor = self._domains.get(host)
            if actor is not None:
                return actor
            host = host.partition(".")[2]
        return None


def _text_list(value: Any, what: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise LexiconError(f"{where}: {what} must be a string or a list of strings, not {value!r}")


def _parse_actor(entry: Any, where: str, sectors: frozenset[str]) -> Actor:
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: each actor must be a mapping with name, type, sector and country")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise LexiconError(f"{where}: an actor needs a non-empty 'name'")
    where = f"{where} ({name})"
    unknown_keys = set(entry) - {
        "name",
        "type",
        "sector",
        "country",
        "organisation",
        "zh",
        "aliases",
        "domains",
    }
    if unknown_keys:
        raise LexiconError(f"{where}: unknown field(s) {', '.join(sorted(unknown_keys))}")
    kind = entry.get("type", "person")
    if kind not in ("person", "organisation"):
        raise LexiconError(f"{where}: type must be 'person' or 'organisation', not {kind!r}")
    sector = entry.get("sector")
    if sector not in sectors:
        raise LexiconError(
            f"{where}: sector {sector!r} is not a codebook sector; use one of {', '.join(sorted(sectors))}"
        )
    country = entry.get("country", UNKNOWN)
    if not isinstance(country, str) or not (country == UNKNOWN or _COUNTRY_CODE.match(country)):
        raise LexiconError(
            f"{where}: country {country!r} must be an ISO 3166-1 alpha-2 code such as US or CN, or 'unknown'"
        )
    organisation = entry.get("organisation", "")
    if not isinstance(organisation, str):
        raise LexiconError(f"{where}: organisation must be a string")
    return Actor(
        name=name.strip(),
        kind=kind,
        sector=sector,
        country=country,
        organisation=organisation.strip(),
        zh=_text_list(entry.get("zh"), "zh", where),
        aliases=_text_list(entry.get("aliases"), "aliases", where),
        domains=_text_list(entry.get("domains"), "domains", where),
    )


def _read_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{source}: not valid YAML ({exc}); fix the file or remove it") from exc


def _parse_actors(data: Any, source: str) -> tuple[Actor, ...]:
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise LexiconError(f"{source}: an actor file must be a mapping with a list under 'actors'")
    sectors = frozenset(vocabulary().codes("sectors"))
    return tuple(
        _parse_actor(entry, f"{source}: actors[{i}]", sectors) for i, entry in enumerate(data["actors"])
    )


def _package_text(name: str) -> str:
    return resources.files(_PACKAGE).joinpath(f"data/{name}").read_text(encoding="utf-8")


@cache
def _packaged_actors() -> tuple[Actor, ...]:
    return _parse_actors(_read_yaml(_package_text("actors.yaml"), "actors.yaml (packaged)"), "actors.yaml")


def _read_extra(path: Path) -> tuple[Actor, ...]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read the actor file ({exc})") from exc
    return _parse_actors(_read_yaml(text, str(path)), str(path))


def _surname_keys(actor: Actor) -> Iterable[str]:
    tokens = [t for t in _TOKEN.findall(actor.name) if not re.fullmatch(r"(?i)jr|sr|ii|iii|iv", t)]
    if len(tokens) >= 2:
        yield _normalise_token(tokens[-1])
        yield _normalise_token(tokens[0])  # family name first: Yoon Suk Yeol, Xi Jinping


def build_registry(actors: Iterable[Actor], sources: Iterable[str] = ()) -> ActorRegistry:
    """Index `actors`; a later actor with the same name replaces an earlier one."""
    by_name: dict[str, Actor] = {}
    for actor in actors:
        by_name[actor.name.casefold()] = actor
    kept = tuple(by_name.values())
    folded: dict[tuple[str, ...], Actor] = {}
    exact: dict[tuple[str, ...], Actor] = {}
    cjk: dict[str, Actor] = {}
    surnames: dict[str, list[Actor]] = {}
    domains: dict[str, Actor] = {}
    exact_first: dict[str, int] = {}
    folded_first: dict[str, int] = {}
    cjk_first: dict[str, int] = {}
    for actor in kept:
        for alias in actor.names:
            if _CJK.search(alias):
                key_text = to_simplified(_SPACE.sub("", alias))
                cjk[key_text] = actor
                cjk_first[key_text[0]] = max(cjk_first.get(key_text[0], 0), len(key_text))
                continue
            tokens = tuple(_TOKEN.findall(alias))
            if not tokens:
                continue
            if _is_exact_case(alias):
                key = tuple(t.replace("’", "'") for t in tokens)
                exact[key] = actor
                exact_first[key[0]] = max(exact_first.get(key[0], 0), len(key))
            else:
                key = tuple(_normalise_token(t) for t in tokens)
                folded[key] = actor
                folded_first[key[0]] = max(folded_first.get(key[0], 0), len(key))
        if actor.kind == "person":
            for surname in set(_surname_keys(actor)):
                surnames.setdefault(surname, []).append(actor)
        for domain in actor.domains:
            domains[domain.casefold()] = actor
    return ActorRegistry(
        actors=kept,
        sources=tuple(sources),
        _folded=MappingProxyType(folded),
        _exact=MappingProxyType(exact),
        _cjk=MappingProxyType(cjk),
        _exact_first=MappingProxyType(exact_first),
        _folded_first=MappingProxyType(folded_first),
        _cjk_first=MappingProxyType(cjk_first),
        _surnames=MappingProxyType({k: tuple(v) for k, v in surnames.items()}),
        _domains=MappingProxyType(domains),
    )


@cache
def packaged_registry() -> ActorRegistry:
    """The packaged registry alone, built once per process (for callers without a user file)."""
    return build_registry(_packaged_actors(), ["actors.yaml (packaged)"])


def load_registry(extra: Path | None = None) -> ActorRegistry:
    """The packaged registry, extended (and overridden by name) with the actors in `extra`.

    Raises LexiconError naming the file when a file is unreadable or malformed.
    """
    actors = _packaged_actors()
    sources = ["actors.yaml (packaged)"]
    if extra is not None:
        actors = actors + _read_extra(extra)
        sources.append(str(extra))
    return build_registry(actors, sources)


# --- titles and organisations: speakers who are not in the registry ---------------------------


# Tiers of title rules, in the order they are tried: the kind of body named, the role, then words
# that are common in company names but weak evidence ("Communications", "Energy").
_TIERS = ("organisation", "title", "organisation_weak")
# A head of state or government named with the country: "President of Israel".
_HEAD_OF = re.compile(r"(?i:the\s+)?(?i:vice\s+)?(?:President|Prime Minister|Premier)\s+of\s+(?:the\s+)?")


@dataclass(frozen=True)
class _Rule:
    sector: str
    tier: str  # "organisation" or "title"
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class _TitleRules:
    rules: tuple[_Rule, ...]
    country_names: _NameIndex
    label_words: frozenset[str]
    single_word_labels: frozenset[str]
    heading_labels: frozenset[str]
    role_words: frozenset[str]
    not_name_words: frozenset[str]
    not_speaker_words: frozenset[str]
    honorifics: frozenset[str]
    address_titles: frozenset[str]

    @property
    def personal_words(self) -> frozenset[str]:
        """Words that name a person or role in a transcript label."""
        return self.role_words | self.single_word_labels | self.label_words


_FORMER = re.compile(
    r"(?i)(?:\bformer|\bex-|\bthen-|\bretired|\bonetime|\bpreviously|\bwas\s+(?:a|the))\s*$|前任?$"
)


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise LexiconError(f"{where}: bad regular expression {pattern!r} ({exc})") from exc


def _words(data: Any, key: str, source: str) -> frozenset[str]:
    values = _text_list(data.get(key), key, source)
    return frozenset(v.casefold() for v in values)


@dataclass(frozen=True)
class _NameIndex:
    """Names (here: of countries) looked up by word n-grams, like the registry's aliases."""

    folded: Mapping[tuple[str, ...], str]
    exact: Mapping[tuple[str, ...], str]
    cjk: Mapping[str, str]
    longest: int

    @classmethod
    def build(cls, names: Iterable[tuple[str, str]]) -> _NameIndex:
        folded: dict[tuple[str, ...], str] = {}
        exact: dict[tuple[str, ...], str] = {}
        cjk: dict[str, str] = {}
        longest = 1
        for name, value in names:
            if _CJK.search(name):
                cjk[to_simplified(name)] = value
                continue
            tokens = tuple(_TOKEN.findall(name))
            longest = max(longest, len(tokens))
            # "US", "UK", "EU" name countries only in capitals; in lower case "us" is a pronoun
            if _is_exact_case(name):
                exact[tokens] = value
            else:
                folded[tuple(_normalise_token(t) for t in tokens)] = value
        return cls(MappingProxyType(folded), MappingProxyType(exact), MappingProxyType(cjk), longest)

    def first(self, text: str) -> tuple[str, str] | None:
        """The value and words of the first name in `text` (the longest at that position)."""
        spans = [m.span() for m in _TOKEN.finditer(text)]
        words = [_POSSESSIVE.sub("", text[a:b]) for a, b in spans]
        folded = [_normalise_token(w) for w in words]
        best: tuple[int, str, str] | None = None
        for i in range(len(words)):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                value = self.exact.get(tuple(words[i : i + n])) or self.folded.get(tuple(folded[i : i + n]))
                if value is not None:
                    best = (spans[i][0], value, text[spans[i][0] : spans[i + n - 1][1]])
                    break
            if best is not None:
                break
        if self.cjk and _CJK.search(text):
            simplified = to_simplified(text)
            for name, value in self.cjk.items():
                at = simplified.find(name)
                if at >= 0 and (best is None or at < best[0]):
                    best = (at, value, text[at : at + len(name)])
        return None if best is None else (best[1], best[2])


def _parse_title_rules(data: Any, countries: Any, source: str) -> _TitleRules:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise LexiconError(f"{source}: a title file must be a mapping with a list under 'rules'")
    sectors = frozenset(vocabulary().codes("sectors"))
    rules: list[_Rule] = []
    for i, entry in enumerate(data["rules"]):
        where = f"{source}: rules[{i}]"
        if not isinstance(entry, dict) or entry.get("sector") not in sectors:
            raise LexiconError(f"{where}: each rule needs a codebook sector and a list of patterns")
        tier = entry.get("tier")
        if tier not in _TIERS:
            raise LexiconError(f"{where}: tier must be one of {', '.join(_TIERS)}")
        patterns = _text_list(entry.get("patterns"), "patterns", where)
        joined = "|".join(f"(?:{p})" for p in patterns)
        rules.append(_Rule(entry["sector"], tier, _compile(joined, where)))
    if not isinstance(countries, dict) or not isinstance(countries.get("countries"), dict):
        raise LexiconError("countries.yaml: must be a mapping with a 'countries' mapping of code to names")
    names: list[tuple[str, str]] = []
    for code, spellings in countries["countries"].items():
        if not isinstance(code, str) or not _COUNTRY_CODE.match(code):
            raise LexiconError(f"countries.yaml: {code!r} is not an ISO 3166-1 alpha-2 code")
        names.extend((name, code) for name in _text_list(spellings, code, "countries.yaml"))
    return _TitleRules(
        rules=tuple(rules),
        country_names=_NameIndex.build(names),
        label_words=_words(data, "transcript_label_words", source),
        single_word_labels=_words(data, "single_word_labels", source),
        heading_labels=_words(data, "heading_labels", source),
        role_words=_words(data, "role_words", source),
        not_name_words=_words(data, "not_name_words", source),
        not_speaker_words=_words(data, "not_speaker_words", source),
        honorifics=_words(data, "honorifics", source),
        address_titles=_words(data, "address_titles", source),
    )


@cache
def title_rules() -> _TitleRules:
    """The packaged title, organisation and country rules (read once)."""
    return _parse_title_rules(
        _read_yaml(_package_text("titles.yaml"), "titles.yaml (packaged)"),
        _read_yaml(_package_text("countries.yaml"), "countries.yaml (packaged)"),
        "titles.yaml",
    )


_FORMER_ANYWHERE = re.compile(r"(?i)former|ex-|then-|retired|onetime|previously|\bwas\s+(?:a|the)\b|前")
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w’'.&-]*\s+(?:(?:of|the|for|and|&)\s+)?)+$")


def _first_current(
    pattern: re.Pattern[str], text: str, tensed: bool = True
) -> tuple[re.Match[str] | None, re.Match[str] | None]:
    """The first match not introduced by "former" (a past role does not say who speaks now),
    and the first match introduced by it. `tensed=False` says the text holds no word of
    `_FORMER` at all: then the first match is current."""
    if not tensed:
        return pattern.search(text), None
    former: re.Match[str] | None = None
    for match in pattern.finditer(text):
        # "former" may stand before the name the match is part of: "a former National Security
        # Council official", "former Acme CEO"
        before = _NAME_BEFORE.sub("", text[max(0, match.start() - 80) : match.start()])
        if not _FORMER.search(before[-16:]):
            return match, former
        former = former or match
    return None, former


@lru_cache(maxsize=65536)  # roles and labels repeat across a corpus; the rules never change
def country_of(text: str) -> tuple[str, str]:
    """The country named first in `text` (code and the words naming it), or ("unknown", "")."""
    found = title_rules().country_names.first(text)
    return found if found is not None else (UNKNOWN, "")


_FORMER_WORD = re.compile(r"^(?:Former|Retired|Onetime)(?:\s+|$)")
_TRAILING_NAME = re.compile(
    r"(?<![\w’'.&])[A-Z][\w’'.&-]*(?:\s+(?:(?:of|the|for|and|&)\s+)?[A-Z][\w’'.&-]*)*[ \t]*$"
)


def _organisation_around(text: str, cue: re.Match[str]) -> str:
    """The organisation a role names: "CEO of Acme Corp" → "Acme Corp"; "Acme CEO" → "Acme"."""
    after = re.match(r"\s*(?:of|at|for|with|,)\s+(?:the\s+)?([^,;()]+)", text[cue.end() :])
    if after and after.group(1)[:1].isupper():
        return after.group(1).strip(" .")
    # "Former Acme CEO", "a former National Security Council official": the capitalised name
    # right before the title, without the role's tense or the words before it
    before = _TRAILING_NAME.search(text, 0, cue.start())
    name = _FORMER_WORD.sub("", before.group().strip()) if before is not None else ""
    # "Dr. King", "Lt. Gen.": an abbreviation before the title is a rank or honorific, no body
    return "" if name.endswith(".") else name


_ORG_WORD = re.compile(r"[\w’'.&-]+")
_CONNECTORS = frozenset({"of", "the", "for", "and", "&", "on", "in", "de", "du", "la"})


def _expand_organisation(text: str, start: int, end: int) -> str:
    """The whole name around an organisation word: "University" → "University of California"."""
    if _CJK.search(text[start:end]):
        left = start
        while left > 0 and start - left < 6 and _CJK.match(text[left - 1]):
            left -= 1
        return text[left:end]
    words = list(_ORG_WORD.finditer(text))
    inside = [i for i, w in enumerate(words) if w.start() < end and w.end() > start]
    if not inside:
        return text[start:end].strip()
    role_words = title_rules().role_words

    def joins(a: re.Match[str], b: re.Match[str]) -> bool:
        return not text[a.end() : b.start()].strip()

    def fits(word: str) -> bool:
        return word[:1].isupper() or word[:1].isdigit() or word.casefold() in _CONNECTORS

    first, last = inside[0], inside[-1]
    while first > 0 and joins(words[first - 1], words[first]) and fits(words[first - 1].group()):
        if words[first - 1].group().casefold().strip(".") in role_words:
            break
        first -= 1
    while last + 1 < len(words) and joins(words[last], words[last + 1]) and fits(words[last + 1].group()):
        last += 1
    while first < last and words[first].group().casefold() in _CONNECTORS:
        first += 1
    while last > first and words[last].group().casefold() in _CONNECTORS:
        last -= 1
    return text[words[first].start() : words[last].end()].strip(" .,")


def _resolution(
    rule: _Rule, match: re.Match[str], original: str, country: str, country_cue: str
) -> TitleResolution:
    """What one rule's match in `original` says: its sector, and the organisation around it."""
    organisation = (
        _organisation_around(original, match)
        if rule.tier == "title"
        else _expand_organisation(original, match.start(), match.end())
    )
    return TitleResolution(
        sector=rule.sector,
        country=country,
        organisation=organisation,
        cue=original[match.start() : match.end()].strip(),
        rule="title" if rule.tier == "title" else "organisation",
        country_cue=country_cue,
    )


@lru_cache(maxsize=65536)  # roles repeat across a corpus; the rules never change
def resolve_by_title(text: str) -> TitleResolution:
    """Sector, country and organisation from the titles and bodies named in `text`.

    Organisation words decide first (a CEO of a foundation speaks for civil society), then
    role titles. A current role comes before a "former" one ("former Secretary of Defense,
    now professor at MIT" is academia); a former role alone still places the speaker
    ("former special envoy to Ukraine" is government: the eval README's convention, since a
    former official speaks from that experience). Returns sector "unknown" when nothing fits.
    """
    rules = title_rules()
    country, country_cue = country_of(text)
    original, text = text, to_simplified(text)  # same offsets; the rules are in simplified characters
    # the first former role of each tier; of those the title decides ("former White House
    # correspondent" was a journalist, the body is the beat)
    past: dict[str, tuple[_Rule, re.Match[str]]] = {}
    tensed = _FORMER_ANYWHERE.search(text) is not None  # most roles have no "former": one test
    for tier in _TIERS:
        for rule in rules.rules:
            if rule.tier != tier:
                continue
            match, former = _first_current(rule.pattern, text, tensed)
            if match is None:
                if former is not None:
                    past.setdefault(tier, (rule, former))
                continue
            return _resolution(rule, match, original, country, country_cue)
    for tier in sorted(past, key=lambda tier: tier != "title"):
        return _resolution(*past[tier], original, country, country_cue)
    head = _HEAD_OF.match(original)
    if head is not None and country_cue and original[head.end() :].startswith(country_cue):
        # "President of Israel": the head of a country (titles.yaml leaves "President of" a
        # body to the body, which no rule may know: "President of Earthjustice")
        return TitleResolution(
            sector="government",
            country=country,
            organisation=country_cue,
            cue=original[: head.end() + len(country_cue)].strip(),
            rule="title",
            country_cue=country_cue,
        )
    return TitleResolution(country=country, country_cue=country_cue)
