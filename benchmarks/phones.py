"""Simulated phones: many websocket connections per process, speaking Engine.IO 4 / Socket.IO 5.

python-socketio's client costs a task set and a JSON decode per message per
phone; a few thousand of them would make the load generator the bottleneck.
Here aiohttp does the websocket framing and a phone only answers pings and
notes when each benchmark card arrived (a regex on the raw frame, no JSON).

A worker process runs ``serve(conn, plan)``: it joins its phones through the
contract (``POST /participants``, then connect with the token), reports, and
then answers commands from the runner over the pipe.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections import defaultdict

import aiohttp

# Every benchmark card's text holds "bench:<number>:"; the number is unique per server run.
MARKER = re.compile(rb"bench:(\d+):")
CONNECT_CONCURRENCY = 40


class Tally:
    """What the phones of this worker received: per card number, the arrival times."""

    def __init__(self):
        """Start empty."""
        self.arrivals: dict[int, list[float]] = defaultdict(list)
        self.duplicates = 0
        self.seen: list[set[int]] = []

    def phone(self) -> set[int]:
        """Return the set of card numbers one new phone has seen."""
        seen: set[int] = set()
        self.seen.append(seen)
        return seen

    def take(self) -> dict:
        """Return what arrived since the last take, and start over."""
        result = {"arrivals": dict(self.arrivals), "duplicates": self.duplicates}
        self.arrivals = defaultdict(list)
        self.duplicates = 0
        return result


async def join(session: aiohttp.ClientSession, plan: dict) -> dict:
    """Join the workshop as a phone does; return the Socket.IO auth object."""
    if plan["kind"] == "reference":
        return {"workshop": "bench", "token": "none", "last_seq": 0}
    url = f"{plan['url']}/api/v1/workshops/{plan['workshop']}/participants"
    async with session.post(url, json={"join_code": plan["join_code"]}) as response:
        body = await response.json()
        if response.status != 201:
            raise RuntimeError(f"join failed: {response.status} {body}")
    auth = {"workshop": plan["workshop"], "token": body["token"], "last_seq": plan["last_seq"]}
    if plan.get("batch"):
        auth["batch"] = True  # takes a busy room's events as one `events` list
    return auth


async def connect(session, url: str, auth: dict, gate: asyncio.Semaphore):
    """Open one phone's websocket and do the Socket.IO connect; return the socket."""
    async with gate:
        ws = await session.ws_connect(f"{url}/socket.io/?EIO=4&transport=websocket",
                                      max_msg_size=0, autoping=True, heartbeat=None)
        opening = await ws.receive_str()
        if not opening.startswith("0"):
            raise RuntimeError(f"unexpected Engine.IO open: {opening[:80]}")
        await ws.send_str("40" + json.dumps(auth))
        answer = await ws.receive_str()
        # openspace sends the backlog and the online count from inside its
        # connect handler, so they may come before the connect answer.
        while not answer.startswith("40"):
            if answer.startswith("44"):
                raise RuntimeError(f"connect refused: {answer[:200]}")
            if answer == "2":
                await ws.send_str("3")
            answer = await ws.receive_str()
        return ws


async def listen(ws, tally: Tally) -> None:
    """Answer pings and record card arrivals until the socket closes."""
    seen = tally.phone()
    async for message in ws:
        if message.type != aiohttp.WSMsgType.TEXT:
            break
        data = message.data
        if data == "2":
            await ws.send_str("3")  # Engine.IO ping → pong
            continue
        now = time.monotonic()
        # '42["event",…' holds one card; '42["events",[…]]' (auth.batch) several.
        if data.startswith('42["event'):
            for found in MARKER.finditer(data.encode()):
                number = int(found.group(1))
                if number in seen:
                    tally.duplicates += 1
                else:
                    seen.add(number)
                    tally.arrivals[number].append(now)


async def run(conn, plan: dict) -> None:
    """Join and connect this worker's phones, then serve the runner's commands."""
    tally = Tally()
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        listeners = []

        async def join_and_connect(url: str):
            """Join through the API, open the socket, and listen at once.

            Listening (answering pings) must start right away: connecting
            thousands of phones can take longer than the server's ping timeout.
            """
            async with gate:
                auth = await join(session, {**plan, "url": url})
            ws = await connect(session, url, auth, gate)
            listeners.append(asyncio.create_task(listen(ws, tally)))
            return ws

        sockets = await asyncio.gather(*(join_and_connect(url) for url in plan["urls"]))
        conn.send({"connected": len(sockets)})
        loop = asyncio.get_running_loop()
        while True:
            command = await loop.run_in_executor(None, conn.recv)
            if command == "take":
                conn.send(tally.take())
            elif command == "stop":
                break
        for ws in sockets:
            await ws.close()
        for listener in listeners:
            listener.cancel()


def serve(conn, plan: dict) -> None:
    """Process entry point: run the phones of ``plan`` until told to stop."""
    try:
        asyncio.run(run(conn, plan))
    except Exception as error:  # report to the runner instead of dying silently
        conn.send({"error": repr(error)})
