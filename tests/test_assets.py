"""Static files and pages on the wire: versioned URLs, long caching for them, gzip."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from openspace.web.assets import VERSIONED_CACHE

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def static_urls(html: str) -> list[str]:
    """Return the /static/ URLs a page links to."""
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', html)


@pytest.mark.parametrize("path", ["/", "/organiser", "/j/{code}", "/f/{id}", "/f/{id}/projector",
                                  "/f/{id}/downloads"])
def test_every_static_url_in_a_page_carries_the_files_hash(client, workshop, path):
    html = client.get(path.format(code=workshop["join_code"], id=workshop["id"])).get_data(
        as_text=True)
    urls = static_urls(html)
    assert urls, "the page links no static file"
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url


def test_versioned_files_are_gzipped_and_cached_for_a_year(client, workshop):
    html = client.get(f"/j/{workshop['join_code']}").get_data(as_text=True)
    for url in static_urls(html):
        answer = client.get(url, headers=GZIP)
        assert answer.status_code == 200
        assert answer.headers["Content-Encoding"] == "gzip", url
        assert answer.headers["Cache-Control"] == VERSIONED_CACHE
        assert "Accept-Encoding" in answer.headers["Vary"]
        assert int(answer.headers["Content-Length"]) == len(answer.data)
        plain = client.get(url.split("?")[0]).data
        assert gzip.decompress(answer.data) == plain
        # The browser's check with the ETag it has costs no body.
        again = client.get(url, headers={**GZIP, "If-None-Match": answer.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""


def test_unversioned_or_outdated_urls_must_revalidate(client):
    for url in ("/static/js/common.js", "/static/js/common.js?v=000000000000"):
        answer = client.get(url, headers=GZIP)
        assert answer.status_code == 200
        assert answer.headers["Cache-Control"] == "no-cache"


def test_clients_without_gzip_get_the_plain_file(client):
    answer = client.get("/static/js/common.js")
    assert "Content-Encoding" not in answer.headers
    assert answer.data.startswith(b"(function(w,d){")  # minified: the comments are gone


def test_scripts_and_styles_are_minified_and_smaller_on_the_wire(client):
    source = Path("static/js/participant.js").read_bytes()
    answer = client.get("/static/js/participant.js", headers=GZIP)
    plain = gzip.decompress(answer.data)
    assert b"/* openspace" not in plain and b"OS.boardStore" in plain
    assert len(answer.data) < 0.8 * len(gzip.compress(source, 9))
    style = client.get("/static/css/app.css").data
    assert b"/*" not in style and len(style) < Path("static/css/app.css").stat().st_size
    # A script or a style sheet carries no page-only headers (they cost every phone bytes).
    assert "Content-Security-Policy" not in answer.headers
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_changed_file_gets_a_new_url(app, tmp_path):
    from openspace.web.assets import StaticAssets

    (tmp_path / "a.js").write_text("var a = 1;\n" * 100)
    assets = StaticAssets(tmp_path)
    before = assets.version("a.js")
    (tmp_path / "a.js").write_text("var a = 2;\n" * 100)
    assert assets.version("a.js") != before
    assert assets.version("../etc/passwd") is None


def test_pages_are_gzipped_and_keep_their_security_headers(client, workshop):
    answer = client.get(f"/j/{workshop['join_code']}", headers=GZIP)
    assert answer.headers["Content-Encoding"] == "gzip"
    assert "Ensomhed blandt unge" in gzip.decompress(answer.data).decode()
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
    # API answers stay uncompressed; the whole board is the one exception (issue 15: its
    # shared part holds no secret, the caller's own part is compressed apart; see
    # tests/test_board_cache.py).
    api = client.get(f"/api/v1/workshops/{workshop['id']}/events?after=0",
                     headers={**GZIP, "Authorization": f"Bearer {workshop['facilitator_token']}"})
    assert api.status_code == 200 and "Content-Encoding" not in api.headers


@pytest.mark.parametrize("path", ["/static/%00", "/static/js/%00.js", "/static/" + "a" * 5000,
                                  "/static/../openspace/config.py", "/static/js/nosuch.js?v=1"])
def test_odd_static_paths_are_not_found_not_errors(client, path):
    assert client.get(path, headers=GZIP).status_code == 404
