"""The HTML pages through the Flask test client: language, escaping, no inline script."""

from __future__ import annotations

import re

import pytest

from .helpers import bearer, card_body, create_workshop

XSS = '<script>alert(1)</script></html>"\'><img src=x onerror=alert(2)>'


def test_participant_page_in_the_workshops_language(client, workshop):
    page = client.get(f"/j/{workshop['join_code']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="da"' in html
    assert "Ensomhed blandt unge" in html
    assert 'id="i18n"' in html


def test_participant_can_switch_language_and_it_is_remembered(client, workshop):
    english = client.get(f"/j/{workshop['join_code']}?lang=en")
    assert '<html lang="en"' in english.get_data(as_text=True)
    assert "openspace_lang=en" in english.headers["Set-Cookie"]
    assert "SameSite=Lax" in english.headers["Set-Cookie"]
    again = client.get(f"/j/{workshop['join_code']}")
    assert '<html lang="en"' in again.get_data(as_text=True)


def test_join_code_is_forgiving_and_unknown_codes_get_a_page(client, workshop):
    code = workshop["join_code"]
    lower = client.get(f"/join?code={code[:4].lower()}-{code[4:].lower()}")
    assert lower.status_code == 302 and lower.headers["Location"].endswith(f"/j/{code}")
    missing = client.get("/j/NOSUCHCODE", headers={"Accept-Language": "da"})
    assert missing.status_code == 404
    assert "<html" in missing.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/organiser", "/j/{code}", "/f/{id}", "/f/{id}/projector",
                                  "/j/NOSUCH"])
def test_pages_carry_no_inline_script_or_style(client, workshop, path):
    html = client.get(path.format(code=workshop["join_code"], id=workshop["id"])).get_data(
        as_text=True)
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+=", html)
    assert "style=" not in html
    assert "http://" not in html.replace("http://www.w3.org", "").replace(
        "http://venue.test", "")


def test_user_text_is_escaped_in_every_page(client):
    workshop = create_workshop(client, title=XSS, vision=XSS, themes=[XSS, "B"])
    client.post(f"/api/v1/workshops/{workshop['id']}/cards", json=card_body(workshop, text=XSS),
                headers=bearer(workshop["facilitator_token"]))
    for path in (f"/j/{workshop['join_code']}", f"/f/{workshop['id']}",
                 f"/f/{workshop['id']}/projector"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
