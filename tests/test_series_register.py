"""One organisation register per series: the facilitator's sectors and merges are carried into
the next meeting and hold in every meeting of the series; the series page counts the
organisations across the meetings by sector ("4 organisationer – 2 nye siden sidste møde")."""

from __future__ import annotations

from .helpers import ORGANISER_TOKEN, base, call, post_card


def ok(client, method, path, token=None, body=None):
    """Call the API, insist on success, return the JSON."""
    response = call(client, method, path, token, body)
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()


def actor(client, workshop, token, client_id, organisation):
    """Post an actor card naming ``organisation``."""
    return post_card(client, workshop, token, client_id, kind="actor", text="Vi kan hjælpe",
                     organisation=organisation)


def entries(client, workshop, token):
    """Return the workshop's register by key."""
    return {e["key"]: e for e in ok(client, "get", base(workshop) + "/organisations",
                                    token)["organisations"]}


def test_sectors_and_merges_hold_across_the_series(client, workshop):
    fac = workshop["facilitator_token"]
    for n, name in enumerate(["FDF Hvalsø", "Lejre Kommune", "Hvalsø Spejderne"]):
        actor(client, workshop, fac, f"a{n}", name)
    ok(client, "patch", base(workshop) + "/organisations/fdf-hvalsø", fac, {"sector": "youth"})
    ok(client, "post", base(workshop) + "/organisations/hvalsø-spejderne/merge", fac,
       {"into": "fdf-hvalsø"})
    ok(client, "patch", base(workshop) + "/alliance-settings", ORGANISER_TOKEN,
       {"wanted_sectors": ["business"]})

    second = ok(client, "post", base(workshop) + "/next", ORGANISER_TOKEN,
              {"starts": "09:00", "ends": "16:00"})
    fac2 = second["facilitator_token"]
    carried = entries(client, second, fac2)
    assert set(carried) == {"fdf-hvalsø", "lejre-kommune"}  # the merge came along
    assert carried["fdf-hvalsø"]["sector"] == "youth" and carried["fdf-hvalsø"]["sector_set"]
    assert carried["fdf-hvalsø"]["cards"] == 2
    assert ok(client, "get", base(second) + "/alliance-settings", fac2)["wanted_sectors"] == [
        "business"]

    # New at the second meeting: a spelling of a merged entry lands on it; two are new.
    actor(client, second, fac2, "b1", "hvalsø spejderne")
    actor(client, second, fac2, "b2", "Bager Hansen A/S")
    actor(client, second, fac2, "b3", "Lejre Bibliotek")
    assert entries(client, second, fac2)["fdf-hvalsø"]["cards"] == 3
    # A decision at the second meeting holds at the first too: one register.
    ok(client, "patch", base(second) + "/organisations/lejre-kommune", fac2,
       {"sector": "region"})
    assert entries(client, workshop, fac)["lejre-kommune"]["sector"] == "region"
    assert entries(client, second, fac2)["lejre-kommune"]["sector"] == "region"
    # … and the first meeting's later decisions reach the second.
    actor(client, workshop, fac, "a9", "Roskilde Roklub")
    ok(client, "post", base(workshop) + "/organisations/roskilde-roklub/merge", fac,
       {"into": "lejre-kommune"})
    actor(client, second, fac2, "b4", "Roskilde Roklub")
    assert "roskilde-roklub" not in entries(client, second, fac2)

    series = ok(client, "get", f"/api/v1/series/{second['series_id']}", ORGANISER_TOKEN)
    orgs = series["organisations"]
    assert orgs["count"] == 4 and orgs["new_since_last"] == 2
    assert orgs["line"] == "4 organisationer – 2 nye siden sidste møde"
    assert orgs["by_sector"] == {"business": 1, "municipality": 1, "region": 1, "youth": 1}
    assert {s["label"] for s in orgs["sectors"]} >= {"Virksomhed", "Region"}
    assert [m["count"] for m in orgs["meetings"]] == [2, 4]
    # The page shows it.
    page = client.get(f"/o/series/{second['series_id']}").get_data(as_text=True)
    assert 'id="series-orgs-line"' in page and "Organisationer på tværs af møderne" in page


def test_a_workshop_alone_keeps_its_own_register(client, workshop):
    fac = workshop["facilitator_token"]
    actor(client, workshop, fac, "a", "FDF Hvalsø")
    other = ok(client, "post", "/api/v1/workshops", ORGANISER_TOKEN,
               {"title": "Et andet værksted", "themes": ["Et tema"]})
    actor(client, other, other["facilitator_token"], "a", "FDF Hvalsø")
    ok(client, "patch", base(workshop) + "/organisations/fdf-hvalsø", fac, {"sector": "youth"})
    assert entries(client, other, other["facilitator_token"])["fdf-hvalsø"]["sector_set"] is False
    alone = ok(client, "get", base(workshop) + "/series", ORGANISER_TOKEN)["organisations"]
    assert alone["line"] == "1 organisation"
