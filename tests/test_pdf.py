"""PDFs of plenaries, the day's report and the QR poster, read back from the bytes.

The renderer (openspace.documents.pdf, .pdf_worker) and the chart
(openspace.documents.charts) are tested without Flask; the templates are rendered
through the app's documents service, as the plenary PDFs are (no request needed).
Text is read back with pypdf, pages are rasterised with pypdfium2 and the QR code
decoded with zxing-cpp.
"""

from __future__ import annotations

import ast
import io
import json
import re
import subprocess
import sys
import textwrap
import threading
import time
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from openspace import create_app
from openspace.documents import charts, documents_of, pdf, pdf_worker, qr, views

from .databases import migrated_instance

ROOT = Path(__file__).resolve().parent.parent
JOIN_URL = "http://192.168.1.20:5000/j/K7MNP2QR"
#: The PDF workers of this module's renders (one spare, as a server keeps).
WORKERS = pdf.PdfWorkers()
SCRIPT_CARD = "<script>alert(1)</script></html>"
# A 1x1 red PNG as a data: URL: the one kind of resource the renderer may open.
RED_DOT = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4"
    "nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)


# ---------------------------------------------------------------- sample data

def workshop(language: str = "da") -> dict:
    """Return the workshop part of a snapshot."""
    return {
        "id": "w1", "title": "Unge og fællesskaber i Ærøskøbing", "language": language,
        "vision": "Flere børn og unge skal have et fællesskab, de hører til i.",
        "timezone": "Europe/Copenhagen", "join_url": JOIN_URL, "join_code": "K7MNP2QR",
    }


def card(cid: str, kind: str, theme: tuple[str, str], text: str, name: str | None = None,
         at: str = "10.24", supports: int = 0) -> dict:
    """Return one snapshot card."""
    return {"id": cid, "kind": kind, "theme_id": theme[0], "theme_title": theme[1],
            "text": text, "author_name": name, "created_local": at, "supports": supports}


CLUB = ("t1", "Fællesskaber i foreninger")
SCHOOL = ("t2", "Skolen og fritiden")


def snapshot(number: int = 2, language: str = "da") -> dict:
    """Return a hand-built plenary snapshot (Danish cards with æøå, one hostile text)."""
    ideas = [
        card("c1", "idea", CLUB, "Åben hal fredag aften med musik", "Søren", "10.05", 4),
        card("c2", "idea", CLUB, SCRIPT_CARD, None, "10.12", 0),
        card("c3", "idea", SCHOOL, "Lektiecafé på biblioteket – også for forældre", None,
             "10.31", 1),
    ]
    actors = [card("c4", "actor", CLUB, "Røde Kors Ungdom på Ærø", "Åse", "10.40", 2)]
    initiatives = [card("c5", "initiative", SCHOOL, "Bussen kører senere om fredagen",
                        "Mette Ø.", "10.52", 7)]
    sep = "." if language == "da" else ":"
    buckets = [{"label": f"{9 + i // 6:02d}{sep}{i % 6 * 10:02d}", "count": i % 4,
                "in_window": i >= 6} for i in range(12)]
    return {
        "workshop": workshop(language), "number": number,
        "starts_at": "2026-11-22T09:00:00+00:00", "ends_at": "2026-11-22T10:00:00+00:00",
        "starts_local": f"10{sep}00", "ends_local": f"11{sep}00",
        "date_local": "22. november 2026" if language == "da" else "22 November 2026",
        "note": "Vi mødes igen i januar.\nSøren ringer til hallen.",
        "counts": {"participants_joined": 41, "participants_posting": 17, "cards": 5,
                   "idea": 3, "actor": 1, "initiative": 1, "cards_total": 86},
        "themes": [
            {"id": CLUB[0], "title": CLUB[1], "idea": ideas[:2], "actor": actors,
             "initiative": []},
            {"id": SCHOOL[0], "title": SCHOOL[1], "idea": ideas[2:], "actor": [],
             "initiative": initiatives},
        ],
        "top_window": [initiatives[0], ideas[0]],
        "top_overall": [initiatives[0]],
        "new_actors": actors, "new_initiatives": initiatives,
        "timeline": {"bucket_minutes": 10, "buckets": buckets},
        "extras": {},
    }


def report() -> dict:
    """Return a report of two plenaries and the final board."""
    first = snapshot(1)
    first.update(starts_local="09.00", ends_local="10.00", note="")
    second = snapshot(2)
    board = [
        {"id": t["id"], "title": t["title"],
         **{k: first["themes"][i][k] + second["themes"][i][k]
            for k in ("idea", "actor", "initiative")}}
        for i, t in enumerate(second["themes"])
    ]
    board.append({"id": "t3", "title": "Sundhed og trivsel", "idea": [], "actor": [],
                  "initiative": []})
    return {"workshop": workshop(), "plenaries": [first, second], "board": board,
            "counts": {**second["counts"], "cards": 10, "cards_total": 10},
            "timeline": second["timeline"], "generated_local": "22. november 2026 16.05",
            "generated_clock": "16.05", "day_over": True}


# ---------------------------------------------------------------- helpers

@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """A Flask app to render the templates with (threading mode, own instance folder)."""
    folder = migrated_instance(tmp_path_factory.mktemp("pdf-instance"))
    return create_app({"TESTING": True, "INSTANCE_PATH": str(folder), "ADMIN_TOKEN": "x",
                       "ASYNC_MODE": "threading"})


def render(app, template: str, language: str = "da", **context) -> str:
    """Render a PDF template through the app's documents service (CSS inline, no request)."""
    return documents_of(app).html(template, language, **context)


def plenary_html(app, s: dict) -> str:
    """Return the HTML of a plenary PDF (the snapshot made ready as the documents service does)."""
    return render(app, "pdf/plenary.html", s["workshop"]["language"], s=views.plenary_view(s),
                  qr_svg=qr.svg(JOIN_URL).decode("utf-8"),
                  chart_svg=charts.timeline_svg(s["timeline"]))


def text_of(data: bytes) -> list[str]:
    """Return the extracted text of every page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Collapse whitespace (pypdf puts line breaks where the PDF wraps)."""
    return re.sub(r"\s+", " ", text)


def decode_qr(data: bytes, page: int = 0, scale: float = 3) -> list[str]:
    """Rasterise a page and return the texts of the QR codes on it."""
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[page].render(scale=scale).to_pil().convert("L")
    finally:
        document.close()
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.fixture(scope="module")
def plenary_pdf(app):
    """The Danish plenary PDF of the sample snapshot."""
    s = snapshot()
    return WORKERS.html_to_pdf(plenary_html(app, s), title=f"{s['workshop']['title']} – 2",
                           language="da")


@pytest.fixture(scope="module")
def report_pdf(app):
    """The Danish full-day report PDF."""
    return documents_of(app).render_report(report())


@pytest.fixture(scope="module")
def poster_pdf(app):
    """The Danish A4 QR poster."""
    w = workshop()
    html = render(app, "pdf/poster.html", w=w, qr_svg=qr.svg(JOIN_URL).decode("utf-8"))
    return WORKERS.html_to_pdf(html, title=w["title"], language="da")


# ---------------------------------------------------------------- the plenary PDF

def test_plenary_pdf_has_the_cards_counts_and_note(plenary_pdf):
    pages = text_of(plenary_pdf)
    text = flat(" ".join(pages))
    assert "Opsamling 2" in text
    assert "22. november 2026, kl. 10.00–11.00" in text
    for card_text in ("Åben hal fredag aften med musik", "Røde Kors Ungdom på Ærø",
                      "Lektiecafé på biblioteket – også for forældre",
                      "Bussen kører senere om fredagen"):
        assert card_text in text
    for number, label in (("5", "nye kort"), ("3", "idéer"), ("1", "aktør"),
                          ("1", "indsats"), ("17", "personer har skrevet"),
                          ("41", "nye deltagere"), ("86", "kort indtil nu")):
        assert re.search(rf"\b{number}\s*{label}\b", text), label
    assert "Facilitatorens noter" in text
    assert "Vi mødes igen i januar." in text and "Søren ringer til hallen." in text
    assert "Nye kort efter tema" in text and "Nye indsatser" in text
    assert "Søren · 10.05 · 4 støtter" in text
    assert "Scan og vær med" in text


def test_card_text_is_printed_literally_not_as_markup(plenary_pdf, app):
    text = flat(" ".join(text_of(plenary_pdf)))
    assert SCRIPT_CARD in text
    html = plenary_html(app, snapshot())
    assert SCRIPT_CARD not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/html&gt;" in html


def test_page_numbers_in_the_footer(plenary_pdf):
    pages = text_of(plenary_pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert f"side {number} af {len(pages)}" in page


def test_pdf_is_tagged_with_title_and_language(plenary_pdf):
    reader = PdfReader(io.BytesIO(plenary_pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "da"
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Unge og fællesskaber i Ærøskøbing – 2"
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()


def test_qr_code_on_the_plenary_decodes_to_the_join_url(plenary_pdf):
    assert decode_qr(plenary_pdf) == [JOIN_URL]


def test_english_plenary(app):
    s = snapshot(language="en")
    data = WORKERS.html_to_pdf(plenary_html(app, s), title="Plenary 2", language="en")
    text = flat(" ".join(text_of(data)))
    assert "Plenary 2" in text and "22 November 2026, 10:00–11:00" in text
    assert "Facilitator's notes" in text and "New initiatives" in text
    assert "page 1 of" in text and "Scan to join" in text
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "en"


def test_empty_plenary_says_so(app):
    s = snapshot()
    for theme in s["themes"]:
        theme.update(idea=[], actor=[], initiative=[])
    s.update(new_actors=[], new_initiatives=[], top_window=[], top_overall=[], note="",
             counts={**s["counts"], "cards": 0, "idea": 0, "actor": 0, "initiative": 0})
    s["timeline"]["buckets"] = []
    text = flat(" ".join(text_of(WORKERS.html_to_pdf(plenary_html(app, s), language="da"))))
    assert "Ingen nye kort siden sidste opsamling." in text
    assert "Ingen nye indsatser." in text
    assert "Facilitatorens noter" not in text
    assert "Mest støttet" not in text


# ---------------------------------------------------------------- the report

def test_report_has_cover_contents_every_plenary_and_the_board(report_pdf):
    pages = text_of(report_pdf)
    text = flat(" ".join(pages))
    assert "Unge og fællesskaber i Ærøskøbing" in flat(pages[0])
    assert "side" not in pages[0]  # the cover has no page number
    assert "Indhold" in pages[1]
    assert "Tavlen ved dagens slutning" in text
    assert "Sundhed og trivsel" in text and "Ingen kort." in text
    # The sample's two plenaries share their cards, so the board holds it twice; the
    # plenaries' parts of the report reprint no card lists.
    assert text.count(SCRIPT_CARD) == 2
    assert f"side 2 af {len(pages)}" in pages[1]


def test_report_contents_point_at_the_right_pages(report_pdf):
    pages = text_of(report_pdf)
    contents = flat(pages[1])
    entries = re.findall(r"Opsamling (\d), kl\. (\d\d\.\d\d–\d\d\.\d\d) ?\.+ ?(\d+)", contents)
    assert [number for number, _, _ in entries] == ["1", "2"]
    for number, window, page in entries:
        assert f"22. november 2026, kl. {window}" in flat(pages[int(page) - 1]), number
    board_page = int(re.search(r"Tavlen ved dagens slutning\s*\.+\s*(\d+)", contents)[1])
    assert flat(pages[board_page - 1]).count("Tavlen ved dagens slutning") >= 2  # head + title
    annotations = PdfReader(io.BytesIO(report_pdf)).pages[1].get("/Annots") or []
    assert len(annotations) >= 3  # the entries are links


def test_report_cover_qr_decodes(report_pdf):
    assert decode_qr(report_pdf, page=0) == [JOIN_URL]


# ---------------------------------------------------------------- the poster

def test_poster_is_one_a4_page_with_a_big_qr(poster_pdf):
    reader = PdfReader(io.BytesIO(poster_pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210, 297)
    text = flat(reader.pages[0].extract_text())
    assert "Scan og vær med" in text and "Unge og fællesskaber i Ærøskøbing" in text
    assert JOIN_URL in text and "K7MNP2QR" in text
    assert decode_qr(poster_pdf, scale=1) == [JOIN_URL]


# ---------------------------------------------------------------- the locked-down fetcher

@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "FILE:///etc/passwd", "http://example.com/x.png",
    "https://example.com/x.png", "ftp://example.com/x", "relative.png", "/etc/passwd",
    "//example.com/x.png", "", "javascript:alert(1)",
])
def test_fetcher_refuses_everything_but_data_urls(url):
    with pytest.raises(ValueError):
        pdf_worker.check_url(url)
    with pytest.raises(ValueError):
        pdf_worker.url_fetcher().fetch(url)


def test_fetcher_opens_data_urls():
    response = pdf_worker.url_fetcher().fetch(RED_DOT)
    assert response.read().startswith(b"\x89PNG")


class _Recorder(BaseHTTPRequestHandler):
    """Counts every request made to the local server."""

    hits: ClassVar[list[str]] = []

    def do_GET(self):
        """Record the path, answer with nothing."""
        type(self).hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        """Stay quiet."""


def test_rendered_pdf_loads_no_file_and_no_outside_url(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    local = f"http://127.0.0.1:{server.server_address[1]}"
    secret = tmp_path / "secret.png"
    secret.write_bytes(pdf_worker.url_fetcher().fetch(RED_DOT).read())
    (tmp_path / "secret.txt").write_text("root:x:0:0 top secret", encoding="utf-8")
    html = f"""<!doctype html><html lang="da"><head><meta charset="utf-8">
      <link rel="stylesheet" href="{local}/style.css">
      <link rel="attachment" href="file://{tmp_path}/secret.txt">
      <style>@import url("{local}/import.css");
             body {{ background: url("file://{secret}"); }}</style></head><body>
      <p>Forside</p>
      <img src="file:///etc/passwd" alt="">
      <img src="file://{secret}" alt="">
      <img src="http://example.com/x.png" alt="">
      <img src="{local}/x.png" alt="">
      <img src="secret.png" alt="">
      </body></html>"""
    try:
        data = WORKERS.html_to_pdf(html, language="da")
    finally:
        server.shutdown()
    reader = PdfReader(io.BytesIO(data))
    assert _Recorder.hits == []
    assert len(reader.pages[0].images) == 0
    assert reader.attachments == {}
    assert b"top secret" not in data and b"root:x" not in data
    # The control: the same page with a data: image does embed it.
    control = WORKERS.html_to_pdf(f'<p>Forside</p><img src="{RED_DOT}" alt="">', language="da")
    assert len(PdfReader(io.BytesIO(control)).pages[0].images) == 1


# ---------------------------------------------------------------- the child process

def test_a_render_over_its_timeout_is_killed():
    started = time.monotonic()
    with pytest.raises(pdf.PdfRenderError, match="longer than"):
        WORKERS.html_to_pdf("<p>Hej</p>" * 2000, timeout=0.01)
    assert time.monotonic() - started < 5
    # The next render works (a fresh worker).
    assert WORKERS.html_to_pdf("<p>Hej</p>").startswith(b"%PDF-")


def test_a_failing_worker_raises():
    broken = pdf.PdfWorkers(keep_spare=False, command=lambda spare=False: [
        sys.executable, "-c", "import sys; sys.stderr.write('boom'); sys.exit(3)"])
    with pytest.raises(pdf.PdfRenderError, match="boom"):
        broken.html_to_pdf("<p>x</p>")


def test_renders_at_the_same_time_all_succeed():
    results, errors = [], []

    def work(index):
        """Render one small PDF."""
        try:
            results.append(WORKERS.html_to_pdf(f"<p>Nummer {index} æøå</p>", language="da"))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    texts = sorted(flat(text_of(data)[0]) for data in results)
    assert texts == [f"Nummer {i} æøå" for i in range(4)]


@pytest.mark.parametrize("loop", ["eventlet", "gevent"])
def test_the_event_loop_keeps_running_during_a_render(loop, app, tmp_path):
    """Under monkey patching, a render waits on a pipe: other green threads keep running."""
    html_path = tmp_path / "plenary.html"
    big = snapshot()
    big["themes"][0]["idea"] = big["themes"][0]["idea"] * 150
    html_path.write_text(plenary_html(app, big), encoding="utf-8")
    patch = {
        "eventlet": "import eventlet; eventlet.monkey_patch(); spawn = eventlet.spawn",
        "gevent": "from gevent import monkey; monkey.patch_all(); import gevent; "
                  "spawn = gevent.spawn",
    }[loop]
    script = textwrap.dedent(f"""
        {patch}
        import json, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from openspace.documents import pdf
        gaps, last, done = [], [time.monotonic()], [False]
        def tick():
            while not done[0]:
                time.sleep(0.01)
                now = time.monotonic()
                gaps.append(now - last[0])
                last[0] = now
        spawn(tick)
        time.sleep(0.05)
        started = time.monotonic()
        data = pdf.PdfWorkers(keep_spare=False).html_to_pdf(
            open({str(html_path)!r}, encoding="utf-8").read(), timeout=60)
        took = time.monotonic() - started
        done[0] = True
        time.sleep(0.05)
        print(json.dumps({{"took": took, "max_gap": max(gaps), "ticks": len(gaps),
                          "pdf": data[:5].decode()}}))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["pdf"] == "%PDF-"
    assert result["took"] > 0.5  # long enough for the ticks to mean something
    assert result["max_gap"] < 0.25, result
    assert result["ticks"] > result["took"] / 0.05


# ---------------------------------------------------------------- leaves and the chart

def imports_of(path: Path) -> set[str]:
    """Return the top-level names a module imports ("." for a relative import, ".." above)."""
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add("." * node.level if node.level else (node.module or "").split(".")[0])
    return imported


FLASK = {"flask", "flask_babel", "flask_socketio", "werkzeug"}


@pytest.mark.parametrize("module", ["pdf.py", "pdf_worker.py", "charts.py", "qr.py"])
def test_pdf_modules_are_leaves_without_flask(module):
    imported = imports_of(ROOT / "openspace" / "documents" / module)
    assert not imported & {*FLASK, "openspace", ".", ".."}


def test_the_documents_service_imports_no_flask():
    """The scheduler renders PDFs without a request: documents/ never reaches for Flask."""
    for path in (ROOT / "openspace" / "documents").glob("*.py"):
        assert not imports_of(path) & {*FLASK, "openspace"}, path.name


def test_worker_runs_without_the_openspace_package(tmp_path):
    """The child is started by path: it must not need (or import) the package."""
    command = pdf.worker_command()
    assert command[1].endswith("pdf_worker.py") and "-m" not in command
    out = subprocess.run(command, input=b'{"title": "T", "language": "da"}\n<p>\xc3\xa6</p>',
                         capture_output=True, timeout=60, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(b"%PDF-")


def test_timeline_chart_is_accessible_svg():
    svg = charts.timeline_svg(snapshot()["timeline"])
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root[0].tag == f"{ns}title" and root[0].text == "Kort pr. 10 minutter"
    assert root[1].tag == f"{ns}desc" and "denne opsamling" in root[1].text
    fills = [p.get("fill") for p in root.iter(f"{ns}path")]
    assert charts.WINDOW_COLOUR in fills and charts.EARLIER_COLOUR in fills
    labels = [t.text for t in root.iter(f"{ns}text")]
    assert "09.00" in labels and "10.00" in labels and "Denne opsamling" in labels


def test_timeline_chart_in_english_and_empty():
    english = ET.fromstring(charts.timeline_svg(snapshot(language="en")["timeline"]))
    assert english[0].text == "Cards posted per 10 minutes"
    empty = charts.timeline_svg({"bucket_minutes": 10, "buckets": []}, language="da")
    assert "Ingen kort endnu." in empty
    ET.fromstring(empty)
    hostile = charts.timeline_svg({"bucket_minutes": 10, "buckets": [
        {"label": "<b>&", "count": 1, "in_window": True}]}, language="en")
    assert "<b>&" not in hostile
    ET.fromstring(hostile)
