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


def test_initiatives_by_follow_up_status_and_a_series_status_for_the_organiser(client, workshop):
    """The status counts initiatives by where their follow-up stands; a series gets one status
    of its own (organiser only) listing the meetings held, still two pages of counts."""
    from datetime import date

    fac = workshop["facilitator_token"]
    made = [post_card(client, workshop, fac, f"i{n}", kind="initiative", text=text)
            for n, text in enumerate(["Lektiecafé om tirsdagen", "Gåtur for nye i byen",
                                      "Krolfbane ved plejecenteret", "Fællesspisning i hallen"])]
    for card, status in zip(made, ("started", "started", "anchored"), strict=False):
        assert call(client, "patch", base(workshop) + f"/cards/{card['id']}/followup", fac,
                    {"status": status}).status_code == 200
    post_card(client, workshop, fac, "a1", kind="actor", text="Hytte",
              organisation="FDF Hvalsø")
    sofie = join(client, workshop, name="Sofie Hemmelig")
    call(client, "put", base(workshop) + f"/cards/{made[0]['id']}/commitment", sofie["token"],
         {"name": "Sofie Hemmelig", "contact": "sofie@example.org", "consent": True})
    one = call(client, "get", base(workshop) + "/ci-status.pdf", fac)
    first = " ".join(PdfReader(io.BytesIO(one.data)).pages[0].extract_text().split())
    assert ("Initiativer efter status i opfølgningen: Idé 1 · I gang 2 · Afprøvet 0 · "
            "Forankret 1 · Stoppet 0") in first

    today = date.today().isoformat()
    second = call(client, "post", base(workshop) + "/next", ORGANISER_TOKEN,
                  {"title": "Opfølgningsmøde", "date": today, "starts": "00:00",
                   "ends": "23:59"}).get_json()
    fac2 = second["facilitator_token"]
    carried = {c["text"]: c for c in call(client, "get", base(second), fac2).get_json()["cards"]}
    assert call(client, "patch", base(second) + "/cards/"
                f"{carried['Gåtur for nye i byen']['id']}/followup", fac2,
                {"status": "stopped"}).status_code == 200
    post_card(client, second, fac2, "a2", kind="actor", text="Kaffe",
              organisation="Lejre Kommune")
    call(client, "post", base(second) + "/plenaries", fac2, {})
    call(client, "post", base(second) + "/next", ORGANISER_TOKEN,
         {"title": "Forårsmødet", "date": "2027-03-01", "starts": "09:00", "ends": "16:00"})

    path = f"/api/v1/series/{second['series_id']}/ci-status.pdf"
    for refused in (fac, fac2, sofie["token"], None):
        assert call(client, "get", path, refused).status_code in (401, 403)
    answer = call(client, "get", path, ORGANISER_TOKEN)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(answer.data)).pages
    assert len(pages) == 2
    first, second_page = (" ".join(page.extract_text().split()) for page in pages)
    assert "2 organisationer" in first  # one register over the meetings
    assert ("Initiativer efter status i opfølgningen: Idé 1 · I gang 1 · Afprøvet 0 · "
            "Forankret 1 · Stoppet 1") in first
    assert "2 møder holdt" in second_page
    assert "Opfølgningsmøde" in second_page and "Næste møde: Forårsmødet, 1. marts 2027." in \
        second_page
    for private in ("Sofie", "Hemmelig", "sofie@example.org"):
        assert private not in first + second_page
