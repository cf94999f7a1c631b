"""The next meeting of a series: what is carried, who may make it, the series and its invitation.

A workshop with hidden, pending and merged cards, links, supports and
"count me in" with and without consent is carried into the next meeting; the
new board must hold exactly the cards everyone saw, with their sources, their
links and counts, and no name or contact that consent does not cover.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import func, select

from openspace.models import Card, Commitment, Link, Participant, Support, Workshop

from .helpers import (
    ORGANISER,
    ORGANISER_TOKEN,
    base,
    bearer,
    call,
    create_workshop,
    post_card,
)
from .helpers import join as join_workshop

CONTACT = "sofie@example.dk"
OTHER_CONTACT = "22 33 44 55"


def api(client, method, path, token=None, body=None):
    """Call the API and return (status, JSON)."""
    response = call(client, method, path, token, body)
    return response.status_code, response.get_json()


def ok(client, method, path, token=None, body=None, status=(200, 201)):
    """Call the API, insist on success, return the JSON."""
    code, data = api(client, method, path, token, body)
    assert code in ((status,) if isinstance(status, int) else status), data
    return data


@pytest.fixture
def day(client):
    """A finished day: visible, hidden, pending and merged cards, links, supports, commitments."""
    ws = create_workshop(client, title="Unge i Lejre", vision="Ingen står alene.",
                         day_starts_at="2026-11-30T09:00", day_ends_at="2026-11-30T16:00",
                         retention_days=30)
    fac = ws["facilitator_token"]
    sofie, ali, mads = (join_workshop(client, ws, name=n) for n in ("Sofie", "Ali", "Mads"))
    idea = post_card(client, ws, sofie["token"], "i1", text="Brætspilsaften på biblioteket")
    actor = post_card(client, ws, fac, "a1", kind="actor", text="Ungdomsskolen", theme=1,
                      organisation="Lejre Ungdomsskole")
    started = post_card(client, ws, ali["token"], "n1", kind="initiative",
                        text="Lektiecafé hver tirsdag", theme=1)
    quiet = post_card(client, ws, fac, "n2", kind="initiative", text="Gåtur om søndagen",
                      theme=2)
    hidden = post_card(client, ws, mads["token"], "h1", text="Ring til Karin på 12 34 56 78")
    twin = post_card(client, ws, mads["token"], "m1", text="Brætspil på biblioteket")
    ok(client, "patch", base(ws) + "/settings", fac, {"premoderation": True})
    pending = post_card(client, ws, mads["token"], "p1", text="Venter på godkendelse")
    ok(client, "patch", base(ws) + "/settings", fac, {"premoderation": False, "support_cap": 2})
    for who in (sofie, ali):
        ok(client, "put", base(ws) + f"/cards/{idea['id']}/support", who["token"])
    ok(client, "put", base(ws) + f"/cards/{twin['id']}/support", mads["token"])
    ok(client, "put", base(ws) + f"/cards/{started['id']}/support", mads["token"])
    for target in (started, idea, hidden):
        ok(client, "post", base(ws) + "/links", fac,
           {"actor_card_id": actor["id"], "target_card_id": target["id"]})
    ok(client, "put", base(ws) + f"/cards/{started['id']}/commitment", sofie["token"],
       {"name": "Sofie", "contact": CONTACT, "consent": True})
    ok(client, "put", base(ws) + f"/cards/{started['id']}/commitment", ali["token"],
       {"name": "Ali", "contact": OTHER_CONTACT, "consent": True})
    ok(client, "put", base(ws) + f"/cards/{started['id']}/commitment", mads["token"], {})
    ok(client, "post", base(ws) + f"/cards/{hidden['id']}/hide", fac)
    ok(client, "post", base(ws) + f"/cards/{twin['id']}/merge", fac, {"into": idea["id"]})
    return {"ws": ws, "fac": fac, "people": (sofie, ali, mads), "idea": idea, "actor": actor,
            "started": started, "quiet": quiet, "hidden": hidden, "twin": twin,
            "pending": pending}


def next_meeting(client, ws, token=ORGANISER_TOKEN, **body):
    """Ask for the next meeting of ``ws``; return (status, JSON)."""
    return api(client, "post", base(ws) + "/next", token, body)


def board(client, ws, token):
    """Return the board of ``ws`` as ``token`` sees it."""
    return ok(client, "get", base(ws), token)


# ---------------------------------------------------------------- what is carried


def test_the_next_meeting_holds_exactly_the_visible_cards_with_their_sources(client, day):
    status, made = next_meeting(client, day["ws"], date="2027-03-01", place="Hvalsø Bibliotek")
    assert status == 201, made
    for key in ("id", "join_code", "join_url", "facilitator_token", "facilitator_url",
                "themes", "series_id"):
        assert made[key], key
    assert made["id"] != day["ws"]["id"] and made["join_code"] != day["ws"]["join_code"]
    assert [t["title"] for t in made["themes"]] == ["Fritid", "Skole", "Digitalt liv"]

    new = board(client, made, made["facilitator_token"])
    assert (new["title"], new["vision"]) == ("Unge i Lejre", "Ingen står alene.")
    old_ids = [day[k]["id"] for k in ("idea", "actor", "started", "quiet")]
    assert [c["carried_from"] for c in new["cards"]] == [
        {"workshop_id": day["ws"]["id"], "card_id": i} for i in old_ids]
    assert {c["origin"] for c in new["cards"]} == {"carried"}
    old_by_id = {c["id"]: c for c in board(client, day["ws"], day["fac"])["cards"]}
    themes = {t["id"]: n for n, t in enumerate(day["ws"]["themes"])}
    new_themes = {t["id"]: n for n, t in enumerate(made["themes"])}
    for card in new["cards"]:
        old = old_by_id[card["carried_from"]["card_id"]]
        assert (card["kind"], card["text"], card["organisation"]) == (
            old["kind"], old["text"], old["organisation"])
        assert new_themes[card["theme_id"]] == themes[old["theme_id"]]
        # Names stay with the day they were given on.
        assert card["author"]["participant_id"] is None and card["author"]["name"] is None
    texts = {c["text"] for c in new["cards"]}
    assert not texts & {day[k]["text"] for k in ("hidden", "twin", "pending")}


def test_supports_and_commitments_come_as_counts_and_links_point_at_the_new_cards(
        client, day, db):
    made = ok(client, "post", base(day["ws"]) + "/next", ORGANISER_TOKEN, {}, 201)
    new = board(client, made, made["facilitator_token"])
    by_source = {c["carried_from"]["card_id"]: c for c in new["cards"]}
    # The idea had two supports and the merged twin's one moved onto it.
    assert by_source[day["idea"]["id"]]["supports"] == 3
    assert by_source[day["started"]["id"]]["supports"] == 1
    assert by_source[day["started"]["id"]]["commitments"] == 3
    actor = by_source[day["actor"]["id"]]["id"]
    assert sorted((link["actor_card_id"], link["target_card_id"]) for link in new["links"]) == \
        sorted([(actor, by_source[day["started"]["id"]]["id"]),
                (actor, by_source[day["idea"]["id"]]["id"])])
    with db.read() as session:
        # Counts only: nobody of the new meeting gave these supports.
        assert session.scalar(select(func.count()).select_from(Support)
                              .where(Support.workshop_id == made["id"])) == 0
        assert session.scalar(select(func.count()).select_from(Link)
                              .where(Link.workshop_id == made["id"])) == 2


def test_no_contact_goes_across_without_follow_up_consent(client, day, db):
    made = ok(client, "post", base(day["ws"]) + "/next", ORGANISER_TOKEN, {}, 201)
    fac = made["facilitator_token"]
    new = board(client, made, fac)
    started = next(c for c in new["cards"] if c["carried_from"]["card_id"] == day["started"]["id"])
    # Sofie and Ali consented to be contacted about the day, not about its follow-up.
    listed = ok(client, "get", base(made) + f"/cards/{started['id']}/commitments", fac)
    assert listed["commitments"] == []
    everything = json.dumps([new, ok(client, "get", base(made) + "/events?after=0", fac)])
    for secret in (CONTACT, OTHER_CONTACT, "Sofie", "Ali", "Mads", "12 34 56 78"):
        assert secret not in everything
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Commitment)
                              .where(Commitment.workshop_id == made["id"])) == 0
        assert session.scalar(select(func.count()).select_from(Participant)
                              .where(Participant.workshop_id == made["id"])) == 0


def test_a_contact_goes_across_only_while_follow_up_consent_covers_it(client, day, db):
    from openspace.models.followup import FollowupConsent

    now = datetime.now(UTC)
    with db.write() as session:
        rows = {c.name: c for c in session.scalars(select(Commitment).where(
            Commitment.card_id == day["started"]["id"]))}
        session.add(FollowupConsent(commitment_id=rows["Sofie"].id, workshop_id=day["ws"]["id"],
                                    card_id=day["started"]["id"], months=6, given_at=now,
                                    until=now + timedelta(days=150)))
        session.add(FollowupConsent(commitment_id=rows["Ali"].id, workshop_id=day["ws"]["id"],
                                    card_id=day["started"]["id"], months=1,
                                    given_at=now - timedelta(days=60),
                                    until=now - timedelta(days=1)))
    made = ok(client, "post", base(day["ws"]) + "/next", ORGANISER_TOKEN, {}, 201)
    fac = made["facilitator_token"]
    new = board(client, made, fac)
    started = next(c for c in new["cards"] if c["carried_from"]["card_id"] == day["started"]["id"])
    assert started["commitments"] == 3  # still three in, one of them reachable
    listed = ok(client, "get", base(made) + f"/cards/{started['id']}/commitments", fac)
    assert [(c["name"], c["contact"]) for c in listed["commitments"]] == [("Sofie", CONTACT)]
    assert OTHER_CONTACT not in json.dumps(listed)
    with db.read() as session:
        [carried] = session.scalars(select(FollowupConsent).where(
            FollowupConsent.workshop_id == made["id"]))
        # The same end date: carrying never lengthens a consent.
        assert abs(carried.until - (now + timedelta(days=150))) < timedelta(seconds=1)
    # A stand-in no token opens, and not counted as someone who came.
    plenary = ok(client, "post", base(made) + "/plenaries", fac, {}, 201)
    summary = ok(client, "get", base(made) + f"/plenaries/{plenary['number']}", fac)["summary"]
    assert summary["counts"]["participants_joined"] == 0


def test_initiatives_keep_status_lead_and_notes(client, day, db):
    from openspace.models.followup import Followup, FollowupNote

    with db.write() as session:
        session.add(Followup(card_id=day["started"]["id"], workshop_id=day["ws"]["id"],
                             status="started", lead="Lejre Bibliotek", next_step="Find lokale"))
        session.add(FollowupNote(id="note1", workshop_id=day["ws"]["id"],
                                 card_id=day["started"]["id"],
                                 noted_on=datetime(2026, 12, 10).date(), text="Første gang i dag"))
    made = ok(client, "post", base(day["ws"]) + "/next", ORGANISER_TOKEN, {}, 201)
    with db.read() as session:
        card = session.scalar(select(Card).where(
            Card.workshop_id == made["id"], Card.carried_from_card_id == day["started"]["id"]))
        followup = session.get(Followup, card.id)
        assert (followup.status, followup.lead, followup.next_step) == (
            "started", "Lejre Bibliotek", "Find lokale")
        [note] = session.scalars(select(FollowupNote).where(FollowupNote.card_id == card.id))
        assert note.text == "Første gang i dag"


def test_its_plenary_1_counts_0_new_cards_before_anyone_posts(client, day):
    made = ok(client, "post", base(day["ws"]) + "/next", ORGANISER_TOKEN, {}, 201)
    fac = made["facilitator_token"]
    assert {c["origin"] for c in board(client, made, fac)["cards"]} == {"carried"}
    plenary = ok(client, "post", base(made) + "/plenaries", fac, {}, 201)
    counts = ok(client, "get", base(made) + f"/plenaries/{plenary['number']}", fac)[
        "summary"]["counts"]
    assert counts["cards"] == 0
    assert counts["carried"] == 4


def test_carried_supports_use_nobodys_cap_and_survive_a_merge(client, day):
    made = ok(client, "post", base(day["ws"]) + "/next", ORGANISER_TOKEN, {}, 201)
    fac = made["facilitator_token"]
    by_source = {c["carried_from"]["card_id"]: c for c in board(client, made, fac)["cards"]}
    idea, quiet = by_source[day["idea"]["id"]], by_source[day["quiet"]["id"]]
    newcomer = join_workshop(client, made, name="Freja")
    me = board(client, made, newcomer["token"])
    assert (me["support_cap"], me["me"]["supports_left"]) == (2, 2)
    answer = ok(client, "put", base(made) + f"/cards/{idea['id']}/support", newcomer["token"])
    assert (answer["card"]["supports"], answer["supports_left"]) == (4, 1)
    answer = ok(client, "delete", base(made) + f"/cards/{idea['id']}/support", newcomer["token"])
    assert answer["card"]["supports"] == 3
    ok(client, "put", base(made) + f"/cards/{idea['id']}/support", newcomer["token"])
    merged = ok(client, "post", base(made) + f"/cards/{idea['id']}/merge", fac,
                {"into": quiet["id"]})
    assert merged["supports"] == 4 + quiet["supports"]


def test_catch_up_rebuilds_the_carried_cards_as_a_fresh_fetch_shows_them(client, day):
    made = ok(client, "post", base(day["ws"]) + "/next", ORGANISER_TOKEN, {}, 201)
    phone = join_workshop(client, made)
    fresh = board(client, made, phone["token"])
    events = ok(client, "get", base(made) + "/events?after=0", phone["token"])["events"]
    cards = {e["data"]["id"]: e["data"] for e in events if e["type"] == "card.created"}
    assert list(cards.values()) == fresh["cards"]
    links = [e["data"] for e in events if e["type"] == "link.created"]
    assert links == fresh["links"]


# ---------------------------------------------------------------- who may, and bad input


@pytest.mark.parametrize("who, status", [("organiser", 201), ("facilitator", 403),
                                         ("participant", 403), ("other facilitator", 403),
                                         ("nobody", 401)])
def test_only_the_organiser_makes_the_next_meeting(client, day, db, who, status):
    other = create_workshop(client, title="Andet sted")
    tokens = {"organiser": ORGANISER_TOKEN, "facilitator": day["fac"],
              "participant": day["people"][0]["token"],
              "other facilitator": other["facilitator_token"], "nobody": None}
    with db.read() as session:
        before = session.scalar(select(func.count()).select_from(Workshop))
    code, data = next_meeting(client, day["ws"], tokens[who])
    assert code == status, data
    with db.read() as session:
        after = session.scalar(select(func.count()).select_from(Workshop))
    assert after == before + (1 if status == 201 else 0)
    if status != 201:
        assert data["error"]["code"] in ("forbidden", "unauthorized")


@pytest.mark.parametrize("body, field", [({"date": "2027-13-01"}, "date"),
                                         ({"date": "1.3.2027"}, "date"),
                                         ({"starts": "25:00"}, "starts"),
                                         ({"starts": "15:00", "ends": "10:00"}, "ends"),
                                         ({"title": ""}, "title"),
                                         ({"place": "x" * 301}, "place")])
def test_bad_input_makes_nothing(client, day, db, body, field):
    with db.read() as session:
        before = session.scalar(select(func.count()).select_from(Workshop))
    code, data = next_meeting(client, day["ws"], **body)
    assert code == 400, data
    assert data["error"]["field"] == field
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Workshop)) == before


def test_an_unknown_workshop_is_404(client):
    code, data = api(client, "post", "/api/v1/workshops/nope/next", ORGANISER_TOKEN, {})
    assert (code, data["error"]["code"]) == (404, "not_found")


# ---------------------------------------------------------------- the series


def test_the_series_lists_its_meetings_and_how_each_initiative_moved(client, day):
    second = ok(client, "post", base(day["ws"]) + "/next", ORGANISER_TOKEN,
                {"date": "2027-03-01", "place": "Hvalsø Bibliotek"}, 201)
    newcomer = join_workshop(client, second)
    fresh = post_card(client, second, newcomer["token"], "x1", kind="initiative",
                      text="Madklub for unge")
    third = ok(client, "post", base(second) + "/next", ORGANISER_TOKEN,
               {"date": "2027-06-07", "starts": "17:00", "ends": "20:00",
                "title": "Unge i Lejre – sommer"}, 201)
    assert second["series_id"] == third["series_id"]

    series = ok(client, "get", f"/api/v1/series/{third['series_id']}", ORGANISER_TOKEN)
    assert series["title"] == "Unge i Lejre"
    meetings = series["meetings"]
    assert [m["workshop_id"] for m in meetings] == [day["ws"]["id"], second["id"], third["id"]]
    assert [m["date"] for m in meetings] == ["2026-11-30", "2027-03-01", "2027-06-07"]
    # The third meeting was made without a place: it is where the second one was.
    assert [m["place"] for m in meetings] == ["", "Hvalsø Bibliotek", "Hvalsø Bibliotek"]
    assert board(client, third, third["facilitator_token"])["place"] == "Hvalsø Bibliotek"
    assert datetime.fromisoformat(meetings[2]["day_starts_at"]) == datetime(
        2027, 6, 7, 17, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert [(m["counts"]["cards"], m["counts"]["carried"]) for m in meetings] == [
        (4, 0), (1, 4), (0, 5)]
    assert meetings[1]["previous_workshop_id"] == day["ws"]["id"]

    trails = {t["text"]: t["meetings"] for t in series["initiatives"]}
    assert set(trails) == {"Lektiecafé hver tirsdag", "Gåtur om søndagen", "Madklub for unge"}
    lektie = trails["Lektiecafé hver tirsdag"]
    assert [m["carried"] for m in lektie] == [False, True, True]
    assert [m["status"] for m in lektie] == ["idea", "idea", "idea"]
    assert lektie[0]["card_id"] == day["started"]["id"]
    madklub = trails["Madklub for unge"]
    assert madklub[0] is None and madklub[1]["card_id"] == fresh["id"] and madklub[2]["carried"]

    # The third meeting's cards point at the second's, not further back.
    third_cards = board(client, third, third["facilitator_token"])["cards"]
    assert {c["carried_from"]["workshop_id"] for c in third_cards} == {second["id"]}
    # Reached from any of its workshops, it is the same series.
    assert ok(client, "get", base(day["ws"]) + "/series", ORGANISER_TOKEN) == series


def test_deleting_a_meeting_leaves_the_series_and_no_trace_of_it(client, day):
    second = ok(client, "post", base(day["ws"]) + "/next", ORGANISER_TOKEN,
                {"title": "Unge i Lejre igen"}, 201)
    assert client.delete(base(day["ws"]), headers=bearer(ORGANISER_TOKEN)).status_code == 200
    # The next meeting goes on: its cards are still carried, no longer saying from where.
    cards = board(client, second, second["facilitator_token"])["cards"]
    assert cards and {c["origin"] for c in cards} == {"carried"}
    assert {c["carried_from"] is None for c in cards} == {True}
    series = ok(client, "get", f"/api/v1/series/{second['series_id']}", ORGANISER_TOKEN)
    assert series["title"] == "Unge i Lejre igen"
    assert [(m["workshop_id"], m["previous_workshop_id"]) for m in series["meetings"]] == [
        (second["id"], None)]
    # The last meeting takes the series with it.
    assert client.delete(base(second), headers=bearer(ORGANISER_TOKEN)).status_code == 200
    assert client.get(f"/api/v1/series/{second['series_id']}",
                      headers=bearer(ORGANISER_TOKEN)).status_code == 404


def test_a_workshop_without_a_series_is_a_series_of_one(client, day):
    alone = ok(client, "get", base(day["ws"]) + "/series", ORGANISER_TOKEN)
    assert alone["id"] is None
    assert [m["workshop_id"] for m in alone["meetings"]] == [day["ws"]["id"]]


@pytest.mark.parametrize("who", ["facilitator", "participant", "nobody"])
def test_only_the_organiser_reads_a_series(client, day, who):
    made = ok(client, "post", base(day["ws"]) + "/next", ORGANISER_TOKEN, {}, 201)
    token = {"facilitator": day["fac"], "participant": day["people"][0]["token"],
             "nobody": None}[who]
    for path in (f"/api/v1/series/{made['series_id']}", base(day["ws"]) + "/series"):
        code, data = api(client, "get", path, token)
        assert code == (401 if who == "nobody" else 403), data


def test_the_series_page_is_served(client, day):
    made = ok(client, "post", base(day["ws"]) + "/next", ORGANISER_TOKEN, {}, 201)
    for path in (f"/o/series/{made['series_id']}", f"/o/workshops/{day['ws']['id']}/series"):
        page = client.get(path)
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "series.js" in html and 'id="series-app"' in html
    assert api(client, "get", "/api/v1/series/nope", ORGANISER_TOKEN)[0] == 404


# ---------------------------------------------------------------- the invitation


def test_the_calendar_file_parses_back_with_date_time_and_place(client, day):
    made = ok(client, "post", base(day["ws"]) + "/next", ORGANISER_TOKEN,
              {"date": "2027-03-01", "starts": "16:30", "ends": "19:00",
               "place": "Hvalsø Bibliotek, Skolevej 2; 1. sal"}, 201)
    # The series page links the day's calendar file; the older address sends there.
    series = ok(client, "get", f"/api/v1/series/{made['series_id']}", ORGANISER_TOKEN)
    assert series["meetings"][-1]["calendar_url"] == f"/j/{made['join_code']}/day.ics"
    moved = client.get(f"/w/{made['id']}/meeting.ics")
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith(f"/j/{made['join_code']}/day.ics")
    response = client.get(series["meetings"][-1]["calendar_url"])
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    raw = response.get_data()
    calendar = icalendar.Calendar.from_ical(raw)
    [event] = calendar.walk("VEVENT")
    copenhagen = ZoneInfo("Europe/Copenhagen")
    assert event.decoded("DTSTART") == datetime(2027, 3, 1, 16, 30, tzinfo=copenhagen)
    assert event.decoded("DTEND") == datetime(2027, 3, 1, 19, 0, tzinfo=copenhagen)
    assert str(event["SUMMARY"]) == "Unge i Lejre"
    assert str(event["LOCATION"]) == "Hvalsø Bibliotek, Skolevej 2; 1. sal"
    assert str(event["URL"]) == made["join_url"]
    assert made["join_url"] in str(event["DESCRIPTION"])
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    text = raw.decode("utf-8")
    for secret in (CONTACT, OTHER_CONTACT, "Sofie", made["facilitator_token"], ORGANISER_TOKEN):
        assert secret not in text
    assert client.get("/w/nope/meeting.ics").status_code == 404


def test_the_poster_of_the_next_meeting_holds_its_qr_and_code(client, day):
    from io import BytesIO

    from pypdf import PdfReader

    made = ok(client, "post", base(day["ws"]) + "/next", ORGANISER_TOKEN,
              {"date": "2027-03-01"}, 201)
    series = ok(client, "get", f"/api/v1/series/{made['series_id']}", ORGANISER_TOKEN)
    poster_url = series["meetings"][-1]["poster_url"]
    response = client.get(poster_url, headers=ORGANISER)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)
    assert made["join_code"] in text.replace(" ", "")
    assert client.get(poster_url, headers=bearer(day["fac"])).status_code == 403
