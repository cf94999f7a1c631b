"""A participant may name the organisation they come from: optional, stored on the participant,
counted in the organisation register (by its sector), and never shown by their name: not on the
projector, not to other phones, not in a public PDF, unless it is also on an actor card."""

from __future__ import annotations

import json

from openspace.models import Participant

from .helpers import ORGANISER_TOKEN, base, call, join, post_card
from .test_plenary_api import pdf_text

SECRET = "Hemmelig Forening Hvalsø"


def ok(client, method, path, token=None, body=None):
    """Call the API, insist on success, return the JSON."""
    response = call(client, method, path, token, body)
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()


def test_a_participants_organisation_is_counted_never_shown_by_the_name(client, db, workshop):
    fac = workshop["facilitator_token"]
    joined = ok(client, "post", base(workshop) + "/participants", None,
                {"join_code": workshop["join_code"], "name": "Sofie", "organisation": SECRET})
    sofie = joined["token"]
    mads = join(client, workshop, name="Mads")
    # Named later on the phone's name step; a body without "name" keeps the name.
    me = ok(client, "patch", base(workshop) + "/participants/me", mads["token"],
            {"organisation": "Lejre Kommune"})
    assert me == {"participant_id": mads["participant_id"], "name": "Mads",
                  "organisation": "Lejre Kommune"}
    too_long = call(client, "patch", base(workshop) + "/participants/me", mads["token"],
                    {"organisation": "x" * 121})
    assert too_long.status_code == 400 and too_long.get_json()["error"]["field"] == "organisation"
    with db.read() as session:
        assert session.get(Participant, mads["participant_id"]).organisation == "Lejre Kommune"
    post_card(client, workshop, sofie, "i1", text="Lektiecafé på biblioteket")
    post_card(client, workshop, sofie, "a1", kind="actor", text="Vi har en hytte",
              organisation="FDF Hvalsø")  # on an actor card: public, as the card is

    # The register counts it (moderators see it, with its sector); the counts include it.
    register = {e["key"]: e for e in ok(client, "get", base(workshop) + "/organisations",
                                        fac)["organisations"]}
    assert register["hemmelig-forening-hvalsø"]["participants"] == 1
    assert register["hemmelig-forening-hvalsø"]["cards"] == 0
    assert register["hemmelig-forening-hvalsø"]["sector"] == "association_social"
    assert register["lejre-kommune"]["sector"] == "municipality"
    assert register["fdf-hvalsø"]["cards"] == 1
    counts = ok(client, "get", base(workshop) + "/organisations/summary", mads["token"])
    assert counts["count"] == 3 and counts["line"].startswith("3 organisationer")
    # The participant sees it on their own data and their board.
    assert ok(client, "get", base(workshop) + "/participants/me/data", sofie)[
        "participant"]["organisation"] == SECRET
    assert ok(client, "get", base(workshop), sofie)["me"]["organisation"] == SECRET

    # Nowhere public: another phone, the projector, the plenary, its PDF, the report, the status.
    ok(client, "post", base(workshop) + "/plenaries", fac, {})
    public = {
        "another phone": json.dumps(ok(client, "get", base(workshop), mads["token"]),
                                    ensure_ascii=False),
        "projector": json.dumps(ok(client, "get", base(workshop) + "?view=projector", fac),
                                ensure_ascii=False),
        "plenary": json.dumps(ok(client, "get", base(workshop) + "/plenaries/1", fac),
                              ensure_ascii=False),
        "events": json.dumps(ok(client, "get", base(workshop) + "/events?after=0",
                                mads["token"]), ensure_ascii=False),
    }
    for path in ("/plenaries/1.pdf", "/report.pdf", "/ci-status.pdf"):
        public[path] = " ".join(pdf_text(call(client, "get", base(workshop) + path,
                                              ORGANISER_TOKEN).data).split())
    for where, text in public.items():
        assert "Hemmelig" not in text, where
    # Mads's organisation: on his own board only, nowhere else.
    public["another phone"] = json.dumps(ok(client, "get", base(workshop), sofie),
                                         ensure_ascii=False)
    for where, text in public.items():
        assert "Lejre Kommune" not in text, where
    assert "FDF Hvalsø" in public["plenary"]  # the actor card's organisation is public
    assert "3 organisationer" in public["/plenaries/1.pdf"]  # counted, not named


def test_retention_removes_it_with_the_name(client, db, workshop):
    from datetime import timedelta

    from openspace.models import Workshop, utcnow
    from openspace.services.retention import removal_due_at, run_retention

    joined = ok(client, "post", base(workshop) + "/participants", None,
                {"join_code": workshop["join_code"], "name": "Sofie", "organisation": SECRET})
    with db.read() as session:
        due = removal_due_at(session.get(Workshop, workshop["id"]))
    assert run_retention(db, max(due, utcnow()) + timedelta(minutes=1))
    with db.read() as session:
        left = session.get(Participant, joined["participant_id"])
        assert left.name is None and left.organisation is None
