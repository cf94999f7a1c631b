"""Languages: which one a request speaks, and domain errors in that language."""

from __future__ import annotations

from flask import current_app, g, request
from flask_babel import force_locale, gettext

from ..models import LANGUAGES
from ..services.errors import DomainError

LANGUAGE_COOKIE = "openspace_lang"


def select_locale() -> str:
    """Pick the language: ``?lang=``, the participant's choice, the workshop's, the browser's."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    workshop_language = g.get("workshop_language")
    if workshop_language in LANGUAGES:
        return workshop_language
    return request.accept_languages.best_match(LANGUAGES) or current_app.config[
        "DEFAULT_LANGUAGE"
    ]


def error_message(error: DomainError, locale: str | None = None) -> str:
    """Return the error's message translated (into ``locale`` if given)."""
    if locale in LANGUAGES:
        with force_locale(locale):
            return gettext(error.message, **error.format_params(gettext))
    return gettext(error.message, **error.format_params(gettext))


def localized(value, locale: str | None = None):
    """Return ``value`` (JSON-ready data) with each ``DomainError`` in it as its message."""
    if isinstance(value, DomainError):
        return error_message(value, locale)
    if isinstance(value, dict):
        return {key: localized(item, locale) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [localized(item, locale) for item in value]
    return value


def error_body(error: DomainError, locale: str | None = None) -> dict:
    """Return the contract's error answer for ``error``, with its details beside ``error``."""
    body = {"code": error.code, "message": error_message(error, locale)}
    if error.field:
        body["field"] = error.field
    return {"error": body, **localized(error.details, locale)}
