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


def terminal(data: str) -> str:
    """Return ``data`` as a QR code drawn with block characters for a terminal."""
    code = _code(data, border=2)
    matrix = code.get_matrix()
    # Two rows per line with half blocks; dark modules print as spaces on a
    # light block background so it scans on dark and light terminals alike.
    lines = []
    for y in range(0, len(matrix), 2):
        top = matrix[y]
        bottom = matrix[y + 1] if y + 1 < len(matrix) else [False] * len(top)
        line = []
        for upper, lower in zip(top, bottom, strict=True):
            if upper and lower:
                line.append(" ")
            elif upper:
                line.append("▄")
            elif lower:
                line.append("▀")
            else:
                line.append("█")
        lines.append("".join(line))
    return "\n".join(lines)
