"""The schedule knows breaks: no plenary over lunch, none when nothing is new (unless asked).

The services are asked with plain times; the job (``jobs.tick``) runs on a real
app and database, driven minute by minute by a clock function through a whole day.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from openspace import jobs
from openspace.models import Plenary, Workshop
from openspace.services.schedule import due_slot, next_slot, plenary_times

from .helpers import ORGANISER_TOKEN, base, call, create_workshop, join, post_card

NINE = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09.00 in Copenhagen (UTC+1)
LUNCH = (datetime(2026, 11, 30, 11, 0, tzinfo=UTC), datetime(2026, 11, 30, 11, 45, tzinfo=UTC))
DAY = {"day_starts_at": "2026-11-30T09:00", "day_ends_at": "2026-11-30T16:00",
       "breaks": [{"starts_at": "2026-11-30T12:00", "ends_at": "2026-11-30T12:45"}]}


def at(hours: int, minutes: int = 0) -> datetime:
    """Return the Copenhagen time hours.minutes on the day, in UTC."""
    return datetime(2026, 11, 30, hours - 1, minutes, tzinfo=UTC)


def day_with_lunch(every: int = 60) -> Workshop:
    """A workshop row (not stored) of 09.00–16.00 with lunch 12.00–12.45."""
    return Workshop(day_starts_at=NINE, day_ends_at=NINE + timedelta(hours=7),
                    plenary_every_minutes=every, created_at=NINE,
                    breaks=[[LUNCH[0].isoformat(), LUNCH[1].isoformat()]])


def test_a_slot_in_a_break_is_never_due_and_nothing_is_due_during_it():
    workshop = day_with_lunch()
    assert due_slot(workshop, at(11, 59)) == at(11)
    assert due_slot(workshop, at(12)) is None          # the 12.00 slot lies in lunch
    assert due_slot(workshop, at(12, 30)) is None      # nothing fires over lunch
    assert due_slot(workshop, at(12, 45)) == at(11)    # after lunch: 11.00, taken long ago
    assert due_slot(workshop, at(13, 5)) == at(13)


def test_next_plenary_skips_the_break_and_the_list_leaves_it_out():
    workshop = day_with_lunch()
    assert next_slot(workshop, at(11, 10)) == at(13)
    assert next_slot(workshop, at(12, 10)) == at(13)
    assert plenary_times(workshop, at(9, 30)) == [at(10), at(11), at(13), at(14), at(15), at(16)]
    # Every 20 minutes: 12.00, 12.20 and 12.40 fall in lunch; 13.00 is the first after.
    short = day_with_lunch(every=20)
    assert next_slot(short, at(11, 45)) == at(13)
    assert at(12, 40) not in plenary_times(short, at(9))


def test_several_breaks_and_a_break_that_ends_on_a_slot():
    workshop = day_with_lunch()
    workshop.breaks = [[at(10).isoformat(), at(11).isoformat()],
                       [at(14, 50).isoformat(), at(15, 10).isoformat()]]
    assert plenary_times(workshop, at(9)) == [at(11), at(12), at(13), at(14), at(16)]
    assert due_slot(workshop, at(10, 30)) is None
    assert due_slot(workshop, at(11)) == at(11)  # a break ends before its end time


def schedule_of(client, workshop: dict) -> dict:
    """Return the workshop's schedule as the organiser reads it."""
    return call(client, "get", base(workshop), ORGANISER_TOKEN).get_json()


def test_breaks_are_given_read_back_and_checked(client):
    workshop = create_workshop(client, **DAY)
    board = schedule_of(client, workshop)
    assert board["breaks"] == [{"starts_at": LUNCH[0].isoformat(),
                                "ends_at": LUNCH[1].isoformat()}]
    assert board["skip_empty_plenaries"] is True
    for bad in ([{"starts_at": "2026-11-30T13:00", "ends_at": "2026-11-30T12:00"}],
                [{"starts_at": "2026-11-30T13:00"}], "lunch", [1],
                [{"starts_at": "i morgen", "ends_at": "2026-11-30T12:00"}],
                [{"starts_at": "2026-11-30T12:00", "ends_at": "2026-11-30T12:30"}] * 11):
        answer = call(client, "patch", base(workshop), ORGANISER_TOKEN, {"breaks": bad})
        assert answer.status_code == 400, bad
        assert answer.get_json()["error"]["field"] == "breaks"
    answer = call(client, "patch", base(workshop), ORGANISER_TOKEN, {"skip_empty_plenaries": "ja"})
    assert answer.status_code == 400
    assert schedule_of(client, workshop)["breaks"] == board["breaks"]  # nothing changed
    answer = call(client, "patch", base(workshop), ORGANISER_TOKEN,
                  {"breaks": [], "skip_empty_plenaries": False})
    assert answer.status_code == 200
    assert answer.get_json()["breaks"] == [] and answer.get_json()["skip_empty_plenaries"] is False


def plenary_times_taken(db, workshop: dict) -> list[datetime]:
    """Return when each of the workshop's plenaries was taken (its window's end)."""
    with db.read() as session:
        return list(session.scalars(select(Plenary.ends_at).where(
            Plenary.workshop_id == workshop["id"]).order_by(Plenary.number)))


def test_the_job_through_a_day_no_plenary_over_lunch_none_when_nothing_is_new(app, client, db):
    skipping = create_workshop(client, **DAY)
    taking = create_workshop(client, **DAY, skip_empty_plenaries=False)
    posts = {at(9, 30): "Lektiecafé", at(10, 30): "Fællesspisning",
             at(12, 20): "Gåtur i frokosten", at(14, 30): "Brætspil"}
    phones = {w["id"]: join(client, w)["token"] for w in (skipping, taking)}
    minute = [at(9)]

    def clock() -> datetime:
        """The day's clock, a minute further at every call."""
        minute[0] += timedelta(minutes=1)
        return minute[0]

    fired = []
    while minute[0] < at(16, 30):
        now = clock()
        if now in posts:
            for workshop in (skipping, taking):
                post_card(client, workshop, phones[workshop["id"]], f"c-{now:%H%M}",
                          text=posts[now])
        fired += [(event.workshop_id, now) for event in jobs.tick(app, now)
                  if event.type == "plenary.created"]

    assert [t for w, t in fired if w == skipping["id"]] == [at(10), at(11), at(13), at(15)]
    assert [t for w, t in fired if w == taking["id"]] == [
        at(10), at(11), at(13), at(14), at(15), at(16)]
    for workshop in (skipping, taking):
        taken = plenary_times_taken(db, workshop)
        assert not [t for t in taken if LUNCH[0] <= t < LUNCH[1]]
    # What was posted over lunch is in the first plenary after it, not lost.
    third = call(client, "get", base(skipping) + "/plenaries/3", ORGANISER_TOKEN)
    summary = third.get_json()["summary"]
    assert summary["counts"]["cards"] == 1
    assert summary["themes"][0]["idea"][0]["text"] == "Gåtur i frokosten"


def test_the_pages_get_the_next_plenary_from_the_server(client):
    workshop = create_workshop(client, **DAY)
    board = schedule_of(client, workshop)
    times = [datetime.fromisoformat(t) for t in board["plenary_times"]]
    assert all(not (LUNCH[0] <= t < LUNCH[1]) for t in times)
    if times:
        assert board["next_plenary_at"] == times[0].isoformat()
