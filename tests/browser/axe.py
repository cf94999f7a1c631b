"""axe-core (bundled by axe-playwright-python) run inside a page, WCAG 2.1 AA rules only."""

from __future__ import annotations

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe on ``page`` and return its violations at WCAG 2.1 AA."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def describe(violations: list[dict]) -> str:
    """Say which rule failed where, one line per element, for the assertion message."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']} ({violation['impact']}): {node['target']} "
                         f"{node.get('failureSummary', '')}".replace("\n", " "))
    return "\n".join(lines)
