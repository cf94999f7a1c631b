"""The participant toolkit in a real browser: two phones support, join and keep contacts private."""

from __future__ import annotations

from .pages import expect


def test_two_phones_support_join_and_keep_the_contact_private(
        live_server, workshop, open_context):
    url = f"{live_server.url}/j/{workshop['join_code']}"
    phones = [open_context(viewport={"width": 320, "height": 800}).new_page()
              for _ in range(2)]
    for phone in phones:
        phone.goto(url)
        expect(phone.locator("#conn")).to_have_attribute("data-state", "connected",
                                                         timeout=20000)
    sofie, ali = phones
    sofie.select_option("#theme", workshop["themes"][0]["id"])
    sofie.check("#kind-initiative", force=True)
    sofie.fill("#text", "Lektiecafé i klubben")
    sofie.click("#sdg-pick summary")
    sofie.check("input[name=sdgs][value='4']")
    sofie.click("#compose button[type=submit]")
    card = ali.locator("#cards > li[data-id]").first
    expect(card.locator(".sdg-tags")).to_contain_text("Kvalitetsuddannelse",
                                                      timeout=20000)

    card.locator(".tool-support").focus()
    ali.keyboard.press("Enter")
    expect(card.locator(".tool-support")).to_have_attribute("aria-pressed", "true")
    # The card is drawn anew with the count; the keyboard focus stays on the button.
    expect(card.locator(".tool-support")).to_be_focused()
    own = sofie.locator("#cards > li[data-id]").first
    expect(own.locator(".tool-support")).to_contain_text("1 støtte", timeout=20000)

    card.locator(".tool-commit").click()
    contact = card.locator("input[autocomplete=email]")
    expect(contact).to_be_hidden()
    card.locator(".tool-panel input[id^='cc-']").check()
    contact.fill("ali@example.dk")
    card.locator(".tool-panel button[type=submit]").click()
    expect(card.locator(".tool-commit")).to_contain_text("Du er med")
    expect(own.locator(".tool-commit")).to_contain_text("1 er med", timeout=20000)
    assert "ali@example.dk" not in sofie.content()
    # The own phone keeps its contact after a reload: it comes from its own state.
    ali.reload()
    card = ali.locator("#cards > li[data-id]").first
    card.locator(".tool-commit").click()
    expect(card.locator("input[autocomplete=email]")).to_have_value("ali@example.dk")


def test_a_theme_added_and_renamed_live_reaches_the_phone(live_server, workshop, open_context):
    phone = open_context(viewport={"width": 360, "height": 740}).new_page()
    phone.goto(f"{live_server.url}/j/{workshop['join_code']}")
    expect(phone.locator("#conn")).to_have_attribute("data-state", "connected", timeout=20000)
    base = f"/api/v1/workshops/{workshop['id']}"
    token = workshop["facilitator_token"]
    added = live_server.api("POST", base + "/themes", token, json={"title": "Familie"})
    assert added.status_code == 201, added.text
    theme_id = added.json()["id"]
    expect(phone.locator(f"#theme option[value='{theme_id}']")).to_have_text("Familie")
    expect(phone.locator(f"#filter-theme button[data-value='{theme_id}']")).to_have_text("Familie")
    live_server.api("PATCH", f"{base}/themes/{theme_id}", token, json={"title": "Familieliv"})
    expect(phone.locator(f"#theme option[value='{theme_id}']")).to_have_text("Familieliv")
    # A card posted into the new theme from the phone lands there.
    phone.select_option("#theme", theme_id)
    phone.check("#kind-idea", force=True)
    phone.fill("#text", "Spisefællesskab for hele familien")
    phone.click("#compose button[type=submit]")
    card = phone.locator("#cards > li[data-id]", has_text="Spisefællesskab")
    expect(card).to_contain_text("Familieliv")
