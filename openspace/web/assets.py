"""Static files and pages on the wire: versioned URLs, long caching, gzip.

A phone on a crowded venue Wi-Fi should fetch the scripts once, small, and
never ask again during the day. So every ``url_for('static', ...)`` carries a
content hash (``?v=<hash>``); a request with the current hash is cached for a
year as immutable, any other (old hash, no hash) must revalidate. Scripts and
style sheets are minified (rjsmin, rcssmin: comments and spaces out, nothing
renamed) and gzipped once per file version and kept in memory; pages (HTML) are
gzipped per answer. API answers are left alone: they carry tokens, and compressing a
secret next to reflected input invites BREACH-style guessing. (The whole board is the
one exception, ``web/board_cache.py``: no token in it, the caller's part compressed apart.)
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

import rcssmin
import rjsmin
from flask import Flask, Response, request, url_for

# A year: the URL changes whenever the file does, so a cached copy is never stale.
VERSIONED_CACHE = "public, max-age=31536000, immutable"
# Unversioned or outdated URL: the browser may keep it but must ask (ETag) first.
UNVERSIONED_CACHE = "no-cache"
COMPRESSIBLE_SUFFIXES = {".js", ".css", ".svg", ".json", ".txt", ".html", ".map"}
# Below this, gzip's header costs more than it saves.
MIN_COMPRESS_BYTES = 512
HASH_LENGTH = 12


@dataclass(frozen=True)
class AssetVersion:
    """One version of a static file: its content hash, its minified body, its gzip bytes."""

    stamp: tuple[int, int]
    digest: str
    gzipped: bytes | None
    minified: bytes | None = None


def minify(filename: str, content: bytes) -> bytes | None:
    """Return ``content`` without comments and spare spaces, or None to send it as it is.

    A script with a template literal (a backtick) is left alone: the minifier would
    squeeze the spaces inside it. Vendor files come minified already.
    """
    if filename.endswith((".min.js", ".min.css")):
        return None
    if filename.endswith(".js"):
        small = rjsmin.jsmin(content)
        return None if b"`" in small else small
    if filename.endswith(".css"):
        return rcssmin.cssmin(content)
    return None


class StaticAssets:
    """Content hashes and gzip bytes of the files under one static folder, by file version."""

    def __init__(self, folder: str | Path, minify: bool = True):
        """Serve the files under ``folder`` (scripts and styles minified unless told not to)."""
        self.folder = Path(folder).resolve()
        self.minify = minify
        self._versions: dict[str, AssetVersion] = {}

    def _path(self, filename: str) -> Path | None:
        """Return the file for ``filename`` if it lies inside the folder, else None."""
        try:
            path = (self.folder / filename).resolve()
            if not path.is_relative_to(self.folder) or not path.is_file():
                return None
        except (OSError, ValueError):  # a NUL byte, a name too long for the file system
            return None
        return path

    def lookup(self, filename: str) -> AssetVersion | None:
        """Return the current version of ``filename`` (re-read when the file changed)."""
        path = self._path(filename)
        if path is None:
            return None
        try:
            info = path.stat()
            stamp = (info.st_mtime_ns, info.st_size)
            known = self._versions.get(filename)
            if known is not None and known.stamp == stamp:
                return known
            content = path.read_bytes()
        except OSError:  # removed or unreadable since the check
            return None
        digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
        minified = minify(filename, content) if self.minify else None
        body = minified if minified is not None else content
        gzipped = None
        if path.suffix in COMPRESSIBLE_SUFFIXES and len(body) >= MIN_COMPRESS_BYTES:
            # mtime=0: the same file gives the same bytes, so ETags stay stable.
            packed = gzip.compress(body, compresslevel=9, mtime=0)
            gzipped = packed if len(packed) < len(body) else None
        version = AssetVersion(stamp, digest, gzipped, minified)
        self._versions[filename] = version
        return version

    def version(self, filename: str) -> str | None:
        """Return the content hash of ``filename``, or None if there is no such file."""
        found = self.lookup(filename)
        return found.digest if found else None


def accepts_gzip() -> bool:
    """True if this request's client takes gzip."""
    return request.accept_encodings["gzip"] > 0


def use_gzip(response: Response, packed: bytes, etag: str | None = None) -> None:
    """Replace the answer's body with ``packed`` (gzip) and say so in its headers."""
    if hasattr(response.response, "close"):
        response.response.close()  # the file handle of send_file
    response.direct_passthrough = False
    response.set_data(packed)
    response.headers["Content-Encoding"] = "gzip"
    if etag:
        response.set_etag(etag)


def finish_static(assets: StaticAssets, response: Response) -> Response:
    """Set caching and compression on an answer of the static endpoint."""
    filename = (request.view_args or {}).get("filename", "")
    found = assets.lookup(filename)
    if found is None:
        return response
    response.vary.add("Accept-Encoding")
    current = request.args.get("v") == found.digest
    response.headers["Cache-Control"] = VERSIONED_CACHE if current else UNVERSIONED_CACHE
    if response.status_code != 200 or "Content-Encoding" in response.headers:
        return response
    # The content hash (ETag) says all Last-Modified would; a range of a body that is
    # replaced below would be a range of the wrong bytes; the name is in the URL.
    for name in ("Last-Modified", "Accept-Ranges", "Content-Disposition"):
        response.headers.pop(name, None)
    if found.gzipped is not None and accepts_gzip():
        use_gzip(response, found.gzipped, etag=f"{found.digest}-gz")
    elif found.minified is not None:
        if hasattr(response.response, "close"):
            response.response.close()
        response.direct_passthrough = False
        response.set_data(found.minified)
        response.set_etag(f"{found.digest}-min")
    else:
        return response
    # send_file checked If-None-Match against its own ETag; check ours.
    response.make_conditional(request.environ)
    return response


def finish_page(response: Response) -> Response:
    """Gzip an HTML page for clients that take it."""
    response.vary.add("Accept-Encoding")
    if (response.status_code < 200 or response.direct_passthrough or response.is_streamed
            or "Content-Encoding" in response.headers or not accepts_gzip()):
        return response
    body = response.get_data()
    if len(body) >= MIN_COMPRESS_BYTES:
        use_gzip(response, gzip.compress(body, compresslevel=6))
    return response


def init_static_files(app: Flask) -> None:
    """Version every ``url_for('static', ...)`` and compress static files and pages."""
    assets = StaticAssets(app.static_folder, minify=app.config.get("MINIFY_ASSETS", True))
    app.extensions["openspace.assets"] = assets

    @app.url_defaults
    def add_static_version(endpoint: str, values: dict) -> None:
        """Put the file's content hash into every static URL."""
        if endpoint == "static" and "v" not in values:
            digest = assets.version(values.get("filename", ""))
            if digest:
                values["v"] = digest

    @app.after_request
    def compress_and_cache(response: Response) -> Response:
        """Static files: cache headers and gzip; HTML pages: gzip."""
        if request.endpoint == "static":
            return finish_static(assets, response)
        if response.mimetype == "text/html" and not request.path.startswith("/api/"):
            return finish_page(response)
        return response

    @app.context_processor
    def asset_helper() -> dict:
        """Give templates ``asset_url('js/x.js')``: the versioned URL of a static file."""
        return {"asset_url": lambda filename: url_for("static", filename=filename)}
