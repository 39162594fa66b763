"""The tmux smoke script: the real ``trainer`` in a real terminal, one right, one wrong."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "tui_smoke.sh"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_tui_smoke_script_passes(tmp_path: Path) -> None:
    trainer = Path(sys.executable).with_name("trainer")
    if not trainer.exists():
        pytest.skip(f"no trainer console script beside {sys.executable}")
    result = subprocess.run(
        ["bash", str(SCRIPT)],
        env={"PATH": "/usr/bin:/bin", "TRAINER": str(trainer), "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tui_smoke: ok" in result.stdout
