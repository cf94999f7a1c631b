"""After the day, read: an initiative's follow-up, its notes, the list and the public board.

The follow-up of an initiative (status, lead, next step, next meeting) and its
dated progress notes are seen by whoever sees the card: everyone in the
workshop, the projector included. None of it is personal data unless a name
is written into it (the form says so). The "Jeg er med" contacts never appear
here: ``list_followups`` gives a count. ``public_board`` is what a phone reads
after the day with the join code alone: no lead, no author, no contact.

When is the day over for the phone page (``day_is_over``)? When retention has
removed the workshop's personal data (tokens no longer open anything), or when
the facilitator has locked the board after the day's planned end. Then the
phone link opens the read-only follow-up board instead of the posting page.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    DEFAULT_FOLLOWUP_MONTHS,
    FOLLOWUP_STATUSES,
    Card,
    Commitment,
    Followup,
    FollowupConsent,
    FollowupNote,
    FollowupTerm,
    Link,
    Workshop,
)
from .access import Actor
from .cards import card_json
from .errors import N_, BadRequest
from .schedule import day_bounds
from .visibility import is_public, visible_cards

#: Initiatives first by how far they came; stopped ones last.
STATUS_ORDER = {status: index for index, status in enumerate(FOLLOWUP_STATUSES)}


def followup_json(card_id: str, followup: Followup | None) -> dict:
    """Return the wire form of a follow-up; an initiative nobody followed up is an ``idea``."""
    if followup is None:
        return {"card_id": card_id, "status": "idea", "lead": None, "next_step": None,
                "next_meeting": None, "updated_at": None}
    return {
        "card_id": card_id,
        "status": followup.status,
        "lead": followup.lead,
        "next_step": followup.next_step,
        "next_meeting": followup.next_meeting.isoformat() if followup.next_meeting else None,
        "updated_at": followup.updated_at.isoformat(),
    }


def note_json(note: FollowupNote) -> dict:
    """Return the wire form of a progress note."""
    return {"id": note.id, "card_id": note.card_id, "date": note.noted_on.isoformat(),
            "text": note.text, "created_at": note.created_at.isoformat()}


def followup_months(session: Session, workshop_id: str) -> int:
    """Return how many months a follow-up consent lasts in this workshop (6 unless set)."""
    term = session.get(FollowupTerm, workshop_id)
    return term.months if term is not None else DEFAULT_FOLLOWUP_MONTHS


def followups_of(session: Session, card_ids: list[str]) -> dict[str, Followup]:
    """Return the follow-ups of the given cards, by card id."""
    if not card_ids:
        return {}
    return {f.card_id: f for f in session.scalars(
        select(Followup).where(Followup.card_id.in_(card_ids)))}


def notes_of(session: Session, card_ids: list[str]) -> dict[str, list[FollowupNote]]:
    """Return the notes of the given cards, newest date first, by card id."""
    notes: dict[str, list[FollowupNote]] = defaultdict(list)
    if card_ids:
        for note in session.scalars(select(FollowupNote).where(
                FollowupNote.card_id.in_(card_ids)).order_by(
                FollowupNote.noted_on.desc(), FollowupNote.created_at.desc())):
            notes[note.card_id].append(note)
    return notes


def parse_filters(args) -> tuple[str | None, str | None]:
    """Return the ``status`` and ``theme_id`` filters of a query string, checked."""
    status = args.get("status") or None
    if status is not None and status not in FOLLOWUP_STATUSES:
        raise BadRequest(N_("“%(field)s” must be one of: %(choices)s."), field="status",
                         choices=", ".join(FOLLOWUP_STATUSES))
    return status, args.get("theme_id") or None


def list_followups(session: Session, actor: Actor, status: str | None = None,
                   theme_id: str | None = None) -> dict:
    """Return the initiatives ``actor`` sees with their follow-up, notes, count and actors.

    ``commitments`` is a count: who said "Jeg er med" and how to reach them is
    on the moderators' commitments list, never here.
    """
    by_id = {c.id: c for c in visible_cards(session, actor.workshop_id, actor)}
    cards = [c for c in by_id.values() if c.kind == "initiative"]
    ids = [c.id for c in cards]
    followups, notes = followups_of(session, ids), notes_of(session, ids)
    actors = linked_actors(session, actor.workshop_id, by_id)
    rows = []
    for card in cards:
        followup = followup_json(card.id, followups.get(card.id))
        if (status and followup["status"] != status) or (theme_id and card.theme_id != theme_id):
            continue
        rows.append({"card": card_json(card), "followup": followup,
                     "commitments": card.commitment_count,
                     "notes": [note_json(n) for n in notes.get(card.id, [])],
                     "actors": actors.get(card.id, [])})
    workshop = session.get(Workshop, actor.workshop_id)
    # The seq the list is current to: the follow-up page goes on live from there.
    return {"initiatives": rows, "followup_months": followup_months(session, actor.workshop_id),
            "statuses": list(FOLLOWUP_STATUSES), "seq": workshop.last_seq if workshop else 0}


def linked_actors(session: Session, workshop_id: str, cards: dict[str, Card]) -> dict:
    """Return, by target card id, the actor cards linked to it that the viewer sees."""
    found: dict[str, list[dict]] = defaultdict(list)
    for link in session.scalars(select(Link).where(Link.workshop_id == workshop_id)
                                .order_by(Link.created_at)):
        actor_card = cards.get(link.actor_card_id)
        if actor_card is not None and link.target_card_id in cards:
            found[link.target_card_id].append({"id": actor_card.id, "text": actor_card.text,
                                                "organisation": actor_card.organisation})
    return found


def day_is_over(workshop: Workshop, now: datetime) -> bool:
    """True once the phone link should open the read-only follow-up board (see the top)."""
    if workshop.personal_data_removed_at is not None:
        return True
    return workshop.state == "locked" and now >= day_bounds(workshop)[1]


def public_board(session: Session, workshop: Workshop, now: datetime,
                 mine: set[str] | None = None) -> dict:
    """Return the read-only board of what became of the initiatives: the join code is the key.

    Only public cards; per initiative its text, theme, status, next step, next
    meeting, notes and counts. No author, no lead (it may be a name), no contact.
    ``mine``: the initiatives the asking participant agreed to follow; they come first.
    """
    mine = mine or set()
    cards = list(session.scalars(select(Card).where(
        Card.workshop_id == workshop.id, Card.kind == "initiative").order_by(Card.seq)))
    cards = [c for c in cards if is_public(c)]
    ids = [c.id for c in cards]
    followups, notes = followups_of(session, ids), notes_of(session, ids)
    initiatives = []
    for card in cards:
        followup = followup_json(card.id, followups.get(card.id))
        initiatives.append({
            "id": card.id, "theme_id": card.theme_id, "text": card.text,
            "origin": card.origin, "supports": card.support_count,
            "commitments": card.commitment_count, "status": followup["status"],
            "next_step": followup["next_step"], "next_meeting": followup["next_meeting"],
            "updated_at": followup["updated_at"], "mine": card.id in mine,
            "notes": [{"date": n.noted_on.isoformat(), "text": n.text}
                      for n in notes.get(card.id, [])],
        })
    initiatives.sort(key=lambda i: (not i["mine"], STATUS_ORDER[i["status"]] == 4,
                                    -STATUS_ORDER[i["status"]]))
    return {
        "workshop": {"id": workshop.id, "title": workshop.title, "vision": workshop.vision,
                     "language": workshop.language,
                     "themes": [{"id": t.id, "title": t.title} for t in workshop.themes]},
        "over": day_is_over(workshop, now),
        "writing": "closed",
        "initiatives": initiatives,
    }


def consented_cards(session: Session, workshop_id: str, participant_id: str | None) -> set[str]:
    """Return the initiatives a participant agreed to be contacted about (for ``mine``)."""
    if participant_id is None:
        return set()
    return set(session.scalars(select(FollowupConsent.card_id).join(
        Commitment, Commitment.id == FollowupConsent.commitment_id).where(
        FollowupConsent.workshop_id == workshop_id, Commitment.participant_id == participant_id)))
