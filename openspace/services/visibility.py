"""Who may see what: the one place that decides it, in Python and in SQL.

Viewers are ``Actor`` values: a participant, the facilitator or the organiser
(who moderate and see everything), and the projector (the wall in a public
room, which sees only what everyone may see). Items are cards, comments,
links and commitments in their states (pending, hidden, merged away).

- A card is on the board for everyone when it is neither hidden, pending nor
  merged into another. A pending card is also seen by its author. Moderators
  see hidden and pending cards too; merged cards are gone for everyone.
- A comment is seen by whoever sees its card, and like a card: hidden ones by
  the moderators, pending ones by their author and the moderators.
- A link is seen when both its cards are.
- A commitment (with its name and contact) is seen by its participant and
  the moderators, never by the projector.
- An event's stored ``audience`` says who received it live (``card_audience``,
  ``comment_audience``); what the projectors show (``AUDIENCE_WALL``) goes to the
  moderators and the projectors;
  ``audience_clause`` is the same rule in SQL, for catch-up.

The find-or-404 helpers answer "not found" for what the caller may not see,
so a hidden item's existence does not leak either.
"""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import false, or_, select, true
from sqlalchemy.orm import Session

from ..models import (
    AUDIENCE_ALL,
    AUDIENCE_MODERATORS,
    AUDIENCE_WALL,
    Card,
    Comment,
    Event,
    Link,
    Participant,
    Workshop,
)
from .access import Actor
from .errors import N_, BadRequest, NotFound
from .validation import is_encodable

#: The projector's role: a view of the facilitator's token that sees only the public board.
PROJECTOR = "projector"
PARTICIPANT_AUDIENCE_PREFIX = "participant:"


def projector_view(actor: Actor) -> Actor:
    """Return the projector's view of ``actor``: it receives only what everyone may see.

    The projector opens with the facilitator's token, but it is a wall in a
    public room: no pending or hidden-only events, no contact details.
    """
    return Actor(PROJECTOR, actor.workshop_id)


def participant_audience(participant_id: str) -> str:
    """Return the audience of one participant (and the moderators, who see everything)."""
    return PARTICIPANT_AUDIENCE_PREFIX + participant_id


def is_public(card: Card) -> bool:
    """True if everyone sees ``card``: not hidden, not pending, not merged away."""
    return not card.hidden and not card.pending and card.merged_into_id is None


def _is_own(participant_id: str | None, viewer: Actor) -> bool:
    """True if an item of ``participant_id`` belongs to the participant ``viewer``."""
    return viewer.participant_id is not None and participant_id == viewer.participant_id


def _moderated_item_seen(item: Card | Comment, viewer: Actor) -> bool:
    """The rule cards and comments share: moderators see all, a pending item its author."""
    if viewer.moderates:
        return True
    if item.hidden:
        return False
    return not item.pending or _is_own(item.participant_id, viewer)


def can_see_card(card: Card | None, viewer: Actor) -> bool:
    """True if ``viewer`` sees ``card`` on their board."""
    if card is None or card.merged_into_id is not None:
        return False
    return _moderated_item_seen(card, viewer)


def can_see_comment(comment: Comment | None, card: Card | None, viewer: Actor) -> bool:
    """True if ``viewer`` sees ``comment`` (on ``card``, which they must see too)."""
    if comment is None or not can_see_card(card, viewer):
        return False
    return _moderated_item_seen(comment, viewer)


def can_see_commitment(participant_id: str, viewer: Actor) -> bool:
    """True if ``viewer`` may read a commitment of ``participant_id`` (name, contact)."""
    return viewer.moderates or _is_own(participant_id, viewer)


def removal_notice(item: Card | Comment | None, viewer: Actor) -> str | None:
    """Why the author no longer sees their own card or comment, for them alone; else None.

    ``"hidden"`` (taken off the board), ``"rejected"`` (hidden while it waited for
    approval) or ``"merged"`` (a card put together with another). Nobody but the item's
    own participant gets a reason: to everyone else it is simply not there.
    """
    if item is None or viewer.moderates or not _is_own(item.participant_id, viewer):
        return None
    if getattr(item, "merged_into_id", None) is not None:
        return "merged"
    if item.hidden:
        return "rejected" if item.pending else "hidden"
    return None


def own_removed(session: Session, workshop_id: str, viewer: Actor) -> list[Card | Comment]:
    """Return the viewer's own cards and comments taken off the board (``removal_notice``)."""
    if viewer.participant_id is None or viewer.moderates:
        return []
    cards = session.scalars(select(Card).where(
        Card.workshop_id == workshop_id, Card.participant_id == viewer.participant_id,
        or_(Card.hidden.is_(True), Card.merged_into_id.is_not(None))).order_by(Card.seq))
    comments = session.scalars(select(Comment).where(
        Comment.workshop_id == workshop_id, Comment.participant_id == viewer.participant_id,
        Comment.hidden.is_(True)).order_by(Comment.seq))
    return [item for item in [*cards, *comments] if removal_notice(item, viewer)]


def card_audience(card: Card) -> str:
    """Return who may receive events about ``card``: as far as the card itself is seen.

    Hidden cards are for the moderators; a pending card for its author and the
    moderators; every other card for everyone.
    """
    if card.hidden:
        return AUDIENCE_MODERATORS
    if card.pending:
        if card.participant_id is None:
            return AUDIENCE_MODERATORS
        return participant_audience(card.participant_id)
    return AUDIENCE_ALL


def comment_audience(comment: Comment, card: Card) -> str:
    """Return who may receive events about ``comment``: those who see it and its card."""
    own = AUDIENCE_ALL
    if comment.hidden:
        own = AUDIENCE_MODERATORS
    elif comment.pending:
        own = (participant_audience(comment.participant_id)
               if comment.participant_id else AUDIENCE_MODERATORS)
    of_card = card_audience(card)
    if of_card == AUDIENCE_ALL:
        return own
    if own in (AUDIENCE_ALL, of_card):
        return of_card
    return AUDIENCE_MODERATORS


def board_view(session: Session, viewer: Actor) -> tuple[tuple, Actor]:
    """Return which shared view of the board ``viewer`` gets: its key, and whose view it is.

    Viewers with the same key see exactly the same cards, comments and links
    (the board cache keeps one copy per key). Each moderator role has one, the
    projector one; a participant shares the public view (that of a participant
    who owns nothing) unless they have a pending card or comment of their own,
    which only they may see: then the view is theirs alone.
    """
    if viewer.moderates or viewer.role == PROJECTOR:
        return (viewer.role,), viewer
    if viewer.participant_id is not None and _owns_unpublished(session, viewer):
        return ("participant", viewer.participant_id), viewer
    return ("public",), Actor(viewer.role, viewer.workshop_id)


def _owns_unpublished(session: Session, viewer: Actor) -> bool:
    """True if ``viewer`` has a pending card or comment, seen by them and not by others."""
    own_card = select(Card.id).where(
        Card.workshop_id == viewer.workshop_id, Card.participant_id == viewer.participant_id,
        Card.pending.is_(True), Card.hidden.is_(False), Card.merged_into_id.is_(None))
    own_comment = select(Comment.id).where(
        Comment.workshop_id == viewer.workshop_id,
        Comment.participant_id == viewer.participant_id,
        Comment.pending.is_(True), Comment.hidden.is_(False))
    return session.scalar(select(own_card.exists() | own_comment.exists())) is True


def audience_clause(viewer: Actor):
    """Return the SQL condition on ``Event.audience`` for what ``viewer`` receives."""
    if viewer.moderates:
        return true()  # the facilitator and the organiser receive every event
    allowed = [Event.audience == AUDIENCE_ALL]
    if viewer.role == PROJECTOR:
        allowed.append(Event.audience == AUDIENCE_WALL)
    if viewer.participant_id is not None:
        allowed.append(Event.audience == participant_audience(viewer.participant_id))
    return or_(*allowed)


def _seen_cards(query, workshop_id: str, viewer: Actor):
    """Return ``query`` narrowed to the cards ``viewer`` may see, oldest first."""
    query = (query.where(Card.workshop_id == workshop_id, Card.merged_into_id.is_(None))
             .order_by(Card.seq))
    if not viewer.moderates:
        own = (Card.participant_id == viewer.participant_id
               if viewer.participant_id is not None else false())
        query = query.where(Card.hidden.is_(False), or_(Card.pending.is_(False), own))
    return query


def visible_cards(session: Session, workshop_id: str, viewer: Actor) -> list[Card]:
    """Return the cards ``viewer`` may see, oldest first (the SQL form of ``can_see_card``)."""
    return list(session.scalars(_seen_cards(select(Card), workshop_id, viewer)))


class CardRow(SimpleNamespace):
    """A card's columns and its author (``.participant.name``), read without the ORM."""


def visible_card_rows(session: Session, workshop_id: str, viewer: Actor) -> list[CardRow]:
    """Return the same cards as ``visible_cards``, as plain rows: several times faster to
    read for a whole board (no identity map), with the attributes ``card_json`` reads."""
    query = _seen_cards(select(*Card.__table__.c, Participant.name.label("author_name"))
                        .outerjoin(Participant, Participant.id == Card.participant_id),
                        workshop_id, viewer)
    result = session.execute(query)
    keys = list(result.keys())[:-1]  # the card's columns; the author's name comes last
    rows = []
    for row in result:
        card = CardRow(**dict(zip(keys, row, strict=False)))  # the name is left over
        card.participant = (SimpleNamespace(name=row[-1]) if card.participant_id is not None
                            else None)
        rows.append(card)
    return rows


def visible_comments(session: Session, workshop_id: str, viewer: Actor,
                     card_ids: set[str]) -> list[Comment]:
    """Return the comments ``viewer`` may see on the cards ``card_ids`` (those they see)."""
    query = select(Comment).where(Comment.workshop_id == workshop_id).order_by(Comment.seq)
    if not viewer.moderates:
        own = (Comment.participant_id == viewer.participant_id
               if viewer.participant_id is not None else false())
        query = query.where(Comment.hidden.is_(False), or_(Comment.pending.is_(False), own))
    return [c for c in session.scalars(query) if c.card_id in card_ids]


def visible_links(session: Session, workshop_id: str, cards_by_id: dict[str, Card]) -> list[Link]:
    """Return the links whose two cards are in ``cards_by_id`` (the cards the viewer sees)."""
    links = session.scalars(select(Link).where(Link.workshop_id == workshop_id)
                            .order_by(Link.created_at))
    return [link for link in links
            if link.actor_card_id in cards_by_id and link.target_card_id in cards_by_id]


def _row(session: Session, model, item_id):
    """Return the row of ``model`` with ``item_id``, or None for an id no row can have.

    JSON may carry lone surrogates, which the database cannot even be asked about.
    """
    if not isinstance(item_id, str) or len(item_id) > 64 or not is_encodable(item_id):
        return None
    return session.get(model, item_id)


def find_card(session: Session, viewer: Actor, card_id) -> Card:
    """Return the card ``card_id`` of the viewer's workshop if the viewer sees it, else 404."""
    card = _row(session, Card, card_id)
    if card is None or card.workshop_id != viewer.workshop_id or not can_see_card(card, viewer):
        raise NotFound(N_("This card does not exist."))
    return card


def find_workshop_card(session: Session, workshop_id: str, card_id) -> Card:
    """Return any card of the workshop, merged ones too (the caller checks more), or 404.

    For taking back one's own support or "count me in" on a card hidden since,
    and for the moderators' hide and restore.
    """
    card = _row(session, Card, card_id)
    if card is None or card.workshop_id != workshop_id:
        raise NotFound(N_("This card does not exist."))
    return card


def find_any_card(session: Session, workshop: Workshop, card_id,
                  field_name: str = "card_id") -> Card:
    """Return the workshop's card ``card_id`` in any state but merged away (moderators), or 404."""
    if not isinstance(card_id, str) or len(card_id) > 64 or not is_encodable(card_id):
        raise BadRequest(N_("Choose a card of this workshop."), field=field_name)
    card = session.get(Card, card_id)
    if card is None or card.workshop_id != workshop.id or card.merged_into_id is not None:
        raise NotFound(N_("This card does not exist."))
    return card


def find_comment(session: Session, viewer: Actor, comment_id) -> tuple[Comment, Card]:
    """Return the comment and its card if ``viewer`` may see them, else 404."""
    comment = _row(session, Comment, comment_id)
    card = session.get(Card, comment.card_id) if comment is not None else None
    if (comment is None or comment.workshop_id != viewer.workshop_id
            or not can_see_comment(comment, card, viewer)):
        raise NotFound(N_("This comment does not exist."))
    return comment, card


def find_link(session: Session, viewer: Actor, link_id) -> Link:
    """Return the link ``link_id`` if ``viewer`` sees both its cards, else 404."""
    link = _row(session, Link, link_id)
    if link is None or link.workshop_id != viewer.workshop_id or not all(
        can_see_card(session.get(Card, cid), viewer)
        for cid in (link.actor_card_id, link.target_card_id)
    ):
        raise NotFound(N_("This link does not exist."))
    return link
