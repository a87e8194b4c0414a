"""Load a conversation from whatever the user points at: a Pol.is export folder, a Pol.is
math fixture folder or a plain votes CSV."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from tracktwo.consensus.errors import InputError
from tracktwo.consensus.votes import Conversation
from tracktwo.dialogue.formats.plain_csv import PathLike, read_votes_csv, with_strata
from tracktwo.dialogue.formats.polis_export import (
    COMMENTS,
    PARTICIPANTS_VOTES,
    VOTES,
    read_polis_export,
)

POLIS_MATH_FILES = ("votes.json", "math-pca2.json")
_EXPECTED = (
    "expected a Pol.is export folder (comments.csv, participants-votes.csv), a Pol.is math "
    "fixture folder (votes.json, math-pca2.json) or a votes CSV file "
    "(participant,statement,vote[,time])"
)


@dataclass(frozen=True)
class LoadedConversation:
    """A conversation and where it came from.

    `polis_groups` maps each participant id to the opinion group Pol.is assigned (None
    when Pol.is did not cluster them); it is None when the source carries no Pol.is groups.
    `source` describes the input in words, for logs and reports.
    """

    conversation: Conversation
    polis_groups: Mapping[str, int | None] | None
    source: str


def _not_a_conversation(path: Path, why: str) -> InputError:
    return InputError(
        f"not a Pol.is export folder, Pol.is math fixture or votes CSV: {why}; {_EXPECTED}",
        path=str(path),
    )


def _load_polis_math(folder: Path) -> LoadedConversation:
    from tracktwo.dialogue.formats.polis_math import read_polis_math

    fixture = read_polis_math(folder)
    conversation = fixture.conversation
    group_of = fixture.reference.group_of
    groups = MappingProxyType({pid: group_of.get(pid) for pid in conversation.participant_ids})
    return LoadedConversation(conversation, groups, f"Pol.is math fixture {folder}")


def load_conversation(
    path: PathLike,
    *,
    strata: PathLike | None = None,
    statements: PathLike | None = None,
) -> LoadedConversation:
    """Read a conversation, recognising the format from what `path` is.

    - a folder with votes.json and math-pca2.json: a Pol.is math fixture;
    - a folder with comments.csv, participants-votes.csv or votes.csv: a Pol.is export;
    - a .csv file: a plain votes CSV (`statements` names its optional statements CSV).

    `strata` (a `participant,<attribute>...` CSV) applies to every source. Raises
    InputError for anything else, and for bad content, naming the file and line.
    """
    target = Path(path)
    if not target.exists():
        raise _not_a_conversation(target, "nothing exists at this path")
    if target.is_dir():
        if statements is not None:
            raise InputError(
                "a statements CSV applies only to a votes CSV; Pol.is folders carry their own statements",
                path=str(statements),
            )
        if all((target / name).is_file() for name in POLIS_MATH_FILES):
            loaded = _load_polis_math(target)
        elif any((target / name).is_file() for name in (COMMENTS, PARTICIPANTS_VOTES, VOTES)):
            export = read_polis_export(target)
            loaded = LoadedConversation(
                export.conversation,
                export.polis_groups,
                f"Pol.is export {target} (votes from {export.vote_source}, "
                f"{export.superseded_votes} superseded re-votes dropped)",
            )
        else:
            raise _not_a_conversation(target, "the folder holds none of the expected files")
    elif target.suffix.lower() == ".csv":
        loaded = LoadedConversation(
            read_votes_csv(target, statements=statements),
            None,
            f"votes CSV {target}" + (f" with statements {statements}" if statements else ""),
        )
    else:
        raise _not_a_conversation(target, f"a {target.suffix or 'suffix-less'} file")
    if strata is None:
        return loaded
    return LoadedConversation(
        with_strata(loaded.conversation, strata),
        loaded.polis_groups,
        f"{loaded.source} with strata {strata}",
    )
