"""Small helpers shared by the HTTP views: tokens, request bodies, the public address."""

from __future__ import annotations

from flask import current_app, request

from .services.errors import N_, BadRequest


def bearer_token() -> str | None:
    """Return the token of the ``Authorization: Bearer`` header, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def json_body():
    """Return the parsed JSON body; an empty body counts as ``{}``."""
    if not request.get_data(cache=True):
        return {}
    data = request.get_json(force=True, silent=True)
    if data is None:
        raise BadRequest(N_("The request body is not valid JSON."))
    return data


def base_url() -> str:
    """Return the address phones use: ``OPENSPACE_PUBLIC_URL``, else this request's host."""
    return current_app.config.get("PUBLIC_URL") or request.host_url.rstrip("/")


def admin_token() -> str:
    """Return the organiser token of this installation."""
    return current_app.config["ADMIN_TOKEN"]
