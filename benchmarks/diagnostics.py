"""How often a wrong answer gets a reason a teacher would give, not just "wrong value".

    python benchmarks/diagnostics.py [DECK.toml ...] [--draws N] [--misses]

Runs ``trainer lint``'s learner-mistake set (the sign of one term, a term left out, the
reciprocal, off by one, swapped entries, one matrix entry, the inequality flipped, an
endpoint open/closed, the unit dropped or changed, the capitals, a decimal approximation)
over every problem of the bundled decks, and prints, per deck and in total, the share
of the wrong attempts whose reason is more specific than ``wrong_value``. Target: 80%.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from trainer.domain import Reason  # noqa: E402
from trainer.practice.linting import Graded, lint_file  # noqa: E402

TARGET = 0.80
DECKS = sorted((Path(__file__).resolve().parent.parent / "decks").glob("*.toml"))


def measure(path: Path, draws: int) -> list[Graded]:
    graded: list[Graded] = []
    lint_file(path, draws, graded)
    return [g for g in graded if not g.verdict.correct]


def corpus_share(path: Path) -> None:
    """The share of a corpus's wrong attempts (graded wrong, counted) with a specific reason."""
    import json

    from trainer.checking import check
    from trainer.domain import AnswerKind, AnswerSpec, CheckOptions

    reasons: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("expected") is not False:
            continue
        kind = AnswerKind.parse(row["kind"]) if row.get("kind") else None
        spec = AnswerSpec(row["answer"], kind, CheckOptions(abs_tol=row.get("tolerance")))
        verdict = check(spec, row["attempt"])
        if not verdict.correct and verdict.counts_as_attempt:
            reasons[str(verdict.reason)] += 1
    total = sum(reasons.values())
    specific = total - reasons["wrong_value"]
    share = specific / total if total else 1.0
    print(f"{path.name}: {specific}/{total} wrong attempts with a specific reason ({share:.1%})")
    print("  " + ", ".join(f"{r} {n}" for r, n in reasons.most_common()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("decks", nargs="*", type=Path, default=DECKS)
    parser.add_argument("--draws", type=int, default=3, help="draws of a parametric problem")
    parser.add_argument("--misses", action="store_true", help="list the wrong_value ones")
    parser.add_argument(
        "--corpus", type=Path, action="append", default=[],
        help="also: the share over a labelled JSONL corpus's wrong attempts (expected false)",
    )  # fmt: skip
    args = parser.parse_args()
    for corpus in args.corpus:
        corpus_share(corpus)
    total = specific_total = 0
    reasons: Counter[str] = Counter()
    print(f"{'deck':<22} {'wrong':>6} {'specific':>9} {'share':>7}")
    for path in args.decks:
        wrong = measure(path, args.draws)
        specific = [g for g in wrong if g.verdict.reason != Reason.WRONG_VALUE]
        reasons.update(str(g.verdict.reason) for g in wrong)
        share = len(specific) / len(wrong) if wrong else 1.0
        print(f"{path.stem:<22} {len(wrong):>6} {len(specific):>9} {share:>7.1%}")
        total += len(wrong)
        specific_total += len(specific)
        if args.misses:
            for g in wrong:
                if g.verdict.reason == Reason.WRONG_VALUE:
                    print(f"    {g.problem}: {g.attempt.name}: {g.attempt.text!r}")
    share = specific_total / total if total else 1.0
    print(f"{'total':<22} {total:>6} {specific_total:>9} {share:>7.1%}   (target {TARGET:.0%})")
    print("reasons: " + ", ".join(f"{r} {n}" for r, n in reasons.most_common()))
    return 0 if share >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
