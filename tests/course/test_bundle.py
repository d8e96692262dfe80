"""What students receive holds no solution, no hidden test, no model answer, no rubric — and works."""

import json
import subprocess
import sys

import nbformat
import pytest

from autograder.course import layout
from autograder.course.bundle import bundle


def secret_snippets() -> set[str]:
    """What would betray a solution, a hidden test, a model answer or a rubric of source/: each of
    their long lines, and each pair of consecutive lines (so that a short, generic line alone —
    "m = 0.0" — does not count, but two lines of an answer in a row do)."""
    snippets = set()
    for assignment in layout.assignments():
        nb = nbformat.read(layout.source_notebook(assignment), as_version=4)
        for cell in nb.cells:
            blocks = []
            if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("solution"):
                blocks.append(cell.source)  # a written question's model answer
            for begin, end in (
                ("### BEGIN SOLUTION", "### END SOLUTION"),
                ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"),
                ("=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ==="),
            ):
                blocks += [block.split(end)[0] for block in cell.source.split(begin)[1:]]
            for block in blocks:
                lines = [
                    line.strip() for line in block.splitlines() if line.strip() and not line.strip().startswith("#")
                ]
                snippets.update(line for line in lines if len(line) >= 40)
                snippets.update(f"{a}\n{b}" for a, b in zip(lines, lines[1:]))
    return snippets


def normalized(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


@pytest.fixture(scope="module")
def student_bundle(tmp_path_factory):
    return bundle(tmp_path_factory.mktemp("bundle") / "ch3-student")


def test_no_solution_hidden_test_model_answer_or_rubric_is_in_the_bundle(student_bundle):
    secrets = secret_snippets()
    assert len(secrets) > 100, "the source has solutions and hidden tests to look for"
    rubrics = [s for s in secrets if s.startswith("**Rubric (")]
    assert len(rubrics) >= 16, "every written question's rubric is looked for"
    for path in student_bundle.rglob("*"):
        if path.is_file() and path.suffix != ".zip":
            if path.suffix == ".ipynb":  # the JSON escapes newlines: compare the cells' text
                text = normalized("\n".join(c.source for c in nbformat.read(path, as_version=4).cells))
            else:
                text = normalized(path.read_text(encoding="utf-8", errors="replace"))
            leaked = [s for s in secrets if s in text]
            assert not leaked, (path, leaked[:3])


def test_the_bundle_has_what_students_need_and_nothing_of_the_instructors(student_bundle):
    names = {p.relative_to(student_bundle).as_posix() for p in student_bundle.rglob("*") if p.is_file()}
    assert {f"notebooks/{a}.ipynb" for a in layout.assignments()} <= names
    assert {"README.md", "pyproject.toml", "environment.yml", "helpers/__init__.py", "autograder/checks.py"} <= names
    for forbidden in ("source/", "solutions/", "examples/", "tests/", "autograder/course/", "autograder/sandbox/"):
        assert not any(n.startswith(forbidden) for n in names), forbidden


def test_the_zip_is_reproducible(student_bundle, tmp_path):
    again = bundle(tmp_path / "ch3-student")
    assert again.with_suffix(".zip").read_bytes() == student_bundle.with_suffix(".zip").read_bytes()


def test_visible_checks_run_from_the_bundle_alone(student_bundle):
    code = (
        f"import sys; sys.path.insert(0, {str(student_bundle)!r})\n"
        "import helpers, autograder.checks as c\n"
        f"assert c.__file__.startswith({str(student_bundle)!r}), c.__file__\n"
        "def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):\n"
        "    m = momentum * state.get('m', 0) - learning_rate * g\n"
        "    state['m'] = m\n"
        "    return w + momentum * m - learning_rate * g if nesterov else w + m\n"
        "c.check(sgd)\n"
    )
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, cwd=student_bundle)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "[PASS] sgd" in out.stdout


STUDENT_PLUGINS_OFF = {
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:create-assignment",
    "@jupyterlab/apputils-extension:announcements",
}


def test_the_bundles_readme_starts_jupyterlab_without_the_instructor_tools(student_bundle):
    """The README's command, run from the bundle, gives JupyterLab the page config that disables
    them (``tests/browser/test_student_lab.py`` shows what that hides in a real JupyterLab)."""
    readme = (student_bundle / "README.md").read_text()
    assert "JUPYTER_CONFIG_PATH=jupyter-config jupyter lab notebooks/" in readme
    code = "import json; from jupyterlab_server.config import get_static_page_config as g; print(json.dumps(g()))"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(student_bundle), "JUPYTER_CONFIG_PATH": "jupyter-config"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=student_bundle, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    disabled = json.loads(out.stdout)["disabledExtensions"]
    assert {name for name, off in disabled.items() if off} == STUDENT_PLUGINS_OFF
