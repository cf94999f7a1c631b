"""A card back on the board (approved again, restored): its comments and links come back too.

A phone drops a card's comments and links with the card when it leaves its board (hidden,
or sent back for approval after its author edited it: a tombstone). When the card returns,
the ``card.approved`` / ``card.restored`` event carries only the card, so the comments and
links that a fresh load would show are sent again, each to those who may see it: a
``comment.restored`` per comment (``comment_audience``) and a ``link.created`` per link
whose other card is on the board. Catch-up renders them from the rows like any other.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import Card, Comment, Event, Link, Workshop
from .comments import comment_json
from .eventlog import append_event
from .links import link_json
from .visibility import comment_audience, is_public


def comments_and_links_back(session: Session, workshop: Workshop, card: Card) -> list[Event]:
    """Store the events that give phones back what hangs on ``card``, now public again.

    They carry no actor: nobody restored these comments or made these links now, so the
    moderation log shows only the approval or restore that caused them.
    """
    if not is_public(card):
        return []
    events = []
    comments = session.scalars(select(Comment).where(Comment.card_id == card.id,
                                                     Comment.hidden.is_(False))
                               .order_by(Comment.seq))
    for comment in comments:
        data = {**comment_json(comment), "card_comments": card.comment_count}
        events.append(append_event(session, workshop, "comment.restored", data,
                                   audience=comment_audience(comment, card)))
    links = session.scalars(select(Link).where(or_(Link.actor_card_id == card.id,
                                                   Link.target_card_id == card.id))
                            .order_by(Link.created_at))
    for link in links:
        other = session.get(Card, link.target_card_id if link.actor_card_id == card.id
                            else link.actor_card_id)
        if other is not None and is_public(other):
            events.append(append_event(session, workshop, "link.created", link_json(link)))
    return events
