"""A real openspace server process for delivery and fault tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from .databases import ON_POSTGRES, postgres_database_for

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """Return a TCP port on the loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerProcess:
    """``python run.py`` in a subprocess, on the loopback, with its own instance folder."""

    def __init__(self, instance: Path, admin_token: str, port: int | None = None,
                 env: dict | None = None, args: tuple[str, ...] = (), preexec_fn=None):
        """Prepare (not start) a server; ``preexec_fn`` runs in the child (e.g. setrlimit)."""
        self.instance = instance
        self.admin_token = admin_token
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = args
        self.preexec_fn = preexec_fn
        self.env = {
            **os.environ,
            "OPENSPACE_INSTANCE_PATH": str(instance),
            "OPENSPACE_ADMIN_TOKEN": admin_token,
            "OPENSPACE_PUBLIC_URL": self.url,
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        if ON_POSTGRES and "OPENSPACE_DATABASE_URL" not in (env or {}):
            self.env["OPENSPACE_DATABASE_URL"] = postgres_database_for(str(instance))
        self.process: subprocess.Popen | None = None
        self.log_path = instance.parent / f"server-{self.port}.log"

    def start(self, timeout: float = 30) -> ServerProcess:
        """Start the process and wait until ``/healthz`` answers."""
        self.instance.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "run.py"), "--host", "127.0.0.1", "--port",
             str(self.port), *self.args],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            preexec_fn=self.preexec_fn,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log()}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not answer /healthz in {timeout} s:\n{self.log()}")

    def log(self) -> str:
        """Return what the server printed."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """Kill the server with SIGKILL, as a crash or a pulled plug would."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        """Stop the server politely, then firmly."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def api(self, method: str, path: str, token: str | None = None, **kwargs):
        """Call the server's HTTP API."""
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return requests.request(method, f"{self.url}{path}", headers=headers, timeout=10,
                                **kwargs)
