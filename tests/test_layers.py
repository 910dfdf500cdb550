"""Layers point down only: flows -> warehouse -> nlp (issue 10).

Every import in ``nlp/`` and ``warehouse/`` is read with ``ast`` (so a lazy import inside a function counts too);
a module of a lower layer that imports a higher one fails this test, as does a leftover import of the old
top-level names (``flows``, ``nlp``, ``warehouse``) anywhere in the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {"nlp": ("suara.warehouse", "suara.flows"), "warehouse": ("suara.flows",)}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom):  # relative: the package writes absolute `suara.` imports only
            found.append((node.lineno, f"relative import {'.' * node.level}{node.module or ''}"))
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_lower_layers_never_import_higher_ones(layer):
    bad = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in sorted((ROOT / layer).rglob("*.py"))
        for line, module in _imports(path)
        if module.startswith(FORBIDDEN[layer]) or module.startswith("relative")
    ]
    assert not bad, "upward imports:\n" + "\n".join(bad)


def test_no_import_uses_the_old_top_level_names():
    bad = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for layer in ("flows", "nlp", "warehouse", "tests", "bench")
        for path in sorted((ROOT / layer).rglob("*.py"))
        for line, module in _imports(path)
        if module.split(".")[0] in {"flows", "nlp", "warehouse"}
    ]
    assert not bad, "imports of the old top-level packages:\n" + "\n".join(bad)
