"""The layout's promises, read from the source: dependencies between the project's apps point
one way (site → demo → insights → municipalities → home → blog → search, media_library → core),
the kernel imports no feature app, and project modules are imported at the top of a module
(inside a function only where Django asks for it: an AppConfig's ready())."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
# The project folder `site/` is installed as `pedagogsajten` (setup.py).
SITE_PACKAGE, SITE_FOLDER = "pedagogsajten", "site"
KERNEL = "core"
SKIPPED_FOLDERS = {"migrations", "tests", "__pycache__"}


def project_apps() -> list[str]:
    return sorted(
        config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT
    )


def app_of(module: str, known: set[str]) -> str | None:
    top = module.split(".")[0]
    if top == SITE_PACKAGE:
        return SITE_PACKAGE
    return top if top in known else None


def source_files(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        if not SKIPPED_FOLDERS & set(path.relative_to(folder).parts):
            yield path


def imports(path: Path, package: str):
    """(imported module, function it is imported in or None) for every import in the file;
    relative imports are resolved against the file's package."""
    tree = ast.parse(path.read_text(), filename=str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def enclosing_function(node):
        while node in parents:
            node = parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node.name
        return None

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, enclosing_function(node)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield module, enclosing_function(node)


def package_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[0] == SITE_FOLDER:
        parts[0] = SITE_PACKAGE
    return ".".join(parts if path.name == "__init__.py" else parts[:-1] + [parts[-1]])


@pytest.fixture(scope="module")
def graph():
    """{app: {imported app: [where, …]}} and the function-level imports of project modules."""
    known = set(project_apps())
    edges, inner = {}, []
    for folder in [*known, SITE_FOLDER]:
        for path in source_files(ROOT / folder):
            module = package_of(path)
            importer = app_of(module, known)
            package = module if path.name == "__init__.py" else module.rpartition(".")[0]
            for imported, function in imports(path, package):
                target = app_of(imported, known)
                if target is None:
                    continue
                if target != importer:
                    edges.setdefault(importer, {}).setdefault(target, []).append(
                        f"{path.relative_to(ROOT)} imports {imported}"
                    )
                if function is not None and function != "ready":
                    inner.append(f"{path.relative_to(ROOT)}: {imported} inside {function}()")
    return edges, inner


def cycles(edges: dict) -> list[list[str]]:
    """Strongly connected groups of more than one app (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_apps_and_their_imports(graph):
    edges, _ = graph
    # A broken reader would find no edges and pass every other test here.
    assert {"core", "blog", "home", "municipalities", "search", "insights", "demo"} <= set(
        project_apps()
    )
    assert "core" in edges["blog"] and "blog" in edges["municipalities"]
    assert "search" in edges["blog"] and "blog" in edges[SITE_PACKAGE]


def test_no_two_apps_import_each_other(graph):
    edges, _ = graph
    found = cycles(edges)
    assert found == [], {
        f"{app} → {target}": places
        for group in found
        for app in group
        for target, places in edges.get(app, {}).items()
        if target in group
    }


def test_the_kernel_imports_no_feature_app(graph):
    edges, _ = graph
    assert edges.get(KERNEL, {}) == {}


def test_the_search_engine_layer_knows_no_page_model(graph):
    edges, _ = graph
    assert not {"blog", "home", "municipalities"} & set(edges.get("search", {}))


def test_project_modules_are_imported_at_module_level(graph):
    _, inner = graph
    allowed = {
        # Settings decide the database before Django is set up: only then is the embedded
        # server's module wanted.
        "site/settings/base.py: pedagogsajten inside database_settings()",
    }
    assert set(inner) <= allowed, sorted(set(inner) - allowed)


def test_a_cycle_is_found_when_there_is_one():
    assert cycles({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"a": []}}) == [
        ["a", "b", "c"]
    ]
    assert cycles({"a": {"b": []}, "b": {}}) == []
