"""The yardstick: a bare Flask-SocketIO server that receives a card and broadcasts it.

No database, no tokens, no validation: what any Flask-SocketIO broadcast costs.
It runs in the same async mode as openspace (``OPENSPACE_ASYNC_MODE``), with the
same ping settings and the same room-broadcast pattern, so the benchmark can
report openspace as a ratio to it. ``OPENSPACE_REDIS_URL`` adds the same
message queue. ``python benchmarks/reference_server.py --port 5100``
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The same monkey patching and connection limit as run.py.
from run import MAX_CONNECTIONS, patch

ROOM = "board"


def main() -> None:
    """Serve the bare broadcast server until killed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5100)
    args = parser.parse_args()
    mode = os.environ.get("OPENSPACE_ASYNC_MODE", "eventlet")
    patch(mode, database=False)

    from flask import Flask
    from flask_socketio import SocketIO, join_room

    app = Flask(__name__)
    socketio = SocketIO(app, async_mode=mode, message_queue=os.environ.get("OPENSPACE_REDIS_URL"),
                        ping_interval=25, ping_timeout=20, cors_allowed_origins="*")
    counter = {"seq": 0}

    @app.get("/healthz")
    def healthz():
        """Answer once the server accepts connections."""
        return {"ok": True}

    @socketio.on("connect")
    def connect(auth=None):
        """Accept anyone and put them in the one room."""
        join_room(ROOM)

    @socketio.on("card:create")
    def card_create(card=None):
        """Broadcast the card as an event, as openspace does, and acknowledge it."""
        counter["seq"] += 1
        socketio.emit("event", {"seq": counter["seq"], "type": "card.created", "data": card},
                      to=ROOM)
        return {"ok": True, "card": card}

    options = {"host": args.host, "port": args.port, "log_output": False}
    if mode == "eventlet":
        options["max_size"] = MAX_CONNECTIONS
    if mode == "threading":
        options["allow_unsafe_werkzeug"] = True
    socketio.run(app, **options)


if __name__ == "__main__":
    main()
