"""The PDF child process: HTML on stdin, a tagged PDF (PDF/UA-1) on stdout.

Started by ``openspace.documents.pdf.PdfWorkers`` so that WeasyPrint never runs in the
serving process (it is CPU-bound and would freeze every websocket on an
eventlet or gevent loop). Runs as ``python path/to/pdf_worker.py`` (no import
of the ``openspace`` package, so no Flask start-up cost per render) or as
``python -m openspace.documents.pdf_worker``. Imports nothing but the standard library
and WeasyPrint.

Protocol: the first line of stdin is a JSON header ``{"title": str | null,
"language": str | null}``; the rest is the UTF-8 HTML. On success the PDF
bytes go to stdout and the exit status is 0; on failure a message goes to
stderr and the exit status is 1. One render per process. ``--cpus 1,2``
names the cores it runs on (see ``lower_priority``). With ``--spare``
the process loads WeasyPrint and its fonts first and then waits for its
HTML (see ``openspace.documents.pdf``); end of input before a header ends it quietly.

Resources: the URL fetcher opens ``data:`` URLs only. ``file:``, ``http(s):``,
relative and every other kind of URL are refused, so a card text that
somehow became markup can never read a server file or call out.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import re
import sys

#: The only URL scheme the renderer may open.
ALLOWED_SCHEMES = frozenset({"data"})

#: PDF/UA-1: tagged PDF 1.7 with a structure tree, document title shown by viewers.
PDF_VARIANT = "pdf/ua-1"

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9.+-]*):")


class RefusedURL(ValueError):
    """A resource URL the PDF renderer must not open."""


def check_url(url: str) -> str:
    """Return ``url`` if the renderer may open it, else raise ``RefusedURL``."""
    match = _SCHEME.match(url or "")
    if match is None:
        raise RefusedURL(f"relative URL refused: {url[:80]!r}")
    if match[1].lower() not in ALLOWED_SCHEMES:
        raise RefusedURL(f"URL scheme refused: {url[:80]!r}")
    return url


def _fetcher_class():
    """Return a WeasyPrint URL fetcher class that opens ``data:`` URLs only."""
    from weasyprint.urls import URLFetcher

    class LockedURLFetcher(URLFetcher):
        """WeasyPrint's fetcher restricted to ``data:`` URLs, without redirects."""

        def __init__(self) -> None:
            """Allow the data scheme only; never follow redirects."""
            super().__init__(timeout=1, allowed_protocols=ALLOWED_SCHEMES,
                             allow_redirects=False, fail_on_errors=False)

        def fetch(self, url, headers=None):
            """Open ``url`` if it is a ``data:`` URL; raise ``RefusedURL`` otherwise."""
            return super().fetch(check_url(url), headers)

    return LockedURLFetcher


def url_fetcher():
    """Return the locked-down URL fetcher for ``weasyprint.HTML(url_fetcher=...)``.

    Recent WeasyPrint (70) takes a ``URLFetcher`` object; older versions take a function.
    """
    try:
        return _fetcher_class()()
    except ImportError:  # WeasyPrint < 68: a plain function returning a dict
        from weasyprint import default_url_fetcher

        def fetch(url, timeout=1, ssl_context=None):
            """Open ``url`` if it is a ``data:`` URL; raise ``RefusedURL`` otherwise."""
            return default_url_fetcher(check_url(url), timeout=timeout, ssl_context=ssl_context)

        return fetch


def _cache_page_references() -> None:
    """Make ``pydyf.PDF.page_references`` cheap to call repeatedly.

    pydyf builds the tuple of all page references on every access, and
    WeasyPrint's tagging reads it once per tagged box: quadratic, several
    seconds for a 200-page report. The cached tuple is rebuilt whenever the
    number of pages changes, so the result is the same.
    """
    import pydyf

    original = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(original, property) or getattr(original.fget, "cached", False):
        return

    def page_references(self):
        """Return the page references, recomputed only after pages are added."""
        count = self.pages["Count"]
        cached = self.__dict__.get("_openspace_page_references")
        if cached is None or cached[0] != count:
            cached = (count, original.fget(self))
            self.__dict__["_openspace_page_references"] = cached
        return cached[1]

    page_references.cached = True
    pydyf.PDF.page_references = property(page_references)


def render(html: str, title: str | None = None, language: str | None = None) -> bytes:
    """Return ``html`` as tagged PDF bytes (PDF/UA-1), with document title and language."""
    from weasyprint import HTML

    _cache_page_references()

    document = HTML(string=html, url_fetcher=url_fetcher()).render()
    if title:
        document.metadata.title = title
    if language:
        document.metadata.lang = language
    return document.write_pdf(pdf_variant=PDF_VARIANT)


#: How much lower than the server a render runs (``nice``). Not 19: on a
#: saturated core that would starve a plenary PDF past its render timeout.
RENDER_NICENESS = 10


def lower_priority(cpus: set[int] | None) -> None:
    """Make this process a batch job beside the server: its own cores, nice, SCHED_BATCH.

    ``cpus`` (from ``--cpus``, chosen by ``openspace.documents.pdf.render_cpus``) are
    the cores the render may use, away from the server's; None keeps the
    inherited ones. SCHED_BATCH tells the kernel this process never needs to
    preempt anyone on waking, so a websocket's wake-up wins the core at once.
    Each step is best effort: a system that refuses one still renders.
    """
    if cpus:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.sched_setaffinity(0, cpus)
    with contextlib.suppress(OSError):
        os.nice(RENDER_NICENESS)
    with contextlib.suppress(OSError, AttributeError):
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))


def cpus_argument(argv: list[str]) -> set[int] | None:
    """Return the cores given as ``--cpus 1,2`` (None when absent or unreadable)."""
    if "--cpus" not in argv:
        return None
    try:
        value = argv[argv.index("--cpus") + 1]
        return {int(part) for part in value.split(",") if part.strip()} or None
    except (IndexError, ValueError):
        return None

#: A tiny document rendered by a spare worker while it waits, to load fonts early.
WARM_UP_HTML = '<html lang="da"><p style="font-family: DejaVu Sans">æøå <b>Æ</b></p></html>'


def main(argv: list[str] | None = None) -> int:
    """Read the header and HTML from stdin, write the PDF to stdout.

    WeasyPrint is imported before stdin is read, so a spare worker started
    ahead of time (``--spare``, see ``openspace.documents.pdf``) is ready when its HTML
    arrives; ``--spare`` also renders a tiny page to load the fonts. A spare
    whose stdin closes without a header exits quietly.
    """
    argv = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr,
                        format="pdf_worker: %(name)s: %(message)s")
    # A render is a batch job (a 2000-card report takes seconds of CPU): on
    # another core than the server's where there is one, and where they must
    # share a core, the websockets win it. Before WeasyPrint's import, which is
    # CPU work too.
    lower_priority(cpus_argument(argv))
    try:
        from weasyprint import HTML

        _cache_page_references()
        if "--spare" in argv:
            HTML(string=WARM_UP_HTML, url_fetcher=url_fetcher()).render()
            gc.collect()  # what the warm-up left, while nobody waits
            gc.freeze()
    except Exception as error:
        print(f"pdf_worker: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    # One render per process, then exit: the cyclic garbage collector only costs
    # time here (about 30 % of a large report) and frees almost nothing.
    gc.disable()
    stdin = sys.stdin.buffer
    first = stdin.readline()
    if not first:
        return 0  # the parent went away before giving work
    try:
        header = json.loads(first)
        html = stdin.read().decode("utf-8")
        data = render(html, title=header.get("title"), language=header.get("language"))
    except Exception as error:  # report any failure to the parent, never hang
        print(f"pdf_worker: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip the interpreter's teardown of WeasyPrint's objects (about 0.1 s):
    # the parent waits for this process to end before it has the PDF.
    os._exit(status)
