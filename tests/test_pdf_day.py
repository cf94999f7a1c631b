"""A day's documents read back as a user reads them: what came today and what was brought in,
the one-page summaries, each card once, the report's cover and board, file names, the poster
and the day's calendar file.

Everything goes through the API of a real app (SQLite, the PDF worker process); PDF text is
read back with pypdf, the calendar file parsed with icalendar.
"""

from __future__ import annotations

import io
import re
import time
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from pypdf import PdfReader

from openspace import create_app
from openspace.documents import documents_of
from openspace.services.day_sheet import file_name, slug

from .databases import migrated_instance
from .helpers import ORGANISER, ORGANISER_TOKEN, base, bearer, create_workshop, join, post_card
from .test_pdf import snapshot

KICKOFF_ACTOR = "Spejderne i Hvalsø tager gerne imod nye"
KICKOFF = ("tema;slags;tekst;forening\n"
           "Fritid;idé;Et fast mødested for unge om aftenen;\n"
           f"Fritid;aktør;{KICKOFF_ACTOR};Spejderne\n"
           "Skole;indsats;Lektiecafé med frivillige studerende;Biblioteket\n")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """An app with its own instance folder (PDFs rendered in the worker process)."""
    folder = migrated_instance(tmp_path_factory.mktemp("pdf-day"))
    return create_app({"TESTING": True, "INSTANCE_PATH": str(folder),
                       "ADMIN_TOKEN": ORGANISER_TOKEN, "ASYNC_MODE": "threading",
                       "RATE_LIMITS": False, "PUBLIC_URL": "http://skole.example"})


@pytest.fixture
def client(app):
    """A test client of the app."""
    return app.test_client()


def pages_of(data: bytes) -> list[str]:
    """Return the text of every page, whitespace collapsed."""
    return [re.sub(r"\s+", " ", page.extract_text())
            for page in PdfReader(io.BytesIO(data)).pages]


def get_pdf(client, path: str, token: str | None = None):
    """Download a PDF of the API; return the response (checked to be a PDF)."""
    headers = bearer(token) if token else ORGANISER
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.data.startswith(b"%PDF-")
    return response


def local_day(hours_from_now: float, length_hours: float = 8) -> dict:
    """Return ``day_starts_at``/``day_ends_at`` for a day starting ``hours_from_now`` (UTC)."""
    start = datetime.now(UTC) + timedelta(hours=hours_from_now)
    return {"day_starts_at": start.isoformat(),
            "day_ends_at": (start + timedelta(hours=length_hours)).isoformat()}


def take_plenary(client, workshop: dict) -> int:
    """Take a plenary now as the organiser; return its number."""
    response = client.post(base(workshop) + "/plenaries", json={}, headers=ORGANISER)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["number"]


# ---------------------------------------------------------------- carried versus new

def test_kickoff_cards_are_carried_not_new(client):
    workshop = create_workshop(client)
    imported = client.post(base(workshop) + "/import", json={"format": "csv", "content": KICKOFF},
                           headers=ORGANISER)
    assert imported.status_code == 201, imported.get_json()
    mira = join(client, workshop, name="Mira")
    for n, kind in enumerate(("idea", "actor", "initiative")):
        post_card(client, workshop, mira["token"], f"new-{n}", kind=kind,
                  text=f"Nyt kort nummer {n} fra dagen")
    number = take_plenary(client, workshop)

    # Any token of the workshop reads it (contract: "Plenaries for everyone").
    answer = client.get(base(workshop) + f"/plenaries/{number}", headers=bearer(mira["token"]))
    assert answer.status_code == 200
    summary = answer.get_json()["summary"]
    assert summary["counts"]["cards"] == 3
    assert summary["counts"]["carried"] == 3
    assert summary["counts"]["actor"] == 1  # the day's actor only
    assert {c["origin"] for c in summary["carried"]} == {"kickoff"}
    assert {c["organisation"] for c in summary["carried"]} == {None, "Spejderne", "Biblioteket"}
    assert KICKOFF_ACTOR not in [c["text"] for c in summary["new_actors"]]
    listed = [c for t in summary["themes"] for k in ("idea", "actor", "initiative") for c in t[k]]
    assert len(listed) == 3 and {c["origin"] for c in listed} == {"board"}
    for card in listed + summary["carried"]:
        assert {"origin", "organisation", "sdgs", "commitments", "supports"} <= set(card)
    assert "contact" not in answer.get_data(as_text=True)

    pages = pages_of(get_pdf(client, base(workshop) + f"/plenaries/{number}.pdf").data)
    first = pages[0]
    assert re.search(r"\b3\s*nye kort\b", first) and re.search(r"\b3\s*medbragte kort\b", first)
    rest = " ".join(pages[1:])
    new_part, _, carried_part = rest.partition("Medbragt: kick-off og tidligere møder")
    assert carried_part, "the carried cards have their own section"
    assert KICKOFF_ACTOR not in new_part and KICKOFF_ACTOR not in first
    assert KICKOFF_ACTOR in carried_part and "fra kick-off" in carried_part
    assert "Spejderne" in carried_part  # the organisation is printed

    # The report says which is which too: counted apart, marked on the board.
    report = pages_of(get_pdf(client, base(workshop) + "/report.pdf").data)
    assert re.search(r"\b3\s*medbragte kort", report[1]) and re.search(r"\b3\s*nye kort", report[1])
    board = " ".join(report).split("Hvert kort én gang")[1]
    assert re.search(KICKOFF_ACTOR + r".{0,80}fra kick-off", board)


# ---------------------------------------------------------------- dropped cards leave the counts

def test_a_card_hidden_or_deleted_after_the_plenary_leaves_its_counts(client):
    workshop = create_workshop(client)
    mira = join(client, workshop, name="Mira")
    idea = post_card(client, workshop, mira["token"], "i", text="Bænke ved søen")
    initiative = post_card(client, workshop, mira["token"], "n", kind="initiative",
                           text="Vi bygger bænkene selv")
    other = post_card(client, workshop, mira["token"], "o", text="Lys på stien")
    number = take_plenary(client, workshop)
    counts = client.get(base(workshop) + f"/plenaries/{number}",
                        headers=ORGANISER).get_json()["summary"]["counts"]
    assert (counts["cards"], counts["idea"], counts["initiative"], counts["cards_total"]) == \
        (3, 2, 1, 3)

    hidden = client.post(base(workshop) + f"/cards/{initiative['id']}/hide", json={},
                         headers=ORGANISER)
    assert hidden.status_code == 200
    deleted = client.delete(base(workshop) + f"/cards/{other['id']}",
                            headers=bearer(mira["token"]))
    assert deleted.status_code in (200, 204)

    counts = client.get(base(workshop) + f"/plenaries/{number}",
                        headers=ORGANISER).get_json()["summary"]["counts"]
    assert (counts["cards"], counts["idea"], counts["initiative"], counts["cards_total"]) == \
        (1, 1, 0, 1)
    first = pages_of(get_pdf(client, base(workshop) + f"/plenaries/{number}.pdf").data)[0]
    assert re.search(r"\b1\s*nyt kort\b", first) and re.search(r"\b0\s*indsatser\b", first)
    assert idea["text"] in " ".join(pages_of(
        get_pdf(client, base(workshop) + f"/plenaries/{number}.pdf").data))


# ---------------------------------------------------------------- the plenary PDF

def test_plenary_pdf_has_its_summary_on_page_one_and_every_card_once(client):
    workshop = create_workshop(client)
    people = [join(client, workshop, name=f"Deltager {n}") for n in range(4)]
    texts = []
    for n in range(48):
        kind = ("idea", "actor", "initiative")[n % 3]
        text = f"Forslag {n:02d}: " + "vi mødes og finder på noget sammen " * (1 + n % 4)
        card = post_card(client, workshop, people[n % 4]["token"], f"c{n}", kind=kind,
                         text=text.strip(), theme=n % 3)
        texts.append(card["text"])
        if n % 5 == 0:  # support some, so "most supported" has a list
            client.put(base(workshop) + f"/cards/{card['id']}/support", json={},
                       headers=bearer(people[(n + 1) % 4]["token"]))
    number = take_plenary(client, workshop)
    pages = pages_of(get_pdf(client, base(workshop) + f"/plenaries/{number}.pdf").data)

    first = pages[0]
    assert re.search(r"\b48\s*nye kort", first)
    for heading in ("Opsamling 1", "Mest støttet i denne opsamling",
                    "Nye indsatser (16)", "Scan og vær med"):
        assert heading in first, heading
    assert "… og 11 mere." in first  # a long list is cut to fit, never runs on
    # The card lists start on page 2, never on the summary page.
    assert "Idéer (" not in first and "Idéer (" in pages[1]
    assert pages[1].index("Nye kort efter tema") < pages[1].index("Idéer (")

    body = " ".join(pages[1:])
    whole = " ".join(pages)
    for n, text in enumerate(texts):
        assert body.count(text) == 1, text  # every card once in the lists
        # Page 1 points at a few (most supported, new initiatives); no other card repeats.
        highlighted = n % 5 == 0 or n % 3 == 2  # supported, or an initiative
        if not highlighted:
            assert whole.count(text) == 1, text
        # A supported new initiative may be named under both headings of page 1.
        assert first.count(text) <= 2, text
    assert "Nye aktører" not in " ".join(pages)  # no second list of the same cards


LONG_NOTE = "\n".join(
    f"{n}. Vi aftalte, at gruppen om {topic} mødes igen, og at kommunen inviterer "
    "foreningerne, skolen og de unge selv til at være med fra starten."
    for n, topic in enumerate(["lektiecafé", "fredagshal", "bussen", "ungeråd", "madklub",
                               "mentorer", "e-sport", "gåture"] * 6, start=1))[:4990] + " SLUT."


def test_a_long_note_is_cut_on_page_one_and_printed_whole_on_page_two(client):
    workshop = create_workshop(client)
    people = [join(client, workshop, name=f"Deltager {n}") for n in range(4)]
    cards = []
    for n in range(30):
        kind = ("idea", "actor", "initiative")[n % 3]
        cards.append(post_card(client, workshop, people[n % 4]["token"], f"c{n}", kind=kind,
                               text=f"Forslag {n:02d}: vi mødes og finder på noget sammen "
                               + "med foreningerne, skolen og de unge selv, " * (1 + n % 6),
                               theme=n % 3, organisation="FDF Hvalsø" if n % 2 else None))
        client.put(base(workshop) + f"/cards/{cards[-1]['id']}/support", json={},
                   headers=bearer(people[(n + 1) % 4]["token"]))
    for card in cards[:5]:
        client.post(base(workshop) + f"/cards/{card['id']}/star", json={"starred": True},
                    headers=ORGANISER)
    for actor, target in zip(cards[1::3][:5], cards[2::3][:5], strict=True):
        client.post(base(workshop) + "/links", headers=ORGANISER,
                    json={"actor_card_id": actor["id"], "target_card_id": target["id"]})
    assert len(LONG_NOTE) <= 5000
    response = client.post(base(workshop) + "/plenaries", json={"note": LONG_NOTE},
                           headers=ORGANISER)
    assert response.status_code == 201, response.get_json()
    number = response.get_json()["number"]
    pages = pages_of(get_pdf(client, base(workshop) + f"/plenaries/{number}.pdf").data)

    first = pages[0]
    # Page 1 holds the whole summary: the note's start, then every part after it.
    for heading in ("Opsamling 1", "Facilitatorens noter", "(fortsættes side 2)",
                    "Udvalgt til opsamlingen", "Mest støttet i denne opsamling",
                    "Nye indsatser (10)", "Aktører, der kan hjælpe (5)", "Scan og vær med"):
        assert heading in first, heading
    assert "1. Vi aftalte, at gruppen om lektiecafé" in first and "SLUT." not in first
    # Page 2 starts with the note, whole (pypdf reads lines back with single spaces).
    second = pages[1]
    assert second.index("Facilitatorens noter") < second.index("1. Vi aftalte")
    whole = " ".join(pages[1:])
    # Every line of it (a page's running head may fall between two of them), to its end.
    assert whole.count("Vi aftalte, at gruppen") == LONG_NOTE.count("Vi aftalte, at gruppen")
    assert "ungeråd m SLUT." in whole and first.count("Vi aftalte, at gruppen") <= 5
    assert "Nye kort efter tema" in whole


def test_starred_cards_open_the_plenary_summary(app):
    s = snapshot()
    s["starred"] = [s["themes"][1]["initiative"][0]]
    first = pages_of(documents_of(app).render_plenary(s))[0]
    assert "Udvalgt til opsamlingen" in first
    assert "Bussen kører senere om fredagen" in first.split("Udvalgt til opsamlingen")[1]


def test_an_old_snapshot_without_origins_still_renders(app):
    s = snapshot()
    for key in ("carried",):
        s.pop(key, None)
    pages = pages_of(documents_of(app).render_plenary(s))
    assert "Åben hal fredag aften med musik" in " ".join(pages)
    assert "medbragt" not in " ".join(pages)


# ---------------------------------------------------------------- the report

def test_report_cover_names_organiser_date_and_place_and_says_the_board_time_midday(client):
    workshop = create_workshop(client, title="Ærø sammen", organiser_name="Ærø Kommune",
                               place="Ærøskøbing Skole, Gymnastiksalen", **local_day(-2))
    mira = join(client, workshop, name="Mira")
    for n in range(3):
        post_card(client, workshop, mira["token"], f"c{n}", text=f"Idé nummer {n}")
    take_plenary(client, workshop)
    pages = pages_of(get_pdf(client, base(workshop) + "/report.pdf").data)
    cover = pages[0]
    assert "Ærø Kommune" in cover and "Ærøskøbing Skole, Gymnastiksalen" in cover
    assert "Arrangør" in cover and "Sted" in cover and "Dato" in cover
    start = datetime.now(UTC) - timedelta(hours=2)
    assert str(start.astimezone().year) in cover
    # The day on one page, the contents on the same page.
    assert "Dagen kort fortalt" in pages[1] and "Indhold" in pages[1]
    text = " ".join(pages)
    clock = re.search(r"Tavlen kl\. (\d\d)\.(\d\d)", text)
    assert clock, "mid-day the board says its time"
    assert "Tavlen ved dagens slutning" not in text


def test_report_after_the_day_says_end_of_the_day(client):
    workshop = create_workshop(client, **local_day(-30))
    mira = join(client, workshop)
    post_card(client, workshop, mira["token"], "c", text="Sent på dagen")
    text = " ".join(pages_of(get_pdf(client, base(workshop) + "/report.pdf").data))
    assert "Tavlen ved dagens slutning" in text and not re.search(r"Tavlen kl\. \d", text)


def test_report_board_is_ordered_by_support_and_lists_each_card_once(client):
    workshop = create_workshop(client)
    people = [join(client, workshop) for _ in range(3)]
    cards = [post_card(client, workshop, people[0]["token"], f"c{n}", text=f"Tavlekort {n}")
             for n in range(4)]
    for person in people:  # "Tavlekort 2" gets three supports, "Tavlekort 3" one
        client.put(base(workshop) + f"/cards/{cards[2]['id']}/support", json={},
                   headers=bearer(person["token"]))
    client.put(base(workshop) + f"/cards/{cards[3]['id']}/support", json={},
               headers=bearer(people[1]["token"]))
    take_plenary(client, workshop)
    pages = pages_of(get_pdf(client, base(workshop) + "/report.pdf").data)
    board = " ".join(pages).split("Hvert kort én gang, de mest støttede først.")[1]
    order = [int(n) for n in re.findall(r"Tavlekort (\d)", board)]
    assert order == [2, 3, 0, 1]


# ---------------------------------------------------------------- file names

def test_file_names_carry_the_workshop_and_the_date(client):
    workshop = create_workshop(client, title="Ærø sammen", day_starts_at="2026-11-30T09:00",
                               day_ends_at="2026-11-30T16:00")
    mira = join(client, workshop)
    post_card(client, workshop, mira["token"], "c")
    number = take_plenary(client, workshop)
    for path, expected in ((f"/plenaries/{number}.pdf", "opsamling-1-aero-sammen-2026-11-30.pdf"),
                           ("/report.pdf", "rapport-aero-sammen-2026-11-30.pdf"),
                           ("/poster.pdf", "plakat-aero-sammen-2026-11-30.pdf")):
        response = get_pdf(client, base(workshop) + path)
        assert response.headers["Content-Disposition"] == f'attachment; filename="{expected}"'
    english = create_workshop(client, title="Young & Together!", language="en",
                              day_starts_at="2026-12-01T09:00", day_ends_at="2026-12-01T15:00")
    response = get_pdf(client, base(english) + "/poster.pdf")
    assert 'filename="poster-young-together-2026-12-01.pdf"' in \
        response.headers["Content-Disposition"]


def test_slugs_are_plain_ascii():
    assert slug("Ærø sammen") == "aero-sammen"
    assert slug("Unge & fællesskaber – Hvalsø 2026") == "unge-faellesskaber-hvalso-2026"
    assert slug("¿¿¿") == "workshop"
    assert len(slug("ord " * 40)) <= 40
    assert file_name({"title": "X", "language": "da", "day_date": "2026-01-02"}, "plenary", 3) \
        == "opsamling-3-x-2026-01-02.pdf"


# ---------------------------------------------------------------- the poster and the calendar

POSTER_FIELDS = {"title": "Ærø sammen", "organiser_name": "Ærø Kommune",
                 "place": "Ærøskøbing Skole", "wifi_name": "Skole-Gæst",
                 "day_starts_at": "2026-11-30T09:00", "day_ends_at": "2026-11-30T12:00",
                 "plenary_every_minutes": 60}


def test_poster_shows_date_time_place_plenaries_and_wifi(client):
    workshop = create_workshop(client, **POSTER_FIELDS)
    pages = pages_of(get_pdf(client, base(workshop) + "/poster.pdf").data)
    assert len(pages) == 1
    poster = pages[0]
    for expected in ("mandag den 30. november 2026", "kl. 09.00–12.00", "Ærøskøbing Skole",
                     "Opsamlinger kl. 10.00, 11.00, 12.00", "Wi-fi: Skole-Gæst",
                     "Arrangør: Ærø Kommune", workshop["join_code"]):
        assert expected in poster, expected


def test_day_calendar_file(client):
    workshop = create_workshop(client, **POSTER_FIELDS)
    join(client, workshop, name="Mira Hemmelig")
    response = client.get(f"/j/{workshop['join_code']}/day.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="dagen-aero-sammen-2026-11-30.ics"'
    calendar = icalendar.Calendar.from_ical(response.data)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Ærø sammen"
    assert str(event["LOCATION"]) == "Ærøskøbing Skole"
    assert event["DTSTART"].dt == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09.00 in Copenhagen
    assert event["DTEND"].dt == datetime(2026, 11, 30, 11, 0, tzinfo=UTC)
    description = str(event["DESCRIPTION"])
    assert workshop["join_url"] in description
    assert "Opsamlinger kl. 10.00, 11.00, 12.00" in description
    assert "Wi-fi: Skole-Gæst" in description and "Arrangør: Ærø Kommune" in description
    assert b"Mira" not in response.data  # nobody's data
    assert client.get("/j/NOSUCHCODE/day.ics").status_code == 404


def test_the_poster_and_the_calendar_leave_out_a_plenary_in_the_break(client):
    # The poster, the calendar file and the board read one schedule: no plenary at 12.00
    # when lunch is 12.00–12.45, as the board itself will never take one then.
    workshop = create_workshop(client, **{
        **POSTER_FIELDS, "day_ends_at": "2026-11-30T15:00",
        "breaks": [{"starts_at": "2026-11-30T12:00", "ends_at": "2026-11-30T12:45"}]})
    [poster] = pages_of(get_pdf(client, base(workshop) + "/poster.pdf").data)
    assert "Opsamlinger kl. 10.00, 11.00, 13.00, 14.00, 15.00" in poster
    assert "12.00" not in poster
    calendar = icalendar.Calendar.from_ical(
        client.get(f"/j/{workshop['join_code']}/day.ics").data)
    [event] = calendar.walk("VEVENT")
    description = str(event["DESCRIPTION"])
    assert "Opsamlinger kl. 10.00, 11.00, 13.00, 14.00, 15.00" in description
    assert "12.00" not in description
    board = client.get(base(workshop), headers=ORGANISER).get_json()
    # The board lists the times still to come (UTC): each one is on the poster too.
    printed = {"09:00", "10:00", "12:00", "13:00", "14:00"}
    assert {t[11:16] for t in board["plenary_times"]} <= printed


# ---------------------------------------------------------------- the fields

def test_day_details_are_checked_and_can_be_changed(client):
    workshop = create_workshop(client, organiser_name="  Lejre   Kommune ", place="Hvalsø")
    state = client.get(base(workshop), headers=ORGANISER).get_json()
    assert (state["organiser_name"], state["place"], state["wifi_name"]) == \
        ("Lejre Kommune", "Hvalsø", "")
    for body, field in (({"place": "x" * 301}, "place"), ({"wifi_name": 7}, "wifi_name"),
                        ({"organiser_name": "a\x00b"}, "organiser_name")):
        response = client.patch(base(workshop), json=body, headers=ORGANISER)
        assert response.status_code == 400, body
        assert response.get_json()["error"]["field"] == field
    unchanged = client.get(base(workshop), headers=ORGANISER).get_json()
    assert unchanged["place"] == "Hvalsø"
    changed = client.patch(base(workshop), json={"wifi_name": "Hal-Gæst", "place": None},
                           headers=ORGANISER)
    assert changed.status_code == 200
    state = client.get(base(workshop), headers=ORGANISER).get_json()
    assert (state["organiser_name"], state["place"], state["wifi_name"]) == \
        ("Lejre Kommune", "", "Hal-Gæst")
    refused = client.post("/api/v1/workshops", json={"title": "T", "themes": ["A"],
                                                     "organiser_name": "o" * 201},
                          headers=ORGANISER)
    assert refused.status_code == 400 and refused.get_json()["error"]["field"] == "organiser_name"


# ---------------------------------------------------------------- a real day's size

def test_report_of_a_300_card_day_is_short(client):
    """Before this change the report of a 300-card day ran to 56 pages; now about half."""
    workshop = create_workshop(client)
    people = [join(client, workshop, name=f"P{n}") for n in range(10)]
    for n in range(300):
        kind = ("idea", "idea", "actor", "initiative")[n % 4]
        text = (f"Kort {n}: de unge kunne åbne hallen fredag aften. "
                + "Det vil gøre en stor forskel for dem, der ikke har så mange venner. " * (n % 3))
        post_card(client, workshop, people[n % 10]["token"], f"c{n}", kind=kind,
                  text=text.strip(), theme=n % 3)
        if n in (100, 200):
            take_plenary(client, workshop)
    take_plenary(client, workshop)
    started = time.monotonic()
    pages = pages_of(get_pdf(client, base(workshop) + "/report.pdf").data)
    seconds = time.monotonic() - started
    assert len(pages) <= 32, len(pages)
    assert seconds < 30
    for number in (1, 2, 3):
        plenary = pages_of(get_pdf(client, base(workshop) + f"/plenaries/{number}.pdf").data)
        assert "Nye indsatser" in plenary[0] and "Idéer (" not in plenary[0]


def test_a_plenary_with_nothing_new_is_one_page(app):
    s = snapshot()
    for theme in s["themes"]:
        theme.update(idea=[], actor=[], initiative=[])
    s.update(new_actors=[], new_initiatives=[], top_window=[], note="",
             counts={**s["counts"], "cards": 0, "idea": 0, "actor": 0, "initiative": 0})
    pages = pages_of(documents_of(app).render_plenary(s))
    assert len(pages) == 1
    assert "Ingen nye kort siden sidste opsamling." in pages[0]
