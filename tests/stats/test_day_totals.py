"""The per-day true-retention totals (``review_day_totals``, kept by triggers) stay equal to
a straightforward recount of the review log through every kind of write, on SQLite and
PostgreSQL, and the year of true retention read from them equals a recount for any
preset (day-start hour, time zone with DST, odd UTC offsets)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, text, update

from trainer.domain import Override, Preset, Rating
from trainer.practice.services import Services
from trainer.scheduling.days import SchedulerDay
from trainer.store.aggregates.day_totals import rebuild, stored_totals, window_retention
from trainer.store.models import CardRow, DeckRow, ProblemRow, ReviewRow
from trainer.store.report_scope import day_clock
from trainer.store.types import from_ms, to_ms

from .history import History

DAY_MS = 86_400_000
HOUR_MS = 3_600_000
NOW = datetime(2026, 4, 20, 12, tzinfo=UTC)
PRESETS = (
    Preset(timezone="UTC", day_start_hour=4),
    Preset(timezone="Europe/Berlin", day_start_hour=0),  # DST change on 2026-03-29
    Preset(timezone="America/New_York", day_start_hour=4),  # DST change on 2026-03-08
    Preset(timezone="Asia/Kolkata", day_start_hour=23),  # +05:30
    Preset(timezone="Pacific/Chatham", day_start_hour=2),  # +12:45 / +13:45
)


def random_history(services: Services, seed: int, reviews: int = 600) -> list[int]:
    """Three decks, 40 cards, reviews over 120 days: many intervals near 21 days, random
    times of day, learning steps, missing memory states. Returns the card ids."""
    rng = random.Random(seed)
    history = History(services)
    cards = [history.card(f"p{i}", deck=("a", "b", "c")[i % 3]) for i in range(40)]
    end = to_ms(NOW)
    rows = []
    for _ in range(reviews):
        at = end - rng.randrange(120 * DAY_MS)
        kind = rng.random()
        if kind < 0.05:
            last, due = None, None
        elif kind < 0.55:  # intervals around the 21-day line, at any time of day
            last = at - rng.randrange(18 * DAY_MS, 24 * DAY_MS)
            due = last + rng.choice((19, 20, 21, 22)) * DAY_MS + rng.randrange(-3, 4) * HOUR_MS
        else:
            last = at - rng.randrange(60 * DAY_MS)
            due = last + rng.randrange(0, 50 * DAY_MS)
        rows.append(
            ReviewRow(
                card_id=rng.choice(cards),
                reviewed_at=from_ms(at),
                rating=rng.randint(1, 4),
                phase_before=rng.choice((0, 1, 2, 2, 2, 3)),
                last_review_before=None if last is None else from_ms(last),
                due_before=None if due is None else from_ms(due),
                phase_after=2,
            )
        )
    with services.collection.session_scope() as s:
        s.add_all(rows)
    return cards


def recount_totals(services: Services) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """The totals straight from the log, in Python."""
    out: dict[tuple[int, int], list[int]] = {}
    with services.collection.session_scope(write=False) as s:
        rows = s.execute(
            select(
                CardRow.deck_id,
                ReviewRow.reviewed_at,
                ReviewRow.rating,
                ReviewRow.phase_before,
                ReviewRow.due_before,
                ReviewRow.last_review_before,
            ).join(CardRow, CardRow.id == ReviewRow.card_id)
        ).all()
    for deck_id, at, rating, phase, due, last in rows:
        gap = None if due is None or last is None else to_ms(due) - to_ms(last)
        if not (phase == 2 or (gap is not None and gap >= DAY_MS)):
            continue
        mature = phase == 2 and gap is not None and gap >= 22 * DAY_MS
        cell = out.setdefault((deck_id, to_ms(at) // DAY_MS), [0, 0, 0, 0])
        cell[0] += 1
        cell[1] += rating > 1
        cell[2] += mature
        cell[3] += mature and rating > 1
    return {key: (a, b, c, d) for key, (a, b, c, d) in out.items() if any((a, b, c, d))}


def recount_window(
    services: Services, preset: Preset, start_day: int, end_day: int, deck: int | None = None
) -> tuple[int, int, int, int]:
    """True retention over scheduler days [start_day, end_day), in Python per review."""
    days = SchedulerDay.for_preset(preset)
    counts = [0, 0, 0, 0]
    with services.collection.session_scope(write=False) as s:
        decks = dict(s.execute(select(CardRow.id, CardRow.deck_id)).all())
        reviews = s.scalars(select(ReviewRow)).all()
        for r in reviews:
            if deck is not None and decks[r.card_id] != deck:
                continue
            if not start_day <= days.day_number(r.reviewed_at) < end_day:
                continue
            gap = None
            if r.due_before is not None and r.last_review_before is not None:
                gap = r.due_before - r.last_review_before
            if not (r.phase_before == 2 or (gap is not None and gap >= timedelta(days=1))):
                continue
            mature = (
                r.phase_before == 2
                and gap is not None
                and days.day_number(r.due_before) - days.day_number(r.last_review_before) >= 21
            )
            counts[0] += 1
            counts[1] += r.rating > 1
            counts[2] += mature
            counts[3] += mature and r.rating > 1
    return counts[0], counts[1], counts[2], counts[3]


def test_a_year_from_the_totals_equals_a_recount_for_every_preset(
    backend_services: Services,
) -> None:
    services = backend_services
    random_history(services, seed=7)
    assert stored_totals_of(services) == recount_totals(services)
    for preset in PRESETS:
        days = SchedulerDay.for_preset(preset)
        today = days.day_number(NOW)
        for first, last in (
            (today - 364, today + 1),
            (today - 29, today + 1),
            (today - 90, today - 3),
        ):
            start, end = to_ms(days.day_start(first)), to_ms(days.day_start(last))
            clock = day_clock(preset, start - 200 * DAY_MS, end + 400 * DAY_MS)
            with services.collection.engine.connect() as conn:
                got = window_retention(conn, clock, start, end, None)
                one_deck = window_retention(conn, clock, start, end, (1,))
            assert got == recount_window(services, preset, first, last), preset
            assert got[0] > 0
            assert one_deck == recount_window(services, preset, first, last, deck=1)
            assert 0 < one_deck[0] < got[0]


def stored_totals_of(services: Services) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    with services.collection.engine.connect() as conn:
        return stored_totals(conn)


def test_the_totals_follow_edits_undos_card_moves_and_deletions(
    backend_services: Services,
) -> None:
    services = backend_services
    cards = random_history(services, seed=11, reviews=300)
    rng = random.Random(3)
    with services.collection.session_scope() as s:
        ids = list(s.scalars(select(ReviewRow.id)))
        for review_id in rng.sample(ids, 40):  # overrides change ratings and times
            s.execute(
                update(ReviewRow)
                .where(ReviewRow.id == review_id)
                .values(rating=rng.randint(1, 4), phase_before=rng.choice((1, 2)))
            )
        s.execute(delete(ReviewRow).where(ReviewRow.id.in_(rng.sample(ids, 30))))  # undos
    assert stored_totals_of(services) == recount_totals(services)

    with services.collection.session_scope() as s:  # a card moves deck
        s.execute(update(CardRow).where(CardRow.id == cards[0]).values(deck_id=cards[0] % 3 + 1))
        s.execute(update(CardRow).where(CardRow.id == cards[1]).values(reps=9))  # no move
    assert stored_totals_of(services) == recount_totals(services)

    with services.collection.session_scope() as s:  # a problem (and its card) goes
        problem_id = s.get(CardRow, cards[2]).problem_id
        s.execute(delete(ProblemRow).where(ProblemRow.id == problem_id))
    assert stored_totals_of(services) == recount_totals(services)

    with services.collection.session_scope() as s:  # a whole deck goes
        s.execute(delete(DeckRow).where(DeckRow.key == "b"))
    totals = stored_totals_of(services)
    assert totals == recount_totals(services)
    assert {deck for deck, _ in totals} == {1, 3}

    with services.collection.engine.begin() as conn:  # the rebuild path agrees
        conn.execute(text("UPDATE review_day_totals SET eligible = eligible + 5"))
        rebuild(conn)
    assert stored_totals_of(services) == totals


def test_a_drilled_review_its_override_and_its_undo_keep_the_totals(
    backend_services: Services,
) -> None:
    from trainer.practice.engine import PracticeSession

    services = backend_services
    history = History(services)
    now = services.clock()
    history.card(
        "due",
        phase=2,
        stability=30.0,
        difficulty=5.0,
        reps=4,
        due=now - timedelta(hours=1),
        last_review=now - timedelta(days=25),
    )
    session = PracticeSession(services)
    assert session.next_problem() is not None
    session.submit("5")
    session.submit("6")
    assert stored_totals_of(services) == recount_totals(services)
    [(key, (eligible, passes, mature, _))] = stored_totals_of(services).items()
    assert (eligible, passes, mature) == (1, 0, 1)
    assert session.override(Override.ACCEPT).rating is Rating.GOOD
    assert stored_totals_of(services)[key][:2] == (1, 1)
    session.undo()
    assert stored_totals_of(services) == recount_totals(services) == {}


def test_changing_the_day_clock_needs_no_rebuild(services: Services) -> None:
    random_history(services, seed=5, reviews=200)
    before = stored_totals_of(services)
    for preset in PRESETS[:3]:
        history_preset = replace(preset, day_start_hour=(preset.day_start_hour + 7) % 24)
        days = SchedulerDay.for_preset(history_preset)
        today = days.day_number(NOW)
        start, end = to_ms(days.day_start(today - 364)), to_ms(days.day_start(today + 1))
        clock = day_clock(history_preset, start - 200 * DAY_MS, end + 400 * DAY_MS)
        with services.collection.engine.connect() as conn:
            got = window_retention(conn, clock, start, end, None)
        assert got == recount_window(services, history_preset, today - 364, today + 1)
    assert stored_totals_of(services) == before
