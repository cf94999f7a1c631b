"""The demo workshop: a living Danish board for a newcomer."""

from __future__ import annotations

from collections import Counter

from .helpers import bearer


def test_demo_command_creates_one_living_danish_workshop(runner, client):
    result = runner.invoke(args=["demo", "--base-url", "http://10.0.0.5:5000"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(":", 1) for line in result.output.strip().splitlines())
    facilitator = lines["Facilitator"].strip()
    assert facilitator.startswith("http://10.0.0.5:5000/f/")
    workshop_id, token = facilitator.split("/f/")[1].split("#token=")
    state = client.get(f"/api/v1/workshops/{workshop_id}", headers=bearer(token)).get_json()
    assert state["language"] == "da"
    assert len(state["themes"]) == 4
    assert state["vision"]
    kinds = Counter(card["kind"] for card in state["cards"])
    assert kinds == {"idea": 12, "actor": 12, "initiative": 12}
    assert state["seq"] == 36
    assert any("æ" in c["text"] or "ø" in c["text"] or "å" in c["text"] for c in state["cards"])
    # Running it again reuses the same workshop instead of making another.
    again = runner.invoke(args=["demo", "--base-url", "http://10.0.0.5:5000"])
    assert again.output == result.output
