"""verify_action: for every event type, a stale board plus the events equals a fresh fetch.

After the Zulip events system: each viewer (the author's phone, another
phone, the facilitator, the projector) holds the board as ``GET
/workshops/{id}`` gave it, then an action happens. Applying the events the
viewer got live (socket), or the events of a catch-up (``GET /events?after``)
to that stale board must give exactly the board a fresh fetch gives. The
``Board`` below applies events the way the pages do (static/js).
"""

from __future__ import annotations

import copy
import json

import pytest

from .helpers import ORGANISER, bearer, card_body, create_workshop, join

PRIVATE = "Ring til Karin på 12 34 56 78"


class Board:
    """A client's board: the keys of a fresh fetch that events change, kept by id."""

    def __init__(self, state: dict, own_participant: str | None, moderates: bool):
        """Start from a fetched state (or an empty one)."""
        self.own, self.moderates = own_participant, moderates
        self.cards = {c["id"]: c for c in state.get("cards", [])}
        self.comments = {c["id"]: c for c in state.get("comments", [])}
        self.links = {link["id"]: link for link in state.get("links", [])}
        self.themes = [(t["id"], t["title"]) for t in state.get("themes", [])]
        self.settings = {key: state.get(key) for key in ("state", "support_cap", "premoderation",
                                                          "timer", "spotlight_card_id", "title",
                                                          "organiser_name", "place", "wifi_name")}
        me = state.get("me") or {}
        self.commitments = {c["card_id"]: _public_commitment(c)
                            for c in me.get("commitments", [])}

    def sees(self, item: dict) -> bool:
        """True if this viewer keeps a card or comment of this state (the pages' rule)."""
        if self.moderates:
            return True
        if item.get("hidden"):
            return False
        return not item.get("pending") or (item.get("author") or {}).get(
            "participant_id") == self.own

    def apply(self, event: dict) -> None:
        """Apply one event as the pages do."""
        kind, data = event["type"], event["data"]
        if kind in ("card.created", "card.updated", "card.hidden", "card.restored",
                    "card.approved"):
            self._put_card(data)
        elif kind == "card.deleted":
            self.cards.pop(data["id"], None)
        elif kind == "card.merged":
            self.cards.pop(data["id"], None)
            if data.get("card"):
                self._put_card(data["card"])
        elif kind in ("card.supported", "card.committed"):
            key = "supports" if kind == "card.supported" else "commitments"
            if data["card_id"] in self.cards:
                self.cards[data["card_id"]][key] = data[key]
        elif kind.startswith("comment."):
            comment = {k: v for k, v in data.items() if k != "card_comments"}
            if kind == "comment.hidden" and "text" not in data:
                # Live, it carries ids only: a moderator marks its copy, the others drop it.
                comment = {**self.comments.get(data["id"], comment), "hidden": True}
            if kind != "comment.deleted" and self.sees(comment):
                self.comments[data["id"]] = comment
            else:
                self.comments.pop(data["id"], None)
            if data["card_id"] in self.cards:
                self.cards[data["card_id"]]["comments"] = data["card_comments"]
        elif kind == "link.created":
            self.links[data["id"]] = data
        elif kind == "link.deleted":
            self.links.pop(data["id"], None)
        elif kind == "commitment.updated" and data["participant_id"] == self.own:
            self.commitments[data["card_id"]] = _public_commitment(data)
        elif kind == "commitment.deleted" and data["participant_id"] == self.own:
            self.commitments.pop(data["card_id"], None)
        elif kind in ("theme.created", "theme.updated"):
            known = dict(self.themes)
            known[data["id"]] = data["title"]
            order = [i for i, _ in self.themes] + ([data["id"]] if data["id"] not in
                                                   dict(self.themes) else [])
            self.themes = [(i, known[i]) for i in order]
        elif kind == "themes.reordered":
            self.themes = [(t["id"], t["title"]) for t in data["themes"]]
        elif kind == "workshop.updated":
            self.settings.update({k: v for k, v in data.items() if k in self.settings})
        elif kind == "workshop.spotlight":
            self.settings["spotlight_card_id"] = data["card_id"]
        elif kind == "timer.started":
            self.settings["timer"] = {"ends_at": data["ends_at"], "label": data.get("label")}
        elif kind == "timer.stopped":
            self.settings["timer"] = None

    def _put_card(self, card: dict) -> None:
        """Keep a card the viewer sees, drop one it does not."""
        if self.sees(card):
            self.cards[card["id"]] = card
        else:
            self.cards.pop(card["id"], None)

    def view(self) -> dict:
        """Return what the viewer shows: comments and links only on cards it has."""
        cards = self.cards
        settings = dict(self.settings)
        if settings["spotlight_card_id"] not in cards:
            settings["spotlight_card_id"] = None  # nothing to show big
        return {
            "cards": cards,
            "comments": {i: c for i, c in self.comments.items() if c["card_id"] in cards},
            "links": {i: link for i, link in self.links.items()
                      if link["actor_card_id"] in cards and link["target_card_id"] in cards},
            "themes": self.themes,
            "settings": settings,
            "commitments": {i: c for i, c in self.commitments.items() if i in cards},
        }


def _public_commitment(commitment: dict) -> dict:
    """A commitment as both the state and the events show it to its owner (no contact)."""
    return {"card_id": commitment["card_id"], "name": commitment.get("name"),
            "consent": commitment.get("consent")}


class Viewer:
    """One screen of the workshop: its token, its view, its socket."""

    def __init__(self, name, client, socket_factory, workshop, token, participant_id=None,
                 moderates=False, projector=False):
        """Remember who this is."""
        self.name, self.client, self.socket_factory = name, client, socket_factory
        self.workshop, self.token = workshop, token
        self.participant_id, self.moderates, self.projector = participant_id, moderates, projector
        self.base = f"/api/v1/workshops/{workshop['id']}"

    def fetch(self) -> dict:
        """GET the whole board as this viewer."""
        query = "?view=projector" if self.projector else ""
        response = self.client.get(self.base + query, headers=bearer(self.token))
        assert response.status_code == 200
        return response.get_json()

    def board(self, state: dict) -> Board:
        """Return this viewer's board from a state."""
        return Board(state, self.participant_id, self.moderates and not self.projector)

    def listen(self, last_seq: int):
        """Open a live socket from ``last_seq``."""
        extra = {"view": "projector"} if self.projector else {}
        return self.socket_factory(self.workshop["id"], self.token, last_seq, **extra)

    def caught_up(self, after: int) -> list[dict]:
        """GET the events after ``after``, every page."""
        events = []
        while True:
            query = f"/events?after={after}" + ("&view=projector" if self.projector else "")
            body = self.client.get(self.base + query, headers=bearer(self.token)).get_json()
            events += body["events"]
            if not body.get("has_more"):
                return events
            after = body["events"][-1]["seq"]


@pytest.fixture
def room(app, client, socket_client_factory):
    """A workshop with two phones, the facilitator and the projector."""
    # verify_action catches up hundreds of times a minute; the limit has its own tests.
    app.extensions["openspace.ratelimits"].enabled = False
    workshop = create_workshop(client)
    ida = join(client, workshop, name="Ida")
    bo = join(client, workshop, name="Bo")
    fac = workshop["facilitator_token"]
    viewers = [
        Viewer("ida", client, socket_client_factory, workshop, ida["token"],
               ida["participant_id"]),
        Viewer("bo", client, socket_client_factory, workshop, bo["token"], bo["participant_id"]),
        Viewer("facilitator", client, socket_client_factory, workshop, fac, moderates=True),
        Viewer("projector", client, socket_client_factory, workshop, fac, moderates=True,
               projector=True),
    ]
    return {"workshop": workshop, "ida": ida["token"], "bo": bo["token"], "fac": fac,
            "viewers": viewers, "client": client, "base": f"/api/v1/workshops/{workshop['id']}"}


def verify_action(room, action) -> dict:
    """Run ``action``; check live, catch-up and from-zero boards of every viewer.

    Returns the events each viewer caught up with (by name), for extra checks.
    """
    before = {}
    for viewer in room["viewers"]:
        state = viewer.fetch()
        socket = viewer.listen(state["seq"])
        socket.get_received()  # the connect's own messages
        before[viewer.name] = (state, socket)
    action()
    caught = {}
    for viewer in room["viewers"]:
        stale, socket = before[viewer.name]
        fresh = viewer.board(viewer.fetch()).view()
        live = viewer.board(copy.deepcopy(stale))
        for message in socket.get_received():
            if message["name"] == "event":
                live.apply(message["args"][0])
        assert live.view() == fresh, f"live events for {viewer.name}"
        events = viewer.caught_up(stale["seq"])
        caught_up = viewer.board(copy.deepcopy(stale))
        for event in events:
            caught_up.apply(event)
        assert caught_up.view() == fresh, f"catch-up for {viewer.name}"
        from_zero = viewer.board({"themes": stale["themes"]})
        for event in viewer.caught_up(0):
            from_zero.apply(event)
        from_zero.themes = fresh["themes"] if not from_zero.themes else from_zero.themes
        assert from_zero.view()["cards"] == fresh["cards"], f"from zero for {viewer.name}"
        assert from_zero.view()["comments"] == fresh["comments"], f"from zero for {viewer.name}"
        assert from_zero.view()["links"] == fresh["links"], f"from zero for {viewer.name}"
        caught[viewer.name] = events
        socket.disconnect()
    return caught


def call(room, method, path, token_name, body=None, status=(200, 201)):
    """Call the API as ``token_name``; return the JSON answer."""
    token = ORGANISER if token_name == "organiser" else bearer(room[token_name])
    response = getattr(room["client"], method)(room["base"] + path, json=body, headers=token)
    assert response.status_code in status, response.get_json()
    return response.get_json()


def post(room, who, client_id, text="Fællesspisning", kind="idea", theme=0):
    """Post a card as ``who``; return it."""
    return call(room, "post", "/cards", who,
                card_body(room["workshop"], client_id, text=text, kind=kind, theme=theme))


def test_card_events_verify(room):
    """card.created, card.updated (edit, pin), card.hidden, card.restored, card.approved."""
    card = {}
    verify_action(room, lambda: card.update(post(room, "ida", "c1", PRIVATE)))
    cid = card["id"]
    caught = verify_action(room, lambda: call(room, "patch", f"/cards/{cid}", "ida",
                                              {"text": "Fællesspisning hver torsdag"}))
    # The replaced text is never sent again, neither live nor on catch-up from 0.
    for viewer in room["viewers"]:
        assert PRIVATE not in json.dumps(viewer.caught_up(0), ensure_ascii=False)
    assert caught["bo"][0]["type"] == "card.updated"
    verify_action(room, lambda: call(room, "post", f"/cards/{cid}/pin", "fac"))
    caught = verify_action(room, lambda: call(room, "post", f"/cards/{cid}/hide", "fac"))
    # A hidden card is a tombstone for the phones and the wall: its text does not leave.
    for name in ("ida", "bo", "projector"):
        assert "Fællesspisning" not in json.dumps(
            next(v for v in room["viewers"] if v.name == name).caught_up(0), ensure_ascii=False)
    assert caught["bo"] == [{"seq": caught["bo"][0]["seq"], "type": "card.deleted",
                             "data": {"id": cid, "tombstone": True}}]
    verify_action(room, lambda: call(room, "post", f"/cards/{cid}/restore", "fac"))
    call(room, "patch", "/settings", "fac", {"premoderation": True})
    waiting = {}
    verify_action(room, lambda: waiting.update(post(room, "bo", "c2", "Gåtur om søndagen")))
    verify_action(room, lambda: call(room, "post", f"/cards/{waiting['id']}/approve", "fac"))
    other = post(room, "bo", "c3", "Brætspil på biblioteket")
    verify_action(room, lambda: call(room, "post", f"/cards/{other['id']}/hide", "fac"))


def test_support_commitment_and_merge_events_verify(room):
    """card.supported, card.committed, commitment.updated/deleted, card.merged, spotlight."""
    initiative = post(room, "ida", "i1", "Lektiecafé", kind="initiative")
    twin = post(room, "bo", "i2", "Lektiecafe i biblioteket", kind="initiative")
    iid = initiative["id"]
    verify_action(room, lambda: call(room, "put", f"/cards/{iid}/support", "bo", {}))
    verify_action(room, lambda: call(room, "delete", f"/cards/{iid}/support", "bo"))
    verify_action(room, lambda: call(room, "put", f"/cards/{iid}/support", "bo", {}))
    verify_action(room, lambda: call(room, "put", f"/cards/{iid}/commitment", "bo",
                                     {"name": "Bo fra FDF", "contact": "bo@example.dk",
                                      "consent": True}))
    caught = verify_action(room, lambda: call(room, "put", f"/cards/{iid}/commitment", "bo",
                                              {"name": None, "consent": False}))
    # A name taken back is gone from every catch-up, also the old events'.
    for viewer in room["viewers"]:
        assert "Bo fra FDF" not in json.dumps(viewer.caught_up(0), ensure_ascii=False)
    assert all("bo@example.dk" not in json.dumps(events) for events in caught.values())
    verify_action(room, lambda: call(room, "delete", f"/cards/{iid}/commitment", "bo"))
    verify_action(room, lambda: call(room, "put", f"/cards/{iid}/commitment", "bo",
                                     {"consent": False}))
    verify_action(room, lambda: call(room, "put", "/spotlight", "fac", {"card_id": twin["id"]}))
    verify_action(room, lambda: call(room, "post", f"/cards/{twin['id']}/merge", "fac",
                                     {"into": iid}))
    verify_action(room, lambda: call(room, "put", "/spotlight", "fac", {"card_id": None}))


def test_comment_and_link_events_verify(room):
    """comment.created/hidden/restored/approved/deleted, link.created/deleted."""
    initiative = post(room, "ida", "i1", "Lektiecafé", kind="initiative")
    actor = post(room, "bo", "a1", "Ungdomsskolen", kind="actor")
    iid = initiative["id"]
    comment = {}
    verify_action(room, lambda: comment.update(call(
        room, "post", f"/cards/{iid}/comments", "bo", {"client_id": "m1",
                                                        "text": "Hvornår?"})))
    mid = comment["id"]
    verify_action(room, lambda: call(room, "post", f"/comments/{mid}/hide", "fac"))
    verify_action(room, lambda: call(room, "post", f"/comments/{mid}/restore", "fac"))
    call(room, "patch", "/settings", "fac", {"premoderation": True})
    waiting = {}
    verify_action(room, lambda: waiting.update(call(
        room, "post", f"/cards/{iid}/comments", "ida", {"client_id": "m2", "text": "Hvor?"})))
    verify_action(room, lambda: call(room, "post", f"/comments/{waiting['id']}/approve", "fac"))
    verify_action(room, lambda: call(room, "delete", f"/comments/{mid}", "bo"))
    link = {}
    verify_action(room, lambda: link.update(call(
        room, "post", "/links", "bo", {"actor_card_id": actor["id"], "target_card_id": iid})))
    verify_action(room, lambda: call(room, "delete", f"/links/{link['id']}", "bo"))
    call(room, "post", "/links", "bo", {"actor_card_id": actor["id"], "target_card_id": iid})
    verify_action(room, lambda: call(room, "post", f"/cards/{actor['id']}/hide", "fac"))


def test_workshop_theme_and_timer_events_verify(room):
    """workshop.updated (settings, lock), theme.created/updated, themes.reordered, timers."""
    verify_action(room, lambda: call(room, "patch", "/settings", "fac", {"support_cap": 3}))
    verify_action(room, lambda: call(room, "post", "/lock", "fac"))
    verify_action(room, lambda: call(room, "post", "/unlock", "fac"))
    theme = {}
    verify_action(room, lambda: theme.update(call(room, "post", "/themes", "fac",
                                                  {"title": "Foreningsliv"})))
    verify_action(room, lambda: call(room, "patch", f"/themes/{theme['id']}", "fac",
                                     {"title": "Foreninger"}))
    order = [t["id"] for t in room["viewers"][2].fetch()["themes"]][::-1]
    verify_action(room, lambda: call(room, "put", "/themes/order", "fac", {"theme_ids": order}))
    verify_action(room, lambda: call(room, "put", "/timer", "fac",
                                     {"minutes": 5, "label": "Stille skrivning"}))
    verify_action(room, lambda: call(room, "delete", "/timer", "fac"))
    verify_action(room, lambda: call(room, "post", "/plenaries", "fac", {}))


def test_the_organisers_edit_of_the_days_details_verifies(room):
    """workshop.updated from the organiser's edit carries the title and the day's details."""
    verify_action(room, lambda: call(room, "patch", "", "organiser", {
        "title": "Unge i Lejre", "organiser_name": "Lejre Kommune",
        "place": "Hvalsø Bibliotek", "wifi_name": "Lejre-Gæst"}))
    assert room["viewers"][2].fetch()["wifi_name"] == "Lejre-Gæst"
    # New times given in local time: the answer (and the event) say what a fresh read says.
    answer = call(room, "patch", "", "organiser", {"day_starts_at": "2030-06-03T09:00",
                                                   "day_ends_at": "2030-06-03T16:00"})
    fresh = room["viewers"][2].fetch()
    for key in ("day_starts_at", "day_ends_at", "plenary_times", "next_plenary_at"):
        assert answer[key] == fresh[key], key


def test_deletions_verify_and_leave_nothing_to_catch_up(room):
    """card.deleted (own card, delete me) leaves tombstones only, for every viewer."""
    own = post(room, "bo", "b1", PRIVATE)
    post(room, "bo", "b2", "Bo's anden idé")
    kept = post(room, "ida", "i1", "Lektiecafé", kind="initiative")
    call(room, "post", f"/cards/{kept['id']}/comments", "bo", {"client_id": "m1",
                                                              "text": "Bo spørger"})
    call(room, "put", f"/cards/{kept['id']}/support", "bo", {})
    verify_action(room, lambda: call(room, "delete", f"/participants/me/cards/{own['id']}",
                                     "bo"))
    room["viewers"] = [v for v in room["viewers"] if v.name != "bo"]
    verify_action(room, lambda: call(room, "delete", "/participants/me", "bo"))
    for viewer in room["viewers"]:
        log = json.dumps(viewer.caught_up(0), ensure_ascii=False)
        assert PRIVATE not in log and "Bo spørger" not in log and "anden idé" not in log
