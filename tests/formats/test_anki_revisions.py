"""Source revisions of Anki notes: what a re-import may skip without building it."""

from __future__ import annotations

from pathlib import Path

from trainer.formats.detect import ReadOptions, read_any

from .anki_builders import NoteSpec


def _stamps(path: Path, **options: object) -> dict[str, dict[str, str]]:
    """Every deck's ``key -> revision`` from a full read (what an import stores)."""
    batch = read_any(path, ReadOptions(**options))  # type: ignore[arg-type]
    return {deck.key: dict(deck.revisions) for deck in batch.decks}


def test_every_problem_is_stamped_and_stamps_are_stable(make_anki21b) -> None:
    notes = [NoteSpec("n1", ["q1", "a1"]), NoteSpec("n2", ["q2", "a2"], tags="t")]
    first = _stamps(make_anki21b("a.apkg", notes))
    again = _stamps(make_anki21b("b.apkg", notes))
    assert first == again
    assert set(first["default"]) == {"n1/1", "n2/1"}
    assert first["default"]["n1/1"] != first["default"]["n2/1"]


def test_known_revisions_leave_unchanged_notes_unbuilt(make_anki21b) -> None:
    notes = [NoteSpec(f"n{i}", [f"q{i}", f"a{i}"]) for i in range(5)]
    path = make_anki21b("a.apkg", notes)
    stored = _stamps(path)
    asked: list[str] = []

    def known(deck_key: str) -> dict[str, str]:
        asked.append(deck_key)
        return stored.get(deck_key, {})

    batch = read_any(path, ReadOptions(known_revisions=known))
    (deck,) = batch.decks
    assert deck.problems == ()
    assert sorted(deck.unchanged) == [f"n{i}/1" for i in range(5)]
    assert asked == ["default"]  # one look-up per deck, not per note


def test_a_field_or_tag_edit_is_built_even_with_the_same_mod(make_anki21b) -> None:
    notes = [NoteSpec("n1", ["q1", "a1"]), NoteSpec("n2", ["q2", "a2"])]
    stored = _stamps(make_anki21b("a.apkg", notes))
    # The builder writes the same mod for every note: only the raw text differs.
    edited = [NoteSpec("n1", ["q1", "a1 edited"]), NoteSpec("n2", ["q2", "a2"], tags="new")]
    batch = read_any(
        make_anki21b("b.apkg", edited), ReadOptions(known_revisions=lambda k: stored[k])
    )
    (deck,) = batch.decks
    assert sorted(p.key for p in deck.problems) == ["n1/1", "n2/1"]
    assert deck.unchanged == ()
    by_key = {p.key: p for p in deck.problems}
    assert by_key["n1/1"].answer == "a1 edited" and by_key["n2/1"].tags == ("new",)


def test_a_changed_field_map_rebuilds_everything(make_anki21b) -> None:
    path = make_anki21b("a.apkg", [NoteSpec("n1", ["q1", "a1"])])
    stored = _stamps(path)
    batch = read_any(
        path,
        ReadOptions(field_map={"prompt": "Back", "answer": "Front"}, known_revisions=stored.get),
    )
    (deck,) = batch.decks
    assert [(p.prompt, p.answer) for p in deck.problems] == [("a1", "q1")]


def test_cloze_and_media_notes_are_always_built(make_anki21b) -> None:
    notes = [
        NoteSpec("c1", ["{{c1::x}} and {{c2::y}}", ""], cloze=True, ords=[0, 1]),
        NoteSpec("m1", ['q <img src="a.png">', "a"]),
        NoteSpec("n1", ["q", "a"]),
    ]
    path = make_anki21b("a.apkg", notes, media={"a.png": b"png"})
    stored = _stamps(path)
    batch = read_any(path, ReadOptions(known_revisions=lambda k: stored[k]))
    (deck,) = batch.decks
    assert sorted(p.key for p in deck.problems) == ["c1/c1", "c1/c2", "m1/1"]
    assert deck.unchanged == ("n1/1",)
    assert [m.name for m in batch.media] == ["a.png"]


def test_history_of_unbuilt_cards_is_still_read(make_anki21b) -> None:
    t0 = 1_700_000_000_000
    path = make_anki21b(
        "whole.colpkg",
        [NoteSpec("h1", ["q1", "a1"]), NoteSpec("h2", ["q2", "a2"])],
        revlog=[(t0, ("h1", 0), 3, 5000, 0), (t0 + 1000, ("h2", 0), 1, 3000, 0)],
    )
    full = read_any(path, ReadOptions())
    stored = {deck.key: dict(deck.revisions) for deck in full.decks}
    skipped = read_any(path, ReadOptions(known_revisions=lambda k: stored[k]))
    assert skipped.decks[0].problems == ()
    assert skipped.history == full.history
    assert skipped.skipped == full.skipped
