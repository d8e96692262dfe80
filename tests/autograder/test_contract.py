"""The contract every registered exercise keeps (``autograder.family.Family``), checked on the
cases its source notebook's test cell grades (visible and hidden):

- the source notebook's answer passes every case; the release's stub scores 0;
- every row of the family's mistake table is recognised on a crafted answer of ``crafted.py``
  (the first failing case names that mistake), and every accepted alternative form passes;
- the typical mistake the demo's student makes is named, with its score;
- what the student's side collects, and the inputs it is given, cross the sandbox's wire unchanged,
  and the sandbox's process collects what the student's own kernel collects.
"""

import numpy as np
import pytest

from autograder.course import examples
from autograder.exercises import FAMILIES, collect, get, judge, materialize, registry, visible
from autograder.sandbox import wire
from autograder.sandbox.process import Sandbox
from autograder.settings import GraderSettings

EXERCISES = list(registry())
CRAFTED = [(family, crafted) for family in FAMILIES for crafted in family.crafted()]


def _solution(name: str) -> str:
    return examples.solutions(registry()[name].notebook)[name]


def _equal(a, b, values: bool = True) -> bool:
    """``a`` and ``b`` hold the same data (``values=False``: the same structure, types, dtypes and
    shapes, for exercises whose results are random)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        same = isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape
        return same and (not values or np.array_equal(a, b, equal_nan=True))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_equal(a[k], b[k], values) for k in a)
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(_equal(x, y, values) for x, y in zip(a, b))
    if not values:
        return type(a) is type(b)
    return a == b or (a != a and b != b)  # NaN == NaN here


def _across_the_wire(value):
    return wire.decode(wire.encode(value)[8:])


@pytest.mark.parametrize("name", EXERCISES)
def test_the_source_answer_passes_every_case(name):
    result = examples.run_answer(name, _solution(name))
    assert result.complete, result.summary


@pytest.mark.parametrize("name", EXERCISES)
def test_the_release_stub_scores_zero(name):
    result = examples.run_answer(name, "raise NotImplementedError()")
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
    result = examples.run_answer(crafted.exercise, crafted.source)
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


TYPICAL = [(name, *typical) for family in FAMILIES for name, typical in family.typical().items()]


@pytest.mark.parametrize("name, source, mistake, passed", TYPICAL, ids=[t[0] for t in TYPICAL])
def test_the_typical_mistake_is_named_with_its_score(name, source, mistake, passed):
    result = examples.run_answer(name, source)
    assert result.first_failure().mistake == mistake, result.summary
    assert f"{result.passed}/{result.total}" == passed, result.summary


def test_every_exercise_has_a_typical_mistake():
    assert sorted(t[0] for t in TYPICAL) == sorted(EXERCISES)


NOTEBOOKS = sorted({exercise.notebook for exercise in registry().values()})


@pytest.mark.sandbox
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_the_sandbox_collects_what_the_kernel_collects(notebook):
    """The notebook's setup cell and every source answer run in the grading sandboxes (Keras
    layers where Keras exists, NumPy exercises where it does not); each exercise's data come back
    through the pipe shaped as what the same answers give in this process (random masks differ
    from run to run), and pass. In the NumPy sandbox, a Keras layer's cell fails on the stand-in
    for Keras: that is the only cell that may fail."""
    names = [name for name, exercise in registry().items() if exercise.notebook == notebook]
    cells = [("setup", examples.setup_source(notebook))] + [(name, _solution(name)) for name in names]
    for keras in sorted({not get(name).numpy_only for name in names}):
        with Sandbox(cells, GraderSettings(cell_seconds=60), keras=keras) as sandbox:
            failed = {o.label: o.error["kind"] for o in sandbox.start() if o.error}
            assert failed == ({} if keras else {n: "ForbiddenCall" for n in names if not get(n).numpy_only})
            for name in (n for n in names if get(n).numpy_only != keras):
                cases = examples.notebook_cases(name)
                inputs = [materialize(case) for case in cases]
                fn = examples.define(name, _solution(name))
                for case, case_inputs, data in zip(cases, inputs, sandbox.collect(name, inputs)):
                    assert _equal(data, collect(name, fn, case_inputs), values=False), case.label
                    assert judge(case, case_inputs, data).passed, case.label


# Mistakes that only a hidden case can show: no visible case of adadelta sets epsilon.
HIDDEN_ONLY = {("adadelta", "ignores_epsilon")}


@pytest.mark.parametrize("cases", ["notebook", "visible"])
@pytest.mark.parametrize("family", FAMILIES, ids=[f.name for f in FAMILIES])
def test_every_row_of_the_table_names_a_crafted_answer(family, cases):
    """Each row (rows may share an id and differ in their message, e.g. where the mistake is caught)
    is the one whose message a crafted answer's first failing case carries: on the notebook's cases,
    and on the visible ones a student runs before handing in."""
    named = set()
    for crafted in family.crafted():
        if crafted.mistake is None or (cases == "visible" and (crafted.exercise, crafted.mistake) in HIDDEN_ONLY):
            continue
        on = visible(crafted.exercise) if cases == "visible" else None
        with np.errstate(all="ignore"):  # crafted answers divide by zero on purpose
            first = examples.run_answer(crafted.exercise, crafted.source, on).first_failure()
        assert first.mistake == crafted.mistake and first.hint, first.message
        named |= {
            (row.id, row.message)
            for row in family.mistakes()
            if row.id == first.mistake and row.message.split("{")[0] in first.message
        }
    expected = {(row.id, row.message) for row in family.mistakes()}
    if cases == "visible":
        expected -= {(row.id, row.message) for row in family.mistakes() if (row.id in {m for _, m in HIDDEN_ONLY})}
    assert expected - named == set()
