"""The whole board, ready to send: one pre-serialised, pre-compressed copy per workshop and view.

A board of 2000 cards is about 1 MB of JSON and 100 ms of ORM work and
encoding; when a room reloads (a resync, 2000 phones waking up) every phone
asks for the same thing. The part that changes only with the workshop's
events (``services.workshops.shared_state``: cards, comments, links,
settings) is built once per view (``services.visibility.board_view``: each
moderator role, the projector, the public participant view, and one per
participant only while they have a pending item of their own) and kept as
JSON bytes and as a gzip stream fully flushed up to that point. A request then adds
its own small part (clock, address, the caller's ``me``) by continuing a copy
of that stream: a few hundred bytes compressed per request, not a megabyte.

API answers are otherwise not compressed (``web/assets.py``: a secret next to
reflected input invites BREACH-style guessing). The board's shared part holds
no token, and only what every viewer of that view already sees; the caller's
own part is compressed apart from it (a full flush between them).

An entry is found by (workshop, view, seq, generation): every stored change
raises the seq, and every write through the pipeline raises the workshop's
generation in this process (a rename stores no event). With several
processes, a change stored by another one without an event (a rename) shows
here after at most ``MAX_AGE_SECONDS``.
"""

from __future__ import annotations

import json
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass

#: Entries kept (a few views of a few workshops), and the bytes they may hold together
#: (a 2000-card view is about 1.1 MB of JSON plus 70 KB of gzip and its compressor).
MAX_ENTRIES = 64
MAX_BYTES = 48 * 2**20
MAX_AGE_SECONDS = 30.0
GZIP_WBITS = 31  # zlib's gzip wrapper
GZIP_LEVEL = 6


def to_json(value) -> bytes:
    """Encode as the API does: compact, UTF-8 (``ensure_ascii`` off), keys in order."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True).encode()


@dataclass
class Entry:
    """One view's shared part: JSON without its closing brace, and gzip flushed to there."""

    head: bytes
    gzip_head: bytes
    gzip_state: object  # a zlib compressor, copied for every request
    made: float

    @property
    def size(self) -> int:
        """Return about how many bytes the entry holds (zlib's state: about 256 KB)."""
        return len(self.head) + len(self.gzip_head) + 256 * 1024

    def body(self, own: dict) -> bytes:
        """Return the whole JSON object: the shared part and ``own`` (the request's keys)."""
        return self.head + _tail(own)

    def gzip_body(self, own: dict) -> bytes:
        """Return the same object as one gzip stream, compressing only ``own``."""
        compressor = self.gzip_state.copy()
        return self.gzip_head + compressor.compress(_tail(own)) + compressor.flush()


def _tail(own: dict) -> bytes:
    """Return ``,"key":value...}``: the request's keys closing the shared object."""
    return b"," + to_json(own)[1:] if own else b"}"


def make_entry(shared: dict) -> Entry:
    """Serialise and compress ``shared`` (a non-empty dict) once."""
    whole = to_json(shared)
    head = whole[:-1]  # without "}": the request's keys follow
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, GZIP_WBITS)
    # A full flush empties the window: the request's own part (a participant's own
    # commitments and contact) is compressed without back-references into the cards
    # anyone may write, so its compressed length says nothing about their texts, nor
    # theirs about it (no BREACH-style guessing; see web/assets.py).
    gzip_head = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    return Entry(head, gzip_head, compressor, time.monotonic())


class BoardCache:
    """The app's cached boards, least recently used dropped first; safe across threads."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_age: float = MAX_AGE_SECONDS):
        """Start empty."""
        self._entries: OrderedDict[tuple, Entry] = OrderedDict()
        self._generations: dict[str, int] = {}
        self._lock = threading.Lock()
        self._max_entries, self._max_age = max_entries, max_age

    def changed(self, workshop_id: str) -> None:
        """Note a write to the workshop: its cached views are stale, whatever the seq."""
        with self._lock:
            self._generations[workshop_id] = self._generations.get(workshop_id, 0) + 1
            for key in [k for k in self._entries if k[0] == workshop_id]:
                del self._entries[key]

    def get(self, workshop_id: str, view: tuple, seq: int, build) -> Entry:
        """Return the entry of (workshop, view, seq); ``build()`` makes the shared dict if
        there is none (outside the lock: two requests may build it, one is kept)."""
        with self._lock:
            key = (workshop_id, view, seq, self._generations.get(workshop_id, 0))
            entry = self._entries.get(key)
            if entry is not None and time.monotonic() - entry.made <= self._max_age:
                self._entries.move_to_end(key)
                return entry
        entry = make_entry(build())
        with self._lock:
            # A write meanwhile raised the generation: keep the entry out of the cache.
            if key[3] == self._generations.get(workshop_id, 0):
                self._entries[key] = entry
                self._entries.move_to_end(key)
                while len(self._entries) > self._max_entries or (
                        len(self._entries) > 1
                        and sum(e.size for e in self._entries.values()) > MAX_BYTES):
                    self._entries.popitem(last=False)
        return entry
