"""The import graph of src/teameval points one way (docs/ARCHITECTURE.md, "Layers").

Read with `ast` from every module, lazy imports inside functions and TYPE_CHECKING blocks
included: an import that only runs later is still a dependency.
"""

import ast
import itertools
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Low to high. A module belongs to the most specific prefix that names it; it may import its own
# layer and the layers below, never above. Vocabularies (`<package>.enums`) sit below all.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("vocabulary", ()),  # teameval.<package>.enums: leaves, they import no teameval module
    (
        "core",
        (
            "teameval",  # the package's __init__ (its version)
            "teameval.config",
            "teameval.errors",
            "teameval.models",
            "teameval.i18n",
            "teameval.validation",
            "teameval.auth.principal",
        ),
    ),
    (
        "infrastructure",
        (
            "teameval.db",
            "teameval.repository",
            "teameval.pagination",
            "teameval.migrate",
            "teameval.migrations",
            "teameval.queue.connection",
            "teameval.observability.logging",
        ),
    ),
    ("privacy", ("teameval.privacy",)),
    ("llm", ("teameval.llm",)),
    ("queue", ("teameval.queue",)),
    ("observability", ("teameval.observability", "teameval.ratelimit")),
    (
        "domains",
        (
            "teameval.auth",
            "teameval.users",
            "teameval.schools",
            "teameval.courses",
            "teameval.evaluations",
            "teameval.reviews",
            "teameval.results",
            "teameval.summaries",
            "teameval.reminders",
            "teameval.demo",
            "teameval.health",
        ),
    ),
    (
        "entry points",
        (
            "teameval.web",
            "teameval.app",
            "teameval.cli",
            "teameval.runner",
            "teameval.observability.middleware",  # installs the /metrics and /docs routes
        ),
    ),
]
ENTRY = len(LAYERS) - 1
DOMAINS = ENTRY - 1
INFRASTRUCTURE = 2
# Inside a package, these roles point one way too: routes -> service -> repository.
ROLE_RANKS = (("routes", 3), ("service", 2), ("jobs", 2), ("generation", 2), ("repository", 1))
# Domain import cycles allowed for now, each to be removed by the change that breaks it; the test
# fails when one is gone, so this list stays true. Empty: any cycle fails.
KNOWN_CYCLES: set[frozenset[str]] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """Every teameval module and the teameval modules it imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted((SRC / "teameval").rglob("*.py")):
        module = _module_name(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: resolve against this module's package
                    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    target = f"{base}.{node.module}" if node.module else base
                else:
                    target = node.module or ""
                found.add(target)
                found.update(f"{target}.{a.name}" for a in node.names)
        graph[module] = {n for n in found if n == "teameval" or n.startswith("teameval.")}
    # `from teameval.x import name` adds "teameval.x.name": keep only real modules.
    return {m: {n for n in targets if n in graph and n != m} for m, targets in graph.items()}


def _is_route(module: str) -> bool:
    return module.rsplit(".", 1)[-1] == "routes" or ".routes." in f"{module}."


def layer_of(module: str) -> int:
    """The layer index of a module (routes modules are entry points, whatever their package)."""
    if module.endswith(".enums"):
        return 0
    if _is_route(module):
        return ENTRY
    best, best_len = None, -1
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if prefix == "teameval":
                matches = module == "teameval"
            if matches and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    # A package nobody placed yet is a domain: it may import the layers below, not web or app.
    return DOMAINS if best is None else best


def _domain(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _role(module: str) -> int | None:
    name = module.rsplit(".", 1)[-1]
    for word, rank in ROLE_RANKS:
        if word in name:
            return rank
    return None


GRAPH = _imports()
EDGES = [(a, b) for a, targets in GRAPH.items() for b in sorted(targets)]


def test_the_graph_was_read() -> None:
    assert "teameval.summaries.jobs" in GRAPH
    assert "teameval.summaries.job_repository" in GRAPH["teameval.summaries.jobs"]


def test_vocabularies_are_leaves() -> None:
    leaves = {m: sorted(GRAPH[m]) for m in GRAPH if m.endswith(".enums")}
    assert leaves and all(not targets for targets in leaves.values()), leaves


def test_no_import_points_upward() -> None:
    upward = [
        f"{a} ({LAYERS[layer_of(a)][0]}) -> {b} ({LAYERS[layer_of(b)][0]})"
        for a, b in EDGES
        if layer_of(b) > layer_of(a)
    ]
    assert upward == []


def test_inside_a_package_routes_service_repository_point_down() -> None:
    wrong = []
    for a, b in EDGES:
        ra, rb = _role(a), _role(b)
        if ra is not None and rb is not None and rb > ra:
            wrong.append(f"{a} -> {b}")
    assert wrong == []


def _domain_graph() -> dict[str, set[str]]:
    """Which package imports which, above the infrastructure: routes left out (entry points may
    import any package), and the vocabularies and infrastructure modules (everyone may import
    them, and they import only below themselves, as the layer test checks)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in EDGES:
        if _is_route(a) or min(layer_of(a), layer_of(b)) <= INFRASTRUCTURE:
            continue
        if _domain(a) != _domain(b):
            graph[_domain(a)].add(_domain(b))
    return graph


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return False


def test_no_cycle_between_packages() -> None:
    graph = _domain_graph()
    cycles = {
        frozenset({a, b})
        for a, b in itertools.combinations(sorted(graph), 2)
        if _reaches(graph, a, b) and _reaches(graph, b, a)
    }
    assert cycles - KNOWN_CYCLES == set()
    assert KNOWN_CYCLES - cycles == set(), "a known cycle is gone: take it off KNOWN_CYCLES"


@pytest.mark.parametrize(
    ("module", "layer"),
    [
        ("teameval.summaries.enums", "vocabulary"),
        ("teameval.queue.connection", "infrastructure"),
        ("teameval.queue.worker", "queue"),
        ("teameval.summaries.routes.jobs", "entry points"),
        ("teameval.summaries.jobs", "domains"),
    ],
)
def test_layer_of_names_the_most_specific_prefix(module: str, layer: str) -> None:
    assert LAYERS[layer_of(module)][0] == layer
