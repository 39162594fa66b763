"""``trainer optimize [DECK] [--retention]``: fit personal FSRS parameters."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from trainer.cli import CliContext
    from trainer.practice.optimizing import OptimizeReport


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


@click.command()
@click.argument("deck", required=False)
@click.option(
    "--retention",
    is_flag=True,
    help="Also suggest a desired retention (fsrs-rs simulator, least work per memorised card).",
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
    history are left alone, with the reason.
    """
    from trainer.errors import TrainerError
    from trainer.practice.optimizing import decks_to_optimize, optimize_deck, retention_suggestion

    services = obj.services()
    decks = decks_to_optimize(services, deck)
    if not decks:
        raise TrainerError("no decks yet: import one with `trainer import PATH`")
    reports = []
    for info in decks:
        report = optimize_deck(services, info, save=not dry_run)
        suggestion = retention_suggestion(services, info) if retention else None
        reports.append((report, suggestion))
        if not as_json:
            _print(report, dry_run=dry_run)
            if suggestion is not None:
                click.echo(f"  suggested desired retention: {suggestion:.2f}")
    if as_json:
        payload = []
        for report, suggestion in reports:
            entry = _report_dict(report)
            if suggestion is not None:
                entry["suggested_retention"] = suggestion
            payload.append(entry)
        click.echo(json.dumps({"decks": payload}, indent=2))
    if deck is not None and reports[0][0].refused:
        raise TrainerError(reports[0][0].refused)
