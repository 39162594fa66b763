"""Mixed practice: new problems gathered across a deck's sections, decks interleaved."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from trainer.clock import FrozenClock
from trainer.domain import CardPhase
from trainer.errors import TrainerError
from trainer.practice.browse import search
from trainer.practice.engine import PracticeSession
from trainer.practice.library import import_path
from trainer.practice.queue import mix_sections, round_robin
from trainer.practice.services import Services
from trainer.store.drill_store import CardRecord
from trainer.wiring import build_services


def shown_keys(session: PracticeSession, count: int) -> list[str]:
    """The next ``count`` problems, each buried once shown (so none comes back)."""
    keys = []
    while len(keys) < count and (shown := session.next_problem()) is not None:
        keys.append(shown.problem_key)
        session.bury()
    return keys


def test_the_first_algebra_session_reaches_every_section(
    tmp_path: Path, clock: FrozenClock
) -> None:
    services = build_services(home=tmp_path / "home", clock=clock, import_bundled=True)
    try:
        tags = {c.problem_key: c.tags for c in search(services, "deck:algebra").cards}
        sections = {t[0] for t in tags.values()}
        session = PracticeSession(services, ["algebra"])
        assert session.counts().new == 20
        first = shown_keys(session, 20)
        session.close()
    finally:
        services.close()
    assert len(set(first)) == 20
    reached = {tags[key][0] for key in first}
    assert reached == sections  # expanding, factoring, equations, inequalities, ...
    assert {"equations", "inequalities", "expanding"} <= reached
    # within "equations", linear, quadratic and systems take turns
    assert {tags[k] for k in first if tags[k][0] == "equations"} == {
        ("equations", "linear"),
        ("equations", "quadratic"),
        ("equations", "systems"),
    }
    # each section keeps its own file order
    expanding = [k for k in first if tags[k] == ("expanding",)]
    assert expanding == sorted(expanding)


SECTIONED = """format = 1
[deck]
id = '{key}'
name = '{key}'
kind = 'integer'
""" + "".join(
    f"""
[[problems]]
id = '{section}-{i}'
prompt = '{i} + {n}'
answer = '{i + n}'
tags = ['{section}']
"""
    for n, section in enumerate(("a", "b", "c"))
    for i in range(1, 5)
)


def import_deck(services: Services, tmp_path: Path, key: str) -> None:
    path = tmp_path / f"{key}.toml"
    path.write_text(SECTIONED.format(key=key), encoding="utf-8")
    import_path(services, path)


def set_preset(services: Services, key: str, **values: object) -> None:
    from trainer.store.models import DeckRow

    with services.collection.session_scope() as session:
        deck = session.query(DeckRow).filter_by(key=key).one()
        deck.preset = {**deck.preset, "timezone": "UTC", **values}


def test_mixed_is_the_default_and_file_keeps_the_file_order(
    services: Services, tmp_path: Path
) -> None:
    import_deck(services, tmp_path, "s")
    assert shown_keys(PracticeSession(services, ["s"]), 6) == [
        "a-1", "b-1", "c-1", "a-2", "b-2", "c-2"
    ]  # fmt: skip
    import_deck(services, tmp_path, "f")
    set_preset(services, "f", new_order="file")
    assert shown_keys(PracticeSession(services, ["f"]), 6) == [
        "a-1", "a-2", "a-3", "a-4", "b-1", "b-2"
    ]  # fmt: skip


def test_an_unknown_new_order_is_one_clear_error(services: Services, tmp_path: Path) -> None:
    import_deck(services, tmp_path, "s")
    set_preset(services, "s", new_order="shuffle")
    with pytest.raises(TrainerError) as info:
        PracticeSession(services, ["s"])
    assert str(info.value) == (
        "deck 's': preset: new_order: expected one of mixed, file, got 'shuffle'"
    )


def test_new_problems_and_reviews_of_several_decks_interleave(
    services: Services, clock: FrozenClock, make_deck
) -> None:
    def reviews(prefix: str, minutes: int) -> list[dict[str, object]]:
        return [
            {
                "key": f"{prefix}{i}",
                "phase": CardPhase.REVIEW,
                "stability": 10.0,
                "difficulty": 5.0,
                # deck x's reviews all fell due before deck y's
                "due": clock() - timedelta(hours=10 - i, minutes=minutes),
                "last_review": clock() - timedelta(days=10),
                "reps": 3,
            }
            for i in range(3)
        ]

    utc = {"timezone": "UTC", "new_per_day": 0}
    make_deck("x", reviews("x", 120), preset=utc)
    make_deck("y", reviews("y", 0), preset=utc)
    assert shown_keys(PracticeSession(services), 6) == ["x0", "y0", "x1", "y1", "x2", "y2"]


def test_round_robin_and_sections_are_pure_and_keep_order() -> None:
    assert round_robin([[1, 2, 3], [], [10], [20, 21]]) == [1, 10, 20, 2, 21, 3]
    assert round_robin([]) == []

    def card(i: int) -> CardRecord:
        return CardRecord(i, i, 1, 0, None, None, None, None, None, 0, 0, i, False, None, False)

    tagged = [
        (card(1), "x"),
        (card(2), "x"),
        (card(3), "y one"),
        (card(4), "y two"),
        (card(5), "y one"),
        (card(6), ""),
    ]
    assert [c.id for c in mix_sections(tagged)] == [1, 3, 6, 2, 4, 5]


def test_the_learner_sets_new_order_per_deck_in_settings(
    services: Services, tmp_path: Path
) -> None:
    from trainer.practice.settings import (
        SettingsInvalid,
        load_settings,
        parse_preset,
        save_settings,
    )

    import_deck(services, tmp_path, "s")
    view = load_settings(services)
    assert view.preset_for("s").new_order == "mixed"
    with pytest.raises(SettingsInvalid) as info:
        parse_preset({"new_order": "shuffle"}, view.preset_for("s"))
    assert "mixed or file" in str(info.value)
    save_settings(services, "s", parse_preset({"new_order": "File"}, view.preset_for("s")))
    assert shown_keys(PracticeSession(services, ["s"]), 3) == ["a-1", "a-2", "a-3"]


def test_a_deck_file_can_ask_for_file_order(backend_services: Services, tmp_path: Path) -> None:
    """On SQLite and PostgreSQL (the preset is JSON on both)."""
    from trainer.errors import DeckFormatError

    services = backend_services
    from trainer.practice.library import export_deck_file

    text = SECTIONED.format(key="f").replace(
        "kind = 'integer'", "kind = 'integer'\nnew_order = 'file'"
    )
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    import_path(services, path)
    set_preset(services, "f")  # UTC, keeping new_order
    assert shown_keys(PracticeSession(services, ["f"]), 3) == ["a-1", "a-2", "a-3"]
    # exported with it, and read back the same
    out = tmp_path / "out.toml"
    export_deck_file(services, "f", out)
    assert "new_order = 'file'" in out.read_text(encoding="utf-8") or (
        'new_order = "file"' in out.read_text(encoding="utf-8")
    )
    # a file that says mixed again sets the deck back on re-import
    path.write_text(text.replace("new_order = 'file'", "new_order = 'mixed'"), encoding="utf-8")
    import_path(services, path)
    # (a-1..a-3 are buried for today)
    assert shown_keys(PracticeSession(services, ["f"]), 3) == ["a-4", "b-1", "c-1"]
    # a bad value is one located error
    path.write_text(text.replace("new_order = 'file'", "new_order = 'shuffle'"), encoding="utf-8")
    with pytest.raises(DeckFormatError) as info:
        import_path(services, path)
    assert str(info.value) == (
        f'{path}:6: deck.new_order: expected "mixed" or "file", got \'shuffle\''
    )
