"""Checks on untrusted input: types, lengths and allowed values, with clear errors."""

from __future__ import annotations

from typing import Any

from .errors import N_, BadRequest


def is_encodable(text: str) -> bool:
    """True if ``text`` can be stored as UTF-8 (JSON may carry lone surrogates that cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def require_object(payload: Any) -> dict:
    """Return ``payload`` if it is a JSON object, else refuse it."""
    if not isinstance(payload, dict):
        raise BadRequest(N_("The request must be a JSON object."))
    return payload


def text_field(
    payload: dict,
    name: str,
    *,
    max_length: int,
    required: bool = True,
    default: str | None = None,
    multiline: bool = False,
) -> str | None:
    """Return the stripped string ``payload[name]``, checked for presence and length."""
    value = payload.get(name)
    if value is None:
        if required:
            raise BadRequest(N_("“%(field)s” is missing."), field=name)
        return default
    if not isinstance(value, str):
        raise BadRequest(N_("“%(field)s” must be text."), field=name)
    value = value.strip()
    if not multiline:
        value = " ".join(value.split())
    if "\x00" in value or not is_encodable(value):
        raise BadRequest(N_("“%(field)s” contains characters that are not allowed."), field=name)
    if not value:
        if required:
            raise BadRequest(N_("“%(field)s” must not be empty."), field=name)
        return default
    if len(value) > max_length:
        raise BadRequest(
            N_("“%(field)s” is too long: at most %(max)d characters."),
            field=name,
            max=max_length,
        )
    return value


def choice_field(payload: dict, name: str, choices: tuple[str, ...], default: str | None = None):
    """Return ``payload[name]`` if it is one of ``choices`` (or ``default`` when absent)."""
    value = payload.get(name)
    if value is None and default is not None:
        return default
    if not isinstance(value, str) or value not in choices:
        raise BadRequest(
            N_("“%(field)s” must be one of: %(choices)s."), field=name, choices=", ".join(choices)
        )
    return value


def int_field(payload: dict, name: str, *, default: int, minimum: int, maximum: int) -> int:
    """Return the integer ``payload[name]`` within bounds (``default`` when absent)."""
    value = payload.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequest(N_("“%(field)s” must be a whole number."), field=name)
    if not minimum <= value <= maximum:
        raise BadRequest(
            N_("“%(field)s” must be between %(min)d and %(max)d."),
            field=name,
            min=minimum,
            max=maximum,
        )
    return value
