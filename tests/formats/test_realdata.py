"""Every real third-party file in ../shared/realdata through the readers (skipped without it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trainer.formats.detect import ReadOptions, read_any

REALDATA = Path(os.environ.get("TRAINER_REALDATA", "/work/shared/realdata"))
pytestmark = pytest.mark.skipif(not REALDATA.is_dir(), reason="no shared realdata on this machine")

# file -> (options, decks, problems, history, media, skipped)
EXPECTED = {
    "anki/aradzie-anki-math/Math.apkg": (ReadOptions(), 16, 385, 0, 0, 0),
    "anki/emnudge-anki-pwa/example_music_intervals.apkg": (ReadOptions(), 4, 340, 0, 0, 0),
    "anki/emnudge-anki-pwa/ap_gov_vocab_anki11.apkg": (ReadOptions(), 1, 484, 0, 0, 0),
    # 8 notes: 3 clozes (4 problems) + 4 basic kinds (6 cards); image occlusion skipped,
    # so its 6 reviews are left out of the 26.
    "anki/srs-converter/mixed-legacy-2.apkg": (ReadOptions(), 1, 10, 20, 0, 2),
    "anki/srs-converter/empty-legacy-2.colpkg": (ReadOptions(), 0, 0, 0, 0, 0),
    "anki/srs-converter/empty-latest.apkg": (ReadOptions(), 0, 0, 0, 0, 0),
    "problems/gsm8k/test.jsonl": (ReadOptions(answer_marker="####"), 1, 1319, 0, 0, 0),
    "problems/math500/test.jsonl": (ReadOptions(field_map={"tags": "subject"}), 1, 500, 0, 0, 0),
    "problems/svamp/SVAMP.json": (
        ReadOptions(field_map={"prompt": "Body+Question", "answer": "Answer", "id": "ID"}),
        1,
        1000,
        0,
        0,
        0,
    ),
    "problems/ultimate-geography/capital.csv": (
        ReadOptions(field_map={"prompt": "country", "answer": "capital"}),
        1,
        219,
        0,
        0,
        0,
    ),
    "problems/periodic-table/data.csv": (
        ReadOptions(field_map={"prompt": "name", "answer": "symbol"}),
        1,
        118,
        0,
        0,
        0,
    ),
    "revlogs/py-fsrs/review_logs_josh_1711744352250_to_1728234780857.csv": (
        ReadOptions(),
        0,
        0,
        12580,
        0,
        0,
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_file(name: str) -> None:
    options, decks, problems, history, media, skipped = EXPECTED[name]
    batch = read_any(REALDATA / name, options)
    got = (
        len(batch.decks),
        sum(len(d.problems) for d in batch.decks),
        len(batch.history),
        len(batch.media),
        len(batch.skipped),
    )
    assert got == (decks, problems, history, media, skipped), [str(s) for s in batch.skipped]


def test_real_answers_look_right() -> None:
    gsm = read_any(REALDATA / "problems/gsm8k/test.jsonl", ReadOptions(answer_marker="####"))
    answers = [p.answer for p in gsm.decks[0].problems]
    assert answers[0] == "18" and all("," not in a for a in answers)
    assert sum(a.startswith("-") for a in answers) == 2
    math = read_any(REALDATA / "anki/aradzie-anki-math/Math.apkg", ReadOptions())
    texts = [p.prompt + p.answer for d in math.decks for p in d.problems]
    assert not any("\\(" in t or "\\[" in t or "<div" in t or "&amp;" in t for t in texts)
    periodic = read_any(
        REALDATA / "problems/periodic-table/data.csv",
        ReadOptions(field_map={"prompt": "name", "answer": "atomicMass"}),
    )
    assert periodic.decks[0].problems[0].answer == "1.00794(4)"  # padded cell, stripped
