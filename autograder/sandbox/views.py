"""What the student's process sees of the installed Python packages while it is graded.

A NumPy exercise is graded where no deep-learning framework exists: ``numpy_view()`` shows the
interpreter, ``autograder``, ``helpers`` and only the distributions NumPy, SciPy, matplotlib and
IPython need (an allow-list, closed over their requirements), so TensorFlow, Keras, JAX, PyTorch,
scikit-learn's optimizers... are neither importable nor readable, by any thread or process the
student's code starts. Their import names are stubs whose every attribute raises the guard's
``ForbiddenCall``, so ``import keras`` in a setup cell still runs and a function that reaches for
Keras gets the usual "calls Keras" verdict.

A Keras-layer exercise (``MyDropout``) needs Keras: ``keras_view()`` adds Keras and TensorFlow,
with their own dropout functions (``compat.keras``: ``keras.layers.Dropout``,
``keras.random.dropout``, ``tf.nn.dropout``, the backends' ``dropout``) replaced, in read-only
copies of their source files, by a body that raises ``ForbiddenCall``; the compiled ``.pyc`` of
those files are hidden, so the original code is nowhere to be read or run.

Every other site-packages folder of the machine (the base interpreter's, the system's) is hidden.
"""

from __future__ import annotations

import ast
import atexit
import glob
import importlib.metadata as metadata
import importlib.util
import os
import shutil
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from packaging.requirements import Requirement

STUBBED = ("keras", "tensorflow", "tf_keras", "jax", "jaxlib", "flax", "torch", "sklearn")
_NUMPY_ROOTS = ("numpy", "scipy", "matplotlib", "IPython", "ipywidgets", "traitlets", "packaging")
_KERAS_ROOTS = ("keras", "tensorflow")
_STUB = '''"""{name} is not available while a NumPy exercise is graded (autograder.sandbox.views)."""
from autograder.guard import ForbiddenCall


def __getattr__(attribute):
    raise ForbiddenCall("{name}." + attribute)
'''


@dataclass(frozen=True)
class View:
    """``readable``: bound read-only at their own paths. ``hidden``: folders replaced by an empty
    one, in which only ``revealed`` ``(source, path)`` pairs appear. ``replaced``: ``(source,
    path)`` files bound over existing ones."""

    readable: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    revealed: tuple[tuple[str, str], ...] = ()
    replaced: tuple[tuple[str, str], ...] = ()


@cache
def _staging() -> Path:
    """A folder of this process for stubs and patched files, readable by an unprivileged user."""
    folder = Path(tempfile.mkdtemp(prefix="sandbox-view-"))
    folder.chmod(0o755)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _write(relative: str, text: str) -> str:
    path = _staging() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    for parent in [path.parent, *path.parent.parents]:
        if parent == _staging().parent:
            break
        parent.chmod(0o755)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o644)
    return str(path)


def _site_dirs() -> list[str]:
    """Every folder of installed packages an interpreter here might look in."""
    found = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")}
    found.add(sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_prefix})["purelib"])
    for pattern in ("/usr/lib/python3*/*-packages", "/usr/local/lib/python3*/*-packages"):
        found |= set(glob.glob(pattern))
    return sorted(p for p in found if os.path.isdir(p))


@cache
def _providers() -> dict[str, list[str]]:
    """Import name -> distributions (one scan of the installed metadata, ~0.1 s)."""
    return metadata.packages_distributions()


def _distribution(import_name: str) -> str | None:
    names = _providers().get(import_name)
    return names[0] if names else None


def _closure(import_names: tuple[str, ...]) -> set[str]:
    """The distributions providing ``import_names`` and everything they require (no extras)."""
    todo = [d for d in map(_distribution, import_names) if d]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key in seen:
            continue
        seen.add(key)
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen


def _entries(distributions: set[str], site: str) -> set[str]:
    """The top-level files and folders of ``site`` that belong to ``distributions``."""
    entries = set()
    for dist in metadata.distributions(path=[site]):
        if dist.metadata["Name"].lower().replace("_", "-") in distributions:
            for file in dist.files or []:
                if file.parts and file.parts[0] != "..":
                    entries.add(file.parts[0])
    return {e for e in entries if os.path.exists(os.path.join(site, e))}


def _packages() -> list[str]:
    """Where ``autograder`` and ``helpers`` live: readable, and nothing else of the project."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return sorted({here, *importlib.util.find_spec("helpers").submodule_search_locations})


def _own_distribution_files(site: str) -> set[str]:
    """The project's own install files (the editable finder), without following its requirements."""
    name = _distribution("autograder")
    return _entries({name.lower().replace("_", "-")}, site) if name else set()


def _view(roots: tuple[str, ...], stubs: tuple[str, ...], replaced: tuple[tuple[str, str], ...] = ()) -> View:
    site = sysconfig.get_paths()["purelib"]
    allowed = _entries(_closure(roots), site) | _own_distribution_files(site)
    revealed = [(os.path.join(site, e), os.path.join(site, e)) for e in sorted(allowed)]
    for name in stubs:
        stub = os.path.dirname(_write(f"stubs/{name}/__init__.py", _STUB.format(name=name)))
        revealed.append((stub, f"{site}/{name}"))
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix}
    return View(tuple(sorted(prefixes | set(_packages()))), tuple(_site_dirs()), tuple(revealed), replaced)


@cache
def numpy_view() -> View:
    return _view(_NUMPY_ROOTS, STUBBED)


@cache
def keras_view() -> View:
    # no stand-ins here: Keras probes for the other frameworks with ``from jax import ...`` and
    # needs the ImportError of a package that is not there
    return _view(_NUMPY_ROOTS + _KERAS_ROOTS, (), _without_dropout())


def _disabled(source: str, targets: dict[str, str]) -> str:
    """``source`` with the body of each function ``targets`` names (by qualified name) replaced by
    ``raise ForbiddenCall(description)``; decorators and signatures kept, so the modules still
    import and register their APIs."""
    lines = source.splitlines(keepends=True)
    edits = []

    def visit(node, prefix=""):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and prefix + child.name in targets:
                edits.append((child.body[0].lineno, child.end_lineno, child.col_offset, targets[prefix + child.name]))
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(ast.parse(source))
    for first, last, column, description in sorted(edits, reverse=True):
        raise_line = " " * (column + 4) + (
            f'raise __import__("autograder.guard", fromlist=["ForbiddenCall"]).ForbiddenCall({description!r})\n'
        )
        lines[first - 1 : last] = [raise_line]
    return "".join(lines)


def _without_dropout() -> tuple[tuple[str, str], ...]:
    """Read-only copies of Keras's and TensorFlow's dropout sources, the functions disabled, and
    empty files over their ``.pyc``."""
    from autograder.compat.keras import dropout_sources

    replaced = []
    empty = _write("empty", "")
    for path, targets in dropout_sources().items():
        text = _disabled(Path(path).read_text(encoding="utf-8"), targets)
        patched = _write(f"patched/{len(replaced)}/{os.path.basename(path)}", text)
        replaced.append((patched, path))
        for level in ("", 1, 2):
            cached = importlib.util.cache_from_source(path, optimization=level)
            if os.path.exists(cached):
                replaced.append((empty, cached))
    return tuple(replaced)
