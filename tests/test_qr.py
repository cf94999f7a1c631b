"""The QR codes decode to the join address (read back with zxing-cpp)."""

from __future__ import annotations

import io

import cairosvg
import zxingcpp
from PIL import Image

from openspace.documents import qr

JOIN_URL = "http://192.168.1.20:5000/j/K7MNP2QR"


def decode_png(data: bytes) -> list[str]:
    """Return the texts of the QR codes found in a PNG image."""
    image = Image.open(io.BytesIO(data)).convert("L")
    return [result.text for result in zxingcpp.read_barcodes(image)]


def decode_svg(data: bytes) -> list[str]:
    """Rasterise an SVG on white and decode it."""
    png = cairosvg.svg2png(bytestring=data, output_width=600, background_color="white")
    return decode_png(png)


def test_svg_decodes_to_the_join_url():
    assert decode_svg(qr.svg(JOIN_URL)) == [JOIN_URL]


def test_png_decodes_to_the_join_url():
    assert decode_png(qr.png(JOIN_URL)) == [JOIN_URL]


def test_terminal_drawing_decodes_to_the_address():
    """The half-block drawing in the terminal, painted as pixels, scans too."""
    drawing = qr.terminal(JOIN_URL)
    assert drawing.startswith(qr.BLACK_ON_WHITE)
    lines = [line.removeprefix(qr.BLACK_ON_WHITE).removesuffix(qr.RESET)
             for line in drawing.splitlines()]
    assert lines == qr.terminal(JOIN_URL, colour=False).splitlines()
    scale = 8
    image = Image.new("L", (len(lines[0]) * scale, len(lines) * 2 * scale), 255)
    for row, line in enumerate(lines):
        for col, char in enumerate(line):
            # Foreground (black) fills the upper half for ▀, the lower for ▄, both for █.
            for half, dark in ((0, char in "█▀"), (1, char in "█▄")):
                if dark:
                    box = (col * scale, (row * 2 + half) * scale,
                           (col + 1) * scale, (row * 2 + half + 1) * scale)
                    image.paste(0, box)
    assert decode_png(_to_png(image)) == [JOIN_URL]


def _to_png(image: Image.Image) -> bytes:
    """Return ``image`` as PNG bytes."""
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_the_workshop_qr_endpoint_encodes_its_join_url(client, workshop):
    response = client.get(f"/w/{workshop['id']}/qr.svg")
    assert response.status_code == 200
    assert decode_svg(response.data) == [workshop["join_url"]]
    png = client.get(f"/w/{workshop['id']}/qr.png")
    assert png.headers["Content-Type"] == "image/png"
    assert decode_png(png.data) == [workshop["join_url"]]
    assert client.get("/w/nope/qr.svg").status_code == 404
