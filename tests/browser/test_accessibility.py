"""axe-core on every page, in the states people see: 0 violations at WCAG 2.1 AA."""

from __future__ import annotations

import pytest

from ..helpers import ORGANISER_TOKEN
from .axe import axe_violations, describe
from .conftest import LAPTOP, PHONE, PROJECTOR, post_card
from .pages import expect, open_facilitator, open_phone, open_projector

pytestmark = [pytest.mark.server, pytest.mark.services]


@pytest.fixture(scope="module")
def busy_workshop(live_server):
    """A workshop with cards of every kind, a named one, a hidden one and a plenary."""
    answer = live_server.api("POST", "/api/v1/workshops", ORGANISER_TOKEN, json={
        "title": "Fællesskab i fritiden", "vision": "Alle børn skal have et sted at høre til.",
        "language": "da", "themes": ["Fritid", "Skole", "Foreninger", "Digitalt liv"],
    })
    workshop = answer.json()
    for i, (kind, text) in enumerate([
        ("idea", "Lektiecafé med pizza hver torsdag"),
        ("actor", "Spejderne i Nordby vil gerne være med"),
        ("initiative", "Gratis prøvetræning i alle klubber i uge 12"),
        ("idea", "Et fast mødested for unge, der ikke går til noget"),
    ]):
        post_card(live_server, workshop, text, kind=kind, theme=i % 4)
    hidden = post_card(live_server, workshop, "Et kort, facilitatoren har skjult")
    live_server.api("POST", f"/api/v1/workshops/{workshop['id']}/cards/{hidden['id']}/hide",
                    workshop["facilitator_token"])
    return workshop


def visit_index(open_context, live_server, workshop):
    """The front page with the join-code field."""
    page = open_context(**PHONE).new_page()
    page.goto(live_server.url + "/")
    return page


def visit_participant(open_context, live_server, workshop, language="da"):
    """The phone page with cards, one of them the phone's own and one still pending."""
    context = open_context(**PHONE)
    page = open_phone(context, workshop)
    if language != "da":
        page.get_by_role("link", name="English").click()
        expect(page.locator("#conn")).to_have_attribute("data-state", "connected")
    page.locator("#theme").select_option(index=1)
    page.locator("#text").fill("Mit eget kort")
    page.locator("#compose button[type=submit]").click()
    expect(page.locator("#cards .card--mine:not(.card--pending)")).to_have_count(1)
    context.set_offline(True)
    page.locator("#text").fill("Et kort, der venter på nettet")
    page.locator("#compose button[type=submit]").click()
    expect(page.locator("#cards .card--pending")).to_have_count(1)
    return page


def visit_participant_english(open_context, live_server, workshop):
    """The phone page in English."""
    return visit_participant(open_context, live_server, workshop, language="en")


def visit_organiser_login(open_context, live_server, workshop):
    """The organiser page without the key: the key form."""
    page = open_context(**LAPTOP).new_page()
    page.goto(live_server.url + "/organiser")
    expect(page.locator("#login")).to_be_visible()
    return page


def visit_organiser(open_context, live_server, workshop):
    """The organiser page with the key, right after creating a workshop."""
    page = open_context(**LAPTOP).new_page()
    page.goto(f"{live_server.url}/organiser#token={ORGANISER_TOKEN}")
    expect(page.locator("#ws-list li").first).to_be_visible()
    page.locator("#c-title").fill("Sundhed i lokalsamfundet")
    page.locator("#c-themes").fill("Bevægelse\nMad")
    page.locator("#c-date").fill("2026-03-14")
    page.locator("#create-form button[type=submit]").click()
    expect(page.locator("#result")).to_be_visible()
    return page


def visit_facilitator(open_context, live_server, workshop):
    """The facilitator page with cards, a hidden one among them."""
    page = open_facilitator(open_context(**LAPTOP), workshop)
    expect(page.locator(".card--hidden")).to_have_count(1)
    return page


def visit_facilitator_on_a_phone(open_context, live_server, workshop):
    """The facilitator page on a phone, as a facilitator walking the room uses it."""
    page = open_facilitator(open_context(**PHONE), workshop)
    expect(page.locator(".card--hidden")).to_have_count(1)
    return page


def visit_facilitator_without_link(open_context, live_server, workshop):
    """The facilitator page opened without its token."""
    page = open_context(**LAPTOP).new_page()
    page.goto(f"{live_server.url}/f/{workshop['id']}")
    expect(page.locator("#auth-missing")).to_be_visible()
    return page


def visit_projector(open_context, live_server, workshop):
    """The projector wall with cards."""
    page = open_projector(open_context(**PROJECTOR), live_server, workshop)
    expect(page.locator(".pj-card").first).to_be_visible()
    return page


def visit_projector_720p(open_context, live_server, workshop):
    """The projector wall on a 1280×720 projector."""
    page = open_projector(open_context(viewport={"width": 1280, "height": 720}), live_server,
                          workshop)
    expect(page.locator(".pj-card").first).to_be_visible()
    return page


def visit_projector_plenary(open_context, live_server, workshop):
    """The projector showing a plenary summary that was just started."""
    page = open_projector(open_context(**PROJECTOR), live_server, workshop)
    answer = live_server.api("POST", f"/api/v1/workshops/{workshop['id']}/plenaries",
                             workshop["facilitator_token"], json={})
    assert answer.status_code == 201, answer.text
    expect(page.locator("#plenary")).to_be_visible()
    # Checked once it has faded in: axe reads a half-faded text's colour as too pale.
    page.wait_for_function(
        "() => document.querySelector('#plenary').getAnimations({subtree: true}).length === 0")
    return page


def visit_downloads(open_context, live_server, workshop):
    """The PDF list, opened after the facilitator link in the same browser."""
    context = open_context(**LAPTOP)
    open_facilitator(context, workshop)
    page = context.new_page()
    page.goto(f"{live_server.url}/f/{workshop['id']}/downloads")
    expect(page.locator("#app")).to_be_visible()
    return page


def visit_error(open_context, live_server, workshop):
    """The page for a join code that does not exist."""
    page = open_context(**PHONE).new_page()
    page.goto(live_server.url + "/j/NOSUCHCODE")
    expect(page.locator("h1")).to_be_visible()
    return page


PAGES = {name.removeprefix("visit_"): visit for name, visit in list(globals().items())
         if name.startswith("visit_")}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_wcag_21_aa_violations(name, open_context, live_server, busy_workshop):
    page = PAGES[name](open_context, live_server, busy_workshop)
    violations = axe_violations(page)
    assert violations == [], f"{name}:\n{describe(violations)}"


def test_axe_catches_a_planted_fault(open_context, live_server):
    """The instrument works: an unlabelled field and grey-on-grey text are reported."""
    page = visit_index(open_context, live_server, None)
    page.evaluate("""() => {
      const main = document.getElementById("main");
      main.appendChild(document.createElement("input"));
      const faint = document.createElement("p");
      faint.textContent = "Svær at læse";
      faint.style.color = "#bbb";
      main.appendChild(faint);
    }""")
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"label", "color-contrast"} <= found, found
