"""A killable worker process for the slow symbolic path (sympy).

sympy cannot be interrupted inside the calling process, and ``signal.alarm`` does not work
off the main thread (the TUI grades in a worker thread). So symbolic tasks go to a child
process (``python -m trainer.checking.worker``); the caller waits at most its remaining
budget and kills the child on a timeout (the next task starts a fresh one). Messages are
length-prefixed pickles of parsed trees over the child's stdin/stdout. Thread-safe: one
task at a time.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
import threading
from typing import IO, Any

from trainer.checking.sampling import Deadline, OutOfTime

_lock = threading.Lock()
_process: subprocess.Popen[bytes] | None = None
_HEADER = struct.Struct(">I")


def _write(stream: IO[bytes], obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read_exact(stream: IO[bytes], size: int) -> bytes:
    chunks = b""
    while len(chunks) < size:
        chunk = stream.read(size - len(chunks))
        if not chunk:
            raise EOFError
        chunks += chunk
    return chunks


def _read(stream: IO[bytes]) -> Any:
    (size,) = _HEADER.unpack(_read_exact(stream, _HEADER.size))
    return pickle.loads(_read_exact(stream, size))  # our own child: trusted data


def _serve() -> None:  # runs in the child
    import sympy  # noqa: F401  (loaded up front, so a warmed-up worker answers at once)

    from trainer.checking.sympy_bridge import TASKS

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            name, args = _read(stdin)
        except EOFError:
            return
        try:
            result: tuple[str, Any] = ("ok", TASKS[name](*args))
        except Exception as exc:  # report, do not die: the parent decides
            result = ("error", f"{type(exc).__name__}: {exc}")
        _write(stdout, result)


def _start() -> subprocess.Popen[bytes]:
    global _process
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    _process = subprocess.Popen(
        [sys.executable, "-m", "trainer.checking.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    return _process


def _kill() -> None:
    global _process
    if _process is not None:
        _process.kill()
        _process.wait(timeout=2)
        for stream in (_process.stdin, _process.stdout):
            if stream is not None:
                stream.close()
    _process = None


def warm_up() -> None:
    """Start the worker ahead of need (it imports sympy on its first task)."""
    with _lock:
        if _process is None or _process.poll() is not None:
            _start()


def run(task: str, args: tuple[Any, ...], deadline: Deadline) -> Any:
    """Run ``task`` in the worker; ``OutOfTime`` when the deadline passes first.

    A task that fails inside sympy gives None (no decision).
    """
    if deadline.remaining() <= 0:
        raise OutOfTime
    with _lock:
        process = _process if _process is not None and _process.poll() is None else _start()
        assert process.stdin is not None and process.stdout is not None
        try:
            _write(process.stdin, (task, args))
            ready, _, _ = select.select([process.stdout], [], [], max(0.0, deadline.remaining()))
            if not ready:
                _kill()
                raise OutOfTime
            status, value = _read(process.stdout)
        except (EOFError, OSError):
            _kill()
            return None
    return value if status == "ok" else None


def shutdown() -> None:
    with _lock:
        _kill()


if __name__ == "__main__":
    _serve()
