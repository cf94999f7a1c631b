"""Charts for the PDFs as inline SVG: a leaf module (dict in, SVG markup out, no Flask).

``timeline_svg`` draws the cards posted per time bucket of a plenary summary
(``summary["timeline"]``) as a bar chart. The bars of the plenary's own window
are dark blue and bracketed with a label; earlier bars are grey. The SVG has
``role="img"``, a ``<title>`` and a ``<desc>`` (what the chart says, in words),
in the workshop's language, translated from the project's catalogs with
Babel (not Flask-Babel), so it works outside a request.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from pathlib import Path

from babel.support import NullTranslations, Translations

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"

WINDOW_COLOUR = "#0b5394"  # --primary: 7.6:1 on white
EARLIER_COLOUR = "#8a857b"  # --line: 3.6:1 on white
INK = "#1c1b19"
MUTED = "#57534c"
GRID = "#d9d5cc"
FONT = "DejaVu Sans"
MAX_LABELS = 10


def N_(message: str) -> str:  # noqa: N802 - the catalog extractor's keyword
    """Mark ``message`` for the catalog; it is translated later."""
    return message


TITLE = N_("Cards posted per %(minutes)s minutes")
WINDOW = N_("This plenary")
DESCRIPTION = N_(
    "From %(first)s to %(last)s: %(total)s cards, %(window)s of them in this plenary. "
    "Most in one bar: %(most)s at %(when)s."
)
EMPTY = N_("No cards yet.")


@lru_cache(maxsize=8)
def _catalog(language: str) -> NullTranslations:
    """Return the translations of ``language`` (English text if there are none)."""
    return Translations.load(str(TRANSLATIONS), [language], domain="messages")


def _guess_language(buckets: list[dict]) -> str:
    """Danish clocks read 10.20, English ones 10:20 (see services.plenaries.local_clock)."""
    return "en" if any(":" in str(b.get("label", "")) for b in buckets) else "da"


def _label_indices(buckets: list[dict]) -> list[int]:
    """Return the buckets to label under the axis: whole hours, at most MAX_LABELS."""
    hours = [i for i, b in enumerate(buckets) if str(b.get("label", "")).endswith("00")]
    candidates = hours or list(range(len(buckets)))
    step = -(-len(candidates) // MAX_LABELS)  # ceiling division
    return candidates[::step]


def timeline_svg(timeline: dict, *, width: int = 660, height: int = 170,
                 language: str | None = None, title: str | None = None) -> str:
    """Return an accessible SVG bar chart of ``timeline`` (cards per bucket).

    ``timeline`` is ``{"bucket_minutes": 10, "buckets": [{"label", "count",
    "in_window"}, ...]}``. ``language`` ("da"/"en") picks the words of the
    title and description; without it the clock format of the labels decides.
    ``title`` replaces the translated title.
    """
    buckets = list(timeline.get("buckets") or [])
    minutes = timeline.get("bucket_minutes", 10)
    translate = _catalog(language or _guess_language(buckets)).gettext
    name = title or translate(TITLE) % {"minutes": minutes}
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT}" font-size="10">'
        f"<title>{escape(name)}</title>"
    )
    if not buckets:
        return (
            f"{head}<desc>{escape(translate(EMPTY))}</desc>"
            f'<text x="0" y="{height / 2:.0f}" fill="{MUTED}">{escape(translate(EMPTY))}</text>'
            "</svg>"
        )

    counts = [max(0, int(b.get("count") or 0)) for b in buckets]
    peak = max(counts)
    most = counts.index(peak)
    description = translate(DESCRIPTION) % {
        "first": buckets[0].get("label", ""),
        "last": buckets[-1].get("label", ""),
        "total": sum(counts),
        "window": sum(c for c, b in zip(counts, buckets, strict=True) if b.get("in_window")),
        "most": peak,
        "when": buckets[most].get("label", ""),
    }

    left, right, top, bottom = 28, 4, 22, 18  # room for the y labels, bracket, x labels
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(buckets)
    bar = max(slot * 0.78, 0.6)
    scale = plot_h / peak if peak else 0
    base = top + plot_h

    parts = [head, f"<desc>{escape(description)}</desc>"]
    # Axis: 0 and the peak, with a faint grid line at the peak.
    parts.append(f'<line x1="{left}" y1="{top:.1f}" x2="{width - right}" y2="{top:.1f}" '
                 f'stroke="{GRID}" stroke-width="0.8"/>')
    parts.append(f'<text x="{left - 4}" y="{top + 3.5:.1f}" text-anchor="end" '
                 f'fill="{MUTED}">{peak}</text>')
    parts.append(f'<text x="{left - 4}" y="{base + 3.5:.1f}" text-anchor="end" '
                 f'fill="{MUTED}">0</text>')
    # Bars: one path per colour keeps the SVG small for a full day (144 buckets).
    paths = {True: [], False: []}
    for index, (count, bucket) in enumerate(zip(counts, buckets, strict=True)):
        if not count:
            continue
        x = left + index * slot + (slot - bar) / 2
        h = count * scale
        paths[bool(bucket.get("in_window"))].append(
            f"M{x:.2f},{base:.2f}h{bar:.2f}v{-h:.2f}h{-bar:.2f}z")
    for in_window, colour in ((False, EARLIER_COLOUR), (True, WINDOW_COLOUR)):
        if paths[in_window]:
            parts.append(f'<path fill="{colour}" d="{"".join(paths[in_window])}"/>')
    parts.append(f'<line x1="{left}" y1="{base:.1f}" x2="{width - right}" y2="{base:.1f}" '
                 f'stroke="{INK}" stroke-width="1"/>')
    # The window: a bracket over its bars with a label, so it does not rest on colour alone.
    window = [i for i, b in enumerate(buckets) if b.get("in_window")]
    if window:
        x1 = left + window[0] * slot
        x2 = left + (window[-1] + 1) * slot
        y = top - 8
        parts.append(f'<path fill="none" stroke="{WINDOW_COLOUR}" stroke-width="1.2" '
                     f'd="M{x1:.2f},{y + 4}V{y}H{x2:.2f}V{y + 4}"/>')
        anchor, tx = ("end", x2) if x2 > width - 60 else ("start", x1)
        parts.append(f'<text x="{tx:.2f}" y="{y - 3}" text-anchor="{anchor}" '
                     f'fill="{WINDOW_COLOUR}" font-weight="bold">'
                     f"{escape(translate(WINDOW))}</text>")
    # Time labels under the axis.
    for index in _label_indices(buckets):
        x = left + index * slot
        parts.append(f'<line x1="{x:.2f}" y1="{base}" x2="{x:.2f}" y2="{base + 3}" '
                     f'stroke="{INK}" stroke-width="0.8"/>')
        parts.append(f'<text x="{x:.2f}" y="{base + 13}" text-anchor="middle" fill="{INK}">'
                     f'{escape(str(buckets[index].get("label", "")))}</text>')
    parts.append("</svg>")
    return "".join(parts)
