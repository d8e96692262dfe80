"""The contract every registered exercise keeps (``autograder.family.Family``), checked on the
cases its source notebook's test cell grades (visible and hidden):

- the source notebook's answer passes every case; the release's stub scores 0;
- every row of the family's mistake table is recognised on a crafted answer of ``crafted.py``
  (the first failing case names that mistake), and every accepted alternative form passes;
- what the student's side collects, and the inputs it is given, cross the sandbox's wire unchanged.
"""

import numpy as np
import pytest

from autograder.checks import run_here
from autograder.course import examples
from autograder.exercises import FAMILIES, collect, materialize, registry
from autograder.sandbox import wire

EXERCISES = list(registry())
CRAFTED = [(family, crafted) for family in FAMILIES for crafted in family.crafted()]


def _solution(name: str) -> str:
    return examples.solutions(registry()[name].notebook)[name]


def _equal(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.dtype == b.dtype
            and np.array_equal(a, b, equal_nan=True)
        )
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    return a == b or (a != a and b != b)  # NaN == NaN here


def _across_the_wire(value):
    return wire.decode(wire.encode(value)[8:])


@pytest.mark.parametrize("name", EXERCISES)
def test_the_source_answer_passes_every_case(name):
    result = run_here(name, examples.define(name, _solution(name)), list(examples.notebook_cases(name)))
    assert result.complete, result.summary


@pytest.mark.parametrize("name", EXERCISES)
def test_the_release_stub_scores_zero(name):
    result = run_here(name, examples.define(name, "raise NotImplementedError()"), list(examples.notebook_cases(name)))
    assert result.passed == 0 and result.fraction == 0.0, result.summary
    assert "not defined" in result.summary


@pytest.mark.parametrize("family", FAMILIES, ids=[f.name for f in FAMILIES])
def test_every_mistake_in_the_table_has_a_crafted_answer(family):
    crafted = {(c.exercise, c.mistake) for c in family.crafted()}
    exercises = [e.name for e in family.exercises]
    for mistake in family.mistakes():
        assert any((e, mistake.id) in crafted for e in exercises if mistake.applies_to(e)), mistake.id
    assert {m for _, m in crafted} - {None} <= {m.id for m in family.mistakes()}


@pytest.mark.parametrize(
    "family, crafted", CRAFTED, ids=[f"{c.exercise}-{c.mistake}-{i}" for i, (_, c) in enumerate(CRAFTED)]
)
def test_each_crafted_answer_gets_its_verdict(family, crafted):
    result = run_here(
        crafted.exercise,
        examples.define(crafted.exercise, crafted.source),
        list(examples.notebook_cases(crafted.exercise)),
    )
    if crafted.mistake is None:
        assert result.complete, result.summary
    else:
        assert not result.complete and result.first_failure().mistake == crafted.mistake, result.summary


@pytest.mark.parametrize("name", EXERCISES)
def test_inputs_and_results_cross_the_wire_unchanged(name):
    fn = examples.define(name, _solution(name))
    for case in examples.notebook_cases(name):
        inputs = materialize(case)
        assert _equal(_across_the_wire(inputs), inputs), case.label
        collected = collect(name, fn, inputs)
        assert "error" not in collected, collected["error"]
        assert _equal(_across_the_wire(collected), collected), case.label
