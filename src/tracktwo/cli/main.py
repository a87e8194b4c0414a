"""The `tracktwo` command line: thin wrappers that call the packages and print results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from tracktwo.cli.analyze import analyze
from tracktwo.cli.narrative import narrative
from tracktwo.cli.serve import admin, demo, serve
from tracktwo.consensus.errors import ConsensusError

app = typer.Typer(
    name="tracktwo",
    help="Evidence and dialogue against the AI arms race story.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)


def fail(message: str) -> typer.Exit:
    """Print one line to stderr and give the exit to raise."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


@app.command()
def consensus(
    path: Annotated[
        Path, typer.Argument(help="Pol.is export folder, Pol.is math fixture folder, or votes CSV.")
    ],
    strata: Annotated[
        Path | None, typer.Option(help="CSV: participant,<attribute>,... (e.g. country, sector).")
    ] = None,
    statements: Annotated[
        Path | None,
        typer.Option(help="CSV of statements for a votes CSV: id,text[,text_zh,moderated,is_meta]."),
    ] = None,
    groups: Annotated[
        Path | None, typer.Option(help="CSV: participant,group. Takes groups as given and skips clustering.")
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the whole model as JSON to FILE.")
    ] = None,
    export: Annotated[
        Path | None, typer.Option(help="Write a Pol.is-compatible export (with group-id) to this folder.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed for every random choice.")] = 0,
    k: Annotated[
        int, typer.Option("--k", help="Privacy threshold: strata smaller than k are never shown.")
    ] = 5,
) -> None:
    """Compute opinion groups, representative statements, common ground and cruxes."""
    # The engine (scipy) is imported by the commands that use it: `tracktwo analyze` starts
    # faster without it.
    from tracktwo.consensus.engine import compute_model
    from tracktwo.consensus.model import EngineSettings
    from tracktwo.dialogue.formats.detect import load_conversation
    from tracktwo.dialogue.formats.plain_csv import read_groups_csv
    from tracktwo.reports.consensus_json import model_to_json
    from tracktwo.reports.consensus_text import print_summary

    try:
        loaded = load_conversation(path, strata=strata, statements=statements)
        given = read_groups_csv(groups, loaded.conversation.participant_ids) if groups is not None else None
        model = compute_model(loaded.conversation, EngineSettings(seed=seed, min_stratum_size=k), given)
    except ConsensusError as error:
        raise fail(str(error)) from None
    except OSError as error:
        raise fail(f"{error.filename or path}: {error.strerror}") from None
    print_summary(model, console, source=loaded.source)
    if json_out is not None:
        json_out.write_text(json.dumps(model_to_json(model), ensure_ascii=False, indent=1), encoding="utf-8")
        console.print(f"Model written to {json_out}")
    if export is not None:
        from tracktwo.dialogue.formats.polis_export import write_polis_export

        labels = model.clustering.labels
        group_of = {
            pid: int(g) for pid, g in zip(model.conversation.participant_ids, labels, strict=True) if g >= 0
        }
        write_polis_export(export, model.conversation, groups=group_of)
        console.print(f"Pol.is-compatible export written to {export}")


@app.command("engine-demo")
def engine_demo(
    seed: Annotated[int, typer.Option(help="Seed of the simulated votes.")] = 7,
    participants: Annotated[int, typer.Option(help="Number of simulated participants.")] = 60,
) -> None:
    """Run the engine on the built-in simulated track-two dialogue and print a summary."""
    from tracktwo.consensus.engine import compute_model
    from tracktwo.consensus.model import EngineSettings
    from tracktwo.dialogue.sample import SIMULATED_NOTICE, simulated_dialogue
    from tracktwo.reports.consensus_text import print_summary

    conversation = simulated_dialogue(n_participants=participants, seed=seed)
    model = compute_model(conversation, EngineSettings(seed=0))
    console.print(f"[yellow]{SIMULATED_NOTICE}[/]")
    print_summary(model, console, source="built-in sample dialogue (AI red lines and safety standards)")


app.command("analyze")(analyze)
app.command("serve")(serve)
app.command("demo")(demo)
app.add_typer(admin, name="admin")
app.add_typer(narrative, name="narrative")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
