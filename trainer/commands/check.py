"""``trainer check``: grade one attempt, or a whole JSONL file of them, from the shell.

    trainer check ANSWER ATTEMPT [--kind K] [--form F] [--tolerance T] [--json] ...
    trainer check --batch FILE.jsonl

Every option a deck can set has a flag, so a problem can be checked outside the drill
exactly as the drill checks it. ``-4`` is an answer, not an option: ``trainer check -4 4``
and ``trainer check -- -4 4`` both work.

Deck authors use ``--batch`` to test their answers: one input record per line with
``answer``, ``attempt``, optional ``id`` and ``kind``, and the keys of a problem's
``[problems.check]`` table (``form``, ``abs_tol``, ``rel_tol``, ``ordered``, ``units``,
``choices``...; ``tolerance`` is ``abs_tol``); command-line options are the defaults
underneath. One output line per record (``{"id", "correct", "reason", "message",
"read_as", "ms"}``), all in one process. A malformed line, a bad value or a line that
is not UTF-8 gives an error record naming its line number (``{"id", "line", "error"}``)
and checking goes on; a key it does not know is named once on stderr. The exit status
is 0 once every line has been processed, whatever the verdicts.
"""

from __future__ import annotations

import json
import time
from dataclasses import fields
from typing import IO, Any

import click

from trainer.domain import AnswerKind, AnswerSpec, CheckOptions, Form

# Fields a corpus line carries for its own bookkeeping: allowed, not options.
RECORD_FIELDS = frozenset({"id", "answer", "attempt", "kind"})
CORPUS_FIELDS = frozenset(
    {"expected", "source", "note", "notation", "category", "class", "comment", "tags", "label"}
)
OPTION_KEYS = frozenset(f.name for f in fields(CheckOptions))
_BOOLEAN_KEYS = frozenset({"ordered", "case_sensitive", "up_to_constant", "allow_bare_value"})


class RecordError(ValueError):
    """A record's field has a value the checker cannot use."""


def options_from_record(record: dict[str, Any], base: CheckOptions) -> CheckOptions:
    """The checker options a record sets, on top of ``base`` (RecordError names the field)."""
    values: dict[str, Any] = {}
    for key, value in record.items():
        if value is None:
            continue
        name = "abs_tol" if key == "tolerance" else key
        if name not in OPTION_KEYS:
            continue
        values[name] = _option_value(key, name, value)
    return base.merged(CheckOptions(**values))


def _option_value(key: str, name: str, value: Any) -> Any:
    if name in ("abs_tol", "rel_tol"):
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise RecordError(f"{key}: expected a non-negative number")
        return float(value)
    if name in _BOOLEAN_KEYS:
        if not isinstance(value, bool):
            raise RecordError(f"{key}: expected true or false")
        return value
    if name == "form":
        try:
            return Form(value)
        except ValueError:
            raise RecordError(f"form: expected one of {', '.join(f.value for f in Form)}") from None
    if name == "units":
        if not isinstance(value, str) or not value.strip():
            raise RecordError("units: expected a unit as a non-empty string")
        return value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError(f"{key}: expected a list of strings")
    return tuple(value)


def _parse_kind(kind: str | None) -> AnswerKind | None:
    if kind is None:
        return None
    try:
        return AnswerKind.parse(kind)
    except ValueError:
        names = ", ".join(k.value for k in AnswerKind)
        raise RecordError(f"kind: unknown kind {kind!r}; one of: {names}") from None


def _timed_check(spec: AnswerSpec, attempt: str, budget: float) -> tuple[Any, float]:
    from trainer.checking import check as check_attempt

    start = time.perf_counter()
    verdict = check_attempt(spec, attempt, budget=budget)
    return verdict, round((time.perf_counter() - start) * 1000, 3)


def _record_error(line_no: int, record_id: Any, message: str) -> dict[str, Any]:
    return {"id": record_id, "line": line_no, "error": f"line {line_no}: {message}"}


class Batch:
    """Check JSONL records one by one, with the command line's options as defaults."""

    def __init__(self, kind: AnswerKind | None, options: CheckOptions, budget: float) -> None:
        self.kind = kind
        self.options = options
        self.budget = budget
        self.unknown: set[str] = set()

    def line(self, line_no: int, raw: bytes) -> tuple[dict[str, Any], bool]:
        """The output record for one input line, and whether the line was a valid record."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start]
            where = f"byte 0x{bad:02x} at column {exc.start + 1}"
            return _record_error(line_no, None, f"not valid UTF-8 ({where})"), False
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            where = f"{exc.msg} at column {exc.colno}"
            return _record_error(line_no, None, f"invalid JSON ({where})"), False
        except RecursionError:
            return _record_error(line_no, None, "invalid JSON (nested too deeply)"), False
        except ValueError as exc:  # e.g. an integer with too many digits
            return _record_error(line_no, None, f"invalid JSON ({exc})"), False
        if not isinstance(record, dict):
            return _record_error(line_no, None, "expected a JSON object"), False
        record_id = record.get("id", line_no)
        try:
            return self._checked(record, record_id, line_no), True
        except RecordError as exc:
            return _record_error(line_no, record_id, str(exc)), False

    def _checked(self, record: dict[str, Any], record_id: Any, line_no: int) -> dict[str, Any]:
        for name in ("answer", "attempt"):
            if not isinstance(record.get(name), str):
                raise RecordError(f"{name}: expected a string")
        kind_text = record.get("kind")
        if kind_text is not None and not isinstance(kind_text, str):
            raise RecordError("kind: expected a string")
        kind = _parse_kind(kind_text) or self.kind
        self._name_unknown(record, line_no)
        spec = AnswerSpec(record["answer"], kind, options_from_record(record, self.options))
        verdict, ms = _timed_check(spec, record["attempt"], self.budget)
        return {
            "id": record_id,
            "correct": verdict.correct,
            "reason": str(verdict.reason),
            "message": verdict.message,
            "read_as": verdict.read_as,
            "ms": ms,
        }

    def _name_unknown(self, record: dict[str, Any], line_no: int) -> None:
        known = RECORD_FIELDS | CORPUS_FIELDS | OPTION_KEYS | {"tolerance"}
        for key in record:
            if key not in known and key not in self.unknown:
                self.unknown.add(key)
                click.echo(
                    f"trainer check: line {line_no}: unknown key {key!r} ignored "
                    f"(known: answer, attempt, id, kind, {', '.join(sorted(OPTION_KEYS))})",
                    err=True,
                )

    def run(self, stream: IO[bytes]) -> bool:
        """Check every line of ``stream``; print one JSON line each. True when all were valid."""
        all_valid = True
        for line_no, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            out, valid = self.line(line_no, raw)
            all_valid = all_valid and valid
            click.echo(json.dumps(out, ensure_ascii=False))
        return all_valid


class _AnswerFirstCommand(click.Command):
    """Reads ``-4`` and ``-x^2`` as ANSWER/ATTEMPT, not as unknown options."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value: set[str] = set()
        flags: set[str] = set()
        for param in self.get_params(ctx):  # with --help/-h
            if isinstance(param, click.Option):
                names = set(param.opts) | set(param.secondary_opts)
                (flags if param.is_flag else takes_value).update(names)
        options: list[str] = []
        positional: list[str] = []
        index = 0
        while index < len(args):
            token = args[index]
            if token == "--":
                positional.extend(args[index + 1 :])
                break
            name = token.split("=", 1)[0]
            if name in takes_value:
                options.append(token)
                if "=" not in token and index + 1 < len(args):
                    options.append(args[index + 1])
                    index += 1
            elif name in flags or (token.startswith("--") and len(token) > 2):
                options.append(token)
            else:
                positional.append(token)
            index += 1
        return super().parse_args(ctx, [*options, "--", *positional])


def _kind_ok(kind: str | None) -> str | None:
    try:
        _parse_kind(kind)
    except RecordError as exc:
        raise click.BadParameter(str(exc).removeprefix("kind: ")) from None
    return kind


@click.command(cls=_AnswerFirstCommand)
@click.argument("answer", required=False)
@click.argument("attempt", required=False)
@click.option(
    "--kind", "-k", callback=lambda _c, _p, v: _kind_ok(v), help="Answer kind (default: inferred)."
)
@click.option(
    "--form",
    type=click.Choice([f.value for f in Form]),
    default=None,
    help="The form the answer must be written in (numeral, decimal, factored, ...).",
)
@click.option(
    "--tolerance", "--abs-tol", "-t", type=float, default=None, help="Absolute tolerance."
)
@click.option("--rel-tolerance", "--rel-tol", type=float, help="Relative tolerance.")
@click.option("--ordered/--unordered", default=None, help="Whether a list's order matters.")
@click.option("--case-sensitive", is_flag=True, help="Text answers: capitals matter.")
@click.option("--up-to-constant", is_flag=True, help="Accept an added constant (antiderivatives).")
@click.option("--allow-bare-value", is_flag=True, help="A bare value answers x = 3, 40%, 20 m/s.")
@click.option("--units", default=None, help="The unit of a bare numeric answer, e.g. m/s.")
@click.option("--choice", "choices", multiple=True, help="A choice's text (repeat, in order).")
@click.option("--alternative", "alternatives", multiple=True, help="Another accepted answer.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@click.option(
    "--batch",
    "batch",
    type=click.File("rb"),
    default=None,
    help="Check every record of a JSONL file ('-' for stdin).",
)
@click.option("--budget", type=float, default=2.0, show_default=True, help="Seconds per check.")
def check(
    answer: str | None,
    attempt: str | None,
    kind: str | None,
    form: str | None,
    tolerance: float | None,
    rel_tolerance: float | None,
    ordered: bool | None,
    case_sensitive: bool,
    up_to_constant: bool,
    allow_bare_value: bool,
    units: str | None,
    choices: tuple[str, ...],
    alternatives: tuple[str, ...],
    as_json: bool,
    batch: IO[bytes] | None,
    budget: float,
) -> None:
    """Grade ATTEMPT against the reference ANSWER and print the verdict."""
    for name, value in (("--tolerance", tolerance), ("--rel-tolerance", rel_tolerance)):
        if value is not None and not value >= 0:
            raise click.BadParameter("expected a non-negative number", param_hint=name)
    options = CheckOptions(
        abs_tol=tolerance,
        rel_tol=rel_tolerance,
        ordered=ordered,
        case_sensitive=case_sensitive,
        form=Form(form) if form else None,
        up_to_constant=up_to_constant,
        units=units,
        choices=choices,
        alternatives=alternatives,
        allow_bare_value=allow_bare_value,
    )
    parsed_kind = AnswerKind.parse(kind) if kind else None
    if batch is not None:
        if answer is not None or attempt is not None:
            raise click.UsageError("--batch takes no ANSWER or ATTEMPT")
        Batch(parsed_kind, options, budget).run(batch)
        return
    if answer is None or attempt is None:
        raise click.UsageError("give ANSWER and ATTEMPT, or --batch FILE.jsonl")
    verdict, ms = _timed_check(AnswerSpec(answer, parsed_kind, options), attempt, budget)
    if as_json:
        out = {
            "correct": verdict.correct,
            "reason": str(verdict.reason),
            "message": verdict.message,
            "read_as": verdict.read_as,
            "ms": ms,
        }
        click.echo(json.dumps(out, ensure_ascii=False))
        return
    # unreadable, ambiguous, empty: the drill does not count it, and neither does this line
    status = (
        "correct"
        if verdict.correct
        else "not correct"
        if verdict.counts_as_attempt
        else "not counted"
    )
    click.echo(f"{status} ({verdict.reason}): {verdict.message}")
    if verdict.read_as:
        click.echo(f"read as: {verdict.read_as}")
