"""Setting a drill session up: the decks with their presets, and today's queue.

Presets: the collection default (setting ``default_preset``) with each deck's own
settings (``DeckRow.preset``) on top. Rating-policy thresholds: setting
``rating_policy`` (``PolicyThresholds`` fields), defaults when absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from trainer.domain import DAY_MS, AnswerKind, CardPhase, CheckOptions, Preset
from trainer.errors import TrainerError
from trainer.practice.queue import (
    NEW_ORDERS,
    DailyQueue,
    mix_sections,
    round_robin,
    select_reviews,
)
from trainer.scheduling.days import SchedulerDay
from trainer.scheduling.policy import PolicyThresholds, deck_median_ms
from trainer.store.deck_match import pick_deck
from trainer.store.drill_store import CardRecord, DeckRecord, DrillStore
from trainer.store.epoch import from_ms, to_ms

DEFAULT_PRESET_KEY = "default_preset"
POLICY_KEY = "rating_policy"
LEECH_LAPSES = 8
# Mixed new order: sections are gathered among this many of the deck's first unseen
# problems (or 25 days' worth of its new limit, if more), so a huge deck starts as fast.
MIXED_WINDOW = 500


@dataclass
class DeckContext:
    """One deck of the session: its record, effective preset and checker defaults."""

    record: DeckRecord
    preset: Preset
    days: SchedulerDay
    kind: AnswerKind | None
    options: CheckOptions
    leech_lapses: int = LEECH_LAPSES
    _median: list[int | None] = field(default_factory=list)

    def median_ms(self, store: DrillStore, thresholds: PolicyThresholds) -> int | None:
        """The learner's median response time on this deck (read once per session)."""
        if not self._median:
            self._median.append(
                deck_median_ms(store.recent_response_ms(self.record.id), thresholds)
            )
        return self._median[0]


def _preset(base: dict[str, object], record: DeckRecord) -> Preset:
    try:
        preset = Preset.from_dict({**base, **record.preset})
        days = SchedulerDay.for_preset(preset)
    except (TypeError, ValueError) as exc:
        raise TrainerError(f"deck {record.key!r}: preset: {exc}") from exc
    del days
    if preset.new_order not in NEW_ORDERS:
        raise TrainerError(
            f"deck {record.key!r}: preset: new_order: expected one of "
            f"{', '.join(NEW_ORDERS)}, got {preset.new_order!r}"
        )
    return preset


def load_decks(
    store: DrillStore, deck_keys: Sequence[str] | None
) -> tuple[dict[int, DeckContext], PolicyThresholds]:
    """The session's decks by id (key, name or unique prefix: ``deck_match``) and the
    policy settings."""
    records = store.decks()
    if deck_keys is not None:
        chosen: list[DeckRecord] = []
        for wanted in deck_keys:
            match = pick_deck(wanted, records, lambda d: d.key, lambda d: d.name)
            if match not in chosen:
                chosen.append(match)
        records = chosen
    base = store.setting(DEFAULT_PRESET_KEY) or {}
    decks: dict[int, DeckContext] = {}
    for record in records:
        preset = _preset(base, record)
        try:
            options = CheckOptions.from_dict(record.options or {})
        except (TypeError, ValueError) as exc:
            raise TrainerError(f"deck {record.key!r}: options: {exc}") from exc
        decks[record.id] = DeckContext(
            record=record,
            preset=preset,
            days=SchedulerDay.for_preset(preset),
            kind=AnswerKind(record.kind) if record.kind else None,
            options=options,
        )
    try:
        thresholds = PolicyThresholds.from_dict(store.setting(POLICY_KEY) or {})
    except (TypeError, ValueError) as exc:
        raise TrainerError(f"setting {POLICY_KEY}: {exc}") from exc
    return decks, thresholds


def _retrievability(deck: DeckContext, cards: list[CardRecord], today: int) -> dict[int, float]:
    from trainer.scheduling.fsrs_bridge import model_for

    model = model_for(deck.preset)
    day_number = deck.days.day_number
    out: dict[int, float] = {}
    for card in cards:
        if card.stability is None or card.last_review is None:
            out[card.id] = 0.0
            continue
        elapsed = max(0, today - day_number(from_ms(card.last_review)))
        out[card.id] = model.retrievability(elapsed, card.stability)
    return out


def _new_candidates(
    store: DrillStore, deck: DeckContext, now_ms: int, new_left: int
) -> list[CardRecord]:
    """The deck's next unseen cards in the order they will be introduced, more than the
    day needs (siblings of one note wait for another day)."""
    if new_left <= 0:
        return []
    if deck.preset.new_order == "file":
        return store.new_cards(deck.record.id, now_ms, 2 * new_left + 10)
    window = max(MIXED_WINDOW, 25 * new_left)
    return mix_sections(store.new_cards_with_tags(deck.record.id, now_ms, window))


def build_queue(
    store: DrillStore, decks: dict[int, DeckContext], now: datetime
) -> tuple[DailyQueue, int]:
    """Today's queue over ``decks`` as of ``now``, and the end of the (earliest) day, ms."""
    now_ms = to_ms(now)
    learning: list[CardRecord] = []
    reviews_by_deck: list[list[CardRecord]] = []
    new_by_deck: list[list[CardRecord]] = []
    new_limits: dict[int, int] = {}
    ends: list[int] = []
    backlog = False
    ranks: dict[int, float] = {}
    for deck_id, deck in decks.items():
        start, end = deck.days.today_bounds(now)
        start_ms, end_ms = to_ms(start), to_ms(end)
        ends.append(end_ms)
        answered = store.answered_since(deck_id, start_ms)
        preset = deck.preset
        new_left = max(0, preset.new_per_day - answered.get(int(CardPhase.NEW), 0))
        reviews_left = max(0, preset.reviews_per_day - answered.get(int(CardPhase.REVIEW), 0))
        due_review: list[CardRecord] = []
        for card in store.due_cards(deck_id, end_ms, now_ms):
            (due_review if card.phase == CardPhase.REVIEW else learning).append(card)
        if len(due_review) > reviews_left:
            backlog = True
            ranks.update(_retrievability(deck, due_review, deck.days.day_number(now)))
            reviews_by_deck.append(select_reviews(due_review, reviews_left, ranks))
        else:
            reviews_by_deck.append(due_review)
        new_limits[deck_id] = new_left
        new_by_deck.append(_new_candidates(store, deck, now_ms, new_left))
    # several decks interleave, deck by deck; a backlog goes lowest retrievability first
    reviews = round_robin(reviews_by_deck)
    if backlog and len(decks) > 1:
        reviews.sort(key=lambda c: (ranks.get(c.id, 0.0), c.due or 0))
    new = round_robin(new_by_deck)
    day_end = min(ends) if ends else now_ms + DAY_MS
    queue = DailyQueue.build(
        day_end, sorted(learning, key=lambda c: c.due or 0), reviews, new, new_limits
    )
    return queue, day_end
