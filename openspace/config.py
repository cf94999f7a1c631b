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
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret

#: The instance folder and every folder under it that holds personal data: the server user's only.
PRIVATE_FOLDER = 0o700
#: The database, its WAL, the token and key files, stored PDFs: read and written by the server only.
PRIVATE_FILE = 0o600
#: What openspace keeps directly in the instance folder (the PDFs' folder is checked too).
INSTANCE_FILES = (
    ADMIN_TOKEN_FILE, SECRET_KEY_FILE, "demo_workshop.json",
    "openspace.sqlite3", "openspace.sqlite3-wal", "openspace.sqlite3-shm",
    "openspace.sqlite3-journal",
)


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
            for name in ("join", "join_device", "post", "post_address", "auth_failure",
                         "moderator", "catchup")
            if (value := _env(f"OPENSPACE_LIMIT_{name.upper()}"))
        },
        # A busy workshop's events due within this many ms go to a phone as one
        # `events` message (docs/API.md); 0 sends each at once. At most 50.
        "FANOUT_BATCH_MS": min(50, max(0, _env_int("OPENSPACE_FANOUT_BATCH_MS", 50))),
        # ... once its room holds this many sockets on the process (fewer: each at once).
        "FANOUT_BATCH_FROM": _env_int("OPENSPACE_FANOUT_BATCH_FROM", 200),
        # How long a connecting socket may take to read one page of its backlog.
        "REPLAY_DRAIN_SECONDS": _env_int("OPENSPACE_REPLAY_DRAIN_SECONDS", 20),
        # How many reverse proxies (nginx) stand in front and set X-Forwarded-*;
        # 0 trusts none, so a client cannot forge its address.
        "TRUSTED_PROXIES": _env_int("OPENSPACE_TRUSTED_PROXIES", 0),
        "SECRET_KEY": _env("OPENSPACE_SECRET_KEY"),
        "DEFAULT_LANGUAGE": _env("OPENSPACE_DEFAULT_LANGUAGE", "da"),
        # How long a request waits for another process's lock on the SQLite file
        # before answering 503; the wait never holds other requests (see db.py).
        "SQLITE_LOCK_WAIT_SECONDS": _env_int("OPENSPACE_SQLITE_LOCK_WAIT_MS", 1000) / 1000,
        # Who is responsible for the personal data (the data controller), shown in
        # the privacy notice of workshops that do not name their own.
        "CONTROLLER_NAME": _env("OPENSPACE_CONTROLLER_NAME", ""),
        "CONTROLLER_CONTACT": _env("OPENSPACE_CONTROLLER_CONTACT", ""),
        # How often the scheduler looks for workshops whose personal data is due for removal.
        "RETENTION_CHECK_SECONDS": int(_env("OPENSPACE_RETENTION_CHECK_SECONDS", "600")),
        # Keep one PDF worker started and waiting (WeasyPrint loaded) for the next render.
        "PDF_SPARE": _env("OPENSPACE_PDF_SPARE", "1") != "0",
        # The cores PDF renders run on: "auto" (those the server is not pinned to,
        # else the last one), "off" (wherever the server runs) or a list ("1", "2-3").
        "PDF_CPUS": _env("OPENSPACE_PDF_CPUS", "auto"),
        # Renders at once per server process; the others wait their turn.
        "PDF_RENDERS_AT_ONCE": max(1, _env_int("OPENSPACE_PDF_RENDERS_AT_ONCE", 1)),
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
        # Open connections one server process holds at most (fewer if the open-file
        # limit is lower; see openspace/serving.py and docs/DEPLOY.md) ...
        "MAX_CONNECTIONS": _env_int("OPENSPACE_MAX_CONNECTIONS", 10_000) or 10_000,
        # ... and from one address (0: no cap). A venue's Wi-Fi puts every phone
        # behind one address, so this stays generous; off behind a trusted proxy.
        "MAX_CONNECTIONS_PER_ADDRESS": _env_int("OPENSPACE_MAX_CONNECTIONS_PER_ADDRESS", 1000),
        # Seconds a client has to send a request's line and headers (and how long an
        # idle keep-alive connection stays open); WebSockets are not affected.
        "HEADER_TIMEOUT": _env_int("OPENSPACE_HEADER_TIMEOUT", 20) or 20,
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


def secure_instance(folder: Path) -> None:
    """Create the instance folder, and make it and what openspace keeps in it private.

    The folder holds the database (names, contacts), the organiser token and
    stored PDFs: 0700, and each known file 0600, whatever the umask. Files an
    earlier version left readable by everyone are tightened on start. Only
    openspace's own files are touched: the folder may be one the operator chose.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    _tighten(folder, PRIVATE_FOLDER)
    for name in INSTANCE_FILES:
        _tighten(folder / name, PRIVATE_FILE)
    pdfs = folder / "pdfs"
    if pdfs.is_dir() and not pdfs.is_symlink():
        _tighten(pdfs, PRIVATE_FOLDER)
        for path in pdfs.rglob("*"):
            if not path.is_symlink():
                _tighten(path, PRIVATE_FOLDER if path.is_dir() else PRIVATE_FILE)


def _tighten(path: Path, mode: int) -> None:
    """Set ``path``'s permissions to ``mode`` if it exists and they are wider."""
    try:
        current = path.stat().st_mode & 0o777
        if current & ~mode:
            path.chmod(current & mode)
    except FileNotFoundError:
        pass
    except PermissionError:  # not ours (a folder the operator owns): leave it, do not fail
        pass


def write_private(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` readable by the server user only, whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), PRIVATE_FILE)  # an existing file keeps its mode on open
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


def ensure_admin_token(folder: Path) -> str:
    """Return the organiser token kept in ``folder``, generating it on first use.

    The file has mode 0600: the token grants every workshop.
    """
    path = folder / ADMIN_TOKEN_FILE
    if path.exists():
        _tighten(path, PRIVATE_FILE)
        token = path.read_text(encoding="utf-8").strip()
        if token:
            return token
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    token = secrets.token_urlsafe(24)
    write_private(path, token + "\n")
    return token


def ensure_secret_key(folder: Path) -> str:
    """Return a persistent secret key for signing cookies, generating it on first use (0600)."""
    path = folder / SECRET_KEY_FILE
    if path.exists():
        _tighten(path, PRIVATE_FILE)
        if path.read_text(encoding="utf-8").strip():
            return path.read_text(encoding="utf-8").strip()
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    key = secrets.token_hex(32)
    write_private(path, key + "\n")
    return key
