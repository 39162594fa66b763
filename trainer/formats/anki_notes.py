"""Anki notes -> problems: which field is asked, which is the answer, one problem per card.

Keys are stable across re-imports of the same package: ``<note guid>/<n>`` where ``n`` is
the card's template number (normal notes), or ``<note guid>/c<n>`` for cloze ``n``.
Siblings share ``note_key`` = the note guid.

For speed, the HTML of every note of a package is converted to text in one pass over one
string (``anki_html.to_texts``) before the notes are walked.

Every problem carries its note's source revision (``note_revision``): a digest of the
note's raw fields and tags under its note type's layout and the field map. On a
re-import (``known`` given), a normal note without media whose every card's problem is
already stored at that revision is not converted or built at all: its keys are listed as
unchanged. Hashing the raw text, not trusting Anki's ``mod`` alone, also catches a note
edited without a new ``mod``. Cloze and media notes are always built (their keys, or
their media names, depend on more than the note) and compared by content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, fields

from trainer.domain import Problem, Skipped
from trainer.formats import anki_html
from trainer.formats.anki_built import Built, CardRef
from trainer.formats.anki_collection import Note, NoteType
from trainer.formats.anki_revisions import KnownByDeck, set_aside_unchanged
from trainer.formats.anki_templates import card_sides
from trainer.formats.limits import MAX_CLOZES_PER_NOTE, too_long

IMAGE_OCCLUSION = "image-occlusion:"
UPDATE_STUB = "Please update to the latest Anki version"


@dataclass(frozen=True)
class Sides:
    """Which fields (by index) a card asks, expects, and shows as a worked solution."""

    prompt: tuple[int, ...]
    answer: tuple[int, ...]
    extra: tuple[int, ...] = ()


Progress = Callable[[int, int | None], None]


def _media(parts: list[str]) -> tuple[str, ...]:
    out: dict[str, None] = {}  # ordered and unique: a list's ``in`` was quadratic
    for raw in parts:
        if "<img" in raw or "<IMG" in raw or "[sound:" in raw:
            out.update(dict.fromkeys(anki_html.media_references(raw)))
    return tuple(out)


def _problem_defaults() -> dict[str, object]:
    """Every ``Problem`` field's default (a default factory is called once: they are immutable)."""
    out: dict[str, object] = {}
    for spec in fields(Problem):
        if spec.default is not MISSING:
            out[spec.name] = spec.default
        elif spec.default_factory is not MISSING:
            out[spec.name] = spec.default_factory()
    return out


# Problems are built without the dataclass ``__init__`` (three times faster for big
# packages): ``Problem`` is frozen and has no ``__post_init__``, so setting ``__dict__`` to
# the defaults plus the given fields gives an object equal to one the constructor builds,
# and a field added to ``Problem`` later gets its default.
_PROBLEM_DEFAULTS = _problem_defaults()


def _fast_problem(**values: object) -> Problem:
    problem = object.__new__(Problem)
    object.__setattr__(problem, "__dict__", {**_PROBLEM_DEFAULTS, **values})
    return problem


def _pick(values: list[str], picks: tuple[int, ...], sep: str) -> str:
    if len(picks) == 1:
        return values[picks[0]].strip()
    return sep.join(t for t in (values[i].strip() for i in picks) if t)


class NoteMapper:
    """Builds problems from notes, with an optional ``prompt=Field answer=Field`` map."""

    def __init__(self, field_map: Mapping[str, str], source: str) -> None:
        self.prompt_fields = _split(field_map.get("prompt"))
        self.answer_fields = _split(field_map.get("answer"))
        self.solution_fields = _split(field_map.get("solution"))
        self.field_map = dict(field_map)
        self.source = source
        self._sides: dict[tuple[int, int], Sides | None] = {}
        self._tags: dict[str, tuple[str, ...]] = {}

    def where(self, guid: str, n: int | None = None) -> str:
        return f"{self.source}: note {guid}" + (f" card {n}" if n is not None else "")

    def _index_sides(self, note_type: NoteType, ord_: int) -> Sides | None:
        cache_key = (note_type.id, ord_)
        if cache_key not in self._sides:
            names = note_type.fields
            picked: tuple[list[str], list[str], list[str]] | None
            if self.prompt_fields or self.answer_fields:
                picked = (
                    list(self.prompt_fields or ("Front",)),
                    list(self.answer_fields or ("Back",)),
                    list(self.solution_fields),
                )
                if ord_ != 0 or any(f not in names for f in picked[0] + picked[1] + picked[2]):
                    picked = None
            else:
                picked = card_sides(note_type, ord_)
                if picked is not None and self.solution_fields:
                    picked = (picked[0], picked[1], [f for f in self.solution_fields if f in names])
            self._sides[cache_key] = (
                None
                if picked is None
                else Sides(*(tuple(names.index(f) for f in group) for group in picked))
            )
        return self._sides[cache_key]

    def _simple(self, note_type: NoteType) -> tuple[int, int, int] | None:
        """(prompt field, answer field, highest of the two) when card 1 of this note type asks
        one field and expects one, with nothing else: the fast path of ``build``."""
        if note_type.is_cloze or self.prompt_fields or self.answer_fields:
            return None
        sides = self._index_sides(note_type, 0)
        if sides is None or len(sides.prompt) != 1 or len(sides.answer) != 1 or sides.extra:
            return None
        return sides.prompt[0], sides.answer[0], max(sides.prompt[0], sides.answer[0])

    def _tags_of(self, raw: str) -> tuple[str, ...]:
        tags = self._tags.get(raw)
        if tags is None:
            tags = self._tags[raw] = tuple(dict.fromkeys(raw.split()))
        return tags

    def build(
        self,
        notes: list[Note],
        note_types: dict[int, NoteType],
        cards_by_note: dict[int, list[CardRef]],
        progress: Progress | None = None,
        known: KnownByDeck | None = None,
    ) -> Built:
        """Problems for every card of every note (the hot loop of a package import).

        With ``known``, notes whose problems are all stored at their revision are listed
        in ``Built.unchanged`` instead of being converted and built.
        """
        out = Built()
        mapped = bool(self.prompt_fields or self.answer_fields)
        total = len(notes)
        notes, revisions = set_aside_unchanged(
            notes, note_types, cards_by_note, known, out, self.field_map, mapped
        )
        texts = anki_html.to_texts([note[4] for note in notes], emphasis=True)
        show, typed = anki_html.emphasis_to_markdown, anki_html.drop_emphasis
        sides_cache = self._sides
        tags_cache = self._tags
        no_cards: list[CardRef] = []
        simple: dict[int, tuple[int, int, int] | None] = {}
        done = total - len(notes)  # the notes set aside count as read
        new, set_dict = object.__new__, object.__setattr__
        add_problem, add_deck, add_card = (
            out.problems.append,
            out.deck_ids.append,
            out.card_ids.append,
        )
        add_revision = out.revisions.append
        for i, (note, text, revision) in enumerate(zip(notes, texts, revisions, strict=True)):
            if progress is not None and i % 5000 == 0:
                progress(done + i, total)
            nid, guid, mid, raw_tags, flds = note
            note_type = note_types.get(mid)
            if note_type is None:
                out.skipped.append(Skipped(self.where(guid), "its note type is missing"))
                continue
            cards = cards_by_note.get(nid, no_cards)
            # Fast path for the common note: one card, one field asked, one expected, no media.
            pair = simple[mid] if mid in simple else simple.setdefault(mid, self._simple(note_type))
            if (
                pair is not None
                and len(cards) == 1
                and cards[0][0] == 0
                and "<img" not in flds
                and "<IMG" not in flds
                and "[sound:" not in flds
            ):
                values = text.split("\x1f")
                if len(values) > pair[2]:
                    prompt, answer = values[pair[0]].strip(), values[pair[1]].strip()
                    if prompt and answer and UPDATE_STUB not in prompt:
                        tags = tags_cache.get(raw_tags)
                        if tags is None:
                            tags = self._tags_of(raw_tags)
                        problem = new(Problem)
                        set_dict(
                            problem,
                            "__dict__",
                            {
                                **_PROBLEM_DEFAULTS,
                                "key": guid + "/1",
                                "prompt": show(prompt),
                                "answer": typed(answer),
                                "tags": tags,
                                "note_key": guid,
                            },
                        )  # = Problem(...), see _PROBLEM_DEFAULTS
                        add_problem(problem)
                        add_deck(cards[0][1])
                        add_card(cards[0][2])
                        add_revision(revision)
                        continue
            if len(cards) > 1:
                cards.sort()
            values = text.split("\x1f")
            missing = len(note_type.fields) - len(values)
            if missing > 0:
                values += [""] * missing
            if note_type.is_cloze:
                self._clozes(note, note_type, values, cards, out, revision)
                continue
            tags = tags_cache.get(raw_tags)
            if tags is None:
                tags = self._tags_of(raw_tags)
            raw_values = (
                flds.split("\x1f") + [""] * max(missing, 0)
                if "<img" in flds or "<IMG" in flds or "[sound:" in flds
                else None
            )
            if mapped:
                first = next((c for c in cards if c[0] == 0), cards[0] if cards else (0, 1, None))
                cards = [(0, first[1], first[2])]
            for ord_, did, card_id in cards:
                sides = sides_cache.get((mid, ord_))
                if sides is None and (mid, ord_) not in sides_cache:
                    sides = self._index_sides(note_type, ord_)
                if sides is None:
                    why = (
                        f"note type {note_type.name!r} lacks a mapped field"
                        if mapped
                        else f"cannot tell question from answer in {note_type.name!r}"
                    )
                    out.skipped.append(Skipped(self.where(guid, ord_ + 1), why))
                    continue
                # The common one-field sides are inlined: this loop runs once per card.
                picks = sides.prompt
                prompt = (
                    values[picks[0]].strip() if len(picks) == 1 else _pick(values, picks, "\n\n")
                )
                picks = sides.answer
                answer = values[picks[0]].strip() if len(picks) == 1 else _pick(values, picks, " ")
                solution = _pick(values, sides.extra, "\n\n") if sides.extra else ""
                if not prompt or not answer or UPDATE_STUB in prompt:
                    out.skipped.append(self._empty(guid, ord_, prompt, answer))
                    continue
                media = (
                    _media([raw_values[i] for i in sides.prompt + sides.answer + sides.extra])
                    if raw_values is not None
                    else ()
                )
                problem = new(Problem)
                set_dict(
                    problem,
                    "__dict__",
                    {
                        **_PROBLEM_DEFAULTS,
                        "key": f"{guid}/{ord_ + 1}",
                        "prompt": show(prompt),
                        "answer": typed(answer),
                        "solution": show(solution),
                        "tags": tags,
                        "note_key": guid,
                        "media": media,
                    },
                )  # = Problem(...), see above
                add_problem(problem)
                add_deck(did)
                add_card(card_id)
                add_revision(revision)
        if progress is not None:
            progress(total, total)
        return out

    def _empty(self, guid: str, ord_: int, prompt: str, answer: str) -> Skipped:
        if not prompt:
            why = "empty prompt"
        elif UPDATE_STUB in prompt:
            why = "Anki's 'please update' placeholder note"
        else:
            why = "empty answer"
        return Skipped(self.where(guid, ord_ + 1), why)

    def _clozes(
        self,
        note: Note,
        note_type: NoteType,
        values: list[str],
        cards: list[CardRef],
        out: Built,
        revision: str,
    ) -> None:
        guid, raw_fields = note[1], note[4].split("\x1f")
        names = note_type.fields
        text_name = (
            self.prompt_fields[0]
            if self.prompt_fields
            else ("Text" if "Text" in names else names[0] if names else "")
        )
        if text_name not in names:
            why = f"note type {note_type.name!r} has no field {text_name!r}"
            out.skipped.append(Skipped(self.where(guid), why))
            return
        at = names.index(text_name)
        text = values[at]
        if IMAGE_OCCLUSION in text:
            why = "image occlusion note: not an answer-only problem"
            out.skipped.append(Skipped(self.where(guid), why))
            return
        extra_names = self.solution_fields or tuple(
            f for f in names if f != text_name and f in ("Back Extra", "Extra")
        )
        extra_at = tuple(names.index(f) for f in extra_names if f in names)
        solution = _pick(values, extra_at, "\n\n") if extra_at else ""
        media = _media([raw_fields[i] for i in (at, *extra_at) if i < len(raw_fields)])
        tags = self._tags_of(note[3])
        found = anki_html.clozes(text)  # scanned once: each card reuses it
        numbers = {c[2] for c in found}
        by_number = {ord_ + 1: (did, cid) for ord_, did, cid in cards}
        wanted = sorted(set(by_number) & numbers) if cards else sorted(numbers)
        if not wanted:
            out.skipped.append(Skipped(self.where(guid), "cloze note without any {{c1::...}}"))
            return
        if len(wanted) > MAX_CLOZES_PER_NOTE:  # each card is the whole text again
            many = f"{len(wanted)} cloze cards, over the limit of {MAX_CLOZES_PER_NOTE} a note"
            out.skipped.append(Skipped(self.where(guid), many))
            return
        fallback: tuple[int, int | None] = (cards[0][1], None) if cards else (1, None)
        for n in wanted:
            hidden, answers = anki_html.cloze_card(text, n, found)
            prompt = anki_html.emphasis_to_markdown(anki_html.tidy(hidden))
            answer = ", ".join(
                a for a in (anki_html.drop_emphasis(anki_html.tidy(x)) for x in answers) if a
            )
            if not prompt or not answer:
                out.skipped.append(Skipped(self.where(guid, n), f"cloze c{n} has an empty answer"))
                continue
            long = too_long(prompt=prompt, answer=answer)
            if long:  # left out at once, not kept until the deck is built
                out.skipped.append(Skipped(self.where(guid, n), long))
                continue
            did, card_id = by_number.get(n, fallback)
            out.add(
                _fast_problem(
                    key=f"{guid}/c{n}",
                    prompt=prompt,
                    answer=answer,
                    solution=anki_html.emphasis_to_markdown(solution),
                    tags=tags,
                    note_key=guid,
                    media=media,
                ),
                did,
                card_id,
                revision,
            )


def _split(mapped: str | None) -> tuple[str, ...]:
    if not mapped:
        return ()
    return tuple(p.strip() for p in mapped.split("+") if p.strip())
