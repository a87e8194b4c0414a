"""A readable terminal summary of a consensus model (Rich)."""

from __future__ import annotations

import numpy as np
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


def print_common_ground(model: ConsensusModel, console: Console) -> None:
    found = model.common_ground
    if found is None:
        console.print("No strata declared: common ground and cruxes need participant strata (--strata).")
        return
    if not found.strata:
        console.print(
            f"No stratum has at least {model.settings.min_stratum_size} participants; none is reported."
        )
        return
    table = Table(
        title=(
            f"Common ground: agreed in every stratum ({', '.join(found.strata)}); "
            f"{found.confidence:.0%} lower bound > {found.threshold:.0%}"
        ),
        show_lines=True,
    )
    table.add_column("statement")
    table.add_column("weakest stratum (lower bound)")
    for entry in found.agreement:
        table.add_row(
            _label(model, entry.statement), f"{escape(entry.weakest_stratum)} ({entry.min_lower:.0%})"
        )
    if table.row_count:
        console.print(table)
    else:
        console.print("No statement is agreed in every stratum with enough confidence.")
    if found.rejection:
        console.print(
            "Rejected in every stratum: " + "; ".join(_label(model, e.statement) for e in found.rejection)
        )


def print_cruxes(model: ConsensusModel, console: Console) -> None:
    found = model.cruxes
    if found is None:
        return
    table = Table(
        title=f"Cruxes: strata differ (Benjamini-Hochberg q < {found.q_threshold:g})", show_lines=True
    )
    table.add_column("statement")
    table.add_column("agree most")
    table.add_column("agree least")
    table.add_column("q", justify="right")
    for crux in found.cruxes:
        table.add_row(
            _label(model, crux.statement),
            f"{escape(crux.most_agreeing)} {crux.most_rate:.0%}",
            f"{escape(crux.least_agreeing)} {crux.least_rate:.0%}",
            f"{crux.q_value:.2g}",
        )
    if table.row_count:
        console.print(table)
    else:
        console.print("No statement divides the strata significantly.")


def print_bridging(model: ConsensusModel, console: Console, top: int = 5) -> None:
    found = model.bridging
    if found is None:
        return
    scores = found.statement_intercept
    order = [j for j in np.argsort(-np.nan_to_num(scores, nan=-np.inf)) if np.isfinite(scores[j])][:top]
    if not order:
        return
    table = Table(title="Bridging: agreed on both sides of the main divide (highest first)")
    table.add_column("score", justify="right")
    table.add_column("statement")
    for j in order:
        table.add_row(f"{scores[j]:+.2f}", _label(model, int(j)))
    console.print(table)


def print_summary(model: ConsensusModel, console: Console, source: str) -> None:
    print_overview(model, console, source)
    print_groups(model, console)
    print_consensus(model, console)
    print_common_ground(model, console)
    print_cruxes(model, console)
    print_bridging(model, console)
