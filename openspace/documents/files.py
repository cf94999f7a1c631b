"""Where a workshop's PDFs are stored: written atomically, made once however many ask.

A leaf module (no Flask, nothing of openspace outside documents/): paths under one folder
(``<instance>/pdfs/<workshop id>/plenary-<n>.pdf``) and a render-once lock
file beside each, so that several requests or processes asking for the same
missing file at the same time render it once.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from ..config import PRIVATE_FILE, PRIVATE_FOLDER, write_private
from .pdf import PdfRenderError

#: A lock older than this belongs to a renderer that died.
STALE_LOCK_SECONDS = 120


class PdfFiles:
    """The stored PDFs of every workshop, under one folder."""

    def __init__(self, folder: Path):
        """Keep the files under ``folder`` (``<instance>/pdfs``)."""
        self.folder = Path(folder)

    def pdf_folder(self, workshop_id: str) -> Path:
        """Return the folder of a workshop's stored PDFs."""
        return self.folder / workshop_id

    def plenary_pdf_path(self, workshop_id: str, number: int) -> Path:
        """Return where plenary ``number``'s PDF is stored."""
        return self.pdf_folder(workshop_id) / f"plenary-{number}.pdf"

    def plenary_pdf_size(self, workshop_id: str, number: int) -> int | None:
        """Return the size of a stored plenary PDF, or None while it is not there."""
        try:
            return self.plenary_pdf_path(workshop_id, number).stat().st_size
        except FileNotFoundError:
            return None

    def report_pdf_path(self, workshop_id: str, seq: int) -> Path:
        """Return where the day's report as it stood at event ``seq`` is stored."""
        return self.pdf_folder(workshop_id) / f"report-{seq}.pdf"

    def latest_report(self, workshop_id: str) -> tuple[int, Path] | None:
        """Return the seq and path of the newest stored report, or None."""
        found = []
        for path in self.pdf_folder(workshop_id).glob("report-*.pdf"):
            try:
                found.append((int(path.stem.removeprefix("report-")), path))
            except ValueError:
                continue
        return max(found, default=None)

    def forget_reports(self, workshop_id: str, keep: Path | None = None) -> None:
        """Remove the stored reports but ``keep`` (older ones, or all once names must go)."""
        for path in self.pdf_folder(workshop_id).glob("report-*.pdf"):
            if path != keep:
                path.unlink(missing_ok=True)

    def forget_plenary_pdf(self, workshop_id: str, number: int) -> None:
        """Remove a plenary's stored PDF (its snapshot changed).

        A render under way read the old snapshot: the mark tells it to start again.
        """
        path = self.plenary_pdf_path(workshop_id, number)
        path.unlink(missing_ok=True)
        if path.with_suffix(".lock").exists():
            path.with_suffix(".stale").touch()

    def delete_workshop(self, workshop_id: str) -> None:
        """Remove every stored file of a workshop."""
        shutil.rmtree(self.pdf_folder(workshop_id), ignore_errors=True)

    def make_once(self, path: Path, make: Callable[[], bytes], wait_seconds: float) -> Path:
        """Return ``path``, writing ``make()`` to it first if it is missing.

        One maker at a time holds ``path.lock``; the others wait up to
        ``wait_seconds`` for its file. The bytes go to ``path.part`` and are
        renamed into place, so nobody ever reads half a file. If the file is
        forgotten while it is being made (``.stale``), it is made again.
        """
        if path.exists():
            return path
        _private_folder(path.parent)
        lock = path.with_suffix(".lock")
        deadline = time.monotonic() + wait_seconds
        while not _acquire(lock):
            if path.exists():
                return path
            if time.monotonic() > deadline:
                raise PdfRenderError("another renderer did not finish")
            time.sleep(0.2)  # cooperative under eventlet/gevent (time is patched)
        stale = path.with_suffix(".stale")
        try:
            if path.exists():
                return path
            while True:
                stale.unlink(missing_ok=True)
                data = make()
                # Forgotten meanwhile (a card hidden or deleted during the render): again,
                # and never let a waiter read the old bytes.
                if stale.exists():
                    continue
                # PDFs carry names until retention: the server user's only.
                partial = path.with_suffix(".part")
                write_private(partial, data)
                os.replace(partial, path)
                if not stale.exists():
                    return path
                path.unlink(missing_ok=True)
        finally:
            lock.unlink(missing_ok=True)


def _private_folder(folder: Path) -> None:
    """Create ``folder`` and its parents up to the PDFs' folder, each 0700 whatever the umask."""
    if folder.is_dir():
        return
    _private_folder(folder.parent)
    try:
        folder.mkdir(mode=PRIVATE_FOLDER)
    except FileExistsError:  # another renderer made it meanwhile
        return
    os.chmod(folder, PRIVATE_FOLDER)  # mkdir's mode is less the umask: make it exact


def _acquire(lock: Path) -> bool:
    """Take the lock file; False if another maker holds a fresh one."""
    try:
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
        return True
    except FileExistsError:
        try:
            if time.time() - lock.stat().st_mtime > STALE_LOCK_SECONDS:
                lock.unlink(missing_ok=True)  # its renderer died
        except FileNotFoundError:
            pass
        return False
