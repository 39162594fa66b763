"""The PostgreSQL server stopped in the middle of a drill: one line on stderr (no chained
tracebacks), and every review the drill acknowledged is in the database once the
server is back. Runs its own throwaway cluster (``.ci/postgres.sh``) so it can stop it."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.reliability.plain_driver import (
    PlainProcess,
    acknowledged,
    make_collection,
    psycopg_dsn,
    right_answer,
    stored_reviews_on,
)

REPO = Path(__file__).resolve().parents[2]


def _pg_bin() -> str | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return str(found[-1].parent) if found else None


def _as_owner(command: str) -> None:
    import os

    args = ["su", "postgres", "-s", "/bin/sh", "-c", command] if os.geteuid() == 0 else None
    subprocess.run(args or ["sh", "-c", command], check=True, capture_output=True, timeout=60)


@pytest.fixture
def own_server() -> Iterator[tuple[str, str]]:
    """(url, data dir) of a PostgreSQL cluster of our own; stopped and removed after."""
    if _pg_bin() is None or shutil.which("bash") is None:
        pytest.skip("PostgreSQL is not installed")
    started = subprocess.run(
        [
            "bash",
            "-c",
            'source .ci/postgres.sh start >&2; echo "$TRAINER_PG_DIR|$TRAINER_TEST_PG_URL"',
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    folder, _, url = started.stdout.strip().rpartition("\n")[2].partition("|")
    if not url:
        pytest.skip(f"could not start a PostgreSQL cluster: {started.stderr.strip()}")
    try:
        yield url, folder
    finally:
        subprocess.run(["bash", ".ci/postgres.sh", "stop", folder], cwd=REPO, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _stop(folder: str) -> None:
    _as_owner(f"{_pg_bin()}/pg_ctl -D {folder}/data -m fast -w stop")


def _start(folder: str, url: str) -> None:
    port = urlparse(url).port
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
    _as_owner(f"{_pg_bin()}/pg_ctl -D {folder}/data -w -l {folder}/server.log -o '{options}' start")


@pytest.mark.postgres
def test_server_stopped_mid_drill_is_one_line_and_loses_nothing(
    own_server: tuple[str, str], tmp_path: Path
) -> None:
    import psycopg

    url, folder = own_server
    make_collection(tmp_path, url)
    drill = PlainProcess(url, "sums", tmp_path / "home")
    for n in range(4):
        _wait_for_count(drill, "> ", n + 1)
        drill.write(right_answer(drill.current_prompt()) + "\n")
        _wait_for_count(drill, "Rated ", n + 1)
    _wait_for_count(drill, "> ", 5)
    _stop(folder)
    drill.write(right_answer(drill.current_prompt()) + "\n")
    drill.close_input()
    code = drill.finish()
    stderr = [ln for ln in drill.stderr.splitlines() if ln.strip()]
    assert code == 1, drill.stdout[-800:]
    assert len(stderr) == 1, drill.stderr
    assert stderr[0].startswith("trainer: error: ") and "server" in stderr[0]
    assert "Traceback" not in drill.stderr
    acks = acknowledged(drill.stdout)
    assert len(acks) >= 4
    _start(folder, url)
    with psycopg.connect(psycopg_dsn(url)) as conn:
        assert stored_reviews_on(conn) == acks


@pytest.mark.postgres
def test_server_restarted_mid_drill_reconnects_once_and_goes_on(
    own_server: tuple[str, str], tmp_path: Path
) -> None:
    """The server restarts while the learner thinks: the next write finds the dropped
    connection before sending anything, reconnects once, and the drill goes on."""
    import psycopg

    url, folder = own_server
    make_collection(tmp_path, url)
    drill = PlainProcess(url, "sums", tmp_path / "home")

    def answer_next(count: int) -> None:
        _wait_for_count(drill, "> ", count + 1)
        drill.write(right_answer(drill.current_prompt()) + "\n")
        _wait_for_count(drill, "Rated ", count + 1)

    for n in range(2):
        answer_next(n)
    _stop(folder)
    _start(folder, url)
    for n in range(2, 5):
        answer_next(n)
    drill.close_input()
    assert drill.finish() == 0, drill.stderr
    assert drill.stderr.strip() == ""
    acks = acknowledged(drill.stdout)
    assert len(acks) == 5 and all(a.correct for a in acks), drill.stdout[-2500:]
    with psycopg.connect(psycopg_dsn(url)) as conn:
        assert stored_reviews_on(conn) == acks


def _wait_for_count(drill: PlainProcess, marker: str, count: int) -> None:
    import time

    deadline = time.monotonic() + 30
    while drill.stdout.count(marker) < count:
        assert time.monotonic() < deadline, drill.stdout[-2000:] + drill.stderr
        assert drill.proc.poll() is None, drill.stderr
        time.sleep(0.01)
