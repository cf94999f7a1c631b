"""The phone page's first load, measured on the wire: at most 60 KB, socket.io included."""

from __future__ import annotations

import pytest

from .conftest import PHONE, post_card
from .pages import expect

pytestmark = [pytest.mark.server, pytest.mark.services]

FIRST_LOAD_BUDGET_BYTES = 60 * 1000


def wire_bytes(request) -> int:
    """Bytes the answer took on the network: headers and the body as sent (compressed).

    Chromium counts an answer from its cache as 0 bytes in all.
    """
    sizes = request.sizes()
    return sizes["responseBodySize"] + sizes["responseHeadersSize"]


def test_phone_first_load_fits_the_budget(open_context, live_server, workshop):
    for kind, text in [("idea", "Lektiecafé med pizza"), ("actor", "Spejderne i Nordby"),
                       ("initiative", "Gratis prøvetræning i uge 12")]:
        post_card(live_server, workshop, text, kind=kind)
    page = open_context(**PHONE).new_page()  # a new context: an empty cache, as on a new phone
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))

    page.goto(workshop["join_url"])
    expect(page.locator("#conn")).to_have_attribute("data-state", "connected")
    expect(page.locator("#cards .card")).to_have_count(3)
    page.wait_for_load_state("networkidle")

    transfers = {}
    for request in finished:
        transfers[request.url] = wire_bytes(request)
    total = sum(transfers.values())
    report = "\n".join(f"{size:>7} {url}" for url, size in transfers.items())
    print(f"\nphone page first load: {total} bytes on the wire\n{report}")
    assert any("socket.io.min.js" in url for url in transfers), report
    assert total <= FIRST_LOAD_BUDGET_BYTES, f"{total} bytes:\n{report}"


def test_second_visit_takes_the_scripts_from_the_cache(open_context, workshop):
    context = open_context(**PHONE)
    first = context.new_page()
    first.goto(workshop["join_url"])
    expect(first.locator("#conn")).to_have_attribute("data-state", "connected")

    again = context.new_page()
    finished = []
    again.on("requestfinished", lambda request: finished.append(request))
    again.goto(workshop["join_url"])
    expect(again.locator("#conn")).to_have_attribute("data-state", "connected")
    again.wait_for_load_state("networkidle")
    static = [r for r in finished if "/static/" in r.url]
    assert static, "the page loaded no static files"
    on_the_wire = {r.url: wire_bytes(r) for r in static}
    assert sum(on_the_wire.values()) == 0, on_the_wire
