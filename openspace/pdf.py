"""HTML to PDF in a child process: the serving loop never runs WeasyPrint itself.

A leaf module (no Flask). ``html_to_pdf`` pipes the HTML to
``openspace/pdf_worker.py`` in a separate Python process and reads the PDF
back. Under eventlet or gevent (monkey patched by run.py) ``subprocess`` and
``threading`` are the green versions, so waiting on the pipe lets every other
connection run; in threading mode only the calling thread waits.

Every render gets its own fresh process (killed on timeout, its memory gone
when it exits). To hide the ~0.6 s of Python start and WeasyPrint import, one
*spare* worker is started ahead of time and waits, WeasyPrint loaded, for its
HTML; the next render takes it and a new spare is started after that render.
Set ``OPENSPACE_PDF_SPARE=0`` to start every worker on demand instead.

The child is started by file path rather than ``-m openspace.pdf_worker``:
that skips importing the ``openspace`` package (Flask, SQLAlchemy: about
0.8 s) and does not depend on the working directory.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

#: The child's script: stdlib and WeasyPrint only.
WORKER = Path(__file__).with_name("pdf_worker.py")

#: At most this many renders at once (each child holds 100-400 MB while it works).
MAX_CONCURRENT = max(1, os.cpu_count() or 1)

#: Keep one worker started and waiting (WeasyPrint imported) for the next render.
KEEP_SPARE = os.environ.get("OPENSPACE_PDF_SPARE", "1") != "0"

_slots = threading.BoundedSemaphore(MAX_CONCURRENT)
_spare_lock = threading.Lock()
_spare: subprocess.Popen | None = None


class PdfRenderError(RuntimeError):
    """The PDF could not be made: the renderer failed or took longer than allowed."""


def worker_command(spare: bool = False) -> list[str]:
    """Return the command line of the PDF child process."""
    return [sys.executable, str(WORKER), *(["--spare"] if spare else [])]


def html_to_pdf(html: str, *, timeout: float = 60, title: str | None = None,
                language: str | None = None) -> bytes:
    """Return ``html`` rendered as a tagged PDF (PDF/UA-1).

    ``title`` and ``language`` (e.g. "da") become the document's title and
    ``/Lang``. The render, including any wait for a free render slot, must
    finish within ``timeout`` seconds; otherwise the child is killed and
    ``PdfRenderError`` raised. The child opens ``data:`` URLs only.
    """
    deadline = time.monotonic() + timeout
    if not _slots.acquire(timeout=max(0.0, timeout)):
        raise PdfRenderError(f"no free PDF renderer within {timeout:g} s")
    try:
        return _run_worker(_take_worker(), html, deadline, timeout, title, language)
    finally:
        _slots.release()
        if KEEP_SPARE:
            _start_spare()


def warm_up() -> None:
    """Start the spare worker now, so that even the first render skips the start-up."""
    if KEEP_SPARE:
        _start_spare()


def _start(spare: bool = False) -> subprocess.Popen:
    """Start a worker process with pipes on stdin, stdout and stderr."""
    try:
        return subprocess.Popen(  # noqa: S603 - our own script, no shell, no user input
            worker_command(spare), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, close_fds=True,
        )
    except OSError as error:
        raise PdfRenderError(f"could not start the PDF renderer: {error}") from error


def _take_worker() -> subprocess.Popen:
    """Return the waiting spare worker if it is alive, else a new worker."""
    global _spare
    with _spare_lock:
        process, _spare = _spare, None
    if process is not None:
        if process.poll() is None:
            return process
        _kill(process)  # it died while waiting: reap it and start afresh
    return _start()


def _start_spare() -> None:
    """Start a spare worker unless one is waiting already."""
    global _spare
    with _spare_lock:
        if _spare is not None and _spare.poll() is None:
            return
        if _spare is not None:
            _kill(_spare)
        try:
            _spare = _start(spare=True)
        except PdfRenderError:
            _spare = None


@atexit.register
def _stop_spare() -> None:
    """Let the spare worker go when this process exits (it exits on end of input)."""
    global _spare
    with _spare_lock:
        process, _spare = _spare, None
    if process is not None:
        _kill(process)


def _run_worker(process: subprocess.Popen, html: str, deadline: float, timeout: float,
                title: str | None, language: str | None) -> bytes:
    """Pipe the header and HTML to a worker; return its PDF."""
    header = json.dumps({"title": title, "language": language}).encode("ascii")
    payload = header + b"\n" + html.encode("utf-8")
    try:
        output, errors = process.communicate(payload, timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        _kill(process)
        raise PdfRenderError(f"PDF rendering took longer than {timeout:g} s") from None
    except BaseException:
        _kill(process)
        raise
    if process.returncode != 0 or not output.startswith(b"%PDF-"):
        message = errors.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit status {process.returncode}"
        raise PdfRenderError(f"the PDF renderer failed: {detail}")
    return output


def _kill(process: subprocess.Popen) -> None:
    """Kill the child and reap it (closing its pipes)."""
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired, OSError, ValueError):
        process.communicate(timeout=5)
