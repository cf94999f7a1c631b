"""Property-based tests (hypothesis): random input at every HTTP endpoint and at Socket.IO.

Through the Flask test client and Flask-SocketIO's test client (no real server).
The properties, for any input:

* HTTP: never a 5xx; every 4xx under ``/api/`` is exactly the contract's error
  JSON ``{"error": {"code", "message", "field"?}}`` with a documented code;
* ``card:create``: the acknowledgement is ``{"ok": true, "card"}`` (and the card
  is broadcast once, only when it is new) or ``{"ok": false, "error"}``;
* connect ``auth``: accepted exactly when it names a workshop and a token of
  it with a valid ``last_seq``, refused otherwise, never an exception;
* afterwards the app still serves: ``/healthz`` answers 200 and a valid card posts.

The random strings include lone UTF-16 surrogates (sent as ``\\udXXX`` JSON
escapes) and the raw bodies include JSON nested thousands deep: both used to
give 500s. Regression tests for each input class that broke once follow the
random ones.

Run with ``-s`` to see how many inputs were tried.
"""

from __future__ import annotations

import json
import string
from collections import Counter
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openspace.extensions import socketio

from .helpers import (
    ORGANISER,
    ORGANISER_TOKEN,
    bearer,
    card_body,
    create_workshop,
    join,
    socket_events,
)

#: docs/API.md, "Errors": every code the API may answer with.
ERROR_CODES = {
    "bad_request", "unauthorized", "forbidden", "not_found", "method_not_allowed", "conflict",
    "too_large", "workshop_locked", "rate_limited", "unavailable", "internal",
    "support_cap_reached",
}
ERROR_STATUS = {
    "bad_request": 400, "unauthorized": 401, "forbidden": 403, "not_found": 404,
    "method_not_allowed": 405, "conflict": 409, "too_large": 413, "workshop_locked": 423,
    "rate_limited": 429, "support_cap_reached": 409,
}
CARD_KEYS = {"id", "client_id", "kind", "theme_id", "text", "author", "created_at", "seq",
             "hidden", "pending", "pinned", "origin", "organisation", "sdgs", "edited_at",
             "supports", "commitments", "comments", "carried_from"}

FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,  # nothing written into the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much],
)

TRIED: Counter[str] = Counter()
OUTCOMES: Counter[str] = Counter()  # HTTP statuses and acknowledgement codes seen


@pytest.fixture(scope="module", autouse=True)
def report_inputs_tried():
    """Print how many random inputs the module tried (visible with ``pytest -s``)."""
    yield
    detail = ", ".join(f"{name} {count}" for name, count in sorted(TRIED.items()))
    print(f"\n[fuzz] {sum(TRIED.values())} inputs tried in total: {detail}")
    print(f"[fuzz] answers: {dict(sorted(OUTCOMES.items()))}")


# --- strategies -----------------------------------------------------------------------------

# Any text, now and then with a lone surrogate (valid in JSON as an escape, not in UTF-8).
characters = st.one_of([st.characters()] * 9 + [st.characters(categories=["Cs"])])
any_text = st.text(characters, max_size=30)
scalars = st.none() | st.booleans() | st.integers() | st.floats() | any_text
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(characters, max_size=12), children, max_size=4),
    max_leaves=12,
)
texts = st.text(characters, max_size=40) | st.text(max_size=600) | st.sampled_from(
    ["", " ", "\n\t ", "\x00", "a\x00b", "x" * 500, " x" * 300, "é" * 501, "<script>", "💡" * 3,
     "\ud83d", "a\udca1b", "💡"[0] * 3]
)


def words(**bounds) -> st.SearchStrategy:
    """Text for a body field; now and then with a lone surrogate."""
    return st.text(characters, **bounds)


printable = st.text(alphabet=string.printable.strip() + " ", max_size=40)


wild = st.one_of(texts, json_values)


def shaped(required: dict, optional: dict | None = None) -> st.SearchStrategy:
    """A dict shaped like a real body, from plausible values per field (``required``, ``optional``).

    Either every field random (plausible, any text or any JSON value; each maybe
    missing), or a near-valid body: plausible values with up to two fields
    replaced by anything or dropped, and unknown keys added.
    """
    optional = optional or {}
    every = {**required, **optional}
    random_fields = st.fixed_dictionaries(
        {}, optional={key: st.one_of(value, wild) for key, value in every.items()}
    )

    @st.composite
    def near_valid(draw) -> dict:
        """A plausible body with a few fields spoiled."""
        body = draw(st.fixed_dictionaries(required, optional=optional))
        for key in draw(st.lists(st.sampled_from(sorted(every)), max_size=2, unique=True)):
            if draw(st.booleans()):
                body[key] = draw(wild)
            else:
                body.pop(key, None)
        extra = draw(st.dictionaries(st.text(max_size=8), json_values, max_size=2))
        return {**extra, **body}

    return st.one_of(random_fields, near_valid(), near_valid())


def nested(depth: int, opening: str) -> bytes:
    """JSON nested ``depth`` deep: ``[[[…]]]`` or ``{"a":{"a":…}}``."""
    closing = "]" if opening == "[" else "}"
    return (opening * depth + "1" + closing * depth).encode()


def bodies(shape: st.SearchStrategy | None = None) -> st.SearchStrategy:
    """A request body: ("json", value), ("raw", bytes, content type) or ("none",).

    JSON bodies are encoded with ASCII escapes, so lone surrogates travel as ``\\ud800``.
    With a ``shape`` (the endpoint's body), half of the bodies are shaped like it.
    """
    raw = st.tuples(
        st.just("raw"),
        st.binary(max_size=200) | printable.map(str.encode)
        | st.builds(nested, st.integers(1, 30_000), st.sampled_from(["[", '{"a":'])),
        st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded",
                         None]),
    )
    options = [st.tuples(st.just("json"), json_values), raw, st.just(("none",))]
    if shape is not None:
        options += [st.tuples(st.just("json"), shape)] * 3
    return st.one_of(*options)


# --- the world each test runs in -------------------------------------------------------------


class World:
    """Two workshops with a facilitator, a participant and a card each; their tokens."""

    def __init__(self, app, client):
        """Create the workshops through the API."""
        self.app, self.client = app, client
        self.workshop = create_workshop(client)
        self.other = create_workshop(client, title="Et andet værksted", language="en")
        self.participant = join(client, self.workshop, "Sofie")
        self.stranger = join(client, self.other)
        self.card = self.post_valid("world-card")
        other_card = client.post(f"/api/v1/workshops/{self.other['id']}/cards",
                                 json=card_body(self.other, "other-card"),
                                 headers=bearer(self.other["facilitator_token"]))
        assert other_card.status_code == 201
        self.other_card = other_card.get_json()
        self.valid_posts = 1
        self.own_tokens = [ORGANISER_TOKEN, self.workshop["facilitator_token"],
                           self.participant["token"]]

    def known_tokens(self) -> st.SearchStrategy:
        """The organiser's, both facilitators' and both participants' tokens."""
        return st.sampled_from([ORGANISER_TOKEN, self.workshop["facilitator_token"],
                                self.participant["token"], self.other["facilitator_token"],
                                self.stranger["token"]])

    def tokens(self) -> st.SearchStrategy:
        """Every kind of caller: none, each role, a foreign one, made-up and malformed ones."""
        return st.one_of(st.none(), self.known_tokens(), self.known_tokens(), printable)

    def workshop_ids(self) -> st.SearchStrategy:
        """Mostly this workshop or the other one; sometimes any text."""
        known = st.sampled_from([self.workshop["id"], self.other["id"]])
        return st.one_of(known, known, known, st.text(min_size=1, max_size=20))

    def card_ids(self) -> st.SearchStrategy:
        """Mostly this workshop's card or the other's; sometimes any text."""
        known = st.sampled_from([self.card["id"], self.other_card["id"]])
        return st.one_of(known, known, known, st.text(min_size=1, max_size=20))

    def plenary_numbers(self) -> st.SearchStrategy:
        """A plenary number in a path: small, huge, or not a number at all."""
        return st.one_of(st.integers(0, 5).map(str), st.integers(0, 2**63 - 1).map(str),
                         st.integers(2**63, 10**30).map(str), st.text(min_size=1, max_size=8))

    def card_shape(self) -> st.SearchStrategy:
        """A card:create body with random values per field."""
        themes = [t["id"] for t in self.workshop["themes"] + self.other["themes"]]
        return shaped({
            "client_id": words(min_size=1, max_size=70)
            | st.sampled_from(["world-card", "other-card"]),
            "kind": st.sampled_from(["idea", "actor", "initiative", "IDEA", "song"]),
            "theme_id": st.sampled_from(themes),
            "text": words(min_size=1, max_size=80) | texts,
        })

    def shapes(self) -> dict[str, st.SearchStrategy]:
        """The body shapes of each endpoint."""
        code = self.workshop["join_code"]
        return {
            "workshop": shaped(
                {"title": words(min_size=1, max_size=210),
                 "themes": st.lists(texts, max_size=32) | st.lists(words(), min_size=1)},
                {"vision": words(max_size=5100),
                 "language": st.sampled_from(["da", "en", "de", "DA"]),
                 "plenary_every_minutes": st.integers(-10, 2000)},
            ),
            "join": shaped(
                {"join_code": st.sampled_from([code, code.lower(), f"{code[:4]}-{code[4:]}",
                                               self.other["join_code"]])},
                {"name": words(max_size=90)},
            ),
            "name": shaped({"name": words(max_size=90) | st.none()}),
            "workshop update": shaped({}, {
                "title": words(min_size=1, max_size=210),
                "vision": words(max_size=5100),
                "plenary_every_minutes": st.integers(-10, 2000),
                "timezone": st.sampled_from(["Europe/Copenhagen", "UTC", "Mars/Olympus",
                                             "../../etc/passwd", "/etc/localtime", "Europe/",
                                             ".", "zone.tab", "posixrules", ""]),
                "day_starts_at": st.sampled_from(["2026-11-22T09:00", "2026-11-22T09:00+01:00",
                                                  "09:00", "2026-13-40T25:61", "x" * 41]),
                "day_ends_at": st.sampled_from(["2026-11-22T16:00", "2026-11-22T08:00",
                                                "2026-11-22T16:00Z", "9999-12-31T23:59"]),
            }),
            "note": shaped({}, {"note": words(max_size=5100)}),
            "card": self.card_shape(),
        }

    def reset_limits(self) -> None:
        """Forget rate-limit counts: each input is judged on its own, not on the ones before."""
        self.app.extensions["openspace.ratelimits"].reset()

    def post_valid(self, client_id: str) -> dict:
        """Post a valid card as the participant; return it."""
        self.reset_limits()
        answer = self.client.post(f"/api/v1/workshops/{self.workshop['id']}/cards",
                                  json=card_body(self.workshop, client_id),
                                  headers=bearer(self.participant["token"]))
        assert answer.status_code == 201, answer.get_json()
        return answer.get_json()

    def assert_still_serving(self) -> None:
        """The app answers /healthz and stores a valid card after the random input."""
        assert self.client.get("/healthz").status_code == 200
        self.reset_limits()
        # A random input may have locked the board or renamed Sofie: open it, post anew.
        self.client.post(f"/api/v1/workshops/{self.workshop['id']}/unlock",
                         headers=bearer(self.workshop["facilitator_token"]))
        self.valid_posts += 1
        self.post_valid(f"after-fuzz-{self.valid_posts}")
        events = self.client.get(f"/api/v1/workshops/{self.workshop['id']}/events?after=0",
                                 headers=ORGANISER).get_json()["events"]
        assert [e["seq"] for e in events] == list(range(1, len(events) + 1))


@pytest.fixture
def world(app, client):
    """Two workshops, their tokens and cards."""
    return World(app, client)


# --- HTTP ------------------------------------------------------------------------------------


def send(client, method: str, path: str, token, body, query=None, headers=None):
    """Send one request with a body as drawn by :func:`bodies`."""
    headers = dict(headers or {})
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    options = {"method": method, "headers": headers, "query_string": query}
    if body[0] == "json":
        options["data"] = json.dumps(body[1], ensure_ascii=True)
        options["content_type"] = "application/json"
    elif body[0] == "raw":
        options["data"] = body[1]
        if body[2]:
            options["content_type"] = body[2]
    return client.open(path, **options)


def check_answer(response, path: str, record: bool = True) -> None:
    """Never a 5xx; an error under /api/ is exactly the contract's shape."""
    if record:
        OUTCOMES[f"http {response.status_code}"] += 1
    assert response.status_code < 500, (response.status_code, response.get_data()[:300])
    if response.status_code < 400 or not path.startswith("/api/"):
        return
    assert response.mimetype == "application/json", response.get_data()[:200]
    body = json.loads(response.get_data())
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert isinstance(error, dict) and set(error) <= {"code", "message", "field"}, error
    assert error["code"] in ERROR_CODES, error
    assert ERROR_STATUS.get(error["code"]) == response.status_code, (response.status_code, error)
    assert isinstance(error["message"], str) and error["message"].strip(), error
    assert isinstance(error.get("field", ""), str), error


def segment(text: str) -> str:
    """Quote ``text`` as one path segment (dots too, so nothing is resolved away)."""
    return quote(text, safe="").replace(".", "%2E")


ENDPOINTS = [
    # (name, method, path template, body shape)
    ("create workshop", "POST", "/api/v1/workshops", "workshop"),
    ("list workshops", "GET", "/api/v1/workshops", None),
    ("get workshop", "GET", "/api/v1/workshops/{w}", None),
    ("join", "POST", "/api/v1/workshops/{w}/participants", "join"),
    ("rename", "PATCH", "/api/v1/workshops/{w}/participants/me", "name"),
    ("post card", "POST", "/api/v1/workshops/{w}/cards", "card"),
    ("hide", "POST", "/api/v1/workshops/{w}/cards/{c}/hide", None),
    ("restore", "POST", "/api/v1/workshops/{w}/cards/{c}/restore", None),
    ("lock", "POST", "/api/v1/workshops/{w}/lock", None),
    ("unlock", "POST", "/api/v1/workshops/{w}/unlock", None),
    ("events", "GET", "/api/v1/workshops/{w}/events", None),
    # Not yet in docs/API.md, in the code (a07a812): the organiser's edit, the plenaries.
    ("update workshop", "PATCH", "/api/v1/workshops/{w}", "workshop update"),
    ("list plenaries", "GET", "/api/v1/workshops/{w}/plenaries", None),
    ("get plenary", "GET", "/api/v1/workshops/{w}/plenaries/{n}", None),
    ("plenary note", "PATCH", "/api/v1/workshops/{w}/plenaries/{n}", "note"),
    ("plenary pdf", "GET", "/api/v1/workshops/{w}/plenaries/{n}.pdf", None),
    ("own data", "GET", "/api/v1/workshops/{w}/participants/me/data", None),
]
# DELETE is a real action on these paths (deleting the workshop, a participant deleting
# themselves, issue 8), so the fuzzer does not send it there as a wrong method.
REAL_DELETES = {"/api/v1/workshops/{w}", "/api/v1/workshops/{w}/participants/me"}


@pytest.mark.parametrize("name,method,template,shape", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_http_endpoint_answers_random_input_with_a_contract_answer(world, name, method,
                                                                   template, shape):
    shapes = world.shapes()

    @FUZZ
    @given(data=st.data())
    def attempt(data):
        world.reset_limits()
        if data.draw(st.booleans(), "right caller and path"):
            # Half the inputs: a caller of this workshop on its real path; only the body
            # (and query, headers) are random, so the happy paths are reached too.
            token = data.draw(st.sampled_from(world.own_tokens), "token")
            path = template.format(w=world.workshop["id"], c=world.card["id"],
                                   n=segment(data.draw(world.plenary_numbers(), "plenary")))
        else:
            token = data.draw(world.tokens(), "token")
            path = template.format(w=segment(data.draw(world.workshop_ids(), "workshop")),
                                   c=segment(data.draw(world.card_ids(), "card")),
                                   n=segment(data.draw(world.plenary_numbers(), "plenary")))
        body = data.draw(bodies(shapes.get(shape)), "body")
        query = data.draw(st.dictionaries(st.sampled_from(["after", "limit", "lang", "x"]),
                                          st.text(max_size=15), max_size=3), "query")
        headers = data.draw(st.fixed_dictionaries({}, optional={
            "Accept-Language": printable, "Cookie": printable.map(lambda v: f"openspace_lang={v}"),
        }), "headers")
        # A body wrongly sent with the wrong method, sometimes: GET with a body, DELETE.
        wrong = ["PUT"] if template in REAL_DELETES else ["DELETE", "PUT"]
        method_used = data.draw(st.sampled_from([method] * 8 + wrong), "method")
        TRIED[f"http {name}"] += 1
        check_answer(send(world.client, method_used, path, token, body, query, headers), path)

    attempt()
    world.assert_still_serving()


def test_events_after_any_text_is_a_page_or_bad_request(world):
    base = f"/api/v1/workshops/{world.workshop['id']}/events"
    # Hundreds of catch-ups a second: the catch-up limit has its own test.
    world.app.extensions["openspace.ratelimits"].enabled = False

    # Digits of every script: '²' and '١' are str.isdigit() but not what ?after= means.
    numbers = st.text(st.characters(categories=["Nd", "Nl", "No"]), min_size=1, max_size=6)

    @FUZZ
    @given(after=st.text(max_size=20) | numbers | st.integers(-5, 10**15).map(str),
           limit=st.none() | st.text(max_size=8) | numbers | st.integers(-5, 20_000).map(str))
    def attempt(after, limit):
        TRIED["http events?after"] += 1
        query = {"after": after, **({"limit": limit} if limit is not None else {})}
        response = world.client.get(base, query_string=query, headers=ORGANISER)
        check_answer(response, base)
        if response.status_code == 200:
            assert after.isascii() and after.isdigit(), after
            page = response.get_json()
            seqs = [e["seq"] for e in page["events"]]
            assert seqs == sorted(seqs) and all(s > int(after) for s in seqs)
        else:
            assert response.status_code == 400

    attempt()
    world.assert_still_serving()


def test_an_unknown_api_path_is_a_json_404(world):
    @FUZZ
    @given(parts=st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=4),
           method=st.sampled_from(["GET", "POST", "PATCH", "DELETE"]))
    def attempt(parts, method):
        path = "/api/v1/x/" + "/".join(segment(p) for p in parts)
        TRIED["http unknown path"] += 1
        response = world.client.open(path, method=method)
        check_answer(response, path)
        assert response.status_code in (404, 405)

    attempt()
    world.assert_still_serving()


# --- Socket.IO -------------------------------------------------------------------------------


def check_ack(ack, record: bool = True) -> None:
    """The acknowledgement is ok with a card, or not ok with the contract's error."""
    assert isinstance(ack, dict), ack
    if record:
        code = "ok" if ack.get("ok") is True else (ack.get("error") or {}).get("code")
        OUTCOMES[f"ack {code}"] += 1
    if ack.get("ok") is True:
        assert set(ack) == {"ok", "card"} and set(ack["card"]) == CARD_KEYS, ack
        return
    assert ack.get("ok") is False and set(ack) == {"ok", "error"}, ack
    error = ack["error"]
    assert isinstance(error, dict) and set(error) <= {"code", "message", "field"}, error
    assert error["code"] in ERROR_CODES - {"internal"}, error
    assert isinstance(error["message"], str) and error["message"].strip(), error


@pytest.mark.parametrize("role", ["participant", "facilitator"])
def test_card_create_acknowledges_any_payload_properly(app, world, role):
    token = world.participant["token"] if role == "participant" else world.workshop[
        "facilitator_token"]
    poster = socketio.test_client(app, auth={"workshop": world.workshop["id"], "token": token})
    watcher = socketio.test_client(app, auth={"workshop": world.workshop["id"],
                                              "token": world.workshop["facilitator_token"]})
    assert poster.is_connected() and watcher.is_connected()
    watcher.get_received()
    stored = {"world-card": world.card}  # client_id -> the card stored for it
    shape = world.card_shape()

    @FUZZ
    @given(payload=shape | shape | json_values)
    def attempt(payload):
        TRIED[f"socket card:create ({role})"] += 1
        world.reset_limits()
        ack = poster.emit("card:create", payload, callback=True)
        check_ack(ack)
        broadcast = socket_events(watcher)
        if ack["ok"]:
            card = ack["card"]
            assert card["client_id"] == " ".join(payload["client_id"].split())
            if card["client_id"] in stored:
                # A repeat: the card stored the first time, nothing new broadcast.
                assert card == stored[card["client_id"]] and broadcast == []
            else:
                assert card["kind"] == payload["kind"]
                assert card["theme_id"] == " ".join(payload["theme_id"].split())
                stored[card["client_id"]] = card
                assert broadcast == [{"seq": card["seq"], "type": "card.created", "data": card}]
        else:
            assert broadcast == []

    try:
        attempt()
    finally:
        poster.disconnect()
        watcher.disconnect()
    world.assert_still_serving()


def test_connect_accepts_exactly_the_valid_auth(app, world):
    valid = {
        world.workshop["id"]: {ORGANISER_TOKEN, world.workshop["facilitator_token"],
                               world.participant["token"]},
        world.other["id"]: {ORGANISER_TOKEN, world.other["facilitator_token"],
                            world.stranger["token"]},
    }
    auth_shape = shaped(
        {"workshop": st.sampled_from([world.workshop["id"], world.other["id"]]),
         "token": world.known_tokens()},
        {"last_seq": st.integers(-3, 5) | st.integers(0, 2**70) | st.none()
         | st.sampled_from([2**31, 2**53, 2**53 + 1, 2**63 - 1, 2**63, 2**64]),
         "lang": st.sampled_from(["da", "en", "xx"]),
         "max_backlog": st.integers(-1, 3)},
    )
    # A bare number as the whole CONNECT payload trips python-socketio's packet decoder
    # (JSONDecodeError, before openspace runs); the protocol only allows an object there.
    top_level = st.none() | st.booleans() | any_text | st.lists(json_values, max_size=3)

    @FUZZ
    @given(auth=auth_shape | auth_shape | top_level)
    def attempt(auth):
        TRIED["socket connect auth"] += 1
        world.reset_limits()
        test_client = socketio.test_client(app, auth=auth)
        try:
            ok = (isinstance(auth, dict) and isinstance(auth.get("workshop"), str)
                  and isinstance(auth.get("token"), str)
                  and auth["token"] in valid.get(auth["workshop"], ()))
            last_seq = auth.get("last_seq") if isinstance(auth, dict) else None
            ok = ok and (last_seq is None or (type(last_seq) is int and last_seq >= 0))
            # Past any real seq (2**53 here), accepting or refusing are both fine answers.
            beyond = ok and last_seq is not None and last_seq > 2**53
            connected = test_client.is_connected()
            OUTCOMES["connect accepted" if connected else "connect refused"] += 1
            assert connected == ok or beyond, auth
            if connected:
                received = test_client.get_received()
                names = [m["name"] for m in received]
                assert names[-1] == "presence"
                seqs = [m["args"][0]["seq"] for m in received if m["name"] == "event"]
                assert seqs == sorted(seqs) and all(s > (last_seq or 0) for s in seqs)
        finally:
            if test_client.is_connected():
                test_client.disconnect()

    attempt()
    world.assert_still_serving()


# --- regressions: input classes that gave a 500 or no answer before a07a812 ---------------

SURROGATE = "\ud800"


def raw_json(value) -> bytes:
    """Encode ``value`` as JSON with ASCII escapes: a lone surrogate becomes ``\\ud800``."""
    return json.dumps(value, ensure_ascii=True).encode()


@pytest.mark.parametrize("case", ["card text", "card client_id", "card theme_id",
                                  "workshop title", "join name", "join code", "rename"])
def test_lone_surrogates_in_json_strings_are_bad_request(world, case):
    # Valid JSON ("\ud800"), but no UTF-8 string: SQLite's binding used to raise -> 500.
    w = world.workshop
    card = card_body(w, "surrogate")
    participant = bearer(world.participant["token"])
    method, path, body, headers = {
        "card text": ("POST", f"/api/v1/workshops/{w['id']}/cards",
                      {**card, "text": f"idé {SURROGATE}"}, participant),
        "card client_id": ("POST", f"/api/v1/workshops/{w['id']}/cards",
                           {**card, "client_id": SURROGATE}, participant),
        "card theme_id": ("POST", f"/api/v1/workshops/{w['id']}/cards",
                          {**card, "theme_id": SURROGATE}, participant),
        "workshop title": ("POST", "/api/v1/workshops",
                           {"title": SURROGATE, "themes": ["a"]}, ORGANISER),
        "join name": ("POST", f"/api/v1/workshops/{w['id']}/participants",
                      {"join_code": w["join_code"], "name": SURROGATE}, {}),
        "join code": ("POST", f"/api/v1/workshops/{w['id']}/participants",
                      {"join_code": SURROGATE}, {}),
        "rename": ("PATCH", f"/api/v1/workshops/{w['id']}/participants/me",
                   {"name": SURROGATE}, participant),
    }[case]
    response = world.client.open(path, method=method, data=raw_json(body),
                                 content_type="application/json", headers=headers)
    check_answer(response, path, record=False)
    assert response.status_code == 400


def test_card_create_with_a_lone_surrogate_is_acknowledged_bad_request(app, world):
    # It used to raise in the handler: no acknowledgement at all, the phone retrying forever.
    poster = socketio.test_client(app, auth={"workshop": world.workshop["id"],
                                             "token": world.participant["token"]})
    ack = poster.emit("card:create", {**card_body(world.workshop, "s1"), "text": f"a{SURROGATE}"},
                      callback=True)
    check_ack(ack, record=False)
    assert ack["ok"] is False and ack["error"]["code"] == "bad_request"
    poster.disconnect()


@pytest.mark.parametrize("case", ["token", "workshop", "last_seq"])
def test_connect_with_unencodable_auth_is_refused_cleanly(app, world, case):
    # A surrogate (UnicodeEncodeError) or last_seq >= 2**63 (OverflowError in SQLite) used to
    # raise in the connect handler: the client got no connect_error, only a timeout.
    auth = {"workshop": world.workshop["id"], "token": ORGANISER_TOKEN, "last_seq": 0}
    auth[case] = 2**63 if case == "last_seq" else SURROGATE
    test_client = socketio.test_client(app, auth=auth)
    assert not test_client.is_connected()


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deeply_nested_json_is_bad_request(world, opening):
    # RecursionError in json.loads, which get_json(silent=True) does not catch, was a 500.
    path = f"/api/v1/workshops/{world.workshop['id']}/cards"
    response = world.client.post(path, data=nested(5000, opening),
                                 content_type="application/json",
                                 headers=bearer(world.participant["token"]))
    check_answer(response, path, record=False)
    assert response.status_code == 400


@pytest.mark.parametrize("query", [{"after": "²"}, {"after": "1²"}, {"limit": "①"},
                                   {"after": "١٢"}])
def test_events_with_non_decimal_digits_is_bad_request(world, query):
    # str.isdigit() let '²' through to int() (ValueError, 500) and read '١٢' as 12.
    path = f"/api/v1/workshops/{world.workshop['id']}/events"
    response = world.client.get(path, query_string=query, headers=ORGANISER)
    check_answer(response, path, record=False)
    assert response.status_code == 400


# --- plenary numbers beyond what the database can compare ------------------------------


@pytest.mark.parametrize("method,suffix", [("GET", ""), ("PATCH", ""), ("GET", ".pdf")])
def test_a_huge_plenary_number_is_not_found(world, method, suffix):
    path = f"/api/v1/workshops/{world.workshop['id']}/plenaries/{2**63}{suffix}"
    response = world.client.open(path, method=method, json={"note": "x"},
                                 headers=bearer(world.workshop["facilitator_token"]))
    check_answer(response, path, record=False)
    assert response.status_code == 404
