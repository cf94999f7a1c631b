"""A phone, a projector and a facilitator in one room, each in its own browser context."""

from __future__ import annotations

import re

import pytest

from .conftest import LAPTOP, PHONE, PROJECTOR
from .pages import (
    expect,
    open_facilitator,
    open_phone,
    open_projector,
    phone_card,
    post_from_phone,
    projector_card,
    projector_url,
)

pytestmark = [pytest.mark.server, pytest.mark.services]

POSTS = [
    ("idea", "Fritid", "Lektiecafé med pizza hver torsdag"),
    ("actor", "Skole", "Ungdomsskolens klubleder Mette"),
    ("initiative", "Digitalt liv", "Gamerklub på biblioteket fra marts"),
]


def test_phone_posts_reach_the_projector_live_and_hiding_removes_them(
        open_context, live_server, workshop):
    phone = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    projector = open_projector(open_context(**PROJECTOR), live_server, workshop)
    facilitator = open_facilitator(open_context(**LAPTOP), workshop)
    projector.evaluate("window.__notReloaded = true")

    for kind, theme, text in POSTS:
        post_from_phone(phone, text, kind=kind, theme=theme)
        expect(phone_card(phone, text)).to_have_count(1)
        mine = re.compile(rf"\bcard--{kind}\b.*\bcard--mine\b")
        expect(phone_card(phone, text)).to_have_class(mine)
        expect(projector_card(projector, text)).to_have_count(1)
        column = projector.locator(".pj-col", has_text=theme)
        expect(column.locator(f".pj-card--{kind}", has_text=text)).to_be_visible()

    assert projector.evaluate("window.__notReloaded") is True, "the projector reloaded"

    hidden = POSTS[1][2]
    facilitator.locator(".card", has_text=hidden).get_by_role("button", name="Skjul").click()
    expect(projector_card(projector, hidden)).to_have_count(0)
    expect(phone.locator("#cards .card", has_text=hidden)).to_have_count(0)
    for _kind, _theme, text in (POSTS[0], POSTS[2]):
        expect(projector_card(projector, text)).to_have_count(1)
        expect(phone_card(phone, text)).to_have_count(1)


def test_card_written_offline_is_kept_and_arrives_once(open_context, live_server, workshop):
    phone_context = open_context(**PHONE, locale="da-DK")
    phone = open_phone(phone_context, workshop)
    projector = open_projector(open_context(**PROJECTOR), live_server, workshop)
    text = "Skrevet i kælderen uden net"

    phone_context.set_offline(True)
    expect(phone.locator("#conn")).not_to_have_attribute("data-state", "connected")
    post_from_phone(phone, text)
    pending = phone.locator("#cards .card--pending", has_text=text)
    expect(pending).to_be_visible()
    expect(pending).to_contain_text("Sender")
    expect(projector_card(projector, text)).to_have_count(0)

    phone_context.set_offline(False)
    expect(phone_card(phone, text)).to_have_count(1)
    expect(phone.locator("#cards .card--pending")).to_have_count(0)
    expect(projector_card(projector, text)).to_have_count(1)

    board = live_server.api("GET", f"/api/v1/workshops/{workshop['id']}",
                            workshop["facilitator_token"]).json()
    assert [card["text"] for card in board["cards"]].count(text) == 1
    # After a reload too: the outbox is empty, nothing is sent twice.
    phone.reload()
    expect(phone_card(phone, text)).to_have_count(1)
    expect(phone.locator("#cards .card--pending")).to_have_count(0)


def test_language_switch_turns_the_phone_page_to_english_and_back(open_context, workshop):
    phone = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    expect(phone.locator("html")).to_have_attribute("lang", "da")
    expect(phone.locator("#compose-title")).to_have_text("Del en idé")

    phone.get_by_role("link", name="English").tap()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.locator("#compose-title")).to_have_text("Share an idea")
    expect(phone.locator("#conn")).to_have_attribute("data-state", "connected")
    expect(phone.locator("#conn-text")).to_have_text("Connected")
    expect(phone.locator("label[for='kind-actor']")).to_contain_text("Actor")

    phone.get_by_role("link", name="Dansk").tap()
    expect(phone.locator("html")).to_have_attribute("lang", "da")
    expect(phone.locator("#compose-title")).to_have_text("Del en idé")
    expect(phone.locator("label[for='kind-actor']")).to_contain_text("Aktør")


def test_a_deleted_workshop_shows_as_gone_on_the_phone_and_the_projector_which_stop(
        open_context, live_server, workshop):
    """Deleted while the room watches: both screens say so and stop asking the server."""
    from ..conftest import ORGANISER_TOKEN

    phone = open_phone(open_context(**PHONE), workshop)
    projector = open_projector(open_context(**PROJECTOR), live_server, workshop)
    asked: list[str] = []
    projector.on("request", lambda request: asked.append(request.url))
    deleted = live_server.api("DELETE", f"/api/v1/workshops/{workshop['id']}", ORGANISER_TOKEN)
    assert deleted.status_code == 200
    for page in (phone, projector):
        expect(page.locator("#conn")).to_have_attribute("data-state", "gone")
        expect(page.locator("#conn")).to_contain_text("findes ikke længere")
    # The server closes their sockets: they must not take it for a dropped line and retry.
    projector.wait_for_timeout(2500)
    settled = len(asked)
    projector.wait_for_timeout(6000)
    assert asked[settled:] == [], "the projector still asks the server"
    for page in (phone, projector):
        expect(page.locator("#conn")).to_have_attribute("data-state", "gone")
    expect(projector.locator("#auth-missing")).to_be_hidden()


def test_a_projector_opened_on_a_deleted_workshop_says_so_and_stops(
        open_context, live_server, workshop):
    """The page was still open (or cached) when the workshop went: its first load gets 404."""
    from ..conftest import ORGANISER_TOKEN

    context = open_context(**PROJECTOR)
    projector = context.new_page()
    asked: list[str] = []
    projector.on("request", lambda request: asked.append(request.url))
    board = f"/api/v1/workshops/{workshop['id']}?view=projector"
    # The page is served, then the workshop goes before the board is loaded.
    context.route(f"**{board}", lambda route: (
        live_server.api("DELETE", f"/api/v1/workshops/{workshop['id']}", ORGANISER_TOKEN),
        route.continue_()))
    projector.goto(projector_url(live_server, workshop))
    expect(projector.locator("#conn")).to_have_attribute("data-state", "gone")
    projector.wait_for_timeout(5000)
    assert sum(board in url for url in asked) == 1, "the projector asked for the board again"
