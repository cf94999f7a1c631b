"""What the HTTP views read from a request, and how they answer."""

from __future__ import annotations

from flask import Response, current_app, jsonify, request

from ..services.errors import N_, BadRequest
from ..services.outcome import Outcome

API = "/api/v1"
WORKSHOP = API + "/workshops/<workshop_id>"


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
    try:
        data = request.get_json(force=True, silent=True)
    except RecursionError:  # nesting deep enough to exhaust the parser
        data = None
    if data is None:
        raise BadRequest(N_("The request body is not valid JSON."))
    return data


def base_url() -> str:
    """Return the address phones use: ``OPENSPACE_PUBLIC_URL``, else this request's host."""
    return current_app.config.get("PUBLIC_URL") or request.host_url.rstrip("/")


def admin_token() -> str:
    """Return the organiser token of this installation."""
    return current_app.config["ADMIN_TOKEN"]


def controller_defaults() -> dict:
    """Return the installation's data controller, for workshops that name none."""
    return {"controller_name": current_app.config.get("CONTROLLER_NAME") or "",
            "controller_contact": current_app.config.get("CONTROLLER_CONTACT") or ""}


def client_address() -> str:
    """Return the caller's address (the proxy's, unless a proxy fix is configured)."""
    return request.remote_addr or "unknown"


def answer(outcome: Outcome):
    """Answer a change: its body, with 201 if it made something new, else 200."""
    return jsonify(outcome.body), 201 if outcome.created else 200


def no_store_on_api(response: Response) -> Response:
    """Let no cache keep an answer of the API (an ``after_request`` hook).

    API answers carry tokens (a new workshop's facilitator token, a participant's
    own), names and contacts (own data, "count me in" lists, exports), and
    everything else is only ever for the caller: a shared computer's browser
    cache or a proxy must keep none of it. Pages and static files are not API
    answers and keep their own caching.
    """
    if request.path.startswith("/api/") and "no-store" not in response.headers.get(
            "Cache-Control", ""):
        response.headers["Cache-Control"] = "no-store"
    return response


def download(data: bytes | str, mimetype: str, filename: str) -> Response:
    """Answer a file download that no cache keeps."""
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
