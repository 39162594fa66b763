"""``trainer class report``: the teacher's view of a class on a PostgreSQL server.

Per learner: reviews, right first time, true retention, due backlog, streak, last
activity. Per problem (item analysis, as WeBWorK's): reviews, how many learners, right
first time, and the most common wrong first answers with their counts and reasons; the
problems the class finds hardest first. ``--json`` prints ``{"learners": [...],
"problems": [...]}``; ``--csv DIR`` writes ``class-learners.csv`` and
``class-problems.csv`` there (atomically, formula cells neutralised as every export's).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from trainer.cli import CliContext
    from trainer.practice.classroom import ClassReport


@click.group("class")
def class_group() -> None:
    """A class on a PostgreSQL server (run with the admin's URL in --db)."""


@class_group.command("report")
@click.option("--deck", metavar="DECK", help="Only this deck (key or name).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option(
    "--csv",
    "csv_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Also write class-learners.csv and class-problems.csv into DIR.",
)
@click.option("--top", default=20, show_default=True, help="Problems shown in the table.")
@click.pass_obj
def report(
    obj: CliContext, deck: str | None, as_json: bool, csv_dir: Path | None, top: int
) -> None:
    """Each learner's progress and each problem's item analysis."""
    from trainer.practice.classroom import class_report

    result = class_report(obj.services(), deck)
    if csv_dir is not None:
        _write_csv(obj, result, csv_dir)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    _print_tables(result, top)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _print_tables(result: ClassReport, top: int) -> None:
    from rich.console import Console
    from rich.table import Table

    from trainer.presentation.terminal_text import rich_text

    console = Console()
    if not result.learners:
        console.print("No learners yet. Add one with `trainer learners add NAME`.")
        return
    learners = Table(title="Learners", title_justify="left")
    for label in ("Learner", "Reviews", "Right 1st", "Retention", "Due", "Streak", "Last active"):
        learners.add_column(label, justify="left" if label == "Learner" else "right")
    for line in result.learners:
        last = line.last_active.strftime("%Y-%m-%d") if line.last_active else "never"
        name = rich_text(line.name + (" (removed)" if line.removed else ""))
        learners.add_row(
            name,
            str(line.reviews),
            _percent(line.right_first_time),
            _percent(line.true_retention),
            str(line.due_backlog),
            str(line.streak),
            last,
        )
    console.print(learners)
    problems = Table(title="Problems, hardest first", title_justify="left")
    for label in ("Problem", "Reviews", "Learners", "Right 1st", "Common wrong answers"):
        problems.add_column(label, justify="right" if label in ("Reviews", "Learners") else "left")
    for item in result.problems[:top]:
        wrong = "; ".join(
            f"{w.text} ×{w.count}" + (f" ({w.reason})" if w.reason else "")
            for w in item.wrong_answers
        )
        share = item.right_first_time / item.reviews if item.reviews else None
        problems.add_row(
            rich_text(f"{item.deck_key}/{item.problem_key}"),
            str(item.reviews),
            str(item.learners),
            _percent(share),
            rich_text(wrong),
        )
    console.print(problems)


def _write_csv(obj: CliContext, result: ClassReport, folder: Path) -> None:
    from trainer.commands.output_target import target_for
    from trainer.errors import TrainerError

    if not folder.is_dir():
        raise TrainerError(f"--csv: folder {folder} does not exist")
    data = result.to_dict()
    learners = [list(row.values()) for row in data["learners"]]
    problems = [
        [
            p["deck"],
            p["problem"],
            p["prompt"],
            p["reviews"],
            p["attempts"],
            p["learners"],
            p["right_first_time"],
            "; ".join(
                f"{w['answer']} x{w['count']}" + (f" ({w['reason']})" if w["reason"] else "")
                for w in p["wrong_answers"]
            ),
        ]
        for p in data["problems"]
    ]
    learner_columns = list(data["learners"][0]) if data["learners"] else ["name"]
    problem_columns = [
        "deck",
        "problem",
        "prompt",
        "reviews",
        "attempts",
        "learners",
        "right_first_time",
        "wrong_answers",
    ]
    for name, columns, rows in (
        ("class-learners.csv", learner_columns, learners),
        ("class-problems.csv", problem_columns, problems),
    ):
        target = target_for(obj, folder / name, option="--csv")
        _write_one(target, columns, rows)
        click.echo(f"Wrote {len(rows)} row(s) to {target}", err=True)


def _write_one(target: Path, columns: list[str], rows: list[list[Any]]) -> None:
    from trainer.commands.export import _target

    with _target(str(target)) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in row] for row in rows])


def _cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading quote (OWASP; the
    one rule of every CSV export, docs/exports.md)."""
    from trainer.formats.csv_cells import safe_cell

    return safe_cell(value)
