"""event log without personal copies: events keep ids and counts only

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 09:25:00

Upgrade: every stored event's data is cut down to the fields the new code
stores (ids and counts); texts, names and contact flags go, since catch-up
now builds them from the rows. Downgrade: the data of the events about cards,
comments, links, commitments and the spotlight is built again from the
current rows (as the moderators see them), as 0003's catch-up expects it.
What no longer exists stays as ids only: 0003 had blanked it too.

The tables of fields are copied here, not imported, so this revision keeps
meaning what it meant when it was written.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_CARD = ("id",)
_COMMENT = ("id", "card_id", "card_comments")
_COMMITMENT = ("id", "card_id", "participant_id")
STORED_FIELDS = {
    "card.created": _CARD, "card.updated": _CARD, "card.hidden": _CARD,
    "card.restored": _CARD, "card.approved": _CARD, "card.deleted": _CARD,
    "card.merged": ("id", "into"),
    "card.supported": ("card_id", "supports"),
    "card.committed": ("card_id", "commitments"),
    "comment.created": _COMMENT, "comment.hidden": _COMMENT, "comment.restored": _COMMENT,
    "comment.approved": _COMMENT, "comment.deleted": _COMMENT,
    "commitment.updated": _COMMITMENT, "commitment.deleted": _COMMITMENT,
    "link.created": ("id", "actor_card_id", "target_card_id"),
    "link.deleted": ("id",),
    "workshop.spotlight": ("card_id",),
}
CARD_EVENTS = ("card.created", "card.updated", "card.hidden", "card.restored", "card.approved")
COMMENT_EVENTS = ("comment.created", "comment.hidden", "comment.restored", "comment.approved")
BATCH = 1000


EVENTS = sa.table("events", sa.column("id", sa.Integer), sa.column("type", sa.String),
                  sa.column("data", sa.JSON))


def _events(bind, types):
    """Yield (id, type, data) of the stored events of ``types``, in batches."""
    last = 0
    while True:
        rows = bind.execute(
            sa.select(EVENTS.c.id, EVENTS.c.type, EVENTS.c.data)
            .where(EVENTS.c.id > last, EVENTS.c.type.in_(list(types)))
            .order_by(EVENTS.c.id).limit(BATCH)).all()
        if not rows:
            return
        for row_id, type_, data in rows:
            yield row_id, type_, data or {}
        last = rows[-1][0]


def _store(bind, row_id, data) -> None:
    """Write an event's data back."""
    bind.execute(EVENTS.update().where(EVENTS.c.id == row_id).values(data=data))


def upgrade() -> None:
    """Cut every personal copy out of the stored events."""
    bind = op.get_bind()
    for row_id, type_, data in list(_events(bind, STORED_FIELDS)):
        kept = {key: data[key] for key in STORED_FIELDS[type_] if key in data}
        if kept != data:
            _store(bind, row_id, kept)


def _iso(value):
    """Return a stored timestamp (naive UTC) as ISO 8601 with offset."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.replace(" ", "T")
        return value if value.endswith("+00:00") else value + "+00:00"
    return value.isoformat() + "+00:00"


def _card(bind, card_id):
    """Return 0003's wire form of a card, from its row, or None."""
    row = bind.execute(sa.text(
        "SELECT c.id, c.client_id, c.kind, c.theme_id, c.text, c.participant_id, p.name, "
        "c.author_role, c.created_at, c.seq, c.hidden, c.pending, c.pinned, c.origin, "
        "c.organisation, c.sdgs, c.edited_at, c.support_count, c.commitment_count, "
        "c.comment_count FROM cards c LEFT JOIN participants p ON p.id = c.participant_id "
        "WHERE c.id = :id"), {"id": card_id}).first()
    if row is None:
        return None
    sdgs = json.loads(row[15]) if isinstance(row[15], str) else (row[15] or [])
    return {"id": row[0], "client_id": row[1], "kind": row[2], "theme_id": row[3],
            "text": row[4], "author": {"participant_id": row[5], "name": row[6], "role": row[7]},
            "created_at": _iso(row[8]), "seq": row[9], "hidden": bool(row[10]),
            "pending": bool(row[11]), "pinned": bool(row[12]), "origin": row[13],
            "organisation": row[14], "sdgs": list(sdgs), "edited_at": _iso(row[16]),
            "supports": row[17], "commitments": row[18], "comments": row[19]}


def _comment(bind, comment_id, card_comments):
    """Return 0003's event form of a comment, from its row, or None."""
    row = bind.execute(sa.text(
        "SELECT m.id, m.client_id, m.card_id, m.text, m.participant_id, p.name, m.author_role, "
        "m.created_at, m.seq, m.hidden, m.pending FROM comments m "
        "LEFT JOIN participants p ON p.id = m.participant_id WHERE m.id = :id"),
        {"id": comment_id}).first()
    if row is None:
        return None
    return {"id": row[0], "client_id": row[1], "card_id": row[2], "text": row[3],
            "author": {"participant_id": row[4], "name": row[5], "role": row[6]},
            "created_at": _iso(row[7]), "seq": row[8], "hidden": bool(row[9]),
            "pending": bool(row[10]), "card_comments": card_comments}


def _commitment(bind, commitment_id):
    """Return 0003's event form of a commitment (never the contact), or None."""
    row = bind.execute(sa.text(
        "SELECT id, card_id, participant_id, name, contact, consent, created_at "
        "FROM commitments WHERE id = :id"), {"id": commitment_id}).first()
    if row is None:
        return None
    return {"id": row[0], "card_id": row[1], "participant_id": row[2], "name": row[3],
            "consent": bool(row[5]), "created_at": _iso(row[6]),
            "has_contact": row[4] is not None}


def _link(bind, link_id):
    """Return 0003's wire form of a link, or None."""
    row = bind.execute(sa.text(
        "SELECT id, actor_card_id, target_card_id, participant_id, author_role, created_at "
        "FROM links WHERE id = :id"), {"id": link_id}).first()
    if row is None:
        return None
    return {"id": row[0], "actor_card_id": row[1], "target_card_id": row[2],
            "author": {"participant_id": row[3], "role": row[4]}, "created_at": _iso(row[5])}


def downgrade() -> None:
    """Build the events' data again from the rows, as 0003 stored it."""
    bind = op.get_bind()
    types = (*CARD_EVENTS, *COMMENT_EVENTS, "card.merged", "commitment.updated",
             "link.created", "workshop.spotlight")
    for row_id, type_, data in list(_events(bind, types)):
        full = None
        if type_ in CARD_EVENTS:
            full = _card(bind, data.get("id"))
        elif type_ in COMMENT_EVENTS:
            full = _comment(bind, data.get("id"), data.get("card_comments"))
        elif type_ == "card.merged":
            full = {**data, "card": _card(bind, data.get("into"))}
        elif type_ == "commitment.updated":
            full = _commitment(bind, data.get("id"))
        elif type_ == "link.created":
            full = _link(bind, data.get("id"))
        elif type_ == "workshop.spotlight":
            full = {"card_id": data.get("card_id"), "card": _card(bind, data.get("card_id"))}
        if full is not None and full != data:
            _store(bind, row_id, full)
