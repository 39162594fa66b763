"""Fixtures for fuzzing: valid seed files of every importable format, to mutate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TOML_DECK = """format = 1

[deck]
id = "seed"
name = "Seed deck"
version = "1.0.0"
kind = "integer"

[[problems]]
id = "p1"
prompt = "What is $2 + 3$?"
answer = "5"
tags = ["sum"]

[[problems]]
id = "p2"
prompt = "Compute ${a} \\\\times {b}$."
answer = "{=a*b}"
constraints = ["a != b"]
[problems.params]
a = { range = [2, 9] }
b = { choice = [3, 4, 6] }
"""

CSV_DECK = 'id,front,back,tags\r\n1,"What is\n2+2?",4,sum\r\n2,Capital of France, Paris ,geo\r\n'

JSONL_DECK = "\n".join(
    json.dumps(r)
    for r in (
        {"question": "Tom has 3 apples and buys 4. How many?", "answer": "3+4=7\n#### 7"},
        {"question": "What is 10 % of 50?", "answer": "#### 5"},
    )
)

REVLOG_CSV = (
    "card_id,review_time,review_rating,review_state,review_duration\n"
    "p1,1767225600000,3,0,4000\np1,1767312000000,1,2,9000\n"
)


def write_seeds(folder: Path) -> dict[str, Path]:
    """Write one valid file per format into ``folder``; returns name -> path."""
    import genanki

    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "toml": folder / "seed.toml",
        "csv": folder / "seed.csv",
        "tsv": folder / "seed.tsv",
        "jsonl": folder / "seed.jsonl",
        "revlog": folder / "revlog.csv",
        "apkg": folder / "seed.apkg",
    }
    paths["toml"].write_text(TOML_DECK, encoding="utf-8")
    paths["csv"].write_text(CSV_DECK, encoding="utf-8", newline="")
    paths["tsv"].write_text("front\tback\n2+2\t4\n3*3\t9\n", encoding="utf-8")
    paths["jsonl"].write_text(JSONL_DECK, encoding="utf-8")
    paths["revlog"].write_text(REVLOG_CSV, encoding="utf-8")
    model = genanki.Model(
        1607392319,
        "Basic",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
    )
    deck = genanki.Deck(2059400110, "Seed::Sub")
    for i in range(5):
        deck.add_note(
            genanki.Note(model=model, fields=[f"{i} + {i} = ?<br>", str(2 * i)], tags=["t"])
        )
    genanki.Package(deck).write_to_file(str(paths["apkg"]))
    return paths


class Seeds:
    """Seed bytes by format name, with a short repr so failing examples stay readable."""

    def __init__(self, files: dict[str, Path]) -> None:
        self._data = {name: path.read_bytes() for name, path in files.items()}

    def __getitem__(self, name: str) -> bytes:
        return self._data[name]

    def __repr__(self) -> str:
        return f"Seeds({', '.join(self._data)})"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Seeds:
    """The seed files' bytes by format name."""
    return Seeds(write_seeds(tmp_path_factory.mktemp("seeds")))
