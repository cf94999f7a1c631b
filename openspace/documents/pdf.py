"""HTML to PDF in a child process: the serving loop never runs WeasyPrint itself.

A leaf module (no Flask, nothing of openspace). ``PdfWorkers.html_to_pdf``
pipes the HTML to ``openspace/documents/pdf_worker.py`` in a separate Python
process and reads the PDF back. Under eventlet or gevent (monkey patched by
run.py) ``subprocess`` and ``threading`` are the green versions, so waiting on
the pipe lets every other connection run; in threading mode only the calling
thread waits.

Every render gets its own fresh process (killed on timeout, its memory gone
when it exits). To hide the ~0.6 s of Python start and WeasyPrint import, one
*spare* worker is started ahead of time and waits, WeasyPrint loaded, for its
HTML; the next render takes it and a new spare is started after that render.
Renders run one at a time per server process (the others wait their turn), in
a child on another core than the server's where there is one, niced and
SCHED_BATCH (``render_cpus``, ``pdf_worker.lower_priority``): a large report
never takes the core the live board runs on.

Each app has its own ``PdfWorkers`` (made by the app factory); with
``keep_spare=False`` (``OPENSPACE_PDF_SPARE=0``, read in config.py) every
worker starts on demand instead.

The child is started by file path rather than ``-m openspace.documents.pdf_worker``:
that skips importing the ``openspace`` package (Flask, SQLAlchemy: about
0.8 s) and does not depend on the working directory.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path

#: The child's script: stdlib and WeasyPrint only.
WORKER = Path(__file__).with_name("pdf_worker.py")

#: At most this many renders at once per server process; the others queue for
#: their turn (within their timeout). One: a render never holds more than its
#: one core, and each child holds 100-400 MB while it works.
MAX_CONCURRENT = 1

#: Where the kernel lists the cores this machine (or container) may use.
CGROUP_CPUS = Path("/sys/fs/cgroup/cpuset.cpus.effective")

class PdfRenderError(RuntimeError):
    """The PDF could not be made: the renderer failed or took longer than allowed."""


def worker_command(spare: bool = False, cpus: set[int] | None = None) -> list[str]:
    """Return the command line of the PDF child process (on ``cpus`` if given)."""
    return [sys.executable, str(WORKER), *(["--spare"] if spare else []),
            *(["--cpus", ",".join(map(str, sorted(cpus)))] if cpus else [])]


def parse_cpu_list(text: str) -> set[int]:
    """Return the cores of a kernel CPU list such as ``0-3,6``."""
    cpus: set[int] = set()
    for part in text.strip().split(","):
        if "-" in part:
            first, last = part.split("-", 1)
            cpus.update(range(int(first), int(last) + 1))
        elif part.strip():
            cpus.add(int(part))
    return cpus


def machine_cpus() -> set[int]:
    """Return every core this process could be given (its cgroup's, else all)."""
    try:
        cpus = parse_cpu_list(CGROUP_CPUS.read_text())
    except (OSError, ValueError):
        cpus = set()
    return cpus or set(range(os.cpu_count() or 1))


def render_cpus(setting: str = "auto", server: set[int] | None = None,
                machine: set[int] | None = None) -> set[int] | None:
    """Return the cores a render runs on: never the server's, when it can be helped.

    ``setting`` is ``OPENSPACE_PDF_CPUS``: ``auto`` (the default), ``off`` (the
    cores the server has, as before) or a list such as ``1`` or ``2-3``. With
    ``auto``, a server pinned to some cores (``taskset``) renders on the others;
    an unpinned server renders on the last core, so a render never holds more
    than that one core and the server always has the rest. On one core there
    is nothing to choose: None (the render is only niced).
    """
    setting = (setting or "auto").strip().lower()
    if setting in ("off", "0", "none", "no"):
        return None
    if setting != "auto":
        return parse_cpu_list(setting) or None
    machine = machine_cpus() if machine is None else machine
    server = set(os.sched_getaffinity(0)) if server is None else server
    if len(machine) < 2:
        return None
    return (machine - server) or {max(machine)}


class PdfWorkers:
    """The PDF child processes of one app: a limit on renders at once, and one spare."""

    def __init__(self, keep_spare: bool = True, max_concurrent: int = MAX_CONCURRENT,
                 command: Callable[[bool], list[str]] | None = None, cpus: str = "auto"):
        """Render at most ``max_concurrent`` at once; keep a spare worker if ``keep_spare``.

        ``cpus`` is the ``OPENSPACE_PDF_CPUS`` setting (see ``render_cpus``).
        ``command(spare)`` gives the child's command line (a test may swap in its own).
        """
        self.keep_spare = keep_spare
        self.cpus = render_cpus(cpus)
        self._command = command or (lambda spare: worker_command(spare, self.cpus))
        self._slots = threading.BoundedSemaphore(max(1, max_concurrent))
        self._spare_lock = threading.Lock()
        # The spare, in a list the finalizer can reach without holding ``self``:
        # it is let go when this object is dropped (a test's app) or the process exits.
        self._spare: list[subprocess.Popen | None] = [None]
        weakref.finalize(self, _let_go, self._spare)

    def html_to_pdf(self, html: str, *, timeout: float = 60, title: str | None = None,
                    language: str | None = None) -> bytes:
        """Return ``html`` rendered as a tagged PDF (PDF/UA-1).

        ``title`` and ``language`` (e.g. "da") become the document's title and
        ``/Lang``. The render, including any wait for a free render slot, must
        finish within ``timeout`` seconds; otherwise the child is killed and
        ``PdfRenderError`` raised. The child opens ``data:`` URLs only.
        """
        deadline = time.monotonic() + timeout
        if not self._slots.acquire(timeout=max(0.0, timeout)):
            raise PdfRenderError(f"no free PDF renderer within {timeout:g} s")
        try:
            return _run_worker(self._take_worker(), html, deadline, timeout, title, language)
        finally:
            self._slots.release()
            if self.keep_spare:
                self._start_spare()

    def warm_up(self) -> None:
        """Start the spare worker now, so that even the first render skips the start-up."""
        if self.keep_spare:
            self._start_spare()

    def close(self) -> None:
        """Let the spare worker go."""
        with self._spare_lock:
            _let_go(self._spare)

    def _start(self, spare: bool = False) -> subprocess.Popen:
        """Start a worker process with pipes on stdin, stdout and stderr."""
        try:
            return subprocess.Popen(  # noqa: S603 - our own script, no shell, no user input
                self._command(spare), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, close_fds=True,
            )
        except OSError as error:
            raise PdfRenderError(f"could not start the PDF renderer: {error}") from error

    def _take_worker(self) -> subprocess.Popen:
        """Return the waiting spare worker if it is alive, else a new worker."""
        with self._spare_lock:
            process, self._spare[0] = self._spare[0], None
        if process is not None:
            if process.poll() is None:
                return process
            _kill(process)  # it died while waiting: reap it and start afresh
        return self._start()

    def _start_spare(self) -> None:
        """Start a spare worker unless one is waiting already."""
        with self._spare_lock:
            if self._spare[0] is not None and self._spare[0].poll() is None:
                return
            _let_go(self._spare)  # it died while waiting: reap it
            try:
                self._spare[0] = self._start(spare=True)
            except PdfRenderError:
                self._spare[0] = None


def _let_go(spare: list) -> None:
    """Kill and reap the spare worker held in ``spare[0]``, if any (it exits on end of input)."""
    process, spare[0] = spare[0], None
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
