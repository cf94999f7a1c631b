"""Organisations at the table: one register per workshop, spellings normalised, sectors,
merging two entries, the counts in plenaries, the report and on the projector."""

from __future__ import annotations

import pytest

from openspace.services.organisations import normalise_name
from openspace.services.sectors import guess_sector

from .helpers import ORGANISER_TOKEN, base, call, join, post_card
from .test_plenary_api import pdf_text


@pytest.mark.parametrize("spelling", ["FDF Hvalsø", "fdf hvalsø", "FDF  Hvalsø", " FDF Hvalsø ",
                                      "FDF-Hvalsø", "FDF Hvalsø.", "ＦＤＦ Hvalsø"])
def test_spellings_of_one_organisation_share_one_key(spelling):
    assert normalise_name(spelling) == "fdf-hvalsø"


def test_different_organisations_keep_different_keys_and_keys_fit_in_a_url():
    keys = {normalise_name(n) for n in ("FDF Hvalsø", "FDF Lejre", "KFUM Hvalsø",
                                        "Hvalsø Boldklub")}
    assert len(keys) == 4
    assert normalise_name("Bager Hansen A/S") == "bager-hansen-a-s"
    assert normalise_name("  ") == ""


@pytest.mark.parametrize("name, sector", [
    ("Lejre Kommune", "municipality"), ("Jobcenter Lejre", "municipality"),
    ("Region Sjælland", "region"), ("Hvalsø Skole", "school"), ("Roskilde Gymnasium", "school"),
    ("Bager Hansen A/S", "business"), ("Netto Hvalsø", "business"),
    ("Hvalsø Boldklub", "association_sport"), ("Hvalsø IF", "association_sport"),
    ("FDF Hvalsø", "association_education"), ("AOF Midtsjælland", "association_education"),
    ("Hvalsø Teaterforening", "association_culture"), ("Røde Kors Lejre", "association_social"),
    ("Ældre Sagen", "association_social"), ("Lejre Ungeråd", "youth"),
    ("Beboerforeningen Byvej", "citizen"), ("Ukendt navn", "other"),
    ("Kirkens Korshær", "association_social"),
])
def test_a_first_guess_of_the_sector_from_the_name(name, sector):
    assert guess_sector(name) == sector


def actor(client, workshop, token, client_id, organisation, text="Vi kan hjælpe"):
    """Post an actor card naming ``organisation``."""
    return post_card(client, workshop, token, client_id, kind="actor", text=text,
                     organisation=organisation)


def test_the_register_groups_spellings_sets_sectors_and_merges(client, workshop, participant):
    fac = workshop["facilitator_token"]
    for n, name in enumerate(["FDF Hvalsø", "fdf hvalsø", "FDF  Hvalsø"]):
        actor(client, workshop, participant["token"], f"f{n}", name)
    actor(client, workshop, fac, "k", "Lejre Kommune")
    actor(client, workshop, fac, "s", "Hvalsø Spejderne")
    hidden = actor(client, workshop, fac, "h", "Skjult Forening")
    call(client, "post", base(workshop) + f"/cards/{hidden['id']}/hide", fac)
    post_card(client, workshop, fac, "i", kind="idea", text="En idé", organisation="Idé ApS")

    register = call(client, "get", base(workshop) + "/organisations", fac).get_json()
    entries = {e["key"]: e for e in register["organisations"]}
    assert set(entries) == {"fdf-hvalsø", "lejre-kommune", "hvalsø-spejderne"}
    fdf = entries["fdf-hvalsø"]
    assert fdf["cards"] == 3 and fdf["name"] == "FDF Hvalsø"
    # The card form folds runs of spaces already; the register folds case and punctuation.
    assert fdf["spellings"] == ["FDF Hvalsø", "fdf hvalsø"]
    assert fdf["sector"] == "association_education" and fdf["sector_set"] is False
    assert register["summary"]["count"] == 3
    assert register["sector_names"]["business"] == "Virksomhed"

    changed = call(client, "patch", base(workshop) + "/organisations/hvalsø-spejderne", fac,
                   {"sector": "association_social"})
    assert changed.status_code == 200
    assert changed.get_json()["sector"] == "association_social"
    assert changed.get_json()["sector_set"] is True
    bad = call(client, "patch", base(workshop) + "/organisations/hvalsø-spejderne", fac,
               {"sector": "mafia"})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "sector"

    merged = call(client, "post", base(workshop) + "/organisations/hvalsø-spejderne/merge", fac,
                  {"into": "fdf-hvalsø"})
    assert merged.status_code == 200 and merged.get_json()["cards"] == 4
    keys = [e["key"] for e in call(client, "get", base(workshop) + "/organisations",
                                   fac).get_json()["organisations"]]
    assert keys == ["fdf-hvalsø", "lejre-kommune"]
    # A new card spelled like the merged entry lands on the entry it was merged into.
    actor(client, workshop, fac, "s2", "hvalsø spejderne")
    assert call(client, "get", base(workshop) + "/organisations", fac).get_json()[
        "organisations"][0]["cards"] == 5
    assert call(client, "post", base(workshop) + "/organisations/fdf-hvalsø/merge", fac,
                {"into": "fdf-hvalsø"}).status_code == 400
    assert call(client, "post", base(workshop) + "/organisations/nope/merge", fac,
                {"into": "fdf-hvalsø"}).status_code == 404
    for path in ("/organisations", "/alliance-settings"):
        assert call(client, "get", base(workshop) + path, participant["token"]).status_code == 403
    assert call(client, "patch", base(workshop) + "/organisations/fdf-hvalsø",
                participant["token"], {"sector": "other"}).status_code == 403


def test_missing_wanted_sectors_on_the_projector_in_plenaries_and_the_report(
        client, workshop, participant):
    fac = workshop["facilitator_token"]
    for n, name in enumerate(["FDF Hvalsø", "Lejre Kommune", "Røde Kors Lejre"]):
        actor(client, workshop, fac, f"a{n}", name)
    wanted = call(client, "patch", base(workshop) + "/alliance-settings", ORGANISER_TOKEN,
                  {"wanted_sectors": ["business", "municipality", "school"]})
    assert wanted.status_code == 200
    assert wanted.get_json()["wanted_sectors"] == ["school", "business", "municipality"]
    assert call(client, "patch", base(workshop) + "/alliance-settings", fac,
                {"wanted_sectors": ["pirates"]}).status_code == 400

    other = join(client, workshop)
    summary = call(client, "get", base(workshop) + "/organisations/summary", other["token"])
    body = summary.get_json()
    assert body["count"] == 3 and body["missing"] == ["school", "business"]
    assert body["line"] == "3 organisationer – ingen skoler, virksomheder endnu"
    assert body["by_sector"] == {"association_social": 1, "association_education": 1,
                                 "municipality": 1}

    taken = call(client, "post", base(workshop) + "/plenaries", fac, {})
    assert taken.status_code == 201
    plenary = call(client, "get", base(workshop) + "/plenaries/1", fac).get_json()
    assert plenary["summary"]["extras"]["organisations"]["count"] == 3
    text = " ".join(pdf_text(call(client, "get", base(workshop) + "/plenaries/1.pdf",
                                  fac).data).split())
    assert "Organisationer omkring bordet" in text
    assert "3 organisationer – ingen skoler, virksomheder endnu" in text
    assert "Kommune: 1" in text
    actor(client, workshop, fac, "b", "Bager Hansen A/S")
    report = " ".join(pdf_text(call(client, "get", base(workshop) + "/report.pdf",
                                    fac).data).split())
    assert "4 organisationer – ingen skoler endnu" in report
    assert "Virksomhed: 1" in report
