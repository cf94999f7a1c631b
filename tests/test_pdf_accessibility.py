"""The published PDFs are tagged (PDF/UA-1): structure tree, language, title, headings in order."""

from __future__ import annotations

import io
import itertools

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from openspace import create_app

from .conftest import PUBLIC_URL
from .databases import migrated_instance
from .helpers import ORGANISER, ORGANISER_TOKEN, bearer, card_body, create_workshop, join

HEADINGS = ("H1", "H2", "H3", "H4", "H5", "H6")


def structure_types(node, found: list[str]) -> list[str]:
    """Return the structure element types (/S) of the tree under ``node``, in reading order."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, ArrayObject):
        for child in node:
            structure_types(child, found)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append(str(node["/S"]).lstrip("/"))
        if "/K" in node:
            structure_types(node["/K"], found)
    return found


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The plenary PDF, the day's report and the QR poster of a Danish and an English workshop."""
    app = create_app({"TESTING": True, "ASYNC_MODE": "threading", "ADMIN_TOKEN": ORGANISER_TOKEN,
                      "INSTANCE_PATH": str(
                          migrated_instance(tmp_path_factory.mktemp("pdf-a11y"))),
                      "PUBLIC_URL": PUBLIC_URL})
    client = app.test_client()
    files = {}
    for language, title in (("da", "Trivsel i klubberne"), ("en", "Young people and clubs")):
        workshop = create_workshop(client, title=title, language=language)
        person = join(client, workshop, name="Mira")
        for i, kind in enumerate(("idea", "actor", "initiative")):
            client.post(f"/api/v1/workshops/{workshop['id']}/cards",
                        json=card_body(workshop, f"c{i}", f"Kortets tekst {i}", kind),
                        headers=bearer(person["token"]))
        number = client.post(f"/api/v1/workshops/{workshop['id']}/plenaries", json={},
                             headers=ORGANISER).get_json()["number"]
        base = f"/api/v1/workshops/{workshop['id']}"
        for name in (f"plenaries/{number}.pdf", "report.pdf", "poster.pdf"):
            response = client.get(f"{base}/{name}", headers=ORGANISER)
            assert response.status_code == 200
            files[(language, name.split("/")[0])] = (title, response.data)
    return files


def test_every_pdf_has_a_structure_tree_a_language_and_a_title(published):
    for (language, kind), (title, data) in published.items():
        reader = PdfReader(io.BytesIO(data))
        catalog = reader.trailer["/Root"]
        assert "/StructTreeRoot" in catalog, kind
        assert bool(catalog["/MarkInfo"]["/Marked"]), kind
        assert catalog["/Lang"] == language, kind
        assert title in reader.metadata.title, kind
        assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]), kind
        assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data(), kind


def test_headings_start_at_h1_and_never_skip_a_level(published):
    for key, (_title, data) in published.items():
        tree = PdfReader(io.BytesIO(data)).trailer["/Root"]["/StructTreeRoot"]
        levels = [int(t[1]) for t in structure_types(tree, []) if t in HEADINGS]
        assert levels and levels[0] == 1, key
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (key, levels)


def test_the_text_is_real_text_not_images(published):
    _title, data = published[("da", "plenaries")]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for i in range(3):
        assert f"Kortets tekst {i}" in text
    tree = PdfReader(io.BytesIO(data)).trailer["/Root"]["/StructTreeRoot"]
    types = structure_types(tree, [])
    assert "P" in types or "LI" in types
