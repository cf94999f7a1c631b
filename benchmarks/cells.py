"""One benchmark cell: post cards at a fixed rate and measure how they reach every phone."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections import defaultdict

import phones as phone_worker
import socketio
from servers import Server, can_pin, cpu_seconds_of

LOADGEN_CORES = {1}
DRAIN_QUIET_SECONDS = 5
DRAIN_MAX_SECONDS = 60


def _pinned_serve(conn, plan: dict) -> None:
    """Worker entry: move off the server's core, then run the phones."""
    if can_pin():
        os.sched_setaffinity(0, LOADGEN_CORES)
    phone_worker.serve(conn, plan)


class Phones:
    """The simulated phones of one server run, spread over several worker processes."""

    def __init__(self, servers: list[Server], count: int, plan: dict, workers: int):
        """Start ``workers`` processes that join and connect ``count`` phones round robin."""
        context = multiprocessing.get_context("spawn")
        self.count = count
        self.workers = []
        urls = [servers[n % len(servers)].url for n in range(count)]
        for index in range(workers):
            parent, child = context.Pipe()
            process = context.Process(target=_pinned_serve, daemon=True,
                                      args=(child, {**plan, "urls": urls[index::workers]}))
            process.start()
            self.workers.append((process, parent))
        for _process, pipe in self.workers:
            if not pipe.poll(600):
                raise RuntimeError("phones did not connect within 10 minutes")
            answer = pipe.recv()
            if "error" in answer:
                raise RuntimeError(f"phone worker failed: {answer['error']}")

    def take(self) -> tuple[dict[int, list[float]], int]:
        """Collect the arrivals since the last take from every worker."""
        arrivals: dict[int, list[float]] = defaultdict(list)
        duplicates = 0
        for _process, pipe in self.workers:
            pipe.send("take")
            answer = pipe.recv()
            duplicates += answer["duplicates"]
            for number, times in answer["arrivals"].items():
                arrivals[number].extend(times)
        return arrivals, duplicates

    def cpu_seconds(self) -> float:
        """Return the CPU time used by the workers so far."""
        return sum(cpu_seconds_of(process.pid) for process, _ in self.workers)

    def stop(self) -> None:
        """Close every phone and end the workers."""
        for process, pipe in self.workers:
            with contextlib.suppress(BrokenPipeError, OSError):
                pipe.send("stop")
            process.join(30)
            if process.is_alive():
                process.kill()


class Poster:
    """The phone that posts: one Socket.IO client sending card:create without waiting."""

    def __init__(self, server: Server, auth: dict, theme_id: str):
        """Connect the poster."""
        self.theme_id, self.auth = theme_id, auth
        self.acks = 0
        self.failures: list[dict] = []
        self.lock = threading.Lock()
        self.client = socketio.Client(reconnection=False)
        self.client.connect(server.url, auth=auth, transports=["websocket"], wait_timeout=30)

    def _on_ack(self, answer=None) -> None:
        """Count an acknowledgement."""
        with self.lock:
            if isinstance(answer, dict) and answer.get("ok"):
                self.acks += 1
            else:
                self.failures.append(answer)

    def post(self, number: int) -> None:
        """Send card ``number`` (its text carries the marker the phones look for)."""
        body = {"client_id": f"bench-{number}", "kind": "idea", "theme_id": self.theme_id,
                "text": f"bench:{number}: Fællesspisning i klubben efter træning"}
        self.client.emit("card:create", body, callback=self._on_ack)

    def close(self) -> None:
        """Disconnect."""
        self.client.disconnect()


def percentile(values: list[float], share: float) -> float | None:
    """Return the ``share`` percentile (nearest rank) of ``values``, in milliseconds."""
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return round(ordered[index] * 1000, 1)


def run_cell(servers: list[Server], phones: Phones, poster: Poster, rate: float,
             duration: float, first_number: int) -> dict:
    """Post ``rate`` cards a second for ``duration`` seconds; return the measurements."""
    phones.take()  # forget anything before the cell
    acks_before = poster.acks
    server_cpu, loadgen_cpu = sum(s.cpu_seconds() for s in servers), phones.cpu_seconds()
    total = int(rate * duration)
    sent: dict[int, float] = {}
    started = time.monotonic()
    for index in range(total):
        due = started + index / rate
        time.sleep(max(0.0, due - time.monotonic()))
        number = first_number + index
        sent[number] = time.monotonic()
        poster.post(number)
    posted = time.monotonic()

    arrivals: dict[int, list[float]] = defaultdict(list)
    duplicates, expected = 0, total * phones.count
    delivered, last_progress = 0, time.monotonic()
    while delivered < expected:
        time.sleep(0.5)
        more, extra = phones.take()
        duplicates += extra
        for number, times in more.items():
            if number in sent:
                arrivals[number].extend(times)
        now_delivered = sum(len(times) for times in arrivals.values())
        if now_delivered > delivered:
            delivered, last_progress = now_delivered, time.monotonic()
        if (time.monotonic() - last_progress > DRAIN_QUIET_SECONDS
                or time.monotonic() - posted > DRAIN_MAX_SECONDS):
            break
    ended = time.monotonic()

    deliveries = [t - sent[n] for n, times in arrivals.items() for t in times]
    to_everyone = [max(times) - sent[n] for n, times in arrivals.items()
                   if len(times) == phones.count]
    last_arrival = max((max(times) for times in arrivals.values()), default=posted)
    wall = ended - started
    return {
        "rate": rate, "phones": phones.count, "cards": total,
        "acked": poster.acks - acks_before,
        "expected_deliveries": expected, "delivered": delivered,
        "lost": expected - delivered, "duplicates": duplicates,
        "cards_to_everyone": len(to_everyone),
        "all_phones_ms": {"p50": percentile(to_everyone, 0.50),
                          "p95": percentile(to_everyone, 0.95),
                          "p99": percentile(to_everyone, 0.99)},
        "delivery_ms": {"p50": percentile(deliveries, 0.50), "p95": percentile(deliveries, 0.95),
                        "p99": percentile(deliveries, 0.99)},
        "deliveries_per_second": round(delivered / max(last_arrival - started, 1e-6)),
        "server_cpu_percent": round(100 * (sum(s.cpu_seconds() for s in servers) - server_cpu)
                                    / wall),
        # Server CPU per card posted (fan-out, post and pings of the cell), finer than percent.
        "server_cpu_ms_per_card": round(1000 * (sum(s.cpu_seconds() for s in servers)
                                                - server_cpu) / max(total, 1), 2),
        "loadgen_cpu_percent": round(100 * (phones.cpu_seconds() - loadgen_cpu) / wall),
    }
