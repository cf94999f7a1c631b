"""Command-line tasks: ``flask --app openspace <command>``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .db import get_db
from .demo import demo_join_url, ensure_demo


@click.command("demo")
@click.option("--base-url", default="http://localhost:5000", show_default=True,
              help="The address phones use, for the printed links.")
@with_appcontext
def demo_command(base_url: str) -> None:
    """Create the Danish demo workshop (once) and print its links."""
    workshop_id, token = ensure_demo(get_db(), Path(current_app.instance_path))
    base_url = base_url.rstrip("/")
    click.echo(f"Join page:   {demo_join_url(get_db(), workshop_id, base_url)}")
    click.echo(f"Facilitator: {base_url}/f/{workshop_id}#token={token}")
    click.echo(f"Projector:   {base_url}/f/{workshop_id}/projector#token={token}")


def init_app(app) -> None:
    """Register the commands on ``app``."""
    app.cli.add_command(demo_command)
