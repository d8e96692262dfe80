"""``python -m autograder bundle OUT``: exactly what students receive, nothing more.

The student release (``notebooks/``), the ``helpers`` package, the part of ``autograder`` the
visible checks need (cases, collectors, Keras comparison, reports — not the course machinery nor
the sandbox), the environment files, JupyterLab's student settings (``jupyter-config/``: no
nbgrader instructor tools, no news pop-up) and a student README; as a folder and as a zip whose bytes
depend only on the contents. No source notebook, no solution, no hidden test, no example answer:
``tests/course/test_bundle.py`` searches the bundle for every solution and hidden-test block of
``source/``.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from autograder.course import layout

# everything the visible checks need in the student's kernel; not the course machinery, not the
# sandbox, and no family's crafted answers (near-misses of the solutions); of the compat modules,
# the one the dropout layer's check calls
STUDENT_AUTOGRADER = [
    "__init__.py",
    "errors.py",
    "compat/__init__.py",
    "compat/keras.py",
    "cases.py",
    "calling.py",
    "guard.py",
    "judging.py",
    "family.py",
    "checks.py",
    "exercises",
    "report",
]
TOP_LEVEL = ["pyproject.toml", "environment.yml", "jupyter-config/labconfig/page_config.json"]
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "crafted.py")


def bundle(out: Path, root: Path = layout.ROOT) -> Path:
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copytree(root / "notebooks", out / "notebooks", ignore=_IGNORE)
    shutil.copytree(root / "helpers", out / "helpers", ignore=_IGNORE)
    for part in STUDENT_AUTOGRADER:
        source = root / "autograder" / part
        target = out / "autograder" / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=_IGNORE)
        else:
            shutil.copy(source, target)
    for name in TOP_LEVEL:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / name, out / name)
    shutil.copy(Path(__file__).parent / "templates" / "STUDENT_README.md", out / "README.md")
    archive = out.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in out.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(str(Path(out.name) / path.relative_to(out)), date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return out
