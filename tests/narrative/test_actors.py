"""The actor registry: packaged data, user extensions, bad files, and title resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracktwo.narrative.actors import country_of, load_registry, resolve_by_title
from tracktwo.narrative.errors import LexiconError
from tracktwo.taxonomy.vocabulary import vocabulary


def test_packaged_registry_is_large_and_follows_the_codebook() -> None:
    registry = load_registry()
    assert len(registry) >= 300
    sectors = set(vocabulary().codes("sectors"))
    assert {actor.sector for actor in registry.actors} <= sectors
    assert {"industry", "government", "security", "academia", "civil_society", "media"} <= {
        actor.sector for actor in registry.actors
    }
    assert sum(1 for actor in registry.actors if actor.zh) >= 150  # Chinese names for the debate's actors
    assert {"US", "CN"} <= {actor.country for actor in registry.actors}


@pytest.mark.parametrize(
    ("name", "canonical", "sector", "country"),
    [
        ("Jensen Huang", "Jensen Huang", "industry", "US"),
        ("jensen huang", "Jensen Huang", "industry", "US"),  # case-insensitive
        ("黄仁勋", "Jensen Huang", "industry", "US"),
        ("NVIDIA", "Nvidia", "industry", "US"),
        ("外交部", "Ministry of Foreign Affairs of China", "government", "CN"),
        ("the Pentagon", "Department of Defense", "security", "US"),
        ("Department of War", "Department of Defense", "security", "US"),
        ("SAG-AFTRA", "SAG-AFTRA", "civil_society", "US"),
        ("新华社", "Xinhua", "media", "CN"),
        ("Tsinghua University", "Tsinghua University", "academia", "CN"),
        ("President Trump", "Donald Trump", "government", "US"),
        ("John Kirby", "John Kirby", "government", "US"),  # the press room's podium
        ("卡里娜·让-皮埃尔", "Karine Jean-Pierre", "government", "US"),
        ("Shannon Bream", "Shannon Bream", "media", "US"),
        ("Razin Caine", "Dan Caine", "security", "US"),
        ("Renewable Fuels Association", "Renewable Fuels Association", "industry", "US"),
    ],
)
def test_lookup_by_name_alias_and_chinese_name(name: str, canonical: str, sector: str, country: str) -> None:
    actor = load_registry().lookup(name.removeprefix("the "))
    assert actor is not None
    assert (actor.name, actor.sector, actor.country) == (canonical, sector, country)


def test_short_acronyms_match_only_in_capitals() -> None:
    registry = load_registry()
    assert registry.lookup("RAND") is not None
    assert registry.lookup("rand") is None
    assert registry.find("a box of chips") is None
    assert registry.find("Aaron Levie, CEO of Box") is not None


def test_longest_alias_wins() -> None:
    registry = load_registry()
    match = registry.find(
        "Vice President and Senior Director, Atlantic Council’s Digital Forensic Research Lab"
    )
    assert match is not None and match.actor.name == "Atlantic Council"
    match = registry.find("a statement from the U.S. Chamber of Commerce today")
    assert match is not None and match.actor.name == "U.S. Chamber of Commerce"
    assert match.alias == "U.S. Chamber of Commerce"
    match = registry.find("美国国务院发言人说")  # 美国国务院 (State Department) over 国务院 (State Council)
    assert match is not None and match.actor.name == "Department of State"


def test_publisher_by_domain() -> None:
    registry = load_registry()
    actor = registry.by_domain("https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/x/")
    assert actor is not None and actor.name == "The White House"
    assert registry.by_domain("https://example.org/x") is None


def test_user_file_extends_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "actors.yaml"
    extra.write_text(
        "version: 1\nactors:\n"
        "  - {name: Jane Doe, organisation: Acme AI, sector: industry, country: US, zh: [简·多伊]}\n"
        "  - {name: Jensen Huang, organisation: Nvidia, sector: industry, country: TW}\n",
        encoding="utf-8",
    )
    registry = load_registry(extra)
    assert registry.lookup("Jane Doe") is not None and registry.lookup("简·多伊") is not None
    huang = registry.lookup("Jensen Huang")
    assert huang is not None and huang.country == "TW"  # the user's entry replaces the packaged one
    assert registry.sources[-1] == str(extra)
    assert len(registry) == len(load_registry()) + 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("actors: [", "not valid YAML"),
        ("- just a list", "a mapping with a list under 'actors'"),
        ("actors:\n  - {name: X, sector: wizards, country: US}", "sector 'wizards' is not a codebook sector"),
        ("actors:\n  - {name: X, sector: industry, country: USA}", "ISO 3166-1 alpha-2"),
        ("actors:\n  - {sector: industry}", "needs a non-empty 'name'"),
        ("actors:\n  - {name: X, type: robot, sector: industry}", "type must be 'person' or 'organisation'"),
        ("actors:\n  - {name: X, sector: industry, aliases: 3}", "aliases must be a string or a list"),
        ("actors:\n  - {name: X, sector: industry, twitter: '@x'}", "unknown field(s) twitter"),
    ],
)
def test_bad_registry_files_name_the_file_and_the_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "my-actors.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_registry(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_unreadable_registry_file(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="cannot read the actor file"):
        load_registry(tmp_path / "missing.yaml")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(LexiconError, match=r"binary\.yaml"):
        load_registry(binary)


@pytest.mark.parametrize(
    ("text", "sector", "country"),
    [
        ("CEO of Acme Widgets", "industry", "unknown"),
        ("Chief Executive Officer, Foo", "industry", "unknown"),
        ("Senator", "government", "unknown"),
        ("Rep.", "government", "unknown"),
        ("Georgia Gov.", "government", "US"),
        ("Secretary of Commerce", "government", "unknown"),
        ("Ministry of Industry and Information Technology", "government", "unknown"),
        ("外交部发言人", "government", "unknown"),
        ("professor at the University of Toronto", "academia", "unknown"),
        ("researcher at a national laboratory", "academia", "unknown"),
        ("清华大学教授", "academia", "unknown"),
        ("Under Secretary of War for Research and Engineering", "security", "unknown"),
        ("General", "security", "unknown"),
        ("Attorney General", "government", "unknown"),
        ("Opinion Editor, Bloomberg", "media", "unknown"),
        ("记者", "media", "unknown"),
        ("President, Communications Workers of America", "civil_society", "US"),
        ("Executive Director, Center for Humane Progress", "civil_society", "unknown"),
        ("CEO, Business Roundtable", "industry", "unknown"),  # trade associations are industry
        ("former Secretary of Defense, now professor at MIT", "academia", "unknown"),
        ("PRIME MINISTER of the Republic of India", "government", "IN"),
        ("National Security Communications Advisor", "government", "unknown"),
        ("tell us about it", "unknown", "unknown"),
        # a body named after the industry it speaks for is a trade association: industry
        ("Prairie Biofuels Association", "industry", "unknown"),
        ("Great Lakes Natural Gas Supply Association", "industry", "unknown"),
        ("Coastal Hotel and Lodging Association", "industry", "unknown"),
        ("Northern Medical Association", "civil_society", "unknown"),  # a profession, not an industry
        ("Institute for Steel Workers' Rights", "civil_society", "unknown"),
        # the head of a body no rule knows is no head of state; the head of a country is
        ("President of Earthjustice", "unknown", "unknown"),
        ("President, National Baptist Convention", "unknown", "unknown"),
        ("President of Israel", "government", "IL"),
        ("Prime Minister of Japan", "government", "JP"),
        ("President", "government", "unknown"),
        # the markets' people are industry; an analyst of policy, politics or intelligence is not
        ("Jefferies analyst", "industry", "unknown"),
        ("equity strategist at Miller Tabak", "industry", "unknown"),
        ("intelligence analyst", "unknown", "unknown"),
        ("Foreign affairs analyst", "unknown", "unknown"),
        # a broadcast station by call sign and channel; "WHO" with a number is no station
        ("Adam Lorne of WUSA 9", "media", "unknown"),
        ("the WHO 2024 report", "unknown", "unknown"),
        # candidates for office are government (eval README)
        ("the newest 2020 Democratic presidential hopeful", "government", "unknown"),
        ("Senate candidate", "government", "unknown"),
        # "group" in lower case is no company ("the group Bring Our Families Home")
        ("the group", "unknown", "unknown"),
        ("Eurasia Group", "industry", "unknown"),
        # a firm is a company; "FIRM" in capitals is an acronym (FIRM Action, an advocacy group)
        ("a market analyst with the research firm Oanda", "industry", "unknown"),
        ("FIRM Action", "unknown", "unknown"),
    ],
)
def test_resolve_by_title(text: str, sector: str, country: str) -> None:
    resolution = resolve_by_title(text)
    assert (resolution.sector, resolution.country) == (sector, country)
    if sector != "unknown":
        assert resolution.cue and resolution.rule in ("organisation", "title")


def test_resolve_by_title_names_the_organisation() -> None:
    assert resolve_by_title("CEO of Lockheed Martin").organisation == "Lockheed Martin"
    assert resolve_by_title("Department of Economics at the University of California").sector == "academia"


@pytest.mark.parametrize(
    ("text", "sector", "organisation"),
    [
        # a current role comes first, whatever the former one
        ("former Secretary of Defense, now professor at MIT", "academia", "MIT"),
        # a former role alone still places the speaker (eval README: former officials are
        # government), "former" reaching over the name it opens
        ("the former special envoy to Ukraine", "government", ""),
        ("a former National Security Council official", "government", "National Security Council"),
        # of former roles the title decides: the body is the beat, not the employer
        ("a veteran of Voice of America and its former White House correspondent", "media", "White House"),
        # the organisation before a title: the name alone, without the tense or the words before it
        ("Former Acme CEO", "industry", "Acme"),
        ("ex-Acme CEO", "industry", "Acme"),
        ("a longtime Bank of America CEO", "industry", "Bank of America"),
    ],
)
def test_former_roles_and_the_organisation_before_a_title(text: str, sector: str, organisation: str) -> None:
    resolution = resolve_by_title(text)
    assert (resolution.sector, resolution.organisation) == (sector, organisation)


def test_a_rank_before_a_title_is_no_organisation() -> None:
    assert resolve_by_title("Lt. General").organisation == ""


def test_country_names_in_both_languages_and_pronoun_us() -> None:
    assert country_of("Ambassador of the Republic of Korea") == ("KR", "Republic of Korea")
    assert country_of("美国商务部长")[0] == "US"
    assert country_of("U.S. Ambassador to China")[0] == "US"  # the first country named
    assert country_of("tell us more")[0] == "unknown"  # "us" is a pronoun, "US" a country
