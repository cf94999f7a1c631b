"""The use cases, driven without Flask: a real SQLite database and the services."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from openspace.models import Card, Event, Participant, Workshop
from openspace.services import cards, participants, visibility, workshops
from openspace.services.access import FACILITATOR, ORGANISER, PARTICIPANT, authenticate
from openspace.services.errors import BadRequest, Conflict, Forbidden, NotFound, WorkshopLocked
from openspace.services.eventlog import events_after
from openspace.services.tokens import hash_token

ADMIN = "admin-token"


def make_workshop(database, **overrides):
    """Create a workshop and return (workshop id, facilitator token, theme ids, join code)."""
    payload = {"title": "Ensomhed", "language": "da", "themes": ["Fritid", "Skole"]}
    payload.update(overrides)
    with database.write() as session:
        created = workshops.create_workshop(session, payload)
        w = created.workshop
        return w.id, created.facilitator_token, [t.id for t in w.themes], w.join_code


def make_participant(database, workshop_id, join_code, name=None):
    """Join and return the participant's actor and token."""
    with database.write() as session:
        joined = participants.join(session, workshop_id, {"join_code": join_code, "name": name})
        token = joined.token
    with database.read() as session:
        return authenticate(session, workshop_id, token, ADMIN), token


def post(database, actor, theme_id, client_id, text="En idé", kind="idea"):
    """Post a card and return the result."""
    with database.write() as session:
        return cards.post_card(
            session, actor, {"client_id": client_id, "kind": kind, "theme_id": theme_id,
                             "text": text},
        )


def test_create_workshop_stores_themes_in_order_and_only_a_token_hash(database):
    workshop_id, token, _, code = make_workshop(database, themes=["A", "B", "C"])
    with database.read() as session:
        workshop = session.get(Workshop, workshop_id)
        assert [t.title for t in workshop.themes] == ["A", "B", "C"]
        assert workshop.facilitator_token_hash == hash_token(token)
        assert token not in workshop.facilitator_token_hash
        assert len(code) == 8 and code.isalnum() and code.isupper()
        assert workshop.last_seq == 0


@pytest.mark.parametrize(
    "payload",
    [
        {"language": "da", "themes": ["A"]},  # no title
        {"title": "", "themes": ["A"]},
        {"title": "x" * 201, "themes": ["A"]},
        {"title": "T", "themes": []},
        {"title": "T", "themes": ["A"] * 31},
        {"title": "T", "themes": ["A", 3]},
        {"title": "T", "themes": ["A"], "language": "de"},
        {"title": "T", "themes": ["A"], "plenary_every_minutes": "60"},
        {"title": "T", "themes": ["A"], "plenary_every_minutes": True},
        ["not", "an", "object"],
    ],
)
def test_create_workshop_refuses_bad_input_and_stores_nothing(database, payload):
    with pytest.raises(BadRequest), database.write() as session:
        workshops.create_workshop(session, payload)
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Workshop)) == 0


def test_join_with_the_right_code_any_case_and_anonymous_by_default(database):
    workshop_id, _, _, code = make_workshop(database)
    actor, token = make_participant(database, workshop_id, code.lower())
    assert actor.role == PARTICIPANT
    with database.read() as session:
        participant = session.get(Participant, actor.participant_id)
        assert participant.name is None
        assert participant.token_hash == hash_token(token)


def test_join_with_a_wrong_code_is_refused(database):
    workshop_id, _, _, code = make_workshop(database)
    with pytest.raises(Forbidden), database.write() as session:
        participants.join(session, workshop_id, {"join_code": "WRONGCOD"})
    with pytest.raises(NotFound), database.write() as session:
        participants.join(session, "nosuchworkshop", {"join_code": code})


def test_tokens_are_bound_to_their_workshop(database):
    a_id, a_token, _, a_code = make_workshop(database)
    b_id, _, _, _ = make_workshop(database)
    _, participant_a = make_participant(database, a_id, a_code)
    with database.read() as session:
        assert authenticate(session, a_id, a_token, ADMIN).role == FACILITATOR
        assert authenticate(session, b_id, ADMIN, ADMIN).role == ORGANISER
        with pytest.raises(Forbidden):
            authenticate(session, b_id, a_token, ADMIN)
        with pytest.raises(Forbidden):
            authenticate(session, b_id, participant_a, ADMIN)


def test_post_card_stores_it_with_its_event_in_one_transaction(database):
    workshop_id, _, themes, code = make_workshop(database)
    actor, _ = make_participant(database, workshop_id, code, name="Sofie")
    result = post(database, actor, themes[1], "c1", "Lektiecafé på biblioteket")
    assert result.created
    assert result.body["text"] == "Lektiecafé på biblioteket"
    assert result.body["author"] == {"participant_id": actor.participant_id, "name": "Sofie",
                                     "role": "participant"}
    assert result.body["seq"] == 1
    with database.read() as session:
        [event] = events_after(session, workshop_id, 0)
        assert (event.seq, event.type, event.data["id"]) == (1, "card.created", result.body["id"])


def test_reposting_the_same_client_id_returns_the_same_card_and_stores_nothing(database):
    workshop_id, _, themes, code = make_workshop(database)
    actor, _ = make_participant(database, workshop_id, code)
    first = post(database, actor, themes[0], "same", "Første")
    again = post(database, actor, themes[0], "same", "Første")
    assert first.created and not again.created
    assert again.body == first.body
    assert again.events == []
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Card)) == 1
        assert session.scalar(select(func.count()).select_from(Event)) == 1


def test_a_client_id_of_someone_else_is_a_conflict_not_their_card(database):
    workshop_id, _, themes, code = make_workshop(database)
    alice, _ = make_participant(database, workshop_id, code)
    bob, _ = make_participant(database, workshop_id, code)
    post(database, alice, themes[0], "shared-id")
    with pytest.raises(Conflict):
        post(database, bob, themes[0], "shared-id")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "poem"),
        ("kind", None),
        ("text", ""),
        ("text", "   "),
        ("text", "x" * 501),
        ("text", 42),
        ("client_id", ""),
        ("client_id", "x" * 65),
        ("theme_id", "not-a-theme"),
    ],
)
def test_post_card_refuses_bad_input_and_changes_nothing(database, field, value):
    workshop_id, _, themes, code = make_workshop(database)
    actor, _ = make_participant(database, workshop_id, code)
    payload = {"client_id": "c", "kind": "idea", "theme_id": themes[0], "text": "ok"}
    payload[field] = value
    with pytest.raises(BadRequest) as caught, database.write() as session:
        cards.post_card(session, actor, payload)
    assert caught.value.field == field
    with database.read() as session:
        assert session.get(Workshop, workshop_id).last_seq == 0
        assert session.scalar(select(func.count()).select_from(Card)) == 0


def test_a_theme_of_another_workshop_is_refused(database):
    a_id, _, _, a_code = make_workshop(database)
    _, _, b_themes, _ = make_workshop(database)
    actor, _ = make_participant(database, a_id, a_code)
    with pytest.raises(BadRequest):
        post(database, actor, b_themes[0], "c")


def test_text_of_exactly_500_characters_is_accepted(database):
    workshop_id, _, themes, code = make_workshop(database)
    actor, _ = make_participant(database, workshop_id, code)
    assert post(database, actor, themes[0], "c", "æ" * 500).body["text"] == "æ" * 500


def test_a_locked_workshop_refuses_participants_posts(database):
    workshop_id, _, themes, code = make_workshop(database)
    actor, _ = make_participant(database, workshop_id, code)
    with database.write() as session:
        session.get(Workshop, workshop_id).state = "locked"
    with pytest.raises(WorkshopLocked):
        post(database, actor, themes[0], "c")


def test_seq_is_gap_free_under_concurrent_posts_from_many_threads(database):
    workshop_id, _, themes, code = make_workshop(database)
    actors = [make_participant(database, workshop_id, code)[0] for _ in range(8)]
    errors = []

    def burst(index, actor):
        """Post 15 cards, each twice (a retry), from one participant."""
        try:
            for n in range(15):
                for _retry in range(2):
                    post(database, actor, themes[n % 2], f"p{index}-{n}", f"kort {n}")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=burst, args=(i, a)) for i, a in enumerate(actors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.read() as session:
        seqs = [e.seq for e in events_after(session, workshop_id, 0)]
        assert seqs == list(range(1, 8 * 15 + 1))
        assert session.scalar(select(func.count()).select_from(Card)) == 8 * 15
        card_seqs = sorted(session.scalars(select(Card.seq)))
        assert card_seqs == seqs


def test_seq_is_per_workshop(database):
    a_id, _, a_themes, a_code = make_workshop(database)
    b_id, _, b_themes, b_code = make_workshop(database)
    a, _ = make_participant(database, a_id, a_code)
    b, _ = make_participant(database, b_id, b_code)
    assert post(database, a, a_themes[0], "1").body["seq"] == 1
    assert post(database, b, b_themes[0], "1").body["seq"] == 1
    assert post(database, a, a_themes[0], "2").body["seq"] == 2


def test_hide_and_restore_are_events_and_only_for_moderators(database):
    workshop_id, token, themes, code = make_workshop(database)
    participant, _ = make_participant(database, workshop_id, code)
    card_id = post(database, participant, themes[0], "c").body["id"]
    with database.read() as session:
        facilitator = authenticate(session, workshop_id, token, ADMIN)
    with pytest.raises(Forbidden), database.write() as session:
        cards.set_hidden(session, participant, card_id, True)
    with database.write() as session:
        hidden = cards.set_hidden(session, facilitator, card_id, True)
    assert hidden.body["hidden"] and hidden.events[0].type == "card.hidden"
    with database.read() as session:
        assert visibility.visible_cards(session, workshop_id, participant) == []
        assert len(visibility.visible_cards(session, workshop_id, facilitator)) == 1
    with database.write() as session:
        restored = cards.set_hidden(session, facilitator, card_id, False)
    assert restored.events[0].type == "card.restored"
    assert restored.events[0].seq == 3
