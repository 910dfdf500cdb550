"""Every CLI command is documented in the README (STYLE.md rule 12)."""

from __future__ import annotations

from pathlib import Path

from suara.flows.cli import app
from typer.main import get_command

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_every_command_is_in_the_readme():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    commands = sorted(get_command(app).commands)
    assert len(commands) >= 9
    missing = [name for name in commands if f"`suara {name}`" not in readme]
    assert missing == []


def test_readme_opens_with_the_two_commands():
    lines = (REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    block = "\n".join(lines[:6])
    assert "suara demo" in block
    assert "pytest" in block


def test_readme_shows_the_analyst_queries_the_demo_test_runs():
    from suara.flows.demo import EXAMPLE_QUERIES

    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for title, sql in EXAMPLE_QUERIES:
        assert f"-- {title}\n{sql}" in readme
