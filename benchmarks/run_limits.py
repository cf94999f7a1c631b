"""Connection floods against a real server: idle connections and half-open requests.

``python benchmarks/run_limits.py idle --connections 1500 --nofile 1024:20000``
opens idle TCP connections in steps of 50 and reports whether (and where) the
server process died, how many connections it refused, and how fast a client
on another loopback address (127.0.0.2) gets ``/healthz`` meanwhile and after.

``python benchmarks/run_limits.py halfopen --connections 2000`` sends request
lines with unfinished headers and reports ``/healthz`` latency over time,
when the server closed the half-open requests, and the server's memory.

``--root`` picks the checkout whose ``run.py`` runs (e.g. the main branch for
"before" figures); ``--nofile SOFT:HARD`` starts it with that open-file limit.
Linux, loopback only.
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from servers import ROOT, free_port


def start(root: Path, port: int, nofile: tuple[int, int] | None, env: dict) -> subprocess.Popen:
    """Start ``run.py`` of ``root`` and wait for ``/healthz``."""
    def limit() -> None:
        """Apply the open-file limit in the child."""
        if nofile:
            resource.setrlimit(resource.RLIMIT_NOFILE, nofile)

    instance = Path(tempfile.mkdtemp(prefix="limits-"))
    process = subprocess.Popen(
        [sys.executable, str(root / "run.py"), "--host", "127.0.0.1", "--port", str(port)],
        cwd=root, preexec_fn=limit, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "OPENSPACE_INSTANCE_PATH": str(instance),
             "OPENSPACE_ADMIN_TOKEN": "limits-benchmark", **env})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if healthz(port, timeout=1)[0] == 200:
            return process
        time.sleep(0.2)
    raise SystemExit("server did not start")


def healthz(port: int, source: str = "127.0.0.2", timeout: float = 15) -> tuple[int | None, float]:
    """GET /healthz from ``source``; return (status or None, seconds)."""
    began = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout, (source, 0)) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answer = sock.recv(100)
        status = int(answer.split()[1]) if answer.startswith(b"HTTP/") else None
    except OSError:
        status = None
    return status, time.monotonic() - began


def closed_by_server(sock: socket.socket) -> bool:
    """Return whether the server has answered or closed ``sock`` (without waiting)."""
    sock.settimeout(0)
    try:
        return sock.recv(1024, socket.MSG_PEEK) is not None
    except BlockingIOError:
        return False
    except OSError:
        return True


def rss_mb(pid: int) -> float:
    """Return a process's resident memory in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def idle(args, process: subprocess.Popen) -> None:
    """Open idle connections step by step; report death, refusals and /healthz."""
    sockets: list[socket.socket] = []
    died_at = failed = None
    while len(sockets) < args.connections and died_at is None and failed is None:
        for _ in range(50):
            try:
                sockets.append(socket.create_connection(("127.0.0.1", args.port), 5))
            except OSError as error:
                failed = error
                break
        time.sleep(0.3)
        if process.poll() is not None:
            died_at = len(sockets)
    refused = sum(closed_by_server(sock) for sock in sockets)
    if failed:
        print(f"connection {len(sockets) + 1} failed: {failed!r}")
    print(f"opened {len(sockets)} idle connections; server "
          + (f"EXITED (status {process.returncode}) by {died_at}" if died_at else "alive")
          + f"; {refused} answered/closed by the server at once")
    if died_at is None:
        print("healthz from another address while open: {} in {:.2f} s".format(
            *healthz(args.port)))
    for sock in sockets:
        sock.close()
    time.sleep(1)
    if process.poll() is None:
        print("healthz after closing them: {} in {:.2f} s".format(*healthz(args.port)))


def halfopen(args, process: subprocess.Popen) -> None:
    """Open half-open requests; follow /healthz, the requests' fate and memory."""
    sockets = []
    for _ in range(args.connections):
        try:
            sock = socket.create_connection(("127.0.0.1", args.port), 5)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            sockets.append(sock)
        except OSError:
            break
    began = time.monotonic()
    print(f"{len(sockets)} half-open requests; server RSS {rss_mb(process.pid):.0f} MB")
    while time.monotonic() - began < args.follow:
        status, seconds = healthz(args.port)
        closed = sum(closed_by_server(sock) for sock in sockets)
        print(f"  t={time.monotonic() - began:5.1f} s: healthz {status} in {seconds:.2f} s; "
              f"{closed}/{len(sockets)} closed by the server; RSS {rss_mb(process.pid):.0f} MB")
        time.sleep(2)
    for sock in sockets:
        sock.close()


def main() -> None:
    """Run one scenario."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", choices=["idle", "halfopen"])
    parser.add_argument("--connections", type=int, default=1500)
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--nofile", help="SOFT:HARD open-file limit of the server")
    parser.add_argument("--follow", type=float, default=30, help="seconds to watch (halfopen)")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the server")
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # this client needs many too
    nofile = tuple(int(part) for part in args.nofile.split(":")) if args.nofile else None
    args.port = free_port()
    process = start(args.root, args.port, nofile, dict(item.split("=", 1) for item in args.env))
    try:
        (idle if args.scenario == "idle" else halfopen)(args, process)
    finally:
        process.kill()
        process.wait()


if __name__ == "__main__":
    main()
