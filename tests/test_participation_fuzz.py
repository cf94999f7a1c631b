"""Random input on every endpoint of the participant toolkit: always a contract answer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .helpers import bearer, card_body, set_settings
from .test_fuzz import FUZZ, World, bodies, check_answer, segment, send, shaped, words

W = "/api/v1/workshops/{w}"
ENDPOINTS = [
    # (name, method, path template, body shape); {c} a card, {x} a comment, {l} a link
    ("edit card", "PATCH", W + "/cards/{c}", "edit"),
    ("support", "PUT", W + "/cards/{c}/support", None),
    ("take support back", "DELETE", W + "/cards/{c}/support", None),
    ("count me in", "PUT", W + "/cards/{i}/commitment", "commitment"),
    ("withdraw", "DELETE", W + "/cards/{i}/commitment", None),
    ("list commitments", "GET", W + "/cards/{i}/commitments", None),
    ("comment", "POST", W + "/cards/{c}/comments", "comment"),
    ("delete comment", "DELETE", W + "/comments/{x}", None),
    ("hide comment", "POST", W + "/comments/{x}/hide", None),
    ("approve comment", "POST", W + "/comments/{x}/approve", None),
    ("link", "POST", W + "/links", "link"),
    ("delete link", "DELETE", W + "/links/{l}", None),
    ("delete card", "DELETE", W + "/cards/{d}", None),
    ("goals", "GET", "/api/v1/sdgs", None),
]


class ToolkitWorld(World):
    """The fuzz world plus an initiative, an actor, a comment, a link and a support cap."""

    def __init__(self, app, client, database):
        """Add the things the toolkit's endpoints act on."""
        super().__init__(app, client)
        fac = bearer(self.workshop["facilitator_token"])
        base = f"/api/v1/workshops/{self.workshop['id']}"
        post = lambda path, body: client.post(base + path, json=body, headers=fac).get_json()  # noqa: E731
        self.initiative = post("/cards", card_body(self.workshop, "fz-i", kind="initiative"))
        self.actor = post("/cards", card_body(self.workshop, "fz-a", kind="actor"))
        self.doomed = post("/cards", card_body(self.workshop, "fz-d"))
        self.comment = post(f"/cards/{self.card['id']}/comments", {"client_id": "fz-k",
                                                                    "text": "Hvornår?"})
        self.link = post("/links", {"actor_card_id": self.actor["id"],
                                    "target_card_id": self.initiative["id"]})
        set_settings(database, self.workshop["id"], support_cap=1)

    def card_ids(self) -> st.SearchStrategy:
        """This workshop's cards, the other's, or any text."""
        known = st.sampled_from([self.card["id"], self.initiative["id"], self.actor["id"],
                                 self.other_card["id"]])
        return st.one_of(known, known, st.text(min_size=1, max_size=20))

    def toolkit_shapes(self) -> dict:
        """The body shapes of the toolkit's endpoints."""
        ids = st.sampled_from([self.card["id"], self.initiative["id"], self.actor["id"],
                               self.other_card["id"]])
        return {
            "edit": shaped({}, {"text": words(max_size=520), "sdgs": st.lists(
                st.integers(-2, 20), max_size=7), "organisation": words(max_size=210),
                "kind": st.sampled_from(["idea", "actor", "song"]),
                "theme_id": st.sampled_from([t["id"] for t in self.workshop["themes"]])}),
            "commitment": shaped({"consent": st.booleans()}, {
                "name": words(max_size=90), "contact": words(max_size=210)}),
            "comment": shaped({"client_id": words(min_size=1, max_size=70),
                               "text": words(min_size=1, max_size=520)}),
            "link": shaped({"actor_card_id": ids, "target_card_id": ids}),
        }


@pytest.fixture
def toolkit_world(app, client, db):
    """The fuzz world with the toolkit's things in it."""
    return ToolkitWorld(app, client, db)


@pytest.mark.parametrize("name,method,template,shape", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_toolkit_endpoint_answers_random_input_with_a_contract_answer(
        toolkit_world, name, method, template, shape):
    world = toolkit_world
    shapes = world.toolkit_shapes()
    own = {"w": world.workshop["id"], "c": world.card["id"], "i": world.initiative["id"],
           "x": world.comment["id"], "l": world.link["id"], "d": world.doomed["id"]}

    @FUZZ
    @given(data=st.data())
    def attempt(data):
        world.reset_limits()
        if data.draw(st.booleans(), "right caller and path"):
            token = data.draw(st.sampled_from(world.own_tokens), "token")
            path = template.format(**own)
        else:
            token = data.draw(world.tokens(), "token")
            path = template.format(
                w=segment(data.draw(world.workshop_ids(), "workshop")),
                **{key: segment(data.draw(world.card_ids(), key))
                   for key in "cixld"})
        body = data.draw(bodies(shapes.get(shape)), "body")
        check_answer(send(world.client, method, path, token, body), path)

    attempt()
    world.assert_still_serving()
