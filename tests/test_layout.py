"""The shape of the code, as the README's "Where things are" describes it:
the domain (``registry``) never imports the site (``publicity``); the
services never import the importers (the importers call the services);
no module of ``registry`` or ``publicity`` imports itself back through a
circle; and no hand-written module grows past the size a reader can hold.

Imports are read from the source (every ``import`` statement, also inside
functions), so a test needs no database."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("registry", "publicity")
# Lines a hand-written module may have (generated migrations excepted).
MAX_LINES = 420


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports_of(path: Path, name: str, known: dict[str, Path]) -> set[str]:
    """The project modules ``path`` imports (``from a import b`` counts as
    ``a.b`` when that is a module, else ``a``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(path, name, known) for name, path in known.items()}


def reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_domain_never_imports_the_site():
    edges = graph()
    offenders = {
        (name, target)
        for name, targets in edges.items()
        if name.startswith("registry")
        for target in targets
        if target.startswith("publicity")
    }
    assert offenders == set()


def test_the_services_never_reach_the_importers():
    edges = graph()
    services = [name for name in edges if name.startswith("registry.services")]
    assert services
    reached = {
        (name, target)
        for name in services
        for target in reachable(edges, name)
        if target.startswith("registry.importing")
    }
    assert reached == set()
    # ... while the importers do call the services.
    assert "registry.services" in reachable(edges, "registry.importing.specs")


def test_no_module_imports_itself_back_through_a_circle():
    edges = graph()
    # A package's __init__ that re-exports its own modules is not a circle
    # of the code's design: leave out the edges from a package to its children.
    design = {
        name: {t for t in targets if not t.startswith(name + ".")}
        for name, targets in edges.items()
    }
    circles = sorted(name for name in design if name in reachable(design, name))
    assert circles == []


def test_no_hand_written_module_passes_the_size_a_reader_can_hold():
    too_long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}
