"""Importing kick-off material: rows of theme, kind, text and organisation, from CSV or JSON.

A preview (dry run) shows every row, the themes that will be made and every
error by line; the import itself stores all rows or none.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from .access import Actor
from .bulk import LineErrors, store_card
from .cards import MAX_TEXT
from .errors import N_, BadRequest, DomainError, line_errors
from .eventlog import append_event
from .moderation import moderate
from .outcome import Outcome
from .themes import new_theme, themes_of
from .tokens import new_id
from .validation import choice_field, require_object, text_field
from .workshop_fields import MAX_THEME_TITLE, MAX_THEMES
from .workshops import theme_json

MAX_ROWS = 2000
MAX_ORGANISATION = 200
FORMATS = ("csv", "json")

# Column names and kinds as people write them, in Danish and English.
COLUMNS = {
    "theme": "theme", "tema": "theme", "temaer": "theme",
    "kind": "kind", "type": "kind", "slags": "kind", "art": "kind",
    "text": "text", "tekst": "text", "card": "text", "kort": "text",
    "organisation": "organisation", "organization": "organisation",
    "organisation/forening": "organisation", "forening": "organisation",
}
KINDS = {
    "idea": "idea", "ideas": "idea", "idé": "idea", "ide": "idea", "ideer": "idea",
    "idéer": "idea",
    "actor": "actor", "actors": "actor", "aktør": "actor", "aktor": "actor",
    "aktører": "actor",
    "initiative": "initiative", "initiatives": "initiative", "indsats": "initiative",
    "indsatser": "initiative", "initiativ": "initiative",
}


@dataclass
class ImportPlan:
    """The checked rows, the themes to make, and the errors by line."""

    rows: list[dict] = field(default_factory=list)
    new_themes: list[str] = field(default_factory=list)
    errors: list[tuple[int, DomainError]] = field(default_factory=list)


def _records(kind: str, content: str) -> list[tuple[int, object]]:
    """Return ``(line number, record)`` pairs from the file's content."""
    if kind == "json":
        return _json_records(content)
    return _csv_records(content)


def _json_records(content: str) -> list[tuple[int, object]]:
    """Read a JSON list of objects (or ``{"cards": [...]}``); item n is "line" n."""
    try:
        data = json.loads(content)
    except (ValueError, RecursionError):
        raise BadRequest(N_("The file is not valid JSON."), field="content") from None
    if isinstance(data, dict):
        data = data.get("cards")
    if not isinstance(data, list):
        raise BadRequest(N_("The JSON must be a list of cards."), field="content")
    return list(enumerate(data, start=1))


def _csv_records(content: str) -> list[tuple[int, object]]:
    """Read CSV with a header line (comma, semicolon or tab); each row is a dict."""
    content = content.lstrip("\ufeff")
    first = content.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise BadRequest(N_("The file is empty."), field="content")
        names = [COLUMNS.get(h.strip().casefold()) for h in header]
        if not {"theme", "kind", "text"} <= set(names):
            raise BadRequest(N_("The first line must name the columns: theme, kind, text and "
                                "optionally organisation."), field="content")
        records, line = [], reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                records.append((line, {n: v for n, v in zip(names, row, strict=False) if n}))
            line = reader.line_num + 1
    except csv.Error:
        raise BadRequest(N_("The file is not valid CSV."), field="content") from None
    return records


def _check_row(record) -> dict:
    """Return one checked row: theme title, kind, text, organisation."""
    if not isinstance(record, dict):
        raise BadRequest(N_("Each card must have a theme, a kind and a text."))
    theme = text_field(record, "theme", max_length=MAX_THEME_TITLE)
    raw_kind = record.get("kind")
    kind = KINDS.get(raw_kind.strip().casefold()) if isinstance(raw_kind, str) else None
    if kind is None:
        raise BadRequest(N_("“%(field)s” must be idea, actor or initiative (idé, aktør, indsats)."),
                         field="kind")
    text = text_field(record, "text", max_length=MAX_TEXT, multiline=True)
    organisation = text_field(record, "organisation", max_length=MAX_ORGANISATION,
                              required=False)
    return {"theme": theme, "kind": kind, "text": text, "organisation": organisation}


def plan_import(existing_titles: list[str], payload) -> ImportPlan:
    """Check every row of the file against the workshop's themes; nothing is stored."""
    payload = require_object(payload)
    kind = choice_field(payload, "format", FORMATS)
    content = text_field(payload, "content", max_length=10**6, multiline=True)
    records = _records(kind, content)
    if len(records) > MAX_ROWS:
        raise BadRequest(N_("At most %(max)d cards at a time."), field="content", max=MAX_ROWS)
    plan = ImportPlan()
    known = {title.casefold() for title in existing_titles}
    for line, record in records:
        try:
            row = _check_row(record)
        except DomainError as error:
            plan.errors.append((line, error))
            continue
        key = row["theme"].casefold()
        row["new_theme"] = key not in known
        if key not in known:
            if len(existing_titles) + len(plan.new_themes) >= MAX_THEMES:
                plan.errors.append((line, BadRequest(
                    N_("A workshop can have at most %(max)d themes."), max=MAX_THEMES)))
                continue
            known.add(key)
            plan.new_themes.append(row["theme"])
        plan.rows.append({"line": line, **row})
    if not records:
        raise BadRequest(N_("The file has no cards."), field="content")
    return plan


def import_cards(session: Session, actor: Actor, payload, dry_run: bool) -> Outcome:
    """Preview the import, or store every row as a kick-off card (and new themes).

    The preview's ``errors`` hold ``DomainError``s, translated when answered.
    """
    workshop = moderate(session, actor)
    themes = themes_of(session, workshop)
    plan = plan_import([t.title for t in themes], payload)
    if dry_run:
        return Outcome({"rows": plan.rows, "new_themes": plan.new_themes,
                        "errors": line_errors(plan.errors)})
    if plan.errors:
        raise LineErrors(plan.errors)
    by_title = {t.title.casefold(): t for t in themes}
    events, created = [], []
    for title in plan.new_themes:
        theme = new_theme(session, workshop, title, themes)
        themes.append(theme)
        by_title[title.casefold()] = theme
        created.append(theme_json(theme))
        events.append(append_event(session, workshop, "theme.created", theme_json(theme),
                                   actor=actor))
    for row in plan.rows:
        events.append(store_card(
            session, workshop, actor, theme=by_title[row["theme"].casefold()], kind=row["kind"],
            text=row["text"], client_id=f"kickoff-{new_id(20)}", origin="kickoff",
            organisation=row["organisation"]))
    session.flush()
    session.expire(workshop, ["themes"])
    return Outcome({"imported": len(plan.rows), "new_themes": created}, events, created=True)
