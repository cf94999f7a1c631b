"""PDF files of a workshop: plenary summaries, the full-day report and the QR poster.

Rendered from stored snapshots through ``pdf.html_to_pdf`` (another process),
written atomically to the instance folder, and rendered once even when several
requests or processes ask at the same time.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from . import charts, pdf, qr
from .db import get_db
from .extensions import socketio
from .models import Plenary, Workshop
from .realtime import publisher_of
from .services.plenaries import report_data, workshop_summary_info

log = logging.getLogger(__name__)

STALE_LOCK_SECONDS = 120
RENDER_TIMEOUT_SECONDS = 90


def pdf_folder(workshop_id: str) -> Path:
    """Return the folder of a workshop's stored PDFs."""
    return Path(current_app.instance_path) / "pdfs" / workshop_id


def plenary_pdf_path(workshop_id: str, number: int) -> Path:
    """Return where plenary ``number``'s PDF is stored."""
    return pdf_folder(workshop_id) / f"plenary-{number}.pdf"


def _print_css() -> str:
    """Return the print style sheet (embedded: the PDF fetcher opens no files)."""
    return (Path(current_app.static_folder) / "css" / "print.css").read_text(encoding="utf-8")


def _render(template: str, language: str, title: str, **context) -> bytes:
    """Render a PDF template in ``language`` and turn it into PDF bytes."""
    with force_locale(language):
        html = render_template(template, print_css=_print_css(), **context)
    return pdf.html_to_pdf(html, timeout=RENDER_TIMEOUT_SECONDS, title=title, language=language)


def render_plenary(summary: dict) -> bytes:
    """Return the PDF of one plenary summary."""
    workshop = summary["workshop"]
    return _render(
        "pdf/plenary.html", workshop["language"], f"{workshop['title']} – {summary['number']}",
        s=summary, qr_svg=qr.svg(workshop["join_url"]).decode("utf-8"),
        chart_svg=charts.timeline_svg(summary["timeline"]),
    )


def render_report(report: dict) -> bytes:
    """Return the PDF of the full-day report."""
    workshop = report["workshop"]
    return _render(
        "pdf/report.html", workshop["language"], workshop["title"], r=report,
        qr_svg=qr.svg(workshop["join_url"]).decode("utf-8"),
        chart_svgs={p["number"]: charts.timeline_svg(p["timeline"]) for p in report["plenaries"]},
    )


def render_poster(workshop: dict) -> bytes:
    """Return the PDF of the A4 QR poster."""
    return _render("pdf/poster.html", workshop["language"], workshop["title"], w=workshop,
                   qr_svg=qr.svg(workshop["join_url"]).decode("utf-8"))


def _acquire(lock: Path) -> bool:
    """Take the render lock file; False if another renderer holds a fresh one."""
    try:
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        return True
    except FileExistsError:
        try:
            if time.time() - lock.stat().st_mtime > STALE_LOCK_SECONDS:
                lock.unlink(missing_ok=True)  # its renderer died
        except FileNotFoundError:
            pass
        return False


def ensure_plenary_pdf(workshop_id: str, number: int, summary: dict | None = None) -> Path:
    """Return the stored PDF of a plenary, rendering it first if it is missing."""
    path = plenary_pdf_path(workshop_id, number)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_suffix(".lock")
    deadline = time.monotonic() + RENDER_TIMEOUT_SECONDS + 10
    while not _acquire(lock):
        if path.exists():
            return path
        if time.monotonic() > deadline:
            raise pdf.PdfRenderError("another renderer did not finish")
        time.sleep(0.2)  # cooperative under eventlet/gevent (time is patched)
    try:
        if path.exists():
            return path
        if summary is None:
            summary = _stored_summary(workshop_id, number)
        data = render_plenary(summary)
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        os.replace(partial, path)
        log.info("rendered plenary %s of workshop %s (%d bytes)", number, workshop_id, len(data))
        return path
    finally:
        lock.unlink(missing_ok=True)


def _stored_summary(workshop_id: str, number: int) -> dict:
    """Return the snapshot of a stored plenary."""
    with get_db().read() as session:
        return session.scalar(
            select(Plenary.summary).where(Plenary.workshop_id == workshop_id,
                                          Plenary.number == number)
        )


def report_pdf(workshop_id: str, base_url: str) -> bytes:
    """Return the full-day report as it stands now."""
    with get_db().read() as session:
        report = report_data(session, workshop_id, base_url)
    return render_report(report)


def poster_pdf(workshop_id: str, base_url: str) -> bytes:
    """Return the workshop's QR poster."""
    with get_db().read() as session:
        info = workshop_summary_info(session.get(Workshop, workshop_id), base_url)
    return render_poster(info)


def render_in_background(app, workshop_id: str, number: int) -> None:
    """Render a new plenary's PDF off the request, then tell the room it is ready."""
    def job():
        """Render within an application context."""
        with app.app_context():
            try:
                path = ensure_plenary_pdf(workshop_id, number)
                publisher_of(app).announce_pdf(workshop_id, number, path.stat().st_size)
            except Exception:
                log.exception("PDF of plenary %s in workshop %s failed", number, workshop_id)

    socketio.start_background_task(job)


def renew_pdfs(app, workshop_id: str, numbers) -> None:
    """Make again, in the background, the PDFs of plenaries whose snapshot changed.

    A deleted card leaves the snapshots; the old file still holds it, so it goes first.
    """
    for number in numbers:
        plenary_pdf_path(workshop_id, number).unlink(missing_ok=True)
        render_in_background(app, workshop_id, number)
