"""Rate limits (the ``limits`` package) aimed at one flooding participant, not a crowd.

A whole room behind one venue address must still be able to join within a
minute, so the per-address limits are wide; the per-participant limit on
posts is what stops one phone from flooding the wall.
"""

from __future__ import annotations

from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .errors import N_, RateLimited

DEFAULT_RULES = {
    # 500 phones behind one NAT join in well under a minute.
    "join": "1000/minute",
    # One participant: a burst of paper notes is fine, a script is not.
    "post": "30/minute;300/hour",
    # Wrong tokens or join codes from one address: guessing, not typing.
    "auth_failure": "300/minute",
    # Long catch-ups by one viewer (GET …/events pages, replays of more than a
    # page on connect): a phone on shaky Wi-Fi needs a few, a script thousands.
    "catchup": "30/minute;300/hour",
}


def viewer_key(actor) -> str:
    """Return the rate-limit key of a viewer: the participant, or the role in the workshop."""
    return f"{actor.workshop_id}:{actor.participant_id or actor.role}"


class RateLimits:
    """Named limits checked per key (an address, a participant)."""

    def __init__(self, enabled: bool = True, storage_uri: str = "memory://",
                 rules: dict[str, str] | None = None):
        """Set up the limiter; with ``enabled`` false every check passes."""
        self.enabled = enabled
        self.rules = {name: parse_many(text) for name, text in {**DEFAULT_RULES,
                                                                **(rules or {})}.items()}
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def hit(self, name: str, key: str) -> None:
        """Count one ``name`` action by ``key``; refuse it when over the limit."""
        if not self.enabled:
            return
        for item in self.rules[name]:
            if not self.limiter.hit(item, name, key):
                raise RateLimited(N_("Too many requests. Wait a moment and try again."))

    def check(self, name: str, key: str) -> None:
        """Refuse if ``key`` is already over the ``name`` limit, without counting."""
        if not self.enabled:
            return
        for item in self.rules[name]:
            if not self.limiter.test(item, name, key):
                raise RateLimited(N_("Too many requests. Wait a moment and try again."))

    def reset(self) -> None:
        """Forget every count (tests)."""
        self.limiter.storage.reset()
