"""What every state-changing service returns: one shape for every adapter to answer from."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Event


@dataclass
class Outcome:
    """The result of one change, for the write pipeline (``web.pipeline``) to finish.

    ``body`` is the answer (the card, the comment, ``{"id"}`` once deleted …);
    ``events`` are the stored events to publish after commit; ``stale_plenaries``
    are the numbers of the plenaries whose PDF must be made (again), because the
    call created the plenary or changed what its snapshot holds; ``created`` is
    true when the call made something new at a new address (HTTP answers 201).
    A call that changed nothing has no events.
    """

    body: dict = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    stale_plenaries: list[int] = field(default_factory=list)
    created: bool = False
