"""Rate limits (the ``limits`` package) aimed at one flooding person, not a crowd.

A whole room behind one venue address must still be able to join within a
minute and post at a human pace, so the per-address limits are a room's
size; the per-participant limit stops one phone; the per-address share of
a workshop's new cards stops one person posting through many identities.
Failed authentication is counted, and refused, only for failures: a right
token or code always passes (see docs/SECURITY.md for the numbers' reasons).
"""

from __future__ import annotations

import time

from limits import parse, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .errors import N_, RateLimited

DEFAULT_RULES = {
    # Right join codes from one address: 500 phones behind one NAT join in a minute.
    "join": "600/minute;2000/hour",
    # Right join codes from one browser (the id the phone page keeps): joining again after
    # deleting oneself, another workshop of the day; not a stream of new identities.
    "join_device": "5/minute;20/hour",
    # One participant: a burst of paper notes is fine, a script is not.
    "post": "30/minute;300/hour",
    # New cards and comments from one address into one workshop, whoever posts them:
    # 300 phones sending at once get in within 20 s; two cards a minute each pass.
    "post_address": "150/10 seconds;900/minute;3000/hour",
    # Wrong tokens or join codes from one address: guessing, not typing.
    "auth_failure": "300/minute",
    # Every write of the facilitator (or of the organiser) in one workshop: ten a second
    # for a minute is more than any hand; paper notes in bulk are one write.
    "moderator": "600/minute;6000/hour",
    # Long catch-ups by one viewer (GET …/events pages, replays of more than a
    # page on connect): a phone on shaky Wi-Fi needs a few, a script thousands.
    "catchup": "30/minute;300/hour",
    # PDF downloads by one participant (plenaries, the day's report): a handful a
    # plenary; the files are stored, so the limit is about bandwidth, not rendering.
    "download": "12/minute;120/hour",
}


TOO_MANY = N_("Too many requests. Wait a moment and try again.")
# How long an address keeps knowing a workshop once its join code, or its facilitator's
# token, worked from there (a venue's whole day).
KNOWN_FOR = parse("1/12 hours")
#: A mark is set once and lasts KNOWN_FOR: this process need not ask the storage
#: (Redis, a round trip) again on every moderator request, only now and then.
REMEMBER_AGAIN_SECONDS = 600


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
        self._remembered: dict[str, float] = {}  # key -> when this process last set it

    def hit(self, name: str, key: str) -> None:
        """Count one ``name`` action by ``key``; refuse it when over the limit."""
        if not self.enabled:
            return
        for item in self.rules[name]:
            if not self.limiter.hit(item, name, key):
                raise RateLimited(TOO_MANY)

    def check(self, name: str, key: str) -> None:
        """Refuse if ``key`` is already over the ``name`` limit, without counting."""
        if self.over(name, key):
            raise RateLimited(TOO_MANY)

    def over(self, name: str, key: str) -> bool:
        """True if ``key`` has used up a ``name`` limit (nothing is counted)."""
        if not self.enabled:
            return False
        return any(not self.limiter.test(item, name, key) for item in self.rules[name])

    def remember(self, key: str) -> None:
        """Note ``key`` (an address and a workshop) as known, for ``KNOWN_FOR``."""
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._remembered.get(key, -REMEMBER_AGAIN_SECONDS) < REMEMBER_AGAIN_SECONDS:
            return
        self._remembered[key] = now
        self.limiter.hit(KNOWN_FOR, "known", key)

    def known(self, key: str) -> bool:
        """True if ``key`` was noted by ``remember`` within ``KNOWN_FOR``."""
        if not self.enabled:
            return True
        return self.limiter.get_window_stats(KNOWN_FOR, "known", key).remaining == 0

    def reset(self) -> None:
        """Forget every count (tests)."""
        self._remembered.clear()
        self.limiter.storage.reset()
