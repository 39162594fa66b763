"""The wheel carries the bundled decks and the migrations, so an installed trainer finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("trainer-*.whl")
    return built


def test_wheel_contains_every_bundled_deck(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"trainer/_bundled_decks/{p.name}" for p in (ROOT / "decks").glob("*.toml")}
    assert shipped, "no bundled decks in decks/"
    assert shipped <= names


def test_wheel_contains_the_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "trainer/store/migrations/env.py" in names
    assert "trainer/store/migrations/script.py.mako" in names
    assert any(n.startswith("trainer/store/migrations/versions/0001_initial") for n in names)


def test_installed_layout_finds_the_packaged_decks(wheel: Path, tmp_path: Path) -> None:
    """Unpack the wheel as site-packages would and ask it, from elsewhere, where its decks are."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = "from trainer.paths import bundled_decks_dir; print(bundled_decks_dir())"
    result = subprocess.run(
        [sys.executable, "-S", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    found = Path(result.stdout.strip())
    assert found == site / "trainer" / "_bundled_decks"
    assert sorted(p.name for p in found.glob("*.toml")) == sorted(
        p.name for p in (ROOT / "decks").glob("*.toml")
    )
