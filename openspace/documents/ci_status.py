"""The Collective Impact status PDF (two pages, counts only) of one workshop."""

from __future__ import annotations

from .renew import RENDER_TIMEOUT_SECONDS, Documents


def ci_status_pdf(documents: Documents, status: dict) -> bytes:
    """Return the status PDF from ``services.ci_status.status_data``."""
    workshop = status["workshop"]
    html = documents.html("pdf/ci_status.html", workshop["language"], c=status)
    return documents.workers.html_to_pdf(html, timeout=RENDER_TIMEOUT_SECONDS,
                                         title=workshop["title"], language=workshop["language"])
