"""Server processes under test: start (pinned to one core), wait, measure, stop."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
ADMIN_TOKEN = "bench-organiser"
#: The core the servers are pinned to (``OPENSPACE_BENCH_SERVER_CORE=``, empty: unpinned).
SERVER_CORE = os.environ.get("OPENSPACE_BENCH_SERVER_CORE", "0")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """Return a free TCP port on the loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def can_pin() -> bool:
    """True if ``taskset`` exists and the machine has a core besides the server's."""
    return shutil.which("taskset") is not None and (os.cpu_count() or 1) >= 2


class Server:
    """One server process: openspace's ``run.py`` or ``reference_server.py``."""

    def __init__(self, kind: str, mode: str, folder: Path, env: dict | None = None,
                 root: Path = ROOT):
        """Prepare (not start) a server of ``kind`` ("openspace" or "reference").

        ``root`` is the checkout whose ``run.py`` runs (another commit, to compare).
        """
        self.kind, self.mode, self.folder, self.root = kind, mode, folder, root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "OPENSPACE_ASYNC_MODE": mode,
            "OPENSPACE_INSTANCE_PATH": str(folder),
            "OPENSPACE_ADMIN_TOKEN": ADMIN_TOKEN,
            "OPENSPACE_PUBLIC_URL": self.url,
            "OPENSPACE_RATE_LIMITS": "off",
            # Every simulated phone comes from 127.0.0.1: no per-address cap (issue 18).
            "OPENSPACE_MAX_CONNECTIONS_PER_ADDRESS": "0",
            "OPENSPACE_SECRET_KEY": "bench-secret",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> Server:
        """Start pinned to the server core and wait for ``/healthz``."""
        self.folder.mkdir(parents=True, exist_ok=True)
        script = self.root / ("run.py" if self.kind == "openspace"
                              else "benchmarks/reference_server.py")
        command = [sys.executable, str(script), "--host", "127.0.0.1", "--port", str(self.port)]
        if can_pin() and SERVER_CORE:
            command = ["taskset", "-c", SERVER_CORE, *command]
        log = open(self.folder.parent / f"{self.kind}-{self.port}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(command, cwd=self.root, env=self.env, stdout=log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.kind} server exited early (see {log.name})")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.kind} server did not start")

    def rss_bytes(self) -> int:
        """Return the server's resident memory (VmRSS)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def cpu_seconds(self) -> float:
        """Return the CPU time the server process has used so far (user + system)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def api(self, method: str, path: str, token: str | None = ADMIN_TOKEN, **kwargs):
        """Call the server's HTTP API."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.request(method, f"{self.url}{path}", headers=headers, timeout=120,
                                **kwargs)

    def stop(self) -> None:
        """Stop the server."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def cpu_seconds_of(pid: int) -> float:
    """Return the CPU time of any process by pid (the load generator's workers)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
