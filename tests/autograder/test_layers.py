"""The layering ``autograder/__init__.py`` describes is the one the code has: every module imports
only from its own layer or the layers below it (so there is no import cycle between layers), and
``helpers`` (what the notebooks import) never imports the autograder."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# bottom to top; a module's layer is its first name under ``autograder``
LAYERS = [
    {"errors", "settings", "compat"},
    {"cases"},
    {"guard"},
    {"calling"},
    {"judging"},
    {"family"},
    {"exercises"},
    {"sandbox"},
    {"report"},
    {"checks"},
    {"course"},
    {"cli", "__main__"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _runtime_nodes(tree: ast.AST):
    """Every node, except those under ``if TYPE_CHECKING:`` (annotations only, never imported)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            continue
        yield node
        yield from _runtime_nodes(node)


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports at run time, at the top or inside a function, as dotted names."""
    names = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def layer_of(dotted: str) -> str | None:
    parts = dotted.split(".")
    return parts[1] if parts[0] == "autograder" and len(parts) > 1 else None


MODULES = sorted(
    p for p in (ROOT / "autograder").rglob("*.py") if p.name != "__init__.py" or p.parent.name != "autograder"
)


def test_every_part_of_the_autograder_has_a_layer():
    found = {p.relative_to(ROOT / "autograder").parts[0].removesuffix(".py") for p in MODULES}
    assert found <= set(RANK), found - set(RANK)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(ROOT)) for p in MODULES])
def test_imports_only_from_its_layer_or_below(path):
    own = path.relative_to(ROOT / "autograder").parts[0].removesuffix(".py")
    above = {name for name in imported(path) if (layer := layer_of(name)) in RANK and RANK[layer] > RANK[own]}
    assert not above, f"{own} (layer {RANK[own]}) imports from higher layers: {sorted(above)}"


@pytest.mark.parametrize("path", sorted((ROOT / "helpers").rglob("*.py")), ids=lambda p: p.name)
def test_helpers_never_import_the_autograder(path):
    assert not {n for n in imported(path) if n.split(".")[0] == "autograder"}
