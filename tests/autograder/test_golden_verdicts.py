"""Every notebook's graded cases give the same verdicts as before the autograder was restructured.

``golden/verdicts.json`` was recorded with the grader of commit afb654c (before the exercise-first
layout): for each graded exercise, the source's answer, the release's stub and the typical mistake
the demo's student makes, run on every case the source notebook's test cell plans (visible and
hidden). Moving code must not change a score, a message, a mistake id or a hint; a deliberate
change of a verdict updates the file in the same commit, with the reason in its message.
"""

import json
from pathlib import Path

import pytest

from autograder.course import examples
from autograder.exercises import registry

GOLDEN = json.loads((Path(__file__).parent / "golden" / "verdicts.json").read_text(encoding="utf-8"))


def _variants(assignment: str, name: str) -> dict[str, str]:
    typical = examples.mistakes(assignment)[0]
    found = {"solution": examples.solutions(assignment)[name], "stub": "raise NotImplementedError()"}
    if name in typical:
        found["mistake"] = typical[name]
    return found


def _run(name: str, answer: str) -> dict:
    result = examples.run_answer(name, answer)
    return {
        "summary": result.summary,
        "passed": result.passed,
        "total": result.total,
        "verdicts": [[v.case.label, v.case.hidden, v.passed, v.message, v.mistake, v.hint] for v in result.verdicts],
    }


RUNS = [
    (f"{exercise.notebook}/{name}/{variant}", name, answer)
    for name, exercise in registry().items()
    for variant, answer in _variants(exercise.notebook, name).items()
]


def test_every_recorded_run_is_still_run():
    assert sorted(key for key, *_ in RUNS) == sorted(GOLDEN)


@pytest.mark.parametrize("key, name, answer", RUNS, ids=[r[0] for r in RUNS])
def test_same_verdicts_as_recorded(key, name, answer):
    assert _run(name, answer) == GOLDEN[key]
