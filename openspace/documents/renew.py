"""PDF files of a workshop: plenary summaries, the full-day report and the QR poster.

Rendered from stored snapshots through ``PdfWorkers.html_to_pdf`` (another
process), written atomically to the instance folder, and rendered once even
when several requests or processes ask at the same time (``files.PdfFiles``).

No Flask here: the app factory builds one ``Documents`` per app and hands it
what it needs from outside, so the scheduler renders without any request:
the database, ``render_html(template, language, **context) -> str`` (the
app's templates in a language), the print style sheet, the PDF workers,
``announce(workshop_id, number, size)`` (tell the room a PDF is ready) and
``start_task(function)`` (run in the background of the serving loop).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import select

from ..models import Plenary, Workshop
from ..services.plenaries import report_data, workshop_summary_info
from ..services.plenary_digest import retracted_since
from . import charts, qr, views
from .files import PdfFiles
from .pdf import PdfWorkers

log = logging.getLogger(__name__)

RENDER_TIMEOUT_SECONDS = 90
#: A stored report is handed to participants for this long after it was made
#: (unless something left the board since): 100 phones asking get one render.
REPORT_REUSE_SECONDS = 120

#: ``render_html(template, language, **context)``: the app's template in ``language``.
RenderHtml = Callable[..., str]


class Documents:
    """One app's PDFs: where they are stored, how they are made, when they are made again."""

    def __init__(self, *, folder: Path, database, render_html: RenderHtml, print_css: str,
                 workers: PdfWorkers, announce: Callable[[str, int, int], None],
                 start_task: Callable[[Callable[[], None]], object]):
        """Store under ``folder``; read snapshots from ``database``; render as described above."""
        self.files = PdfFiles(folder)
        self.workers = workers
        self._database = database
        self._render_html = render_html
        self._print_css = print_css
        self._announce = announce
        self._start_task = start_task

    # ------------------------------------------------------------ where they are

    def pdf_folder(self, workshop_id: str) -> Path:
        """Return the folder of a workshop's stored PDFs."""
        return self.files.pdf_folder(workshop_id)

    def plenary_pdf_path(self, workshop_id: str, number: int) -> Path:
        """Return where plenary ``number``'s PDF is stored."""
        return self.files.plenary_pdf_path(workshop_id, number)

    # ------------------------------------------------------------ rendering

    def html(self, template: str, language: str, **context) -> str:
        """Return a PDF template rendered in ``language``, the print style sheet inline."""
        # Embedded: the PDF renderer opens no files.
        return self._render_html(template, language, print_css=self._print_css, **context)

    def _render(self, template: str, language: str, title: str, **context) -> bytes:
        """Render a PDF template in ``language`` and turn it into PDF bytes."""
        return self.workers.html_to_pdf(self.html(template, language, **context),
                                        timeout=RENDER_TIMEOUT_SECONDS, title=title,
                                        language=language)

    def render_plenary(self, summary: dict) -> bytes:
        """Return the PDF of one plenary summary."""
        workshop = summary["workshop"]
        return self._render(
            "pdf/plenary.html", workshop["language"], f"{workshop['title']} – {summary['number']}",
            s=views.plenary_view(summary), qr_svg=qr.svg(workshop["join_url"]).decode("utf-8"),
            chart_svg=charts.timeline_svg(summary["timeline"]),
        )

    def render_report(self, report: dict) -> bytes:
        """Return the PDF of the full-day report."""
        workshop = report["workshop"]
        return self._render(
            "pdf/report.html", workshop["language"], workshop["title"],
            r=views.report_view(report), qr_svg=qr.svg(workshop["join_url"]).decode("utf-8"),
            chart_svgs={}, day_chart_svg=charts.timeline_svg(
                {**report["timeline"], "buckets": [{**b, "in_window": False}
                                                   for b in report["timeline"]["buckets"]]},
                language=workshop["language"]),
        )

    def render_poster(self, workshop: dict) -> bytes:
        """Return the PDF of the A4 QR poster."""
        return self._render("pdf/poster.html", workshop["language"], workshop["title"],
                            w=workshop, qr_svg=qr.svg(workshop["join_url"]).decode("utf-8"))

    def render_followup(self, workshop: dict, data: dict, **context) -> bytes:
        """Return the PDF of the follow-up list (``services.followup.list_followups``)."""
        return self._render("pdf/followup.html", workshop["language"], workshop["title"],
                            w=workshop, f=data, **context)
    def render_signups(self, document: dict) -> bytes:
        """Return the PDF of the sign-up lists (``services.signups.signups_document``).

        Made for the facilitator or organiser who asks and never stored: it holds contacts.
        """
        workshop = document["workshop"]
        return self._render("pdf/signups.html", workshop["language"], workshop["title"],
                            d=document)

    # ------------------------------------------------------------ stored and on demand

    def ensure_plenary_pdf(self, workshop_id: str, number: int,
                           summary: dict | None = None) -> Path:
        """Return the stored PDF of a plenary, rendering it first if it is missing."""

        given = [summary] if summary is not None else []

        def make() -> bytes:
            """Render the plenary from ``summary`` (first time only) or its stored snapshot."""
            snapshot = given.pop() if given else self._stored_summary(workshop_id, number)
            data = self.render_plenary(snapshot)
            log.info("rendered plenary %s of workshop %s (%d bytes)", number, workshop_id,
                     len(data))
            return data

        return self.files.make_once(self.plenary_pdf_path(workshop_id, number), make,
                                    wait_seconds=RENDER_TIMEOUT_SECONDS + 10)

    def _stored_summary(self, workshop_id: str, number: int) -> dict:
        """Return the snapshot of a stored plenary."""
        with self._database.read() as session:
            return session.scalar(
                select(Plenary.summary).where(Plenary.workshop_id == workshop_id,
                                              Plenary.number == number)
            )

    def report_pdf(self, workshop_id: str, base_url: str) -> bytes:
        """Return the full-day report as it stands now."""
        with self._database.read() as session:
            report = report_data(session, workshop_id, base_url)
        return self.render_report(report)

    def stored_report_pdf(self, workshop_id: str, base_url: str, current: bool) -> bytes:
        """Return the day's report from the stored copy, made once however many ask.

        ``current`` (the moderators): the copy must be as the board stands now.
        Otherwise (participants) a copy up to ``REPORT_REUSE_SECONDS`` old is
        served, unless something left the board or changed since it was made.
        """
        for _ in range(3):  # a newer copy may replace the one found, between finding and reading
            path = self._stored_report_path(workshop_id, base_url, current)
            try:
                return path.read_bytes()
            except FileNotFoundError:
                continue
        return self.report_pdf(workshop_id, base_url)

    def _stored_report_path(self, workshop_id: str, base_url: str, current: bool) -> Path:
        """Return a stored report fit to serve, making it first if there is none."""
        with self._database.read() as session:
            seq = session.scalar(select(Workshop.last_seq).where(Workshop.id == workshop_id))
            stored = self.files.latest_report(workshop_id)
            if stored is not None:
                stored_seq, path = stored
                if stored_seq == seq:
                    return path
                try:
                    age = time.time() - path.stat().st_mtime
                except FileNotFoundError:
                    age = REPORT_REUSE_SECONDS
                if (not current and age < REPORT_REUSE_SECONDS
                        and not retracted_since(session, workshop_id, stored_seq)):
                    return path
        path = self.files.report_pdf_path(workshop_id, seq or 0)
        def make() -> bytes:
            """Render the report as the board stands now."""
            data = self.report_pdf(workshop_id, base_url)
            log.info("rendered the report of workshop %s (%d bytes)", workshop_id, len(data))
            return data

        made = self.files.make_once(path, make, wait_seconds=RENDER_TIMEOUT_SECONDS + 10)
        self.files.forget_reports(workshop_id, keep=made)
        return made

    def poster_pdf(self, workshop_id: str, base_url: str) -> bytes:
        """Return the workshop's QR poster."""
        with self._database.read() as session:
            info = workshop_summary_info(session.get(Workshop, workshop_id), base_url)
        return self.render_poster(info)

    # ------------------------------------------------------------ in the background

    def render_in_background(self, workshop_id: str, number: int) -> None:
        """Render a plenary's PDF off the request, then tell the room it is ready."""

        def job() -> None:
            """Render, announce; a failure is logged, never raised into the loop."""
            try:
                path = self.ensure_plenary_pdf(workshop_id, number)
                self._announce(workshop_id, number, path.stat().st_size)
            except Exception:
                log.exception("PDF of plenary %s in workshop %s failed", number, workshop_id)

        self._start_task(job)

    def renew_pdfs(self, workshop_id: str, numbers: Iterable[int]) -> None:
        """Make again, in the background, the PDFs of plenaries whose snapshot changed.

        A deleted card leaves the snapshots; the old file still holds it, so it goes first,
        and so do the stored copies of the day's report (made again when next asked).
        """
        self.files.forget_reports(workshop_id)
        for number in numbers:
            self.files.forget_plenary_pdf(workshop_id, number)
            self.render_in_background(workshop_id, number)

    def delete_workshop_files(self, workshop_id: str) -> None:
        """Remove every stored PDF of a deleted workshop."""
        self.files.delete_workshop(workshop_id)

    def warm_up(self) -> None:
        """Start the spare PDF worker, so that even the first render skips the start-up."""
        self.workers.warm_up()
