"""New alliances since the last plenary: a link between an actor and an initiative is an
alliance's seed; each plenary lists the alliances whose first link came in its window, in its
summary, its PDF's first page, the report and as a slide on the projector. Counts, card texts
and organisations only: never who posted, linked or said "Jeg er med"."""

from __future__ import annotations

import io
import json

from pypdf import PdfReader

from .helpers import ORGANISER_TOKEN, base, call, join, post_card
from .test_plenary_api import pdf_text


def ok(client, method, path, token=None, body=None):
    """Call the API, insist on success, return the JSON."""
    response = call(client, method, path, token, body)
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()


def link(client, workshop, token, actor, target):
    """Link ``actor`` to ``target``."""
    return ok(client, "post", base(workshop) + "/links", token,
              {"actor_card_id": actor["id"], "target_card_id": target["id"]})


def plenary(client, workshop, fac):
    """Take the next plenary; return its summary."""
    taken = ok(client, "post", base(workshop) + "/plenaries", fac, {})
    return ok(client, "get", base(workshop) + f"/plenaries/{taken['number']}", fac)["summary"]


def test_a_plenary_lists_the_alliances_seeded_in_its_window(client, workshop, participant):
    fac, sofie = workshop["facilitator_token"], participant["token"]
    mads = join(client, workshop, name="Mads Madsen")
    homework = post_card(client, workshop, sofie, "n1", kind="initiative",
                         text="Lektiecafé på biblioteket hver tirsdag")
    red_cross = post_card(client, workshop, fac, "a1", kind="actor",
                          text="Vi har frivillige lektiehjælpere", organisation="Røde Kors Lejre")
    unnamed = post_card(client, workshop, mads["token"], "a2", kind="actor",
                        text="Jeg kan hjælpe med matematik")
    library = post_card(client, workshop, fac, "a3", kind="actor", text="Lokaler om aftenen",
                        organisation="Lejre Bibliotek")
    idea = post_card(client, workshop, sofie, "i1", text="Flere bænke i parken")
    link(client, workshop, fac, red_cross, homework)            # confirmed by the facilitator
    link(client, workshop, mads["token"], unnamed, homework)    # made on a phone
    link(client, workshop, fac, library, idea)                  # an idea is not an alliance
    ok(client, "put", base(workshop) + f"/cards/{homework['id']}/commitment", mads["token"],
       {"name": "Mads Madsen", "contact": "mads@example.dk", "consent": True})

    first = plenary(client, workshop, fac)
    [alliance] = first["new_alliances"]
    assert alliance["initiative"]["text"] == "Lektiecafé på biblioteket hver tirsdag"
    assert alliance["organisations"] == ["Røde Kors Lejre"]
    assert alliance["actor_count"] == 2 and alliance["committed"] == 1
    leaked = json.dumps(first["new_alliances"], ensure_ascii=False)
    for secret in ("Sofie", "Mads", "mads@example.dk", participant["participant_id"],
                   mads["participant_id"]):
        assert secret not in leaked
    # The projector's deck has a slide for them.
    slides = ok(client, "get", base(workshop), fac)["projector"]["plenary"]["slides"]
    assert slides[-1]["name"] == "alliances"

    # Page 1 of the plenary's PDF says it, in Danish.
    pdf = call(client, "get", base(workshop) + "/plenaries/1.pdf", fac).data
    page1 = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Nye alliancer siden sidst (1)" in page1
    assert "Lektiecafé på biblioteket hver tirsdag – Røde Kors Lejre og 1 mere · 1 er med" in page1
    assert "mads@example.dk" not in " ".join(pdf_text(pdf).split())

    # A second actor joining an old alliance does not make it new; a first link does.
    school = post_card(client, workshop, fac, "a4", kind="actor", text="Elever som lektiehjælp",
                       organisation="Hvalsø Skole")
    link(client, workshop, fac, school, homework)
    walk = post_card(client, workshop, fac, "n2", kind="initiative", text="Gåtur om søndagen")
    link(client, workshop, fac, library, walk)
    second = plenary(client, workshop, fac)
    assert [a["initiative"]["text"] for a in second["new_alliances"]] == ["Gåtur om søndagen"]
    assert second["new_alliances"][0]["organisations"] == ["Lejre Bibliotek"]
    assert second["new_alliances"][0]["committed"] == 0

    # The report shows each plenary's new alliances.
    report = " ".join(pdf_text(call(client, "get", base(workshop) + "/report.pdf", fac).data)
                      .split())
    assert report.count("Nye alliancer siden sidst (1)") == 2
    assert "Gåtur om søndagen – Lejre Bibliotek" in report


def test_alliances_carried_into_the_next_meeting_are_not_new_there(client, workshop,
                                                                     participant):
    fac = workshop["facilitator_token"]
    initiative = post_card(client, workshop, fac, "n1", kind="initiative", text="Fællesspisning")
    actor = post_card(client, workshop, fac, "a1", kind="actor", text="Vi har et køkken",
                      organisation="Lejre Forsamlingshus")
    link(client, workshop, fac, actor, initiative)
    assert len(plenary(client, workshop, fac)["new_alliances"]) == 1
    made = ok(client, "post", base(workshop) + "/next", ORGANISER_TOKEN,
              {"starts": "09:00", "ends": "16:00"})
    assert made["carried"]["links"] == 1
    assert plenary(client, made, made["facilitator_token"])["new_alliances"] == []
