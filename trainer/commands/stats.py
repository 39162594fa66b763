"""``trainer stats``: progress at a glance (rich tables) or as JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from trainer.cli import CliContext


TAGS_SHOWN = 15  # the biggest tags; --json has them all


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _minutes(ms: int) -> str:
    return f"{ms / 60_000:.1f} min"


@click.command()
@click.option("--deck", "deck", metavar="DECK", help="Only this deck (key or name).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option(
    "--set-goal",
    "goal",
    type=click.IntRange(min=0),
    metavar="N",
    help="Set the daily goal to N reviews (0 clears it), then show the stats.",
)
@click.pass_obj
def stats(obj: CliContext, deck: str | None, as_json: bool, goal: int | None) -> None:
    """Show today's work, the streak, true retention, the forecast and more."""
    from trainer.practice.reports import set_daily_goal, stats_report

    services = obj.services()
    if goal is not None:
        set_daily_goal(services, goal)
    report = stats_report(services, deck)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
        return
    print_report(report)


def print_report(report: Any) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from trainer.presentation.terminal_text import printable, rich_text

    console = Console()
    today, streak = report.today, report.streak
    scope = f"deck {escape(printable(report.deck))}" if report.deck else "all decks"
    goal = (
        f", goal {streak.done_today}/{streak.goal}" + (" (met)" if streak.goal_met_today else "")
        if streak.goal
        else ""
    )
    console.print(
        f"[bold]Today[/bold] ({today.date}, {scope}): {today.reviews} reviews, accuracy "
        f"{_pct(today.accuracy)}, {_minutes(today.time_ms)}, {today.new_learned} new learned"
        f"{goal}"
    )
    console.print(
        f"[bold]Streak[/bold]: {streak.current} day{'' if streak.current == 1 else 's'}"
        f" (longest {streak.longest}); "
        f"average answer {_avg(report.response_ms_avg_30d)}; "
        f"overrides in 30 days: {report.overrides_30d}"
    )

    table = Table(title="True retention", title_justify="left")
    for label in ("Window", "Young", "Mature", "All", "Reviews"):
        table.add_column(label, justify="right")
    for w in report.retention:
        table.add_row(
            f"{w.days} d",
            _pct(w.young.rate),
            _pct(w.mature.rate),
            _pct(w.total.rate),
            str(w.total.reviews),
        )
    console.print(table)

    cal = report.calibration
    rmse = "-" if cal.rmse_bins is None else f"{100 * cal.rmse_bins:.2f}%"
    table = Table(
        title=f"FSRS calibration, last {report.calibration_days} days: RMSE(bins) {rmse}",
        title_justify="left",
    )
    for label in ("Predicted R", "Observed", "Reviews"):
        table.add_column(label, justify="right")
    for b in cal.bins:
        table.add_row(_pct(b.mean_predicted), _pct(b.pass_rate), str(b.reviews))
    console.print(table)

    s = report.states
    console.print(
        f"[bold]Cards[/bold]: {s.total} ({s.new} new, {s.learning} learning, {s.review} review,"
        f" {s.relearning} relearning; {s.suspended} suspended, {s.leeches} leeches)"
    )
    iv = report.intervals
    if iv.count:
        console.print(
            f"[bold]Intervals[/bold]: median {iv.median:.0f} d, mean {iv.mean:.1f} d, "
            f"90% under {iv.p90:.0f} d; "
            + ", ".join(f"{b.label} {b.count}" for b in iv.buckets if b.count)
        )
    if report.difficulty.count:
        console.print(
            f"[bold]Difficulty[/bold]: mean {report.difficulty.mean:.2f}/10; "
            + ", ".join(f"{b.label} {b.count}" for b in report.difficulty.buckets if b.count)
        )
    week = report.forecast[:7]
    console.print(
        "[bold]Due[/bold]: "
        + ", ".join(f"{d.date[5:]} {d.total}" for d in week)
        + f"; next 30 days {sum(d.total for d in report.forecast)}"
    )

    if len(report.decks) > 1 or report.tags:
        table = Table(title="By deck and tag", title_justify="left")
        # "Unseen", not "New": `trainer decks` and home call today's new problems "New"
        for label in ("Deck / tag", "Cards", "Unseen", "In review", "Due", "Reviews 30 d", "Pass"):
            table.add_column(label, justify="left" if label == "Deck / tag" else "right")
        for d in report.decks:
            share = _pct(d.passes_30d / d.reviews_30d) if d.reviews_30d else "-"
            table.add_row(
                rich_text(d.name),
                str(d.states.total),
                str(d.states.new),
                str(d.states.review),
                str(d.due_today),
                str(d.reviews_30d),
                share,
            )
        for t in sorted(report.tags, key=lambda t: -t.states.total)[:TAGS_SHOWN]:
            table.add_row(
                rich_text(f"#{t.tag}"),
                str(t.states.total),
                str(t.states.new),
                str(t.states.review),
                "",
                str(t.reps),
                "",
            )
        console.print(table)

    if report.most_failed:
        table = Table(title="Most failed", title_justify="left")
        for label in ("Deck", "Problem", "Lapses", "Reviews", "Leech"):
            table.add_column(label)
        for p in report.most_failed:
            table.add_row(
                rich_text(p.deck_key),
                rich_text(f"{p.problem_key}: {p.prompt[:40]}"),
                str(p.lapses),
                str(p.reps),
                "yes" if p.leech else "",
            )
        console.print(table)


def _avg(ms: float | None) -> str:
    return "-" if ms is None else f"{ms / 1000:.1f} s"
