"""The Collective Impact status of a whole series: one PDF for the funder over all meetings.

The latest meeting's board already holds what was carried forward (cards,
links, "Jeg er med" as counts, follow-up), so its status is the base; the
series adds what only the series knows: the organisations of every meeting in
one register (``series_register``), each initiative's status where it last
stood (also one that was not carried on), and the meetings held (continuous
communication), with their dates and counts. Counts only, never a person.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from babel.dates import format_date
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import FOLLOWUP_STATUSES, Plenary, utcnow
from .ci_status import status_data
from .organisations import settings_of
from .sectors import SECTOR_PLURALS
from .series import get_series, series_json

# Meetings listed by name on page 2; more are counted.
MAX_MEETINGS = 8


def series_status_data(session: Session, series_id: str, base_url: str) -> dict:
    """Return the status of series ``series_id`` in the shape of ``ci_status.status_data``."""
    series = series_json(session, get_series(session, series_id), base_url)
    latest = series["meetings"][-1]
    status = status_data(session, latest["workshop_id"], base_url)
    orgs = series["organisations"]
    wanted = list(settings_of(session, latest["workshop_id"]).wanted_sectors or [])
    missing = [code for code in wanted if not orgs["by_sector"].get(code)]
    status["organisations"] = {**orgs, "wanted": wanted, "missing": missing,
                               "missing_names": [SECTOR_PLURALS[code] for code in missing]}
    last_status = Counter()
    for trail in series["initiatives"]:
        stops = [m for m in trail["meetings"] if m]
        last_status[stops[-1]["status"] if stops else "idea"] += 1
    status["by_status"] = [{"status": code, "count": last_status[code]}
                           for code in FOLLOWUP_STATUSES]
    status["counts"]["initiatives_series"] = len(series["initiatives"])
    now = utcnow()
    held = [m for m in series["meetings"] if datetime.fromisoformat(m["day_starts_at"]) <= now]
    plenaries = dict(session.execute(
        select(Plenary.workshop_id, func.count()).where(
            Plenary.workshop_id.in_([m["workshop_id"] for m in series["meetings"]]))
        .group_by(Plenary.workshop_id)).all())
    language = status["workshop"]["language"]

    def long_date(iso: str) -> str:
        """Return a meeting's date in words, in the workshop's language."""
        return format_date(date.fromisoformat(iso), "long", locale=language)

    status["series"] = {
        "title": series["title"],
        "meetings": [{"position": m["position"], "title": m["title"],
                      "date": long_date(m["date"]), "cards": m["counts"]["cards"],
                      "participants": m["counts"]["participants"],
                      "plenaries": plenaries.get(m["workshop_id"], 0)}
                     for m in held[:MAX_MEETINGS]],
        "meetings_more": max(0, len(held) - MAX_MEETINGS),
        "planned": [{"position": m["position"], "title": m["title"], "date": long_date(m["date"])}
                    for m in series["meetings"] if m not in held][:2],
    }
    status["workshop"] = {**status["workshop"], "title": series["title"]}
    return status
