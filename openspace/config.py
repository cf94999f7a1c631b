"""Configuration read from ``OPENSPACE_*`` environment variables, with defaults.

Everything here is plain data: ``load_config`` returns a dict that
``create_app`` puts into ``app.config``. Tests pass their own overrides.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .lan import lan_address

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ASYNC_MODES = ("eventlet", "gevent", "threading")
ADMIN_TOKEN_FILE = "admin_token"  # noqa: S105 - a file name, not a secret


def _env(name: str, default: str | None = None) -> str | None:
    """Return the environment variable ``name``, or ``default`` when unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or default


def _env_list(name: str) -> list[str]:
    """Return a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in (_env(name) or "").split(",") if item.strip()]


def _env_int(name: str, default: int) -> int:
    """Return an environment variable as a whole number ≥ 0, or ``default`` when unset."""
    value = _env(name)
    if value is None:
        return default
    if not value.isdigit():
        raise ValueError(f"{name} must be a whole number ≥ 0")
    return int(value)


def instance_path() -> Path:
    """Return the instance folder (SQLite database, organiser token, stored PDFs)."""
    return Path(_env("OPENSPACE_INSTANCE_PATH", str(PROJECT_ROOT / "instance"))).resolve()


def log_level() -> str:
    """Return the server's log level name (``OPENSPACE_LOG_LEVEL``, default INFO).

    Not part of ``load_config``: ``run.py`` sets up logging before it creates the app.
    """
    return (_env("OPENSPACE_LOG_LEVEL", "INFO") or "INFO").upper()


def load_config() -> dict:
    """Read the configuration from the environment."""
    async_mode = _env("OPENSPACE_ASYNC_MODE", "eventlet")
    if async_mode not in ASYNC_MODES:
        raise ValueError(f"OPENSPACE_ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}")
    return {
        "DATABASE_URL": _env("OPENSPACE_DATABASE_URL"),
        "REDIS_URL": _env("OPENSPACE_REDIS_URL"),
        "PUBLIC_URL": _env("OPENSPACE_PUBLIC_URL"),
        # The port run.py serves on by default: with the LAN address, the address
        # that goes into QR codes made without a request when PUBLIC_URL is unset.
        "PORT": _env_int("OPENSPACE_PORT", 5000),
        "ADMIN_TOKEN": _env("OPENSPACE_ADMIN_TOKEN"),
        "ASYNC_MODE": async_mode,
        "RATE_LIMITS": (_env("OPENSPACE_RATE_LIMITS", "on") or "on").lower() != "off",
        "ALLOWED_ORIGINS": _env_list("OPENSPACE_ALLOWED_ORIGINS"),
        # e.g. OPENSPACE_LIMIT_POST="30/minute;300/hour" (see services/ratelimits.py)
        "RATE_LIMIT_RULES": {
            name: value
            for name in ("join", "post", "auth_failure")
            if (value := _env(f"OPENSPACE_LIMIT_{name.upper()}"))
        },
        # How many reverse proxies (nginx) stand in front and set X-Forwarded-*;
        # 0 trusts none, so a client cannot forge its address.
        "TRUSTED_PROXIES": _env_int("OPENSPACE_TRUSTED_PROXIES", 0),
        "SECRET_KEY": _env("OPENSPACE_SECRET_KEY"),
        "DEFAULT_LANGUAGE": _env("OPENSPACE_DEFAULT_LANGUAGE", "da"),
        # Who is responsible for the personal data (the data controller), shown in
        # the privacy notice of workshops that do not name their own.
        "CONTROLLER_NAME": _env("OPENSPACE_CONTROLLER_NAME", ""),
        "CONTROLLER_CONTACT": _env("OPENSPACE_CONTROLLER_CONTACT", ""),
        # How often the scheduler looks for workshops whose personal data is due for removal.
        "RETENTION_CHECK_SECONDS": int(_env("OPENSPACE_RETENTION_CHECK_SECONDS", "600")),
        # Keep one PDF worker started and waiting (WeasyPrint loaded) for the next render.
        "PDF_SPARE": _env("OPENSPACE_PDF_SPARE", "1") != "0",
        # Live connections one token may hold open at once, per server process: a
        # participant's phone and a few tabs; the facilitator's link serves the
        # projector, a laptop and the co-facilitators' phones. Beyond, a connect
        # is refused with `too_many_connections`.
        "SOCKETS_PER_PARTICIPANT": _env_int("OPENSPACE_SOCKETS_PER_PARTICIPANT", 20),
        "SOCKETS_PER_MODERATOR": _env_int("OPENSPACE_SOCKETS_PER_MODERATOR", 50),
        # Socket.IO frames above this size are refused (one card is at most ~2 KB).
        "MAX_SOCKET_MESSAGE_BYTES": 64 * 1024,
        # Request bodies above this size get 413 `too_large`.
        "MAX_CONTENT_LENGTH": 256 * 1024,
    }


def lan_url(host: str | None, port: int) -> str:
    """Return ``http://host:port``; a host listening on every interface becomes the LAN address."""
    if not host or host in ("0.0.0.0", "::"):  # noqa: S104 - compared, not bound
        host = lan_address()
    return f"http://{host}:{port}"


def absolute_base_url(config: dict) -> str:
    """Return the address phones use, for links made without a request: never relative.

    ``PUBLIC_URL`` when set (run.py sets it from its own host and port when it
    is not); otherwise the LAN address and ``PORT``, worked out once and kept
    in ``config`` as ``LAN_URL``.
    """
    if config.get("PUBLIC_URL"):
        return config["PUBLIC_URL"]
    if not config.get("LAN_URL"):
        config["LAN_URL"] = lan_url(None, config.get("PORT") or 5000)
    return config["LAN_URL"]


def ensure_admin_token(folder: Path) -> str:
    """Return the organiser token kept in ``folder``, generating it on first use.

    The file is created with mode 0600: the token grants every workshop.
    """
    path = folder / ADMIN_TOKEN_FILE
    if path.exists():
        token = path.read_text(encoding="utf-8").strip()
        if token:
            return token
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    return token


def ensure_secret_key(folder: Path) -> str:
    """Return a persistent secret key for signing cookies, generating it on first use."""
    path = folder / "secret_key"
    if path.exists() and path.read_text(encoding="utf-8").strip():
        return path.read_text(encoding="utf-8").strip()
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key
