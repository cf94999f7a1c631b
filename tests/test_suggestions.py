"""Who could help whom: actors ranked against initiatives by fit, suggested pairs confirmed
with one tap, and all of it (and "the same idea twice") without any network."""

from __future__ import annotations

import socket

import pytest

from openspace.services.similarity import SimilarityIndex
from openspace.services.suggestions import asked_sectors

from .helpers import base, call, post_card

# Ten actors and the initiative each would obviously help (written for this test; the
# themes repeat, so a shared theme alone does not decide).
ACTORS = [
    ("FDF Hvalsø", "Vi har ledere, en spejderhytte og erfaring med friluftsliv for børn og unge",
     0, [3]),
    ("Hvalsø Boldklub", "Fodboldhold for alle aldre og trænere, der gerne tager nye med", 1, [3]),
    ("Lejre Bibliotek", "Biblioteket har lokaler og holder åbent om aftenen", 2, [4]),
    ("Netto Hvalsø", "Butikken har overskudsmad hver aften og kan give fritidsjob", 1, [12]),
    ("Røde Kors Lejre", "Besøgsvenner og frivillige, der hjælper ensomme ældre", 0, [3, 10]),
    ("Hvalsø Skole", "Udskolingen vil gerne samarbejde med lokalsamfundet om valgfag", 2, [4]),
    ("Jobcenter Lejre", "Vi kender de unge, der står uden job eller uddannelse", 1, [8]),
    ("Hvalsø Teaterforening", "Amatørteater med scene, lys og lyd, vil gerne have flere med",
     0, [4]),
    ("Ældre Sagen Lejre", "Seniorer, der går ture og drikker kaffe sammen hver uge", 2, [3]),
    ("Region Sjælland, psykiatrien", "Sygeplejersker med viden om angst og depression", 1, [3]),
]
INITIATIVES = [
    ("Fritidsguide: unge følges ind i en forening eller en spejdergruppe", 0, [3, 10]),
    ("Gratis prøvetræning i idrætsforeningerne for børn, der ikke går til noget", 1, [3, 10]),
    ("Lektiecafé om aftenen i et lokale med plads til 20 unge", 2, [4]),
    ("Fællesspisning med overskudsmad fra de lokale butikker", 1, [2, 12]),
    ("Telefonkæde og besøg for ældre, der sidder alene", 0, [3]),
    ("Elever fra udskolingen hjælper ældre med mobiltelefonen", 2, [4, 10]),
    ("Jobcafé, hvor unge møder lokale virksomheder", 1, [8]),
    ("Åben scene for unge musikere og kunstnere en gang om måneden", 0, [4, 11]),
    ("Gåklub for ensomme ældre fra landsbyerne", 2, [3]),
    ("Samtalegruppe for unge med angst, med en fagperson til stede", 1, [3]),
]


@pytest.fixture
def board(client, workshop):
    """The ten actors and ten initiatives on the board; returns their cards."""
    fac = workshop["facilitator_token"]
    actors = [post_card(client, workshop, fac, f"a{n}", kind="actor", text=text, theme=theme,
                        organisation=name, sdgs=goals)
              for n, (name, text, theme, goals) in enumerate(ACTORS)]
    initiatives = [post_card(client, workshop, fac, f"i{n}", kind="initiative", text=text,
                             theme=theme, sdgs=goals)
                   for n, (text, theme, goals) in enumerate(INITIATIVES)]
    return actors, initiatives


def test_the_known_match_is_in_the_top_three_for_at_least_eight_of_ten(
        client, workshop, participant, board):
    actors, initiatives = board
    ranks = []
    for actor, known in zip(actors, initiatives, strict=True):
        answer = call(client, "get", base(workshop) + f"/cards/{actor['id']}/link-suggestions",
                      participant["token"])  # the phone ranks its choices too
        assert answer.status_code == 200
        ranked = [c["id"] for c in answer.get_json()["cards"]]
        assert len(ranked) == len(initiatives)
        ranks.append(ranked.index(known["id"]))
    assert sum(rank < 3 for rank in ranks) >= 8, ranks
    idea = post_card(client, workshop, workshop["facilitator_token"], "x", text="En idé")
    refused = call(client, "get", base(workshop) + f"/cards/{idea['id']}/link-suggestions",
                   participant["token"])
    assert refused.status_code == 400


def test_the_facilitator_confirms_a_suggested_pair_with_one_tap(client, workshop, participant,
                                                               board):
    actors, initiatives = board
    fac = workshop["facilitator_token"]
    pairs = call(client, "get", base(workshop) + "/alliance-suggestions", fac).get_json()["pairs"]
    assert pairs and all(0 <= p["score"] <= 1 for p in pairs)
    fdf = next(p for p in pairs if p["actor_card_id"] == actors[0]["id"])
    assert fdf["organisation"] == "FDF Hvalsø"
    assert fdf["target_card_id"] == initiatives[0]["id"]
    made = call(client, "post", base(workshop) + "/links", fac,
                {"actor_card_id": fdf["actor_card_id"], "target_card_id": fdf["target_card_id"]})
    assert made.status_code == 201
    after = call(client, "get", base(workshop) + "/alliance-suggestions", fac).get_json()["pairs"]
    assert (fdf["actor_card_id"], fdf["target_card_id"]) not in {
        (p["actor_card_id"], p["target_card_id"]) for p in after}
    assert call(client, "get", base(workshop) + "/alliance-suggestions",
                participant["token"]).status_code == 403


def test_what_an_initiative_asks_for():
    assert "business" in asked_sectors("Vi mangler en sponsor og fritidsjob til de unge")
    assert "school" in asked_sectors("Lektiehjælp for elever")
    assert asked_sectors("") == set()


def test_no_network_is_used_for_similarity_and_suggestions(client, workshop, participant, board,
                                                           monkeypatch):
    """Every connect to anything but the loopback raises while the server computes."""
    real_connect = socket.socket.connect
    attempts = []

    def loopback_only(sock, address):
        """Refuse any address that is not the loopback (or a local socket file)."""
        host = address[0] if isinstance(address, tuple) else "local"
        if host not in ("127.0.0.1", "::1", "localhost", "local"):
            attempts.append(address)
            raise OSError(f"network blocked in this test: {address}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", loopback_only)
    with pytest.raises(OSError, match="network blocked"):  # the block itself works
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    attempts.clear()

    actors, initiatives = board
    fac = workshop["facilitator_token"]
    for path in (f"/cards/{initiatives[0]['id']}/similar", "/similar",
                 f"/themes/{workshop['themes'][0]['id']}/similar-groups",
                 f"/cards/{actors[0]['id']}/link-suggestions", "/alliance-suggestions",
                 "/organisations", "/organisations/summary"):
        assert call(client, "get", base(workshop) + path, fac).status_code == 200, path
    index = SimilarityIndex()
    index.add("a", "Brætspilsaftener på biblioteket")
    assert index.similar("brætspilsaften på biblioteket")
    assert attempts == []
