"""The Collective Impact status for the funder: two pages, the five conditions, counts only."""

from __future__ import annotations

import io

from pypdf import PdfReader

from .helpers import ORGANISER_TOKEN, base, call, join, post_card


def test_the_status_counts_what_happened_and_never_names_a_person(client, workshop,
                                                                  participant):
    fac = workshop["facilitator_token"]
    sofie = participant["token"]
    fdf = post_card(client, workshop, fac, "a1", kind="actor", text="Ledere og en hytte",
                    organisation="FDF Hvalsø")
    post_card(client, workshop, fac, "a2", kind="actor", text="Lokaler om aftenen",
              organisation="Lejre Kommune")
    guide = post_card(client, workshop, fac, "i1", kind="initiative", sdgs=[3, 10],
                      text="Fritidsguide: unge følges ind i en forening")
    post_card(client, workshop, fac, "i2", kind="initiative",
              text="Fritidsguider der følger unge ind i foreningerne")
    post_card(client, workshop, fac, "i3", kind="initiative", text="Krolfbane ved plejecenteret")
    assert call(client, "post", base(workshop) + "/links", fac,
                {"actor_card_id": fdf["id"], "target_card_id": guide["id"]}).status_code == 201
    assert call(client, "put", base(workshop) + f"/cards/{guide['id']}/commitment", sofie,
                {"name": "Sofie Hemmelig", "contact": "sofie@example.org",
                 "consent": True}).status_code in (200, 201)
    other = join(client, workshop, name="Bo Skjult")
    call(client, "put", base(workshop) + f"/cards/{guide['id']}/commitment", other["token"], {})
    assert call(client, "patch", base(workshop) + "/alliance-settings", ORGANISER_TOKEN, {
        "wanted_sectors": ["business"],
        "indicators": [{"label": "Frivillige timer i alt", "value": "1.240"}],
        "backbone": "Lejre Frivilligcenter, tlf. 46 46 00 00"}).status_code == 200
    call(client, "post", base(workshop) + "/plenaries", fac, {})

    answer = call(client, "get", base(workshop) + "/ci-status.pdf", ORGANISER_TOKEN)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(answer.data)).pages
    assert len(pages) == 2
    first, second = (" ".join(page.extract_text().split()) for page in pages)
    assert "Fælles dagsorden" in first and "Fælles måling" in first
    assert "2 organisationer – ingen virksomheder endnu" in first
    assert "Frivillige timer i alt 1.240" in first
    assert "2 sagde “Jeg er med”" in first
    assert "Gensidigt forstærkende aktiviteter" in second
    assert "FDF Hvalsø" in second
    assert "ligner #2" in second  # the two Fritidsguide initiatives overlap
    assert "1 opsamling holdt" in second
    assert "Lejre Frivilligcenter, tlf. 46 46 00 00" in second
    everything = first + second
    for private in ("Sofie", "Hemmelig", "sofie@example.org", "Bo Skjult"):
        assert private not in everything

    assert call(client, "get", base(workshop) + "/ci-status.pdf", fac).status_code == 200
    refused = call(client, "get", base(workshop) + "/ci-status.pdf", sofie)
    assert refused.status_code == 403
