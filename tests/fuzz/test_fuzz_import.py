"""Mutated deck files through the full import, on a real collection.

Hypothesis (derandomised, fixed budget) mutates valid TOML, CSV, JSONL and ``.apkg``
files: byte flips, cut and repeated chunks, truncation, hostile tokens spliced in, and
for ``.apkg`` hostile media names (``../``, absolute paths, NUL). Each mutant goes
through ``trainer.practice.library.import_path``. It must either import cleanly or raise
a ``TrainerError`` with nothing written (every table's rows and the media dir exactly as
before: no partial import); and no file anywhere under the test's tmp tree outside the
data dir may appear or change.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.errors import TrainerError
from trainer.practice.library import import_path
from trainer.practice.services import Services

EXAMPLES = 40

TOML_DECK = """format = 1

[deck]
id = "fuzzed"
name = "Fuzzed deck"
version = "1.0.0"
kind = "integer"

[[problems]]
id = "p1"
prompt = "What is $2 + 3$? ![](pic.png)"
answer = "5"
tags = ["sum"]
hints = ["count"]

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
JSONL_DECK = (
    '{"question": "Tom has 3 apples and buys 4. How many?", "answer": "3+4=7\\n#### 7"}\n'
    '{"question": "What is 10 % of 50?", "answer": "#### 5"}\n'
)
HOSTILE = [
    b"../../outside.txt",
    b"/tmp/trainer-fuzz-absolute.txt",
    b"\x00",
    b"\xff\xfe",
    b'"""',
    b"[[problems]]",
    b"[deck]",
    b"{=__import__('os').system('id')}",
    b"9" * 400,
    b"1e999999",
    b"\n" * 50,
    b"\\u0000",
    b",,,,,,",
    b'"',
    b'id = "p1"',
]


def _apkg(media_names: list[str]) -> bytes:
    """A small Anki package with one picture, its media map naming it ``media_names[0]``."""
    import genanki

    model = genanki.Model(
        1607392319,
        "Basic",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
    )
    deck = genanki.Deck(2059400110, "Fuzz::Sub")
    for i in range(3):
        deck.add_note(
            genanki.Note(model=model, fields=[f'{i} + {i} = ? <img src="pic.png">', str(2 * i)])
        )
    out = io.BytesIO()
    package = genanki.Package(deck)
    with zipfile.ZipFile(out, "w") as zf:
        with tempfile.TemporaryDirectory() as folder:
            file = Path(folder) / "seed.apkg"
            package.write_to_file(str(file))
            with zipfile.ZipFile(file) as seed:
                for item in seed.namelist():
                    if item != "media":
                        zf.writestr(item, seed.read(item))
        zf.writestr("media", json.dumps({str(i): name for i, name in enumerate(media_names)}))
        for i in range(len(media_names)):
            zf.writestr(str(i), b"\x89PNG fake picture")
    return out.getvalue()


SEEDS = {
    "toml": TOML_DECK.encode(),
    "csv": CSV_DECK.encode(),
    "jsonl": JSONL_DECK.encode(),
}


@st.composite
def mutants(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "flip", "cut", "repeat", "truncate", "splice"]))
        if not data:
            data.extend(draw(st.sampled_from(HOSTILE)))
            continue
        at = draw(st.integers(0, len(data) - 1))
        if op == "flip":  # half the time a printable byte, so some mutants stay valid
            data[at] = draw(st.one_of(st.integers(32, 126), st.integers(0, 255)))
        elif op == "cut":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 80))]
        elif op == "truncate":
            del data[at:]
        else:
            data[at:at] = draw(st.sampled_from(HOSTILE))
    return bytes(data)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@st.composite
def toml_contents(draw: st.DrawFn) -> bytes:
    """The TOML seed with hostile but well-formed values: prompts, answers, kinds, tags,
    media references and parameter ranges from hypothesis."""

    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    kind = draw(st.sampled_from(["integer", "expression", "set", "units", "text", "nonsense"]))
    low, high = draw(st.integers(-(10**12), 10**12)), draw(st.integers(-(10**12), 10**12))
    return (
        TOML_DECK.replace('kind = "integer"', f"kind = {q(kind)}")
        .replace('"What is $2 + 3$? ![](pic.png)"', q(draw(TEXT)))
        .replace('answer = "5"', f"answer = {q(draw(TEXT))}")
        .replace('tags = ["sum"]', f"tags = [{q(draw(TEXT))}]")
        .replace("range = [2, 9]", f"range = [{low}, {high}]")
    ).encode("utf-8")


def _tree(root: Path, skip: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under ``root`` outside ``skip``: size and content hash."""
    out = {}
    for path in root.rglob("*"):
        if path.is_file() and skip not in path.parents:
            out[str(path)] = (path.stat().st_size, hashlib.sha256(path.read_bytes()).digest())
    return out


def _rows(db: Path) -> dict[str, str]:
    """A content hash of every table's rows."""
    with sqlite3.connect(db) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sqlite_")
        ]
        return {
            t: hashlib.sha256(
                repr(conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()).encode()
            ).hexdigest()
            for t in tables
        }


def _media(services: Services) -> dict[str, tuple[int, bytes]]:
    if not services.media_dir.exists():
        return {}
    return _tree(services.media_dir, services.media_dir / "\x00never")


def _import_one(services: Services, tmp_path: Path, name: str, data: bytes) -> str:
    home = services.home
    db = Path(str(services.collection.engine.url.database))
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    source = inbox / name
    source.write_bytes(data)
    outside_before = _tree(tmp_path, home)
    rows_before, media_before = _rows(db), _media(services)
    try:
        import_path(services, source)
        outcome = "imported"
    except TrainerError:
        outcome = "refused"
        assert _rows(db) == rows_before, "a refused import wrote rows"
        assert _media(services) == media_before, "a refused import wrote media"
    assert _tree(tmp_path, home) == outside_before, "a file was written outside the data dir"
    assert not Path("/tmp/trainer-fuzz-absolute.txt").exists()
    return outcome


FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(SEEDS))
def test_mutated_text_decks_import_whole_or_not_at_all(
    fmt: str, services: Services, tmp_path: Path
) -> None:
    outcomes: list[str] = []

    strategy = mutants(SEEDS[fmt])
    if fmt == "toml":
        strategy = st.one_of(strategy, toml_contents())

    @FUZZ
    @given(data=strategy)
    def run(data: bytes) -> None:
        outcomes.append(_import_one(services, tmp_path, f"deck.{fmt}", data))

    run()
    assert {"imported", "refused"} <= set(outcomes)  # both paths were reached


MEDIA_NAMES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "pic.png",
                "../../outside.png",
                "../../../../../../tmp/trainer-fuzz-absolute.txt",
                "/tmp/trainer-fuzz-absolute.txt",
                "C:\\x\\..\\win.gif",
                "sub/dir/pic.png",
                "..",
                ".",
                "",
                "a\x00b.png",
                "x" * 300 + ".png",
            ]
        ),
        st.text(min_size=0, max_size=20),
    ),
    min_size=1,
    max_size=4,
)


@pytest.mark.slow
def test_hostile_apkg_media_names_and_bytes(services: Services, tmp_path: Path) -> None:
    outcomes: list[str] = []

    @FUZZ
    @given(names=MEDIA_NAMES, data=st.data())
    def run(names: list[str], data: st.DataObject) -> None:
        package = _apkg(names)
        if data.draw(st.booleans()):
            package = data.draw(mutants(package))
        outcomes.append(_import_one(services, tmp_path, "deck.apkg", package))

    run()
    assert "imported" in outcomes and "refused" in outcomes
