"""The services stack in floors: no import cycle among them (STYLE.md: a cycle is broken by moving
the use case up a floor, never by an import inside a function)."""
import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[2] / "petition_app" / "services"


def _imports() -> dict[str, set[str]]:
    graph = {}
    for path in SERVICES.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[path.stem] = {node.module.split(".")[0] for node in ast.walk(tree)
                            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}
    return graph


def test_no_service_imports_another_inside_a_function():
    for path in SERVICES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                local = [n for n in ast.walk(node) if isinstance(n, ast.ImportFrom) and n.level]
                assert not local, f"{path.name}: {node.name} imports inside the function"


def test_the_services_have_no_import_cycle():
    graph = _imports()
    for start in graph:
        stack = [(start, (start,))]
        while stack:
            module, path = stack.pop()
            for imported in graph.get(module, ()):
                assert imported != start, " → ".join(path + (imported,))
                if imported not in path and imported in graph:
                    stack.append((imported, path + (imported,)))


def test_the_open_cases_index_predicate_is_the_open_statuses():
    """The partial index's SQL predicate must name exactly OPEN_STATUSES, or PostgreSQL could not
    use it for the queries that say status IN (open statuses)."""
    import re

    from petition_app.domain.cases import OPEN_STATUSES
    from petition_app.models.case import _OPEN

    assert set(re.findall(r"'(\w+)'", _OPEN)) == {s.value for s in OPEN_STATUSES}
