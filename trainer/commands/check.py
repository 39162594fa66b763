"""``trainer check``: grade one attempt, or a whole JSONL file of them, from the shell.

    trainer check ANSWER ATTEMPT [--kind K] [--tolerance T] [--json]
    trainer check --batch FILE.jsonl

Deck authors use ``--batch`` to test their answers: one input record per line
(``{"id", "answer", "attempt", "kind"?, "tolerance"?}``), one output line per record
(``{"id", "correct", "reason", "read_as", "ms"}``), all in one process. A malformed line
gives an error record naming its line number (``{"id", "line", "error"}``) and checking
goes on; the exit status is 0 once every line has been processed, whatever the verdicts.
"""

from __future__ import annotations

import json
import time
from typing import IO, Any

import click


def _spec(
    answer: str, kind: str | None, tolerance: float | None, rel_tolerance: float | None
) -> Any:
    from trainer.domain import AnswerKind, AnswerSpec, CheckOptions

    parsed = AnswerKind.parse(kind) if kind else None
    return AnswerSpec(
        answer=answer,
        kind=parsed,
        options=CheckOptions(abs_tol=tolerance, rel_tol=rel_tolerance),
    )


def _kind_ok(kind: str | None) -> str | None:
    from trainer.domain import AnswerKind

    if kind is None:
        return None
    try:
        AnswerKind.parse(kind)
    except ValueError:
        names = ", ".join(k.value for k in AnswerKind)
        raise click.BadParameter(f"unknown kind {kind!r}; one of: {names}") from None
    return kind


def _timed_check(spec: Any, attempt: str, budget: float) -> tuple[Any, float]:
    from trainer.checking import check as check_attempt

    start = time.perf_counter()
    verdict = check_attempt(spec, attempt, budget=budget)
    return verdict, round((time.perf_counter() - start) * 1000, 3)


def _record_error(line_no: int, record_id: Any, message: str) -> dict[str, Any]:
    return {"id": record_id, "line": line_no, "error": f"line {line_no}: {message}"}


def _batch_line(line_no: int, text: str, budget: float) -> tuple[dict[str, Any], bool]:
    """The output record for one input line, and whether the line was a valid record."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return _record_error(
            line_no, None, f"invalid JSON ({exc.msg} at column {exc.colno})"
        ), False
    if not isinstance(record, dict):
        return _record_error(line_no, None, "expected a JSON object"), False
    record_id = record.get("id", line_no)
    for field in ("answer", "attempt"):
        if not isinstance(record.get(field), str):
            return _record_error(line_no, record_id, f"{field}: expected a string"), False
    kind = record.get("kind")
    tolerance = record.get("tolerance")
    if kind is not None and not isinstance(kind, str):
        return _record_error(line_no, record_id, "kind: expected a string"), False
    if tolerance is not None and (
        isinstance(tolerance, bool) or not isinstance(tolerance, int | float)
    ):
        return _record_error(line_no, record_id, "tolerance: expected a number"), False
    try:
        spec = _spec(record["answer"], kind, tolerance, None)
    except ValueError:
        return _record_error(line_no, record_id, f"kind: unknown kind {kind!r}"), False
    verdict, ms = _timed_check(spec, record["attempt"], budget)
    out = {
        "id": record_id,
        "correct": verdict.correct,
        "reason": str(verdict.reason),
        "read_as": verdict.read_as,
        "ms": ms,
    }
    return out, True


def run_batch(stream: IO[str], budget: float) -> bool:
    """Check every line of ``stream``; print one JSON line each. True when all were valid."""
    all_valid = True
    for line_no, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        out, valid = _batch_line(line_no, line, budget)
        all_valid = all_valid and valid
        click.echo(json.dumps(out, ensure_ascii=False))
    return all_valid


@click.command()
@click.argument("answer", required=False)
@click.argument("attempt", required=False)
@click.option(
    "--kind", "-k", callback=lambda _c, _p, v: _kind_ok(v), help="Answer kind (default: inferred)."
)
@click.option("--tolerance", "-t", type=float, default=None, help="Absolute tolerance.")
@click.option("--rel-tolerance", type=float, default=None, help="Relative tolerance.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@click.option(
    "--batch",
    "batch",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help="Check every record of a JSONL file ('-' for stdin).",
)
@click.option("--budget", type=float, default=2.0, show_default=True, help="Seconds per check.")
def check(
    answer: str | None,
    attempt: str | None,
    kind: str | None,
    tolerance: float | None,
    rel_tolerance: float | None,
    as_json: bool,
    batch: IO[str] | None,
    budget: float,
) -> None:
    """Grade ATTEMPT against the reference ANSWER and print the verdict."""
    if batch is not None:
        if answer is not None or attempt is not None:
            raise click.UsageError("--batch takes no ANSWER or ATTEMPT")
        run_batch(batch, budget)
        return
    if answer is None or attempt is None:
        raise click.UsageError("give ANSWER and ATTEMPT, or --batch FILE.jsonl")
    verdict, ms = _timed_check(_spec(answer, kind, tolerance, rel_tolerance), attempt, budget)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "correct": verdict.correct,
                    "reason": str(verdict.reason),
                    "message": verdict.message,
                    "read_as": verdict.read_as,
                    "ms": ms,
                },
                ensure_ascii=False,
            )
        )
        return
    status = "correct" if verdict.correct else "not correct"
    click.echo(f"{status} ({verdict.reason}): {verdict.message}")
    if verdict.read_as:
        click.echo(f"read as: {verdict.read_as}")
