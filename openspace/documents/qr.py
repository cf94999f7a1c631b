"""QR codes of the join address: SVG for pages and PDFs, PNG to download, text for a terminal.

A leaf module: strings in, bytes or text out, no Flask.
"""

from __future__ import annotations

import io

import qrcode
from qrcode.image.svg import SvgPathImage

# M recovers from ~15 % damage: enough for a poster with a fold or a glare spot.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M


def _code(data: str, border: int = 4) -> qrcode.QRCode:
    """Return a QR code of ``data`` with a quiet zone of ``border`` modules."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=border)
    code.add_data(data)
    code.make(fit=True)
    return code


def svg(data: str) -> bytes:
    """Return ``data`` as a scalable SVG QR code (black on white)."""
    image = _code(data).make_image(image_factory=SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


def png(data: str, box_size: int = 16) -> bytes:
    """Return ``data`` as a PNG QR code, large enough to print."""
    code = _code(data)
    code.box_size = box_size
    image = code.make_image(fill_color="black", back_color="white")
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


BLACK_ON_WHITE = "\x1b[30;107m"
RESET = "\x1b[0m"


def terminal(data: str, colour: bool = True) -> str:
    """Return ``data`` as a QR code drawn with block characters for a terminal.

    Two modules per character cell (half blocks). With ``colour`` the drawing
    sets black on white itself, so it scans on dark and light terminals alike.
    """
    matrix = _code(data, border=2).get_matrix()
    glyphs = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    lines = []
    for y in range(0, len(matrix), 2):
        top = matrix[y]
        bottom = matrix[y + 1] if y + 1 < len(matrix) else [False] * len(top)
        line = "".join(glyphs[(upper, lower)] for upper, lower in zip(top, bottom, strict=True))
        lines.append(f"{BLACK_ON_WHITE}{line}{RESET}" if colour else line)
    return "\n".join(lines)
