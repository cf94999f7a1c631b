"""Serve openspace: ``python run.py [--host H] [--port P] [--demo]``.

The async mode is ``OPENSPACE_ASYNC_MODE`` (eventlet by default, gevent,
threading). Monkey patching happens here and only here, before anything
else is imported.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# eventlet's pool size for the bare reference server of the benchmarks
# (benchmarks/reference_server.py); openspace itself sizes its pool from
# OPENSPACE_MAX_CONNECTIONS and the open-file limit (openspace/serving.py).
MAX_CONNECTIONS = 10_000


def parse_args(argv=None) -> argparse.Namespace:
    """Read the command line; the environment gives the defaults."""
    parser = argparse.ArgumentParser(description="Serve the openspace workshop board.")
    parser.add_argument("--host", default=os.environ.get("OPENSPACE_HOST", "0.0.0.0"))  # noqa: S104
    parser.add_argument("--port", type=int, default=int(os.environ.get("OPENSPACE_PORT", "5000")))
    parser.add_argument("--demo", action="store_true", help="create a sample workshop in Danish")
    parser.add_argument("--access-log", action="store_true", help="log every HTTP request")
    return parser.parse_args(argv)


def patch(mode: str, database: bool = True) -> None:
    """Monkey patch the standard library for the chosen async mode.

    ``database``: also make psycopg2's waits cooperative (the bare reference
    server of the benchmarks has no database and leaves it out).
    """
    if mode == "eventlet":
        import warnings

        # The design keeps eventlet knowingly (see shared/DESIGN.md); say it once, not per start.
        warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
        import eventlet

        eventlet.monkey_patch()
    elif mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
    if mode not in ("eventlet", "gevent") or not database:
        return
    # psycopg2 waits a moment at once, then cooperatively: gevent leaves it blocking
    # (a post waiting 3 s on a row lock held every socket of the process), and
    # eventlet's own green wait queues each round trip behind the fan-out.
    from openspace import green_wait

    green_wait.install(mode)


def main(argv=None) -> None:
    """Start the server and print the links a facilitator needs."""
    args = parse_args(argv)
    mode = os.environ.get("OPENSPACE_ASYNC_MODE", "eventlet").strip() or "eventlet"
    patch(mode)

    from openspace import create_app, http_errors, jobs, logs, serving
    from openspace.config import lan_url, log_level
    from openspace.db import get_db
    from openspace.demo import demo_join_url, ensure_demo
    from openspace.documents import documents_of, qr
    from openspace.extensions import socketio

    logs.configure(log_level())
    app = create_app()
    public_url = app.config.get("PUBLIC_URL")
    if not public_url:
        public_url = lan_url(args.host, args.port)
        app.config["PUBLIC_URL"] = public_url
    public_url = public_url.rstrip("/")

    lines = [
        "",
        "openspace is running.",
        f"  Phones join at:   {public_url}",
        f"  Organiser page:   {public_url}/organiser#token={app.config['ADMIN_TOKEN']}",
        "  (the organiser link is a key to every workshop: keep it to yourself)",
    ]
    qr_target = public_url
    if args.demo:
        with app.app_context():
            workshop_id, token = ensure_demo(get_db(), Path(app.instance_path))
            qr_target = demo_join_url(get_db(), workshop_id, public_url)
        lines += [
            f"  Demo join page:   {qr_target}",
            f"  Demo facilitator: {public_url}/f/{workshop_id}#token={token}",
            f"  Demo projector:   {public_url}/f/{workshop_id}/projector#token={token}",
        ]
    lines += ["", qr.terminal(qr_target, colour=sys.stdout.isatty()), ""]
    print("\n".join(lines), flush=True)

    jobs.start(app)
    documents_of(app).warm_up()  # the first plenary PDF then skips WeasyPrint's start-up
    # Open files, connection caps and the header deadline: see openspace/serving.py.
    limits = serving.plan(app.config["MAX_CONNECTIONS"], app.config["MAX_CONNECTIONS_PER_ADDRESS"],
                          app.config["HEADER_TIMEOUT"], app.config["TRUSTED_PROXIES"])
    if mode == "eventlet":
        # eventlet's own refusals (a header line too long …) answer the contract's JSON.
        language = app.config["DEFAULT_LANGUAGE"]
        serving.serve_eventlet(app, args.host, args.port, limits, log_output=args.access_log,
                               protocol=lambda base: http_errors.protocol(language, base=base))
        return
    options = {"host": args.host, "port": args.port, "log_output": args.access_log}
    if mode == "gevent":
        options["spawn"] = limits.max_connections  # a full pool pauses accept()
    if mode == "threading":
        options["allow_unsafe_werkzeug"] = True
    socketio.run(app, **options)


if __name__ == "__main__":
    sys.exit(main())
