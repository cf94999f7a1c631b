"""Long loops that let the live board run: a pause every few milliseconds of work.

Under eventlet or gevent (run.py monkey patches ``time``) one process serves
every websocket on one loop; a loop over 2000 cards for the day's report
holds it for a few hundred milliseconds, and every card posted meanwhile
reaches the phones that much later. ``paced`` hands the loop back every
``SLICE_SECONDS``: the report takes as long, the live board never waits for
more than a slice. In threading mode ``time.sleep(0)`` only lets other
threads have the interpreter. Used for reads only: a write transaction
paused would hold its lock the longer.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

#: The longest the loop is held between two pauses.
SLICE_SECONDS = 0.005

T = TypeVar("T")


def paced(items: Iterable[T], slice_seconds: float = SLICE_SECONDS) -> Iterator[T]:
    """Yield ``items``, pausing (``time.sleep(0)``) after each ``slice_seconds`` of work."""
    deadline = time.monotonic() + slice_seconds
    for item in items:
        yield item
        if time.monotonic() >= deadline:
            time.sleep(0)  # looked up at call time: the green sleep once patched
            deadline = time.monotonic() + slice_seconds


def unpaced(items: Iterable[T]) -> Iterable[T]:
    """Return ``items`` as they are (for loops inside a write transaction)."""
    return items
