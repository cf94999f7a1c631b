"""openspace: a live board for Open Space workshops."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, jsonify, render_template, request, stream_template
from flask_babel import force_locale, get_locale, gettext
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.middleware.proxy_fix import ProxyFix

from . import cli, db, logs, realtime
from .config import (
    PROJECT_ROOT,
    ensure_admin_token,
    ensure_secret_key,
    instance_path,
    load_config,
    secure_instance,
)
from .documents import DOCUMENTS, Documents, PdfWorkers
from .extensions import babel, socketio
from .services.errors import DomainError
from .services.pacing import paced
from .services.ratelimits import RateLimits
from .text.i18n import error_body, error_message, select_locale
from .web import security
from .web.assets import init_static_files
from .web.pipeline import refused_by_database

log = logging.getLogger(__name__)

# HTTP status -> the contract's error code for answers under /api/.
ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "rate_limited",
}


def create_app(test_config: dict | None = None) -> Flask:
    """Create the Flask application, its database and its Socket.IO server."""
    test_config = test_config or {}
    folder = Path(test_config.get("INSTANCE_PATH") or instance_path())
    app = Flask(
        __name__,
        instance_path=str(folder),
        static_folder=str(PROJECT_ROOT / "static"),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.from_mapping(load_config())
    app.config.update(test_config)
    secure_instance(folder)  # 0700, its files 0600: they hold names, contacts, the tokens
    if not app.config.get("ADMIN_TOKEN"):
        app.config["ADMIN_TOKEN"] = ensure_admin_token(folder)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = ensure_secret_key(folder)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(Path(__file__).parent / "translations")
    app.json.ensure_ascii = False

    logs.quiet_verbose_libraries()
    db.init_app(app)
    app.extensions["openspace.ratelimits"] = RateLimits(
        enabled=app.config["RATE_LIMITS"],
        storage_uri=app.config.get("REDIS_URL") or "memory://",
        rules=app.config.get("RATE_LIMIT_RULES"),
    )
    security.init_app(app)
    init_static_files(app)
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(lambda: {"locale": str(get_locale())})
    _register_blueprints(app)
    _register_error_handlers(app)
    app.before_request(_refuse_nul_in_path)
    cli.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config.get("REDIS_URL"),
        # Its own manager (Redis-backed with REDIS_URL): deletions close sockets on every process.
        client_manager=realtime.socket_manager(app.config.get("REDIS_URL")),
        max_http_buffer_size=app.config["MAX_SOCKET_MESSAGE_BYTES"],
        cors_allowed_origins=security.socket_origin_checker(app),
        # Phones on venue Wi-Fi stall; 25 s pings with a 20 s grace keep a
        # dozing phone connected without holding dead sockets for long.
        ping_interval=25,
        ping_timeout=20,
    )
    realtime.init_app(app, socketio)
    app.extensions[DOCUMENTS] = _documents(app)
    if app.config["TRUSTED_PROXIES"]:
        # Outermost, so HTTP views and Socket.IO handlers both see the phone's
        # address (rate limits) and scheme, not the proxy's.
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)
    return app


def _documents(app: Flask) -> Documents:
    """Build the app's PDF service, with the app's templating and room announcement injected."""

    def render_html(template: str, language: str, **context) -> str:
        """Render one of the app's templates in ``language``: no request needed.

        Streamed and paced: a 2000-card report's HTML takes tens of milliseconds,
        and the live board gets the loop back every few of them.
        """
        with app.app_context(), force_locale(language):
            return "".join(paced(stream_template(template, **context)))

    return Documents(
        folder=Path(app.instance_path) / "pdfs",
        database=app.extensions["openspace.db"],
        render_html=render_html,
        print_css=(Path(app.static_folder) / "css" / "print.css").read_text(encoding="utf-8"),
        workers=PdfWorkers(keep_spare=app.config["PDF_SPARE"], cpus=app.config["PDF_CPUS"],
                           max_concurrent=app.config["PDF_RENDERS_AT_ONCE"]),
        announce=realtime.publisher_of(app).announce_pdf,
        start_task=socketio.start_background_task,
    )


def _register_blueprints(app: Flask) -> None:
    """Attach the HTTP views and load the Socket.IO handlers."""
    from . import sockets, web

    web.register(app)
    sockets.register()


def _refuse_nul_in_path() -> None:
    """Answer 404 for a NUL in an id or code of the path: no id holds one.

    PostgreSQL refuses NUL in a string parameter, which would be a 500.
    """
    if any(isinstance(v, str) and "\x00" in v for v in (request.view_args or {}).values()):
        raise NotFound()


def _register_error_handlers(app: Flask) -> None:
    """Answer errors as contract JSON under /api/ and as a page elsewhere."""

    def wants_json() -> bool:
        """True for API requests."""
        return request.path.startswith("/api/")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        """Turn a Werkzeug HTTP error into JSON or an error page."""
        status = error.code or 500
        if wants_json():
            code = ERROR_CODES.get(status, "bad_request" if status < 500 else "internal")
            message = {
                404: gettext("Not found."),
                405: gettext("This method is not allowed here."),
                413: gettext("The request is too large."),
            }.get(status, error.description)
            return jsonify({"error": {"code": code, "message": message}}), status
        messages = {
            404: gettext("We could not find this page. Check the address or the code."),
        }
        message = messages.get(status, gettext("Something went wrong. Please try again."))
        return render_template("error.html", status=status, message=message), status

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        """Answer a refused request: the contract's error JSON (details beside it), or a page."""
        if wants_json():
            return jsonify(error_body(error)), error.status
        return (render_template("error.html", status=error.status, message=error_message(error)),
                error.status)

    @app.errorhandler(SQLAlchemyError)
    def database_error(error: SQLAlchemyError):
        """The database failed (disk full, locked): say so, never pretend success."""
        return domain_error(refused_by_database(error))

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        """Log an unexpected failure and answer a clean 500."""
        if isinstance(error, HTTPException):
            return http_error(error)
        logs.log_failure(log, "unexpected error on %s %s", request.method, request.path)
        message = gettext("Something went wrong. Please try again.")
        if wants_json():
            return jsonify({"error": {"code": "internal", "message": message}}), 500
        return render_template("error.html", status=500, message=message), 500
