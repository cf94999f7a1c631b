"""The organisations at the table: one register per workshop, by sector.

An actor card names its organisation as free text. The register groups the
spellings by ``normalise_name`` and guesses a sector from the name
(``sectors.guess_sector``); the facilitator may set the sector and merge two
entries that are the same organisation (rows of ``Organisation``). Only cards
everyone sees count. Counts by sector go into plenary summaries, the report,
the projector ("14 organisationer – ingen virksomheder endnu") and the
funder's status; they are counts of organisations, never of people.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AllianceSettings, Card, Organisation, Participant, SeriesMeeting
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .errors import N_, BadRequest, NotFound
from .eventlog import lock_workshop
from .outcome import Outcome
from .sectors import SECTOR_PLURALS, SECTORS, guess_sector
from .validation import require_object

_PUNCTUATION = re.compile(r"[^\w\s]+")


def normalise_name(name: str) -> str:
    """Return the register's key of an organisation's name: one key for its spellings.

    Case, spacing, punctuation and hyphens do not matter ("FDF Hvalsø",
    "fdf hvalsø", "FDF  Hvalsø", "FDF-Hvalsø" → "fdf-hvalsø"); the key has no
    slash, so it can stand in a URL.
    """
    folded = unicodedata.normalize("NFKC", name).casefold().replace("_", " ")
    return "-".join(_PUNCTUATION.sub(" ", folded).split())


def _decisions(session: Session, workshop_id: str) -> dict[str, Organisation]:
    """Return the facilitator's rows by key: the workshop's, and once it is in a series
    those of every meeting of the series (one register per series; the latest decision
    about a key wins)."""
    series_id = session.scalar(select(SeriesMeeting.series_id)
                               .where(SeriesMeeting.workshop_id == workshop_id))
    ids = [workshop_id] if series_id is None else select(SeriesMeeting.workshop_id).where(
        SeriesMeeting.series_id == series_id)
    rows = session.scalars(select(Organisation).where(Organisation.workshop_id.in_(ids))
                           .order_by(Organisation.updated_at))
    found: dict[str, Organisation] = {}
    for row in rows:
        kept = found.get(row.key)
        if kept is None:
            found[row.key] = row if series_id is None else Organisation(
                key=row.key, sector=row.sector, merged_into=row.merged_into)
        else:  # a later meeting's decision about the same key: each field's latest holds
            kept.sector = row.sector or kept.sector
            kept.merged_into = row.merged_into or kept.merged_into
    return found


def _root(key: str, rows: dict[str, Organisation]) -> str:
    """Return the key ``key`` was merged into, through any chain of merges."""
    seen = {key}
    while key in rows and rows[key].merged_into and rows[key].merged_into not in seen:
        key = rows[key].merged_into
        seen.add(key)
    return key


def actor_cards(session: Session, workshop_id: str) -> list[Card]:
    """Return the actor cards everyone sees that name an organisation, oldest first."""
    return list(session.scalars(
        select(Card).where(Card.workshop_id == workshop_id, Card.kind == "actor",
                           Card.organisation.is_not(None), Card.hidden.is_(False),
                           Card.pending.is_(False), Card.merged_into_id.is_(None))
        .order_by(Card.seq)))


def participant_organisations(session: Session, workshop_id: str) -> list[str]:
    """Return the organisations participants named when they joined (one per participant)."""
    return list(session.scalars(select(Participant.organisation).where(
        Participant.workshop_id == workshop_id, Participant.organisation.is_not(None))))


def register(session: Session, workshop_id: str, cards: list[Card] | None = None,
             participants: list[str] | None = None) -> list[dict]:
    """Return the register: ``[{"key", "name", "sector", "sector_set", "cards", "spellings",
    "card_ids", "participants"}]``, the most cards (then participants) first.

    Without ``cards``, the actor cards everyone sees and the organisations participants
    named (``participants``: those names; default all of the workshop's) count; with
    ``cards``, only those and ``participants`` if given. ``name`` is the most used spelling.
    """
    rows = _decisions(session, workshop_id)
    spellings: dict[str, Counter] = defaultdict(Counter)
    card_ids: dict[str, list[str]] = defaultdict(list)
    people: Counter = Counter()
    if participants is None and cards is None:
        participants = participant_organisations(session, workshop_id)
    for card in cards if cards is not None else actor_cards(session, workshop_id):
        key = normalise_name(card.organisation or "")
        if not key:
            continue
        root = _root(key, rows)
        spellings[root][card.organisation] += 1
        card_ids[root].append(card.id)
    for named in participants or ():
        key = normalise_name(named)
        if key:
            root = _root(key, rows)
            spellings[root][named] += 1
            people[root] += 1
    entries = []
    for key, names in spellings.items():
        name = names.most_common(1)[0][0]
        row = rows.get(key)
        entries.append({
            "key": key, "name": name,
            "sector": row.sector if row and row.sector else guess_sector(name),
            "sector_set": bool(row and row.sector),
            "cards": len(card_ids[key]), "card_ids": card_ids[key],
            "spellings": sorted(names), "participants": people[key],
        })
    return sorted(entries, key=lambda e: (-e["cards"], -e["participants"], e["name"].casefold()))


def settings_of(session: Session, workshop_id: str) -> AllianceSettings:
    """Return the workshop's alliance settings (defaults when none are stored)."""
    found = session.get(AllianceSettings, workshop_id)
    return found or AllianceSettings(workshop_id=workshop_id, wanted_sectors=[], indicators=[],
                                     backbone="")


def sector_summary(session: Session, workshop_id: str, cards: list[Card] | None = None,
                   participants: list[str] | None = None) -> dict:
    """Return the organisations by sector, counts only: ``{"count", "by_sector": {sector: n},
    "wanted", "missing", "sectors": [{"code", "name", "count"}], "missing_names"}``.

    ``name`` and ``missing_names`` are msgids (English), for a summary frozen in
    a plenary to be printed in the workshop's language later.
    """
    entries = register(session, workshop_id, cards, participants)
    by_sector = Counter(e["sector"] for e in entries)
    wanted = list(settings_of(session, workshop_id).wanted_sectors or [])
    missing = [code for code in wanted if not by_sector[code]]
    return {
        "count": len(entries),
        "by_sector": {code: by_sector[code] for code in SECTORS if by_sector[code]},
        "wanted": wanted,
        "missing": missing,
        "sectors": [{"code": code, "name": SECTORS[code], "count": by_sector[code]}
                    for code in SECTORS if by_sector[code]],
        "missing_names": [SECTOR_PLURALS[code] for code in missing],
    }


def summary_extras(session: Session, workshop_id: str, visible: list[Card]) -> dict:
    """Return the organisations by sector among ``visible`` (a plenary's cards everyone sees)."""
    named = [c for c in visible if c.kind == "actor" and c.organisation]
    return sector_summary(session, workshop_id, named,
                          participant_organisations(session, workshop_id))


def _entry_key(session: Session, workshop_id: str, key, field: str) -> str:
    """Return ``key`` if it names an organisation in the register, else 404."""
    if isinstance(key, str) and any(e["key"] == key for e in register(session, workshop_id)):
        return key
    if not isinstance(key, str):
        raise BadRequest(N_("Choose an organisation of this workshop."), field=field)
    raise NotFound(N_("This organisation is not on the board."))


def _row(session: Session, workshop_id: str, key: str) -> Organisation:
    """Return the facilitator's row for ``key``, made when there is none."""
    row = session.get(Organisation, (workshop_id, key))
    if row is None:
        row = Organisation(workshop_id=workshop_id, key=key)
        session.add(row)
    return row


def set_sector(session: Session, actor: Actor, key: str, payload) -> Outcome:
    """Set an organisation's sector (facilitator, organiser); answers the register entry."""
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    lock_workshop(session, actor.workshop_id)
    key = _entry_key(session, actor.workshop_id, key, "key")
    sector = payload.get("sector")
    if sector not in SECTORS:
        raise BadRequest(N_("Choose one of the sectors."), field="sector")
    _row(session, actor.workshop_id, key).sector = sector
    session.flush()
    return Outcome(_entry(session, actor.workshop_id, key))


def merge_organisations(session: Session, actor: Actor, key: str, payload) -> Outcome:
    """Say that organisation ``key`` is the same as ``payload["into"]``; answers the entry kept.

    The kept entry keeps its sector; every spelling of both now counts as one.
    """
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    lock_workshop(session, actor.workshop_id)
    key = _entry_key(session, actor.workshop_id, key, "key")
    into = _entry_key(session, actor.workshop_id, payload.get("into"), "into")
    if into == key:
        raise BadRequest(N_("Choose another organisation to merge into."), field="into")
    _row(session, actor.workshop_id, key).merged_into = into
    session.flush()
    return Outcome(_entry(session, actor.workshop_id, into))


def _entry(session: Session, workshop_id: str, key: str) -> dict:
    """Return the register entry of ``key``."""
    return next(e for e in register(session, workshop_id) if e["key"] == key)


def list_register(session: Session, actor: Actor) -> dict:
    """Return the register, the sector summary and the sectors (facilitator, organiser)."""
    require_role(actor, FACILITATOR, ORGANISER)
    return {"organisations": register(session, actor.workshop_id),
            "summary": sector_summary(session, actor.workshop_id),
            "sectors": list(SECTORS)}
