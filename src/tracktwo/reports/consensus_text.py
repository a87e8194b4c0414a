"""A readable terminal summary of a consensus model (Rich)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tracktwo.consensus.model import ConsensusModel


def _label(model: ConsensusModel, index: int) -> str:
    """Statement id and text, escaped: statement text is data, never Rich markup."""
    statement = model.conversation.statements[index]
    text = statement.text or statement.text_zh
    return escape(f"[{statement.id}] {text}" if text else f"[{statement.id}]")


def print_overview(model: ConsensusModel, console: Console, source: str) -> None:
    conversation = model.conversation
    console.print(f"[bold]{source}[/]")
    console.print(
        f"{conversation.n_participants} participants, {conversation.n_statements} statements, "
        f"{conversation.n_votes} votes; {int(model.clustered.sum())} participants clustered "
        f"into {model.n_groups} opinion groups."
    )


def print_groups(model: ConsensusModel, console: Console) -> None:
    if model.n_groups == 0:
        console.print("No opinion groups: too few participants have voted enough.")
        return
    table = Table(title="Opinion groups and what sets them apart", show_lines=True)
    table.add_column("group", justify="right")
    table.add_column("members", justify="right")
    table.add_column("representative statements (share of the group)")
    for g in range(model.n_groups):
        lines = [
            f"{r.repful_for}s {r.p_success:.0%}: {_label(model, r.statement)}"
            for r in model.representative[g]
        ]
        table.add_row(chr(ord("A") + g), str(int((model.clustering.labels == g).sum())), "\n".join(lines))
    console.print(table)


def print_consensus(model: ConsensusModel, console: Console) -> None:
    table = Table(title="Broad consensus across all participants (Pol.is rule)")
    table.add_column("direction")
    table.add_column("share", justify="right")
    table.add_column("statement")
    for direction, entries in (("agree", model.consensus.agree), ("disagree", model.consensus.disagree)):
        for c in entries:
            table.add_row(direction, f"{c.p_success:.0%}", _label(model, c.statement))
    if table.row_count:
        console.print(table)
    else:
        console.print("No statement reaches broad consensus.")


def print_summary(model: ConsensusModel, console: Console, source: str) -> None:
    print_overview(model, console, source)
    print_groups(model, console)
    print_consensus(model, console)
