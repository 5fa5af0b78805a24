"""The house rules, checked: no import cycles, small files, no private names across modules."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import grimp

SOURCE = Path(__file__).resolve().parents[2] / "src" / "nyte_tui"
MAX_LINES = 400


def import_cycles() -> list[list[str]]:
    """Groups of nyte modules that import each other, directly or through others."""
    graph = grimp.build_graph("nyte_tui", include_external_packages=False)
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(module: str) -> None:
        index[module] = low[module] = counter[0]
        counter[0] += 1
        stack.append(module)
        on_stack.add(module)
        for target in edges[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for module in sorted(edges):
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return cycles


def test_no_import_cycles_anywhere() -> None:
    """No two nyte modules import each other, not even through a lazy import in a function."""
    assert import_cycles() == []


def test_source_files_stay_small() -> None:
    """Every Python source file is at most ~400 lines (data lives in package data files)."""
    big = {
        str(path.relative_to(SOURCE)): len(path.read_text(encoding="utf-8").splitlines())
        for path in SOURCE.rglob("*.py")
    }
    assert {name: n for name, n in big.items() if n > MAX_LINES} == {}


def test_no_private_names_are_imported_across_modules() -> None:
    """`from nyte_tui.x import _name` never happens: a private name stays in its module."""
    offenders = []
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nyte_tui"):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        offenders.append(f"{path.relative_to(SOURCE)}: {alias.name}")
    assert offenders == []


def test_every_package_says_what_lives_there() -> None:
    """Each package's __init__ has a docstring; layer packages say what they may import."""
    missing = []
    for init in SOURCE.rglob("__init__.py"):
        if init.parent.name == "migrations":
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        if not doc or doc.startswith("TODO"):
            missing.append(str(init.relative_to(SOURCE)))
    assert missing == []


def test_the_app_gets_views_not_dicts() -> None:
    """Nothing in tui/ takes or returns `dict[str, Any]`: services hand it frozen views."""
    offenders = [
        str(path.relative_to(SOURCE))
        for path in (SOURCE / "tui").rglob("*.py")
        if "dict[str, Any]" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
