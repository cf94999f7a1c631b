"""Documents: a workshop's PDFs (plenaries, report, poster), their QR codes and charts.

Flask-free. The app factory builds one ``Documents`` per app with its renderer
injected (see ``renew.py``) and keeps it in ``app.extensions``; views and jobs
reach it with ``documents_of(app)``.
"""

from __future__ import annotations

from .pdf import PdfRenderError, PdfWorkers
from .renew import Documents

__all__ = ["DOCUMENTS", "Documents", "PdfRenderError", "PdfWorkers", "documents_of"]

DOCUMENTS = "openspace.documents"


def documents_of(app) -> Documents:
    """Return the documents service of ``app`` (a Flask app; only its extensions are read)."""
    return app.extensions[DOCUMENTS]
