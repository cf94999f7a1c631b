"""Plenary summaries: windows by seq, the schedule, and racing schedulers."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from openspace.models import Plenary, Workshop
from openspace.services import plenaries, plenary_schedule
from openspace.services.access import authenticate
from openspace.services.schedule import due_slot, next_slot

from .test_services import ADMIN, make_participant, make_workshop, post

BASE = "http://venue.test:5000"
NINE = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)  # 09.00 in Copenhagen


def schedule(database, workshop_id, start=NINE, hours=7, every=60, skip_empty=False):
    """Give the workshop a day from ``start`` of ``hours`` with a plenary every ``every``
    (taken even when nothing is new, unless ``skip_empty``)."""
    with database.write() as session:
        workshop = session.get(Workshop, workshop_id)
        workshop.day_starts_at = start
        workshop.day_ends_at = start + timedelta(hours=hours)
        workshop.plenary_every_minutes = every
        workshop.skip_empty_plenaries = skip_empty


def facilitator(database, workshop_id, token):
    """Return the facilitator actor."""
    with database.read() as session:
        return authenticate(session, workshop_id, token, ADMIN)


def start(database, actor, note="", now=None):
    """Start a plenary now and return its summary."""
    with database.write() as session:
        taken = plenaries.start_plenary(session, actor, {"note": note}, BASE, now=now)
        return plenaries.get_plenary(session, actor, taken.body["number"]).summary


def texts(summary) -> list[str]:
    """Return every card text of a summary's window."""
    return [c["text"] for theme in summary["themes"] for kind in ("idea", "actor", "initiative")
            for c in theme[kind]]


def test_each_card_lands_in_exactly_one_plenary(database):
    workshop_id, token, themes, code = make_workshop(database)
    actor, _ = make_participant(database, workshop_id, code, name="Åse")
    boss = facilitator(database, workshop_id, token)
    post(database, actor, themes[0], "a", "Før første opsamling")
    first = start(database, boss, note="Vi talte om fritid.")
    post(database, actor, themes[1], "b", "Lige efter første", kind="actor")
    post(database, actor, themes[0], "c", "Også efter første", kind="initiative")
    second = start(database, boss)
    third = start(database, boss)
    assert texts(first) == ["Før første opsamling"]
    assert sorted(texts(second)) == ["Lige efter første", "Også efter første"]
    assert texts(third) == []
    assert first["note"] == "Vi talte om fritid."
    assert (first["number"], second["number"], third["number"]) == (1, 2, 3)
    assert second["counts"]["cards"] == 2 and second["counts"]["cards_total"] == 3
    assert second["counts"]["actor"] == 1 and second["counts"]["initiative"] == 1
    assert [c["text"] for c in second["new_actors"]] == ["Lige efter første"]
    assert [c["text"] for c in second["new_initiatives"]] == ["Også efter første"]
    assert second["counts"]["participants_posting"] == 1
    assert first["themes"][0]["idea"][0]["author_name"] == "Åse"


def test_an_empty_hour_gives_a_short_valid_summary(database):
    workshop_id, token, _, _ = make_workshop(database)
    summary = start(database, facilitator(database, workshop_id, token))
    assert summary["counts"]["cards"] == 0
    assert all(theme[k] == [] for theme in summary["themes"]
               for k in ("idea", "actor", "initiative"))
    assert summary["timeline"]["buckets"]


def test_hidden_cards_stay_out_of_the_summary(database):
    from openspace.services import cards

    workshop_id, token, themes, code = make_workshop(database)
    actor, _ = make_participant(database, workshop_id, code)
    boss = facilitator(database, workshop_id, token)
    card_id = post(database, actor, themes[0], "x", "Skjul mig").body["id"]
    post(database, actor, themes[0], "y", "Vis mig")
    with database.write() as session:
        cards.set_hidden(session, boss, card_id, True)
    assert texts(start(database, boss)) == ["Vis mig"]


def test_local_times_are_in_the_workshops_zone(database):
    workshop_id, token, _, _ = make_workshop(database)
    summary = start(database, facilitator(database, workshop_id, token),
                    now=datetime(2026, 11, 22, 9, 30, tzinfo=UTC))
    assert summary["ends_local"] == "10.30"  # Copenhagen is UTC+1 in November
    assert summary["date_local"] == "22. november 2026"


def test_schedule_slots():
    workshop = Workshop(day_starts_at=NINE, day_ends_at=NINE + timedelta(hours=7),
                        plenary_every_minutes=60, created_at=NINE)
    assert due_slot(workshop, NINE + timedelta(minutes=59)) is None
    assert due_slot(workshop, NINE + timedelta(minutes=60)) == NINE + timedelta(hours=1)
    assert due_slot(workshop, NINE + timedelta(minutes=185)) == NINE + timedelta(hours=3)
    assert due_slot(workshop, NINE + timedelta(hours=12)) == NINE + timedelta(hours=7)
    assert next_slot(workshop, NINE + timedelta(minutes=185)) == NINE + timedelta(hours=4)
    assert next_slot(workshop, NINE + timedelta(hours=7)) is None


def count_plenaries(database, workshop_id):
    """Return how many plenaries the workshop has."""
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(Plenary)
                              .where(Plenary.workshop_id == workshop_id))


def test_scheduled_plenaries_are_taken_once_per_slot(database):
    workshop_id, _, _, _ = make_workshop(database)
    schedule(database, workshop_id)
    assert plenary_schedule.run_due_plenaries(database, NINE + timedelta(minutes=30), BASE) == []
    at_ten = NINE + timedelta(hours=1, seconds=5)
    events = plenary_schedule.run_due_plenaries(database, at_ten, BASE)
    # Taken, and put on every projector of the workshop.
    assert [e.type for e in events] == ["plenary.created", "projector.updated"]
    assert plenary_schedule.run_due_plenaries(database, at_ten + timedelta(seconds=20), BASE) == []
    assert count_plenaries(database, workshop_id) == 1


def test_a_restarted_server_takes_the_current_slot_and_repeats_none(database):
    workshop_id, _, _, _ = make_workshop(database)
    schedule(database, workshop_id)
    plenary_schedule.run_due_plenaries(database, NINE + timedelta(hours=1, minutes=1), BASE)
    # Down from 10.01 to 12.40: slots 11.00 and 12.00 passed while it was off.
    plenary_schedule.run_due_plenaries(database, NINE + timedelta(hours=3, minutes=40), BASE)
    plenary_schedule.run_due_plenaries(database, NINE + timedelta(hours=3, minutes=41), BASE)
    with database.read() as session:
        slots = list(session.scalars(select(Plenary.scheduled_for).where(
            Plenary.workshop_id == workshop_id).order_by(Plenary.number)))
    assert slots == [NINE + timedelta(hours=1), NINE + timedelta(hours=3)]


@pytest.mark.parametrize("racers", [2, 6])
def test_racing_schedulers_create_one_plenary(database, racers):
    workshop_id, _, themes, code = make_workshop(database)
    schedule(database, workshop_id)
    actor, _ = make_participant(database, workshop_id, code)
    post(database, actor, themes[0], "a", "Kort")
    now = NINE + timedelta(hours=2, seconds=1)
    barrier = threading.Barrier(racers)
    results, errors = [], []

    def race():
        """Wait for the others, then run the scheduler."""
        barrier.wait()
        try:
            results.append(len(plenary_schedule.run_due_plenaries(database, now, BASE)))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # One scheduler stored it: the plenary and the projectors' change to show it.
    assert sorted(results) == [0] * (racers - 1) + [2]
    assert count_plenaries(database, workshop_id) == 1
