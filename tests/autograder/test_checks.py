"""The notebook API: checks in the student's kernel, and planning in the grader's process."""

import numpy as np
import pytest

from autograder.checks import CheckFailed, check, planning, planning_namespace
from autograder.exercises import visible


def test_planning_records_cases_without_calling_anything():
    source = 'check(adam)\ncheck(adam, cases=optimizer_cases("adam", settings=[{"learning_rate": 0.1}], hidden=True))'
    with planning() as calls:
        exec(source, planning_namespace())
    assert [name for name, _ in calls] == ["adam", "adam"]
    assert calls[0][1] == visible("adam")
    assert calls[1][1][0].hidden and calls[1][1][0].params["hyper"] == {"learning_rate": 0.1}


def test_a_failing_check_raises_a_one_line_checkfailed(capsys):
    def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
        raise NotImplementedError()

    with pytest.raises(CheckFailed) as info:
        check(sgd)
    assert str(info.value) == "sgd: 0/5 cases pass (the report above says why)"
    assert info.value._render_traceback_()[0].count("\n") == 0
    report = capsys.readouterr().out
    assert "[FAIL] sgd" in report and "not answered yet" in report


def test_a_passing_check_prints_its_report(capsys):
    def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
        m = momentum * state.get("m", 0) - learning_rate * g
        state["m"] = m
        return w + momentum * m - learning_rate * g if nesterov else w + m

    check(sgd)
    assert "[PASS] sgd" in capsys.readouterr().out


def test_a_renamed_function_is_recognised_by_the_name_it_is_bound_to():
    def my_version(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
        return w - learning_rate * g

    global sgd
    sgd = my_version
    with pytest.raises(CheckFailed) as info:
        check(sgd)
    assert info.value.args[0].startswith("sgd:")


def test_check_rejects_something_that_is_not_a_graded_function():
    with pytest.raises(CheckFailed, match="graded functions"):
        check(np.mean)
