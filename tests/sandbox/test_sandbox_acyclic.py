"""The sandbox package has no import cycles (TYPE_CHECKING and function-level imports count)."""

from __future__ import annotations

import grimp

PACKAGE = "nyte_tui.sandbox"


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def sandbox_import_graph() -> dict[str, set[str]]:
    """Map every sandbox module to the sandbox modules it imports directly."""
    graph = grimp.build_graph("nyte_tui", include_external_packages=False)
    modules = {PACKAGE} | graph.find_descendants(PACKAGE)
    return {
        module: {
            imported
            for imported in graph.find_modules_directly_imported_by(module)
            if imported in modules
        }
        for module in modules
    }


def test_tarjan_finds_a_planted_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert strongly_connected(graph) == [["a", "b", "c"]]


def test_sandbox_has_no_import_cycle() -> None:
    graph = sandbox_import_graph()
    assert len(graph) > 20, sorted(graph)
    assert strongly_connected(graph) == []
