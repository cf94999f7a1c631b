"""The demo workshop of ``python run.py --demo``: a living board at first start."""

from __future__ import annotations

import json
from pathlib import Path

from . import demo_content
from .db import Database
from .models import Participant, Workshop
from .services import cards, workshops
from .services.access import PARTICIPANT, Actor
from .services.tokens import hash_token, new_id, new_token

DEMO_FILE = "demo_workshop.json"


def ensure_demo(database: Database, instance: Path) -> tuple[str, str]:
    """Return (workshop id, facilitator token) of the demo workshop, creating it once."""
    marker = instance / DEMO_FILE
    if marker.exists():
        saved = json.loads(marker.read_text(encoding="utf-8"))
        with database.read() as session:
            if session.get(Workshop, saved["id"]) is not None:
                return saved["id"], saved["facilitator_token"]
    workshop_id, token = create_demo(database)
    marker.write_text(
        json.dumps({"id": workshop_id, "facilitator_token": token}), encoding="utf-8"
    )
    marker.chmod(0o600)
    return workshop_id, token


def create_demo(database: Database) -> tuple[str, str]:
    """Create the Danish demo workshop with its themes and cards."""
    with database.write() as session:
        created = workshops.create_workshop(
            session,
            {
                "title": demo_content.TITLE,
                "vision": demo_content.VISION,
                "language": demo_content.LANGUAGE,
                "themes": demo_content.THEMES,
            },
        )
        workshop = created.workshop
        theme_ids = [t.id for t in workshop.themes]
        authors: dict[str | None, Participant] = {}
        for number, (theme, kind, text, name) in enumerate(demo_content.CARDS):
            # Anonymous cards come from a few different anonymous phones.
            key = name if name is not None else f"anonymous-{number % 5}"
            if key not in authors:
                authors[key] = Participant(
                    id=new_id(), workshop_id=workshop.id, name=name,
                    token_hash=hash_token(new_token()),
                )
                session.add(authors[key])
                session.flush()
            actor = Actor(PARTICIPANT, workshop.id, authors[key].id)
            cards.post_card(
                session,
                actor,
                {"client_id": f"demo-{number}", "kind": kind, "theme_id": theme_ids[theme],
                 "text": text},
            )
        return workshop.id, created.facilitator_token


def demo_join_url(database: Database, workshop_id: str, base_url: str) -> str:
    """Return the join address of the demo workshop."""
    with database.read() as session:
        return workshops.join_url(base_url, workshops.get_workshop(session, workshop_id))
