"""The drill loop: next problem, submit, verdict and rating, commit, undo.

The TUI and the plain mode both drive this one ``PracticeSession`` (contract:
``docs/practice.md``). The learner never rates themselves: the checker's verdict, the
attempts, hints and response time give the FSRS rating (``trainer.scheduling.policy``).
A review is committed, review row and card state in one transaction, at the first
counted attempt and before ``submit`` returns; later attempts only update that row.
Nothing here reads the wall clock: every instant comes from ``services.clock()``.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from trainer.domain import (
    DAY_MS,
    AnswerSpec,
    CardPhase,
    Override,
    Problem,
    Rating,
    Reason,
    Verdict,
)
from trainer.errors import TrainerError
from trainer.practice.drill_types import Outcome, Presented, QueueCounts, SessionSummary
from trainer.practice.parametric import TemplateFailure, instantiate
from trainer.practice.review_commit import next_state, store_review
from trainer.practice.session_setup import build_queue, load_decks
from trainer.practice.set_aside import SetAside, Undone, newest_is_set_aside, undone
from trainer.practice.showing import Showing
from trainer.scheduling.policy import AttemptSummary, apply_override, rate
from trainer.store.drill_store import CardRecord, DrillStore, StaleCardError
from trainer.store.epoch import to_ms

if TYPE_CHECKING:
    from trainer.checking.preview import Preview
    from trainer.practice.services import Services

__all__ = ["Outcome", "PracticeSession", "Presented", "QueueCounts", "SessionSummary"]


class PracticeSession:
    """One drill session over some decks (``None``: every deck). See docs/practice.md."""

    def __init__(
        self,
        services: Services,
        deck_keys: Sequence[str] | None = None,
        *,
        rng: random.Random | None = None,
        store: DrillStore | None = None,
    ) -> None:
        self.services = services
        self._clock = services.clock
        # ``store`` given: ``services`` only needs ``clock`` (the quick plain-mode open).
        self._store = store if store is not None else services.open_drill_store()
        self._rng = rng if rng is not None else random.Random()
        self._decks, self._thresholds = load_decks(self._store, deck_keys)
        self._problems: dict[int, Problem] = {}
        self._warm_signatures: set[tuple[object, ...]] = set()
        self._current: Showing | None = None
        self._history: list[Showing] = []  # committed this session, for undo and summary
        self._set_aside: list[SetAside] = []  # suspended, buried, skipped: for undo
        self.started_at = self._clock()  # the drill clock and the summary's time spent
        self._notices: list[str] = []  # problems that could not be shown, for the front end
        self._build(self._clock())

    def _build(self, now: datetime) -> None:
        self._queue, self._day_end = build_queue(self._store, self._decks, now)

    def close(self) -> None:
        self._store.close()

    # ------------------------------------------------------------------ showing
    def next_problem(self) -> Presented | None:
        """The next problem, or None when nothing is left for today."""
        now = self._clock()
        current = self._current
        if current is not None and current.review_id is None:
            # moving on unanswered = skip
            self._queue.put_back(current.card, front=False, now_ms=to_ms(now))
        self._current = None
        if to_ms(now) >= self._day_end:
            self._build(now)  # a new scheduler day began during the session
        while (card := self._queue.take(to_ms(now))) is not None:
            try:
                return self._show(card, now)
            except TemplateFailure as failure:  # nothing stored; it sits out this session
                self._notices.append(f"{self._decks[card.deck_id].record.name}: {failure}")
        return None

    def take_notices(self) -> list[str]:
        """Messages about problems skipped because they could not be shown, once each."""
        notices, self._notices = self._notices, []
        return notices

    def _show(
        self, card: CardRecord, now: datetime, params: dict[str, str] | None = None
    ) -> Presented:
        deck = self._decks[card.deck_id]
        rendered = instantiate(self._problem(card), self._rng, params)
        problem = rendered.problem
        presented = Presented(
            card_id=card.id,
            problem_id=card.problem_id,
            deck_key=deck.record.key,
            deck_name=deck.record.name,
            problem_key=problem.key,
            prompt=problem.prompt,
            kind=problem.kind or deck.kind,
            params=rendered.params,
            hints_available=len(problem.hints),
            phase=CardPhase(card.phase),
            is_leech=bool(card.leech),
            shown_at=now,
        )
        self._current = Showing(card, deck, problem, rendered.params, presented)
        self._warm_up(self._current)
        return presented

    def _warm_up(self, showing: Showing) -> None:
        """Load what grading this kind of problem needs (pint, sympy) while the learner
        reads it, in a background thread: once per deck, kind and checker options."""
        problem = showing.problem
        signature = (showing.deck.record.id, problem.kind, problem.options)
        if signature in self._warm_signatures:
            return
        self._warm_signatures.add(signature)
        threading.Thread(
            target=_warm_up_for, args=(showing.spec(),), name="warm-up", daemon=True
        ).start()

    def _problem(self, card: CardRecord) -> Problem:
        problem = self._problems.get(card.problem_id)
        if problem is None:
            upcoming = [card.problem_id, *self._queue.upcoming_problem_ids(63)]
            wanted = [pid for pid in upcoming if pid not in self._problems]
            self._problems.update(self._store.problems(wanted))
            problem = self._problems[card.problem_id]
        return problem

    def _showing(self) -> Showing:
        if self._current is None:
            raise TrainerError("no problem is shown: call next_problem() first")
        return self._current

    # ------------------------------------------------------------------ answering
    def preview(self, text: str) -> Preview:
        """What ``text`` would be read as, live while typing (no side effects)."""
        from trainer.checking import preview

        current = self._showing()
        return preview(current.spec(), text)

    def submit(self, text: str) -> Outcome:
        """Grade an attempt at the problem shown; the first counted one stores the review."""
        from trainer.checking import check

        current = self._showing()
        if current.finished:
            raise TrainerError("this problem is finished: call next_problem() for the next one")
        if (again := current.repeated(text)) is not None:
            return self._outcome(current, again, counted=False)
        verdict = check(current.spec(), text)
        now = self._clock()
        if not verdict.counts_as_attempt:
            return self._outcome(current, verdict, counted=False)
        current.attempts += 1
        current.texts.append(text)
        current.last_verdict = verdict
        current.finished = verdict.correct
        if current.review_id is None:
            summary = AttemptSummary(
                first_correct=verdict.correct,
                attempts=1,
                response_ms=self._response_ms(current, now),
                phase=CardPhase(current.card.phase),
                median_ms=current.deck.median_ms(self._store, self._thresholds),
                hint_used=current.hints_shown > 0,
            )
            self._commit(current, rate(summary, self._thresholds), now, verdict)
        else:
            self._store.amend_review(
                current.review_id,
                attempts=current.attempts,
                attempt_text="\n".join(current.texts),
                correct=verdict.correct,
            )
        return self._outcome(current, verdict, counted=True)

    def _response_ms(self, current: Showing, now: datetime) -> int:
        elapsed = now - current.presented.shown_at
        current.response_ms = max(0, int(elapsed.total_seconds() * 1000))
        return current.response_ms

    def _commit(
        self, current: Showing, rating: Rating, now: datetime, verdict: Verdict | None
    ) -> None:
        """Store the review and the card's new state in one transaction
        (``review_commit``), then requeue the card if it is due again today."""
        after, leech = store_review(
            self._store, current, rating, now, verdict, bury_until_ms=self._day_end
        )
        current.rating, current.after, current.reviewed_at = rating, after, now
        current.next_due = after.due
        self._history.append(current)
        self._queue.requeue(current.card.with_state(after, leech=leech))

    def _outcome(
        self, current: Showing, verdict: Verdict, *, counted: bool, overridden: bool = False
    ) -> Outcome:
        done = current.finished
        answer = current.problem.answer if done else ""
        return Outcome(
            verdict=verdict,
            counted=counted,
            attempts=current.attempts,
            finished=done,
            rating=current.rating,
            review_id=current.review_id,
            answer=answer,
            solution=current.problem.solution if done else "",
            next_due=current.next_due,
            overridden=overridden,
            # Read here, in the caller's (grading) thread, so a front end never checks
            # anything on its UI thread to show it.
            answer_read_as=_read_as(current.spec(), answer) if answer else "",
        )

    def hint(self) -> str | None:
        """The next hint, or None when there is none left. A hint caps the rating at Hard."""
        current = self._showing()
        if current.hints_shown >= len(current.problem.hints):
            return None
        text = current.problem.hints[current.hints_shown]
        if current.review_id is not None:
            self._store.amend_review(current.review_id, hint_used=True)
        current.hints_shown += 1  # after the write: a failed write gives the same hint again
        return text

    def reveal(self) -> Outcome:
        """Give up: the answer and worked solution. Rated Again."""
        current = self._showing()
        now = self._clock()
        current.revealed = True
        try:
            if current.review_id is None:
                self._response_ms(current, now)
                self._commit(current, Rating.AGAIN, now, None)
            elif not current.finished:
                self._store.amend_review(current.review_id, revealed=True)
        except BaseException:
            current.revealed = False  # nothing was stored: the problem is still open
            raise
        current.finished = True
        verdict = current.last_verdict or Verdict(
            correct=False, reason=Reason.EMPTY, message="revealed without an attempt"
        )
        return self._outcome(current, verdict, counted=False)

    def override(self, override: Override) -> Outcome:
        """Overrule the checker on the last review: accept -> Good, reject -> Again."""
        if not self._history:
            raise TrainerError("nothing to override: no review stored in this session yet")
        last = self._history[-1]
        rating = apply_override(override)
        assert last.review_id is not None and last.reviewed_at is not None
        assert last.after is not None
        after, leech = next_state(last.card, last.card.state(), rating, last.reviewed_at, last.deck)
        try:
            self._store.override_review(
                last.review_id,
                last.card.id,
                last.after,
                after,
                rating=rating,
                override=override,
                leech=leech,
            )
        except StaleCardError as exc:
            raise TrainerError(
                "cannot override: this problem was reviewed again elsewhere since"
            ) from exc
        self._queue.discard(last.card.id)
        self._queue.requeue(last.card.with_state(after, leech=leech))
        last.rating, last.after, last.finished = rating, after, True
        last.next_due = after.due
        verdict = last.last_verdict or Verdict(False, Reason.EMPTY, "")
        verdict = replace(verdict, correct=override is Override.ACCEPT)
        return self._outcome(last, verdict, counted=last.attempts > 0, overridden=True)

    # ------------------------------------------------------------------ moving on
    def skip(self) -> None:
        """Move on without a review; the problem comes back later in the session."""
        current = self._showing()
        if current.review_id is None:
            self._queue.put_back(current.card, front=False, now_ms=to_ms(self._clock()))
            self._set_aside.append(SetAside("skip", current, len(self._history)))
        self._current = None

    def bury(self) -> None:
        """Hide the problem shown until the next scheduler day."""
        current = self._showing()
        self._store.bury(current.card.id, self._day_end)
        self._queue.discard(current.card.id)
        self._set_aside.append(
            SetAside("bury", current, len(self._history), current.card.buried_until)
        )
        self._current = None

    def suspend(self) -> None:
        """Hide the problem shown until it is unsuspended."""
        current = self._showing()
        self._store.set_suspended(current.card.id, True)
        self._queue.discard(current.card.id)
        self._set_aside.append(SetAside("suspend", current, len(self._history)))
        self._current = None

    def undo_action(self) -> Undone | None:
        """Undo the session's newest action, a review, suspend, bury or skip, and say which
        (``Undone.description``). The problem is shown again, unless it was answered before
        it was set aside (then only the suspend or bury is taken back). None: nothing left."""
        if not newest_is_set_aside(self._set_aside, len(self._history)):
            presented = self.undo()
            return None if presented is None else undone("review", presented)
        aside = self._set_aside[-1]
        card = aside.showing.card
        if aside.kind == "suspend":
            self._store.set_suspended(card.id, False)
        elif aside.kind == "bury":
            self._store.bury(card.id, aside.buried_until)
        self._set_aside.pop()
        if aside.showing.review_id is not None:
            return Undone(aside.kind, None, f"undone: {aside.kind} (already answered today)")
        self._queue.discard(card.id)
        current = self._current
        if current is not None and current.review_id is None and current.card.id != card.id:
            self._queue.put_back(current.card, front=True)
        return undone(aside.kind, self._show(card, self._clock(), aside.showing.params or None))

    def undo(self) -> Presented | None:
        """Undo the last review of this session: delete it, restore the card exactly, and
        show that problem again (with the same parameter values). None: nothing to undo.
        A suspend, bury or skip since that review is undone first (``undo_action``)."""
        if newest_is_set_aside(self._set_aside, len(self._history)):
            taken = self.undo_action()
            return None if taken is None else taken.presented
        if not self._history:
            return None
        last = self._history[-1]
        assert last.review_id is not None and last.after is not None
        try:
            self._store.undo_review(
                last.review_id, last.card, last.unbury, expected_reps=last.after.reps
            )
        except StaleCardError as exc:
            raise TrainerError(
                "cannot undo: this problem was reviewed again elsewhere since"
            ) from exc
        self._history.pop()
        self._queue.discard(last.card.id)
        current = self._current
        if current is not None and current.review_id is None and current is not last:
            self._queue.put_back(current.card, front=True)
        return self._show(last.card, self._clock(), last.params or None)

    # ------------------------------------------------------------------ reporting
    def counts(self) -> QueueCounts:
        """New, learning and due cards left for today (the one shown not included)."""
        return self._queue.counts()

    def summary(self) -> SessionSummary:
        done = len(self._history)
        ratings = [s.rating for s in self._history]
        correct = sum(1 for r in ratings if r is not None and r > Rating.AGAIN)
        tomorrow_end = self._day_end + DAY_MS
        due_tomorrow = sum(
            self._store.count_due_between(deck_id, self._day_end, tomorrow_end)
            for deck_id in self._decks
        )
        return SessionSummary(
            done=done,
            correct=correct,
            accuracy=correct / done if done else None,
            time_spent=max(timedelta(0), self._clock() - self.started_at),
            due_tomorrow=due_tomorrow,
            again=ratings.count(Rating.AGAIN),
            hard=ratings.count(Rating.HARD),
            good=ratings.count(Rating.GOOD),
            easy=ratings.count(Rating.EASY),
        )


def _read_as(spec: AnswerSpec, text: str) -> str:
    """How the checker reads ``text`` (the reference answer), or "" when it cannot."""
    from trainer.checking import preview

    return preview(spec, text).read_as or ""


def _warm_up_for(spec: AnswerSpec) -> None:
    from trainer.checking import warm_up_for

    warm_up_for(spec, background=False)  # already in the session's warm-up thread
