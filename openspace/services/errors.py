"""Domain errors: a contract error code, an English message and its parameters.

Messages are marked with ``N_`` for the catalogs; the view layer translates
them into the user's language when it answers.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``message`` for translation without translating it here."""
    return message


# What the user calls each input field, for error messages.
FIELD_LABELS = {
    "title": N_("Title"),
    "vision": N_("Vision"),
    "language": N_("Language"),
    "themes": N_("Themes"),
    "theme": N_("Theme"),
    "theme_id": N_("Theme"),
    "plenary_every_minutes": N_("Minutes between plenaries"),
    "join_code": N_("Join code"),
    "name": N_("Name"),
    "client_id": N_("Card id"),
    "kind": N_("Kind"),
    "text": N_("Text"),
    "timezone": N_("Time zone"),
    "day_starts_at": N_("Start of the day"),
    "day_ends_at": N_("End of the day"),
    "note": N_("Note"),
    "sdgs": N_("Global goals"),
    "organisation": N_("Organisation"),
    "contact": N_("Contact details"),
    "consent": N_("Consent"),
    "actor_card_id": N_("Actor card"),
    "target_card_id": N_("Card to help with"),
    "controller_name": N_("Responsible organisation"),
    "controller_contact": N_("Contact for data protection"),
    "retention_days": N_("Days to keep personal data"),
    "after": "after",
    "limit": "limit",
    "last_seq": "last_seq",
}


class DomainError(Exception):
    """A refused request: nothing was changed.

    ``details`` are further members of the error answer, next to ``error``
    (e.g. ``errors``: what is wrong on which line). They are JSON-ready, except
    that a ``DomainError`` inside is answered as its translated message.
    """

    code = "bad_request"
    status = 400

    def __init__(self, message: str, field: str | None = None, *, details: dict | None = None,
                 **params):
        """Keep the untranslated ``message``, the offending ``field`` and format ``params``."""
        self.message = message
        self.field = field
        self.params = params
        self.details = details or {}
        super().__init__(message % self.format_params(lambda text: text))

    def format_params(self, translate) -> dict:
        """Return the format parameters, with the field's label passed through ``translate``."""
        params = dict(self.params)
        if self.field is not None:
            params.setdefault("field", translate(FIELD_LABELS.get(self.field, self.field)))
        return params


def line_errors(errors: list[tuple[int, DomainError]]) -> list[dict]:
    """Return ``(line, error)`` pairs as ``{"line", "message"}`` (translated when answered)."""
    return [{"line": line, "message": error} for line, error in errors]


class BadRequest(DomainError):
    """The input is malformed or out of bounds."""

    code, status = "bad_request", 400


class Unauthorized(DomainError):
    """No valid token was given."""

    code, status = "unauthorized", 401


class Forbidden(DomainError):
    """The token is valid but does not allow this."""

    code, status = "forbidden", 403


class NotFound(DomainError):
    """The thing does not exist (or is not visible with this token)."""

    code, status = "not_found", 404


class Conflict(DomainError):
    """The request clashes with what is stored (a client_id used by someone else)."""

    code, status = "conflict", 409


class SupportCapReached(DomainError):
    """The participant has used every support the workshop allows (dot voting)."""

    code, status = "support_cap_reached", 409


class WorkshopLocked(DomainError):
    """The facilitator has locked the board."""

    code, status = "workshop_locked", 423


class RateLimited(DomainError):
    """Too many requests from one participant or address."""

    code, status = "rate_limited", 429


class Unavailable(DomainError):
    """The database could not take the change (disk full, locked too long): try again."""

    code, status = "unavailable", 503
