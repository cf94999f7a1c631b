"""One organisation register per series: the facilitator's decisions hold for every meeting.

Once workshops form a series (``models.series``), a sector chosen or two
entries merged in any meeting count in all of them: ``series_workshops``
gives the meetings whose ``Organisation`` rows are read together (the most
recent decision about a key wins), and ``carry_register`` copies the rows
and the organiser's alliance settings into the next meeting when it is made
(so the decisions stay even if an earlier meeting is deleted later). The
series page shows the organisations of all meetings by sector, and how many
came new at the latest meeting. Counts and organisation names only.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AllianceSettings, Organisation, SeriesMeeting
from .organisations import actor_cards, normalise_name, register
from .sectors import SECTORS


def series_workshops(session: Session, workshop_id: str) -> list[str]:
    """Return the ids of the meetings sharing ``workshop_id``'s register, in order."""
    series_id = session.scalar(select(SeriesMeeting.series_id)
                               .where(SeriesMeeting.workshop_id == workshop_id))
    if series_id is None:
        return [workshop_id]
    return list(session.scalars(select(SeriesMeeting.workshop_id)
                                .where(SeriesMeeting.series_id == series_id)
                                .order_by(SeriesMeeting.position)))


def carry_register(session: Session, source_id: str, target_id: str) -> int:
    """Copy the source's organisation decisions and alliance settings to the next meeting.

    Returns how many decisions were carried.
    """
    rows = list(session.scalars(select(Organisation)
                                .where(Organisation.workshop_id == source_id)))
    for row in rows:
        session.add(Organisation(workshop_id=target_id, key=row.key, sector=row.sector,
                                 merged_into=row.merged_into, updated_at=row.updated_at))
    settings = session.get(AllianceSettings, source_id)
    if settings is not None:
        session.add(AllianceSettings(workshop_id=target_id,
                                     wanted_sectors=list(settings.wanted_sectors or []),
                                     indicators=list(settings.indicators or []),
                                     backbone=settings.backbone or ""))
    session.flush()
    return len(rows)


def series_organisations(session: Session, workshop_ids: list[str]) -> dict:
    """Return the series' organisations: ``{"count", "new_since_last", "by_sector",
    "sectors": [{"code", "name", "count"}], "meetings": [{"workshop_id", "count", "new"}]}``.

    An organisation is new at a meeting when none of the earlier meetings had it (after
    merges); ``new_since_last`` is the latest meeting's. ``name`` is a msgid.
    """
    seen: dict[str, str] = {}  # key -> sector, first meeting first
    meetings = []
    for workshop_id in workshop_ids:
        entries = register(session, workshop_id)
        keys = _all_keys(session, workshop_id, entries)
        new = [e for e in entries if not keys[e["key"]] & set(seen)]
        for entry in entries:
            seen.setdefault(entry["key"], entry["sector"])
        meetings.append({"workshop_id": workshop_id, "count": len(entries), "new": len(new)})
    by_sector = Counter(seen.values())
    return {
        "count": len(seen),
        "new_since_last": meetings[-1]["new"] if len(meetings) > 1 else len(seen),
        "by_sector": {code: by_sector[code] for code in SECTORS if by_sector[code]},
        "sectors": [{"code": code, "name": SECTORS[code], "count": by_sector[code]}
                    for code in SECTORS if by_sector[code]],
        "meetings": meetings,
    }


def _all_keys(session: Session, workshop_id: str, entries: list[dict]) -> dict[str, set[str]]:
    """Return, per register entry, its key and the keys of every spelling merged into it.

    An organisation merged in a later meeting is the same as the earlier one it was
    merged with, whichever key each meeting's register shows it under.
    """
    spelled = {card.id: normalise_name(card.organisation or "")
               for card in actor_cards(session, workshop_id)}
    return {e["key"]: {e["key"], *(spelled[c] for c in e["card_ids"] if c in spelled)}
            for e in entries}
