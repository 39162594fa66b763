"""Two different files with the same name do not overwrite each other's deck."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from trainer.errors import TrainerError
from trainer.practice.library import import_path
from trainer.practice.services import Services


def write(folder: Path, name: str, rows: list[tuple[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("prompt,answer\n" + "".join(f"{p},{a}\n" for p, a in rows), "utf-8")
    return path


def live_prompts(services: Services, deck_key: str) -> list[str]:
    with services.collection.engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT p.prompt FROM problems p JOIN decks d ON d.id = p.deck_id "
                    "WHERE d.key = :k AND p.removed_at IS NULL ORDER BY p.id"
                ),
                {"k": deck_key},
            ).scalars()
        )


SQUARES = [("2^2", "4"), ("3^2", "9"), ("4^2", "16")]
CAPITALS = [("France", "Paris"), ("Peru", "Lima")]


def test_another_file_of_the_same_name_is_refused_and_nothing_changes(
    services: Services, tmp_path: Path
) -> None:
    import_path(services, write(tmp_path / "a", "test.csv", SQUARES))
    other = write(tmp_path / "b", "test.csv", CAPITALS)
    with pytest.raises(TrainerError) as caught:
        import_path(services, other)
    message = str(caught.value)
    assert str(other) in message
    assert "deck 'test' already holds 3 problems and this file has none of them" in message
    assert "--deck NAME" in message and "--deck test" in message
    assert live_prompts(services, "test") == ["2^2", "3^2", "4^2"]


def test_naming_the_deck_says_the_file_replaces_it(services: Services, tmp_path: Path) -> None:
    import_path(services, write(tmp_path / "a", "test.csv", SQUARES))
    report = import_path(services, write(tmp_path / "b", "test.csv", CAPITALS), deck_name="test")
    assert (len(report.added), len(report.removed)) == (2, 3)
    assert live_prompts(services, "test") == ["France", "Peru"]


def test_another_name_makes_its_own_deck(services: Services, tmp_path: Path) -> None:
    import_path(services, write(tmp_path / "a", "test.csv", SQUARES))
    import_path(services, write(tmp_path / "b", "test.csv", CAPITALS), deck_name="Capitals")
    assert live_prompts(services, "test") == ["2^2", "3^2", "4^2"]
    assert live_prompts(services, "capitals") == ["France", "Peru"]


def test_an_updated_file_that_keeps_some_problems_is_a_re_import(
    services: Services, tmp_path: Path
) -> None:
    path = write(tmp_path, "test.csv", SQUARES)
    import_path(services, path)
    write(tmp_path, "test.csv", [("3^2", "9"), ("5^2", "25")])
    report = import_path(services, path)
    assert (len(report.added), report.unchanged, len(report.removed)) == (1, 1, 2)
