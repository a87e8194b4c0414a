"""The organiser's results pages: participation, opinion map, groups, common ground,
cruxes and bridging (a fragment htmx polls), and the draft joint statement.

Everything comes from `results_json`, the privacy-filtered document: no participant id,
no author, strata and groups below k already suppressed.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import Response

from tracktwo.dialogue.errors import NotFound
from tracktwo.dialogue.results import DialogueResults
from tracktwo.reports.dialogue_joint_statement import FORMATS, dialogue_joint_statement
from tracktwo.reports.dialogue_results import results_json
from tracktwo.reports.joint_statement import format_interval, format_percent, format_q
from tracktwo.taxonomy.vocabulary import Kind
from tracktwo.web.auth import Organiser, State
from tracktwo.web.downloads import joint_statement_attachment
from tracktwo.web.pages.organiser_common import code_label, dialogue_page, load_dialogue, stratum_label
from tracktwo.web.rendering import render, request_language

router = APIRouter(include_in_schema=False)

GROUP_COLOURS = ("#1b6ca8", "#d1495b", "#e09f3e", "#2a9d8f", "#6d597a", "#8a9a5b", "#bc6c25", "#457b9d")
UNGROUPED_COLOUR = "#a0a4a8"
MAP_WIDTH, MAP_HEIGHT, MAP_PAD = 360.0, 260.0, 14.0
BAR_WIDTH = 160.0
TOP_BRIDGING = 10


def _pct(value: float | None) -> str:
    return "–" if value is None or math.isnan(value) else format_percent(value)


def _group_name(group: int) -> str:
    return chr(ord("A") + group) if group < 26 else str(group + 1)


def _map_view(document: dict[str, Any]) -> dict[str, Any] | None:
    found = document.get("map")
    points = found["points"] if found else []
    if not points:
        return None
    xs = [p["x"] for p in points]
    ys = [p["y"] for p in points]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    usable_w, usable_h = MAP_WIDTH - 2 * MAP_PAD, MAP_HEIGHT - 2 * MAP_PAD
    drawn = [
        {
            "cx": round(MAP_PAD + (p["x"] - min(xs)) / span_x * usable_w, 1),
            "cy": round(MAP_PAD + (max(ys) - p["y"]) / span_y * usable_h, 1),
            "fill": GROUP_COLOURS[p["group"] % len(GROUP_COLOURS)]
            if p["group"] is not None
            else UNGROUPED_COLOUR,
        }
        for p in points
    ]
    return {
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "points": drawn,
        "has_ungrouped": any(p["group"] is None for p in points),
    }


def _bar(rate: float | None, lower: float, upper: float) -> dict[str, float]:
    return {
        "width": BAR_WIDTH,
        "rate": round((rate or 0.0) * BAR_WIDTH, 1),
        "lower": round(lower * BAR_WIDTH, 1),
        "upper": round(upper * BAR_WIDTH, 1),
    }


def _ground(request: Request, entries: list[dict[str, Any]], text: Any) -> list[dict[str, Any]]:
    return [
        {
            "text": text(entry["statement"]),
            "min_lower": _pct(entry["min_lower"]),
            "weakest": stratum_label(request, entry["weakest_stratum"]),
            "support": [
                {
                    "stratum": stratum_label(request, s["stratum"]),
                    "n": s["n_participants"],
                    "seen": s["seen"],
                    "rate": _pct(s["rate"]),
                    "interval": format_interval(*s["interval"]),
                    "bar": _bar(s["rate"], *s["interval"]),
                }
                for s in entry["support"]
            ],
        }
        for entry in entries
    ]


def results_context(request: Request, results: DialogueResults) -> dict[str, Any]:
    """The results document shaped for the templates, texts in the page language."""
    language = request_language(request)
    document = results_json(results)
    texts = {item.id: item.text(language) for item in results.statements}

    def text(statement_id: int) -> str:
        return texts.get(int(statement_id), f"#{statement_id}")

    participation: dict[str, list[dict[str, Any]]] = {"country": [], "sector": []}
    for row in document["participation"]:
        kind: Kind = "countries" if row["attribute"] == "country" else "sectors"
        participation.setdefault(row["attribute"], []).append(
            {
                "label": code_label(request, kind, row["value"]),
                "invited": row["invited"],
                "voted": row["voted"],
            }
        )
    groups = [
        {
            "name": _group_name(g["id"]),
            "colour": GROUP_COLOURS[g["id"] % len(GROUP_COLOURS)],
            "size": g["size"],
            "representative": [
                {"text": text(r["statement"]), "direction": r["direction"], "share": _pct(r["share"])}
                for r in g["representative"]
            ],
        }
        for g in document["groups"]
    ]
    common = document["common_ground"]
    cruxes = document["cruxes"]
    return {
        "results": document,
        "computed_at": results.computed_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
        "k": results.dialogue.privacy_k,
        "participation": participation,
        "map": _map_view(document),
        "groups": groups,
        "agreed": _ground(request, common["agreed"], text) if common else [],
        "rejected": _ground(request, common["rejected"], text) if common else [],
        "n_insufficient": len(common["insufficient_evidence"]) if common else 0,
        "threshold": _pct(common["threshold"]) if common else None,
        "cruxes": [
            {
                "text": text(c["statement"]),
                "attributes": list(c["attributes"]),
                "most": stratum_label(request, c["most_agreeing"]),
                "most_rate": _pct(c["most_rate"]),
                "least": stratum_label(request, c["least_agreeing"]),
                "least_rate": _pct(c["least_rate"]),
                "q": format_q(c["q_value"]),
                "rates": [
                    {"stratum": stratum_label(request, label), "rate": _pct(rate)}
                    for label, rate in c["rates"].items()
                ],
            }
            for c in (cruxes["cruxes"] if cruxes else [])
        ],
        "bridging": [
            {"text": text(b["statement"]), "score": f"{b['score']:.2f}"}
            for b in document["bridging"][:TOP_BRIDGING]
        ],
    }


def _current(state: State, slug: str, who: Any) -> tuple[Any, DialogueResults]:
    dialogue = load_dialogue(state, slug, who)
    return dialogue, state.results.get(dialogue.id)


@router.get("/o/d/{slug}/results")
def results_page(slug: str, request: Request, who: Organiser, state: State) -> Response:
    dialogue, current = _current(state, slug, who)
    return dialogue_page(
        request, "organiser/results.html", who, dialogue, results_context(request, current), tab="results"
    )


@router.get("/o/d/{slug}/results/live")
def results_fragment(slug: str, request: Request, who: Organiser, state: State) -> Response:
    dialogue, current = _current(state, slug, who)
    context = {"dialogue": dialogue, **results_context(request, current)}
    return render(request, "organiser/_results_live.html", context, headers={"Cache-Control": "no-store"})


@router.get("/o/d/{slug}/joint-statement")
def joint_statement_page(slug: str, request: Request, who: Organiser, state: State) -> Response:
    dialogue, current = _current(state, slug, who)
    joint = dialogue_joint_statement(current)
    context = {
        "joint": joint,
        "message": current.message,
        "formats": ("md", "html", "pdf"),
        "languages": ("both", "en", "zh"),
        "pct": _pct,
        "interval": format_interval,
        "q": format_q,
    }
    return dialogue_page(request, "organiser/joint_statement.html", who, dialogue, context, tab="joint")


@router.get("/o/d/{slug}/joint-statement.{extension}")
def joint_statement_download(
    slug: str,
    extension: str,
    who: Organiser,
    state: State,
    language: Annotated[str, Query(pattern="^(both|en|zh)$")] = "both",
) -> Response:
    if extension not in FORMATS:
        raise NotFound(f"no joint statement format {extension!r}; use md, html or pdf")
    _dialogue, current = _current(state, slug, who)
    return joint_statement_attachment(current, extension, language, f"joint-statement-{slug}-{language}")
