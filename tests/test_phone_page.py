"""The phone page with the participant toolkit: its weight, its markup, and two real phones."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LIMIT_BYTES = 60 * 1024


def test_the_phone_page_stays_under_60_kb_gzip(client, workshop):
    html = client.get(f"/j/{workshop['join_code']}").get_data()
    total = len(gzip.compress(html, 9))
    assets = re.findall(rb'(?:src|href)="/static/([^"?]+)[^"]*"', html)
    assert b"js/participation.js" in assets and b"css/participant.css" in assets
    for asset in assets:
        # As served: minified and gzipped by web/assets.py.
        answer = client.get("/static/" + asset.decode(), headers={"Accept-Encoding": "gzip"})
        assert answer.status_code == 200, asset
        total += len(answer.data)
    assert total < LIMIT_BYTES, f"{total} bytes gzip"


def test_the_page_offers_the_17_goals_in_the_page_language(client, workshop):
    danish = client.get(f"/j/{workshop['join_code']}").get_data(as_text=True)
    assert len(re.findall(r'name="sdgs" value="\d+"', danish)) == 17
    assert "Sundhed og trivsel" in danish and "Alle verdensmål" in danish
    assert "Venter på godkendelse" in danish  # the phone script's string
    english = client.get(f"/j/{workshop['join_code']}?lang=en").get_data(as_text=True)
    assert "Good health and well-being" in english and "Waiting for approval" in english


def test_the_phone_sends_again_only_on_codes_that_exist():
    """The outbox's retry codes are the server's error codes, or the page's own "network"."""
    script = (ROOT / "static" / "js" / "participant.js").read_text(encoding="utf-8")
    listed = re.search(r"RETRY_CODES = \{([^}]*)\}", script)[1]
    retry = set(re.findall(r"(\w+): 1", listed))
    server = "\n".join(path.read_text(encoding="utf-8")
                       for path in (ROOT / "openspace").rglob("*.py"))
    sent = {code for code in retry if f'"{code}"' in server}
    common = (ROOT / "static" / "js" / "common.js").read_text(encoding="utf-8")
    assert retry - sent == {"network"} and '"network"' in common
    assert {"rate_limited", "unavailable", "internal"} <= sent
