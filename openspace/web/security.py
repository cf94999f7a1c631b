"""Browser-facing defences: security headers on every answer, allowed Socket.IO origins."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, request

# No inline script anywhere: the pages load their scripts from /static and
# read their data from <script type="application/json"> blocks.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Join codes ride in page paths; do not hand them to other sites.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Headers that only mean something on a document (a page, an API answer a browser might
# open); a script or a style sheet goes without them, which keeps ~300 bytes per file off
# a phone's first load. nosniff and the referrer policy stay on every answer.
DOCUMENT_ONLY_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy",
                         "Cross-Origin-Opener-Policy")


def origin_of(url: str) -> str:
    """Return ``scheme://host[:port]`` of ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def socket_origin_checker(app: Flask):
    """Return the Socket.IO origin check: this server, the public URL, the configured list.

    Clients that send no Origin (python clients, curl) are not browsers and
    are let through; their token is checked at connect like everyone's.
    """

    def allowed(origin: str | None, environ: dict) -> bool:
        """True if a browser page from ``origin`` may open a socket here."""
        if not origin:
            return True
        origin = origin.lower()
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        if origin == own.lower():
            return True
        trusted = {origin_of(o) for o in app.config.get("ALLOWED_ORIGINS", [])}
        if app.config.get("PUBLIC_URL"):
            trusted.add(origin_of(app.config["PUBLIC_URL"]))
        return origin in trusted

    return allowed


def init_app(app: Flask) -> None:
    """Add the security headers to every answer."""

    @app.after_request
    def add_security_headers(response):
        """Set the headers unless a view set its own (static files: only those that apply)."""
        static = request.endpoint == "static"
        for name, value in SECURITY_HEADERS.items():
            if not (static and name in DOCUMENT_ONLY_HEADERS):
                response.headers.setdefault(name, value)
        return response
