"""Questions and comments on a card: posted live, moderated like cards."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Card, Comment, Event, Workshop
from .access import FACILITATOR, ORGANISER, PARTICIPANT, Actor, require_role
from .cards import MAX_CLIENT_ID, refuse_if_locked
from .errors import N_, BadRequest, Conflict, Forbidden
from .eventlog import append_event, lock_workshop
from .outcome import Outcome
from .removal import remove_comment
from .safe_room import flag_post, for_author, screen
from .tokens import new_id
from .validation import require_object, text_field
from .visibility import comment_audience, find_card, find_comment

MAX_COMMENT = 500


def comment_json(comment: Comment) -> dict:
    """Return the wire form of a comment."""
    participant = comment.participant
    return {
        "id": comment.id,
        "client_id": comment.client_id,
        "card_id": comment.card_id,
        "text": comment.text,
        "author": {
            "participant_id": comment.participant_id,
            "name": participant.name if participant is not None else None,
            "role": comment.author_role,
        },
        "created_at": comment.created_at.isoformat(),
        "seq": comment.seq,
        "hidden": comment.hidden,
        "pending": comment.pending,
    }


def count_shown_comments(session: Session, card: Card) -> int:
    """Recount the card's comments that everyone sees (neither hidden nor pending)."""
    card.comment_count = session.scalar(
        select(func.count()).select_from(Comment).where(
            Comment.card_id == card.id, Comment.hidden.is_(False), Comment.pending.is_(False))
    ) or 0
    return card.comment_count


def post_comment(session: Session, actor: Actor, card_id: str, payload) -> Outcome:
    """Add a question or comment to a card; a repeated ``client_id`` returns the stored one."""
    require_role(actor, PARTICIPANT, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    client_id = text_field(payload, "client_id", max_length=MAX_CLIENT_ID)
    text = text_field(payload, "text", max_length=MAX_COMMENT, multiline=True)
    workshop = lock_workshop(session, actor.workshop_id)
    existing = session.scalar(select(Comment).where(Comment.workshop_id == workshop.id,
                                                    Comment.client_id == client_id))
    if existing is not None:
        if not _same_author(existing, actor) or existing.card_id != card_id:
            raise Conflict(N_("This client_id is already used by another comment."),
                           field="client_id")
        return Outcome(for_author(comment_json(existing),
                                  screen(session, workshop, actor, existing.text)))
    card = find_card(session, actor, card_id)
    refuse_if_locked(workshop, actor)
    screening = screen(session, workshop, actor, text)
    comment = Comment(
        id=new_id(), workshop_id=workshop.id, card_id=card.id, client_id=client_id, text=text,
        author_role=actor.role, participant_id=actor.participant_id, hidden=False,
        # Under pre-moderation, or held by the safe room's word list, a participant's
        # comment waits, like their cards.
        pending=(workshop.premoderation or screening.held) and not actor.moderates,
        seq=workshop.last_seq + 1,
    )
    session.add(comment)
    session.flush()
    event = _event(session, workshop, "comment.created", comment, card, actor)
    events = [event, *flag_post(session, workshop, screening, card, comment)]
    return Outcome(for_author(comment_json(comment), screening), events, created=True)


def delete_comment(session: Session, actor: Actor, comment_id: str) -> Outcome:
    """Delete a comment (its author while the board is open; moderators always).

    The event log holds no copy of it (see ``eventlog``), so catch-up never brings it back.
    A participant's own-data deletion, which also works while the board is
    locked, is ``privacy.delete_own_comment``.
    """
    require_role(actor, PARTICIPANT, FACILITATOR, ORGANISER)
    workshop = lock_workshop(session, actor.workshop_id)
    comment, _card = find_comment(session, actor, comment_id)
    if not actor.moderates and comment.participant_id != actor.participant_id:
        raise Forbidden(N_("You can only delete your own comments."))
    refuse_if_locked(workshop, actor)
    outcome = Outcome({"id": comment.id})
    remove_comment(session, workshop, comment, actor, outcome)
    session.flush()
    return outcome


def moderate_comment(session: Session, actor: Actor, comment_id: str,
                     action: str) -> Outcome:
    """Hide, restore, approve or reject a comment (facilitator and organiser).

    Rejecting is hiding a comment that waits for approval, as for cards: only
    its author and the moderators ever saw it, so only they hear of it.
    """
    require_role(actor, FACILITATOR, ORGANISER)
    workshop = lock_workshop(session, actor.workshop_id)
    comment, card = find_comment(session, actor, comment_id)
    before = comment_audience(comment, card)
    if action == "reject" and not comment.hidden:
        if not comment.pending:
            raise BadRequest(N_("Only a comment that waits for approval can be rejected. "
                                "Hide it instead."))
        action = "hide"
    if action in ("hide", "reject"):
        if comment.hidden:
            return Outcome(comment_json(comment))
        comment.hidden = True
        count_shown_comments(session, card)
        # Everyone who saw it must drop it: the audience from before it was hidden.
        # Ids only: the text does not travel again (moderators mark their copy hidden).
        event = append_event(session, workshop, "comment.hidden",
                             {"id": comment.id, "card_id": card.id,
                              "card_comments": card.comment_count},
                             audience=before, actor=actor)
        session.flush()
        return Outcome(comment_json(comment), [event])
    if action == "restore" and comment.hidden:
        comment.hidden = False
    elif action == "approve" and comment.pending:
        comment.pending = False
    else:
        return Outcome(comment_json(comment))
    event = _event(session, workshop, f"comment.{action}d", comment, card, actor)
    return Outcome(comment_json(comment), [event])


def _event(session: Session, workshop: Workshop, type_: str, comment: Comment, card: Card,
           actor: Actor) -> Event:
    """Recount the card's comments and store an event carrying the comment and that count."""
    session.flush()
    count_shown_comments(session, card)
    data = {**comment_json(comment), "card_comments": card.comment_count}
    event = append_event(session, workshop, type_, data,
                         audience=comment_audience(comment, card), actor=actor)
    session.flush()
    return event


def _same_author(comment: Comment, actor: Actor) -> bool:
    """True if ``actor`` wrote ``comment``."""
    if actor.role == PARTICIPANT:
        return comment.participant_id == actor.participant_id
    return comment.author_role == actor.role
