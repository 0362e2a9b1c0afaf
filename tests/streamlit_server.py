"""Shared by the end-to-end tests and the benchmarks: a free port, starting `streamlit run
serve.py` and waiting for it, and how Chromium is launched here."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
PYTHON = (sys.executable, "-m")
AT_MOMENT = (sys.executable, "-m", "tests.at_moment")  # at MERKITYS_TEST_NOW when it is set

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # This machine's network is closed: without these Chromium keeps dialling out.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, server: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    """Return once the server at ``base`` answers its health check; raise if it stopped or did
    not answer within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not start; see {log_path}")
        time.sleep(0.3)


def start(
    env: Mapping[str, str],
    log: IO[str],
    log_path: Path,
    *,
    port: int | None = None,
    args: Sequence[str] = (),
    launcher: Sequence[str] = PYTHON,
    cwd: Path = ROOT,
) -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run serve.py`` (headless, no file watcher, ``args`` added) on
    127.0.0.1, its output in ``log``; return the process and its base address once it answers
    its health check (the process is killed if it never does)."""
    port = port or free_port()
    proc = subprocess.Popen(
        [
            *launcher,
            *("streamlit", "run", "serve.py"),
            *("--server.port", str(port), "--server.headless", "true"),
            *("--server.fileWatcherType", "none"),
            *args,
        ],
        cwd=cwd,  # serve.py and the shipped .streamlit/config.toml
        env=dict(env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc, log_path)
    except RuntimeError:
        proc.kill()
        raise
    return proc, base


@contextmanager
def running(
    env: Mapping[str, str],
    log_path: Path,
    *,
    port: int | None = None,
    args: Sequence[str] = (),
    launcher: Sequence[str] = PYTHON,
    stop_timeout: float = 20,
) -> Iterator[str]:
    """``start`` as a context: yields the base address, stops the server afterwards."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        proc, base = start(env, log, log_path, port=port, args=args, launcher=launcher)
        try:
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=stop_timeout)
