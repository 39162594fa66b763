"""``trainer cards QUERY``: find cards, and suspend, unsuspend, bury, unbury or reset them.

QUERY is the card search language (``trainer.practice.card_query``): free text,
``deck:`` ``tag:`` ``key:`` ``is:`` ``prop:`` ``rated:``, ``-`` to leave out, ``or`` and
parentheses. Words need no quotes: ``trainer cards deck:algebra -tag:linear``. An action
changes every matching card (the first N with ``--limit``) and says how many changed.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from trainer.cli import CliContext
    from trainer.practice.browse import CardListing, ProblemHistory

_ACTIONS = {
    "suspend": ("Suspended", "already suspended"),
    "unsuspend": ("Unsuspended", "not suspended"),
    "bury": ("Buried until tomorrow", "already buried"),
    "unbury": ("Unburied", "not buried"),
    "forget": ("Reset to new (history kept)", "already new"),
}
_PHASES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}
_RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
_PROMPT_WIDTH = 48


def _state(card: CardListing) -> str:
    flags = [
        flag
        for flag, on in (
            ("suspended", card.suspended),
            ("buried", card.buried),
            ("leech", card.leech),
        )
        if on
    ]
    return ", ".join([_PHASES[int(card.phase)], *flags])


def _when(value: datetime | None, now: datetime) -> str:
    if value is None:
        return "-"
    days = (value - now).total_seconds() / 86_400
    if abs(days) < 1:
        return value.strftime("%Y-%m-%d %H:%M")
    return value.strftime("%Y-%m-%d")


def _readable(text: str) -> str:
    from trainer.presentation.readable import readable

    return readable(text)


def _one_line(text: str, width: int = _PROMPT_WIDTH) -> str:
    from trainer.presentation.terminal_text import printable

    flat = " ".join(printable(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _card_dict(card: CardListing) -> dict[str, Any]:
    return {
        "card_id": card.card_id,
        "deck": card.deck_key,
        "deck_name": card.deck_name,
        "problem": card.problem_key,
        "prompt": card.prompt,
        "answer": card.answer,
        "tags": list(card.tags),
        "state": _PHASES[int(card.phase)],
        "due": card.due.isoformat() if card.due else None,
        "reps": card.reps,
        "lapses": card.lapses,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "suspended": card.suspended,
        "buried": card.buried,
        "leech": card.leech,
    }


def _history_dict(history: ProblemHistory) -> dict[str, Any]:
    return {
        **_card_dict(history.card),
        "reviews": [
            {
                "reviewed_at": r.reviewed_at.isoformat(),
                "rating": r.rating,
                "correct": r.correct,
                "reason": r.reason,
                "attempts": list(r.attempts),
                "response_ms": r.response_ms,
                "override": r.override,
                "hint_used": r.hint_used,
                "revealed": r.revealed,
                "source": r.source,
            }
            for r in history.reviews
        ],
    }


def _print_history(history: ProblemHistory) -> None:
    card = history.card
    click.echo(
        _one_line(f"{card.deck_key}/{card.problem_key}: ", 500)
        + " "
        + _one_line(_readable(card.prompt), 70)
    )
    answer = _one_line(_readable(card.answer), 60)
    click.echo(f"  answer {answer}; {_state(card)}, {card.reps} reps")
    if not history.reviews:
        click.echo("  no reviews yet")
    for r in history.reviews:
        verdict = "right" if r.correct else "wrong"
        extras = [
            text
            for text, on in (
                (f"overridden ({r.override})", r.override),
                ("revealed", r.revealed),
                ("hint", r.hint_used),
                (r.source, r.source != "graded"),
            )
            if on
        ]
        took = "" if r.response_ms is None else f", {r.response_ms / 1000:.1f} s"
        attempts = " | ".join(r.attempts) if r.attempts else "-"
        click.echo(
            f"  {r.reviewed_at:%Y-%m-%d %H:%M}  {_RATINGS.get(r.rating, r.rating)} ({verdict}"
            f"{took}{''.join('; ' + e for e in extras)})  typed: {_one_line(attempts, 50)}"
        )


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option(
    "--limit", type=click.IntRange(min=1), metavar="N", help="At most N cards (listed or changed)."
)
@click.option("--suspend", "action", flag_value="suspend", help="Suspend the matching cards.")
@click.option("--unsuspend", "action", flag_value="unsuspend", help="Unsuspend them.")
@click.option("--bury", "action", flag_value="bury", help="Bury them until tomorrow.")
@click.option("--unbury", "action", flag_value="unbury", help="Unbury them.")
@click.option(
    "--reset",
    "--forget",
    "action",
    flag_value="forget",
    help="Reset them to new (their review history is kept).",
)
@click.option("--history", is_flag=True, help="Show each card's reviews and attempts.")
@click.pass_obj
def cards(
    obj: CliContext,
    query: tuple[str, ...],
    as_json: bool,
    limit: int | None,
    action: str | None,
    history: bool,
) -> None:
    """Find cards with QUERY, and act on them.

    \b
    QUERY: free text (* = any run), deck:NAME (key, name or prefix), tag:T, key:K,
    is:new|learning|review|due|suspended|buried|leech, prop:due<3, prop:lapses>=2
    (due ivl reps lapses stability difficulty pos), rated:7 (rated:7:1 = Again),
    -TERM to leave out, `or`, ( ). No QUERY: every card.
    """
    from trainer.errors import TrainerError
    from trainer.practice.browse import QueryError, apply_action, problem_history, search

    services = obj.services()
    text = " ".join(query)
    try:
        found = search(services, text, limit=limit)
    except QueryError as exc:
        raise TrainerError(f"search {text!r}: {exc}") from exc
    if action is not None:
        ids = [card.card_id for card in found.cards]
        changed = apply_action(services, action, ids)  # type: ignore[arg-type]
        if as_json:
            click.echo(
                json.dumps(
                    {"query": text, "action": action, "matched": len(ids), "changed": changed},
                    indent=2,
                )
            )
            return
        done, already = _ACTIONS[action]
        rest = len(ids) - changed
        note = f" ({rest} {already})" if rest else ""
        cards = "card" if len(ids) == 1 else "cards"
        click.echo(f"{done}: {changed} of {len(ids)} matching {cards}{note}.")
        return
    if history:
        histories = [problem_history(services, card.card_id) for card in found.cards]
        if as_json:
            payload = {
                "query": text,
                "total": found.total,
                "cards": [_history_dict(h) for h in histories],
            }
            click.echo(json.dumps(payload, indent=2))
            return
        for item in histories:
            _print_history(item)
        return
    if as_json:
        payload = {
            "query": text,
            "total": found.total,
            "cards": [_card_dict(c) for c in found.cards],
        }
        click.echo(json.dumps(payload, indent=2))
        return
    if not found.cards:
        click.echo("No cards match." if text else "No cards yet.")
        return
    _print_table(found.cards, services.clock())
    shown = len(found.cards)
    click.echo(
        f"{shown} of {found.total} matching cards (use --limit to see more)"
        if shown < found.total
        else f"{shown} matching card{'s' if shown != 1 else ''}"
    )


def _print_table(listed: list[CardListing], now: datetime) -> None:
    """Plain aligned columns (they paste and grep well); the prompt takes what is left of
    the terminal's width, at least 20 characters."""
    import shutil

    header = ("Deck", "Problem", "State", "Due", "Reps", "Lapses")
    rows = [
        (
            card.deck_key,
            card.problem_key,
            _state(card),
            _when(card.due, now),
            str(card.reps),
            str(card.lapses),
        )
        for card in listed
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    used = sum(widths) + 2 * len(widths)
    room = max(20, shutil.get_terminal_size((100, 24)).columns - used)

    from trainer.presentation.terminal_text import printable

    def line(cells: tuple[str, ...], prompt: str) -> str:
        parts = [
            cell.rjust(width) if i >= 4 else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return printable("  ".join([*parts, _one_line(prompt, room)]).rstrip())

    click.echo(line(header, "Prompt"))
    for card, row in zip(listed, rows, strict=True):
        click.echo(line(row, _readable(card.prompt)))  # as the drill shows it
