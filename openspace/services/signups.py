"""Sign-up lists: per initiative, who said "Jeg er med", for the follow-up after the day.

For the facilitator and the organiser only (on their page and as a PDF they download):
the names as the participants gave them, and a contact detail only where its owner
consented. Never in an event, on the projector or in a plenary or report PDF.

Every reading (the list on the page, the PDF) is recorded in the moderation log
(``signups.read``: who by role, when, which workshop, how many initiatives and
people; never a name or a contact), so a municipality can account for who saw them.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AUDIENCE_MODERATORS, Card, Commitment, Theme, Workshop, utcnow
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .eventlog import append_event, lock_workshop
from .outcome import Outcome
from .plenaries import local_clock, local_date, workshop_summary_info


def signup_json(commitment: Commitment) -> dict:
    """Return one sign-up: the name as given, the contact only with consent."""
    return {
        "participant_id": commitment.participant_id,
        "name": commitment.name,
        "contact": commitment.contact if commitment.consent else None,
        "created_at": commitment.created_at.isoformat(),
    }


def signup_lists(session: Session, actor: Actor) -> list[dict]:
    """Return every initiative on the board with its sign-ups, by theme then oldest first.

    Hidden, pending and merged-away initiatives are left out: they are not on the board.
    """
    require_role(actor, FACILITATOR, ORGANISER)
    cards = session.scalars(
        select(Card).join(Theme, Theme.id == Card.theme_id)
        .where(Card.workshop_id == actor.workshop_id, Card.kind == "initiative",
               Card.hidden.is_(False), Card.pending.is_(False), Card.merged_into_id.is_(None))
        .order_by(Theme.position, Card.seq)).all()
    by_card: dict[str, list[dict]] = {card.id: [] for card in cards}
    rows = session.scalars(select(Commitment).where(Commitment.workshop_id == actor.workshop_id)
                           .order_by(Commitment.created_at))
    for commitment in rows:
        if commitment.card_id in by_card:
            by_card[commitment.card_id].append(signup_json(commitment))
    titles = dict(session.execute(select(Theme.id, Theme.title)
                                  .where(Theme.workshop_id == actor.workshop_id)).all())
    return [{"card_id": card.id, "text": card.text, "theme_id": card.theme_id,
             "theme": titles.get(card.theme_id), "signups": by_card[card.id]} for card in cards]


def signups_document(session: Session, actor: Actor, base_url: str) -> dict:
    """Return what the sign-up PDF shows: the workshop, the lists, and when it was made."""
    initiatives = signup_lists(session, actor)
    workshop = session.get(Workshop, actor.workshop_id)
    now = utcnow()
    return {
        "workshop": workshop_summary_info(workshop, base_url),
        "initiatives": initiatives,
        "people": sum(len(item["signups"]) for item in initiatives),
        "generated_local": f"{local_date(now, workshop)} {local_clock(now, workshop)}",
    }


def read_lists(session: Session, actor: Actor) -> Outcome:
    """Return the sign-up lists (``{"initiatives"}``) and record the reading in the log."""
    initiatives = signup_lists(session, actor)
    return _recorded(session, actor, "list", initiatives, {"initiatives": initiatives})


def read_document(session: Session, actor: Actor, base_url: str) -> Outcome:
    """Return what the sign-up PDF shows and record the download in the log."""
    document = signups_document(session, actor, base_url)
    return _recorded(session, actor, "pdf", document["initiatives"], document)


def _recorded(session: Session, actor: Actor, form: str, initiatives: list[dict],
              body: dict) -> Outcome:
    """Record in the moderation log that ``actor`` read the lists (``form``: list, pdf).

    Counts only: the event is for the moderators' screens and the log, and carries no name
    or contact (``signups.read`` is stored whole, so it must never hold one).
    """
    workshop = lock_workshop(session, actor.workshop_id)
    data = {"format": form, "initiatives": len(initiatives),
            "people": sum(len(item["signups"]) for item in initiatives)}
    return Outcome(body, [append_event(session, workshop, "signups.read", data,
                                       audience=AUDIENCE_MODERATORS, actor=actor)])
