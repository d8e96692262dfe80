"""Every notebook's graded cases give the same verdicts as before the autograder was restructured.

``golden/verdicts.json`` was recorded with the grader of commit afb654c (before the exercise-first
layout): for each graded exercise, the source's answer, the release's stub and the typical mistake
the demo's student makes, run on every case the source notebook's test cell plans (visible and
hidden). Moving code must not change a score, a message, a mistake id or a hint; a deliberate
change of a verdict updates the file in the same commit, with the reason in its message.
"""

import json
from pathlib import Path

import nbformat
import pytest

from autograder.checks import planning, planning_namespace, run_here
from autograder.course import examples, layout

GOLDEN = json.loads((Path(__file__).parent / "golden" / "verdicts.json").read_text(encoding="utf-8"))


def _graded(assignment: str):
    nb = nbformat.read(layout.source_notebook(assignment), as_version=4)
    setup = next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            with planning() as plan:
                exec(cell.source, planning_namespace())
            merged: dict[str, list] = {}  # a test cell may check its exercise twice (visible, hidden)
            for name, cases in plan:
                merged.setdefault(name, []).extend(cases)
            yield from ((setup, name, cases) for name, cases in merged.items())


def _variants(assignment: str, name: str) -> dict[str, str]:
    typical = examples.mistakes(assignment)[0]
    found = {"solution": examples.solutions(assignment)[name], "stub": "raise NotImplementedError()"}
    if name in typical:
        found["mistake"] = typical[name]
    return found


def _run(setup: str, name: str, cases, answer: str) -> dict:
    namespace: dict = {}
    exec(setup, namespace)
    try:
        exec(answer, namespace)
    except NotImplementedError:
        pass
    result = run_here(name, namespace.get(name), cases)
    return {
        "summary": result.summary,
        "passed": result.passed,
        "total": result.total,
        "verdicts": [[v.case.label, v.case.hidden, v.passed, v.message, v.mistake, v.hint] for v in result.verdicts],
    }


RUNS = [
    (f"{assignment}/{name}/{variant}", setup, name, cases, answer)
    for assignment in layout.assignments()
    for setup, name, cases in _graded(assignment)
    for variant, answer in _variants(assignment, name).items()
]


def test_every_recorded_run_is_still_run():
    assert sorted(key for key, *_ in RUNS) == sorted(GOLDEN)


@pytest.mark.parametrize("key, setup, name, cases, answer", RUNS, ids=[r[0] for r in RUNS])
def test_same_verdicts_as_recorded(key, setup, name, cases, answer):
    assert _run(setup, name, cases, answer) == GOLDEN[key]
