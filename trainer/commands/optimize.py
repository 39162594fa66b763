"""``trainer optimize [DECK] [--retention]``: fit personal FSRS parameters."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from trainer.cli import CliContext
    from trainer.practice.optimizing import OptimizeReport, RetentionReport


def _report_dict(report: OptimizeReport) -> dict[str, object]:
    def evaluation(e: object) -> dict[str, float] | None:
        return None if e is None else {"log_loss": e.log_loss, "rmse_bins": e.rmse_bins}  # type: ignore[attr-defined]

    return {
        "deck": report.deck_key,
        "reviews": report.reviews,
        "cards": report.cards,
        "before": evaluation(report.before),
        "after": evaluation(report.after),
        "parameters": list(report.parameters) if report.parameters else None,
        "kept": report.kept,
        "refused": report.refused,
        "load_s": round(report.load_s, 3),
        "fit_s": round(report.fit_s, 3),
    }


def _print(report: OptimizeReport, *, dry_run: bool) -> None:
    click.echo(f"{report.deck_name} ({report.deck_key})")
    if report.refused:
        click.echo(f"  not fitted: {report.refused}")
        return
    assert report.before is not None and report.after is not None
    click.echo(
        f"  {report.reviews:,} reviews of {report.cards:,} cards, fitted in {report.fit_s:.2f} s"
    )
    click.echo(
        f"  log loss {report.before.log_loss:.4f} -> {report.after.log_loss:.4f}, "
        f"RMSE (bins) {report.before.rmse_bins:.4f} -> {report.after.rmse_bins:.4f}"
    )
    if report.kept and dry_run:
        click.echo("  would keep: the new parameters predict your history better (dry run)")
    elif report.kept:
        click.echo("  kept: the new parameters predict your history better")
    else:
        click.echo("  not kept: the new parameters are no better than the current ones")


def _print_retention(report: RetentionReport) -> None:
    from trainer.scheduling.retention import MIN_TIMED

    click.echo(
        f"  desired retention, as fsrs-rs's simulator plays {report.deck_size:,} cards "
        "forward for a year:"
    )
    click.echo("    retention   minutes/day   reviews/day   remembered at the end")
    most = max(report.options, key=lambda o: o.remembered)
    for option in report.options:
        marks = []
        if abs(option.retention - report.current) < 1e-9:
            marks.append("current")
        if abs(option.retention - report.suggested) < 5e-3:
            marks.append("least time per card")
        if option is most:
            marks.append("most remembered")
        mark = f"  <- {', '.join(marks)}" if marks else ""
        click.echo(
            f"    {option.retention:9.2f}   {option.minutes_per_day:11.1f}   "
            f"{option.reviews_per_day:11.1f}   {option.remembered:21,.0f}{mark}"
        )
    source = (
        f"your own {report.timed_reviews:,} timed reviews (fsrs-rs's defaults for a state "
        f"and rating with fewer than {MIN_TIMED})"
        if report.timed_reviews
        else "fsrs-rs's defaults (no timed reviews yet)"
    )
    click.echo(f"  suggested desired retention: {report.suggested:.2f} (least time per card)")
    click.echo(f"  time per review: {source}")
    click.echo("  the desired retention is a deck setting (trainer, o: Settings)")


def _retention_dict(report: RetentionReport) -> dict[str, object]:
    return {
        "current": report.current,
        "suggested": report.suggested,
        "timed_reviews": report.timed_reviews,
        "options": [
            {
                "retention": o.retention,
                "minutes_per_day": round(o.minutes_per_day, 2),
                "reviews_per_day": round(o.reviews_per_day, 2),
                "remembered": round(o.remembered, 1),
            }
            for o in report.options
        ],
    }


@click.command()
@click.argument("deck", required=False)
@click.option(
    "--retention",
    is_flag=True,
    help="Also show what each desired retention would cost and give (fsrs-rs's simulator, "
    "with your own time per review) and suggest one.",
)
@click.option("--dry-run", is_flag=True, help="Fit and report, but store nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def optimize(
    obj: CliContext, deck: str | None, retention: bool, dry_run: bool, as_json: bool
) -> None:
    """Fit personal FSRS parameters for DECK (default: every deck) from its review history.

    Shows log loss and RMSE before and after; the new parameters are stored in the
    deck's preset only if they predict the history better. Decks with too little
    history are left alone, with the reason (an error when that deck's fit was all that
    was asked; a line of the report with --retention or --json, which exit 0).
    """
    from trainer.errors import TrainerError
    from trainer.practice.optimizing import decks_to_optimize, optimize_deck, retention_report

    services = obj.services()
    decks = decks_to_optimize(services, deck)
    if not decks:
        raise TrainerError("no decks yet: import one with `trainer import PATH`")
    reports = []
    for info in decks:
        report = optimize_deck(services, info, save=not dry_run)
        if report.refused and deck is not None and not retention and not as_json:
            # the one thing asked for could not be done: an error, not a report
            raise TrainerError(report.refused)
        # after the fit: a kept fit's parameters drive the simulation
        choices = retention_report(services, info) if retention else None
        reports.append((report, choices))
        if not as_json:
            _print(report, dry_run=dry_run)
            if choices is not None:
                _print_retention(choices)
    if as_json:
        payload = []
        for report, choices in reports:
            entry = _report_dict(report)
            if choices is not None:
                entry["suggested_retention"] = choices.suggested
                entry["retention"] = _retention_dict(choices)
            payload.append(entry)
        click.echo(json.dumps({"decks": payload}, indent=2))
