"""Promises about the repository itself: CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    """Return the shell commands of README.md's code blocks, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", readme, re.S)]


def test_ci_runs_exactly_the_readme_test_command():
    run, test = readme_commands()[:2]
    assert "run.py" in run and "pytest" in test
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci_lines
    assert "export OPENSPACE_REQUIRE_SERVICES=1" in ci_lines


def test_no_monkey_patching_inside_the_package():
    # Patching belongs to run.py, before anything is imported; the package may only ask
    # whether it happened (``is_monkey_patched``).
    patching = re.compile(r"(?<![\w.])monkey_patch\(|\.monkey_patch\(|patch_all\(")
    for path in (ROOT / "openspace").rglob("*.py"):
        assert not patching.search(path.read_text(encoding="utf-8")), path
