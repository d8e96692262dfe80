"""The early-stopping check: Keras's callback as the reference, the rules it names when an answer
differs, return-value errors, and the sandbox pipe."""

import nbformat
import numpy as np
import pytest

from autograder.checks import run_here
from autograder.course import examples, layout
from autograder.course.grading import plan
from autograder.exercises import judge, materialize, visible
from autograder.exercises.early_stopping.cases import GRID, early_stopping_cases, generate
from autograder.exercises.early_stopping.judge import keras_answer

NB = "04_regularization"


def notebook_cases(name="early_stopping_epoch"):
    nb = nbformat.read(layout.source_notebook(NB), as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"test_{name}")
    return [case for _, cases in plan(cell.source) for case in cases]


def answer(source, name="early_stopping_epoch"):
    namespace = {"np": np}
    exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace[name]


def rule(
    tie=False,
    extra=0,
    against_previous=False,
    consecutive=True,
    lowest=False,
    one_based=False,
    last_not_none=False,
    ignore_delta=False,
    delta_sign=-1,
    numpy_ints=False,
):
    """An early-stopping function following Keras's rule, or a known wrong variant of it."""

    def early_stopping_epoch(val_losses, patience, min_delta=0.0):
        delta = 0.0 if ignore_delta else min_delta
        best = previous = None
        best_epoch = lowest_epoch = 0
        wait = 0
        answer = None
        for epoch, value in enumerate(val_losses):
            if value < val_losses[lowest_epoch]:
                lowest_epoch = epoch
            reference = previous if against_previous else best
            shifted = value - delta_sign * delta
            improved = reference is None or (shifted <= reference if tie else shifted < reference)
            previous = value
            wait += 1
            if improved:
                best, best_epoch = value, epoch
                wait = 0 if consecutive else wait - 1
                continue
            if wait >= patience + extra and epoch > 0:
                answer = epoch
                break
        if answer is None and last_not_none:
            answer = len(val_losses) - 1
        result = (answer, lowest_epoch if lowest else best_epoch)
        if one_based:
            result = (None if result[0] is None else result[0] + 1, result[1] + 1)
        if numpy_ints:
            result = tuple(None if r is None else np.int64(r) for r in result)
        return result

    return early_stopping_epoch


def outcome(fn, cases=None):
    result = run_here("early_stopping_epoch", fn, cases if cases is not None else notebook_cases())
    return result, {v.mistake for v in result.verdicts if not v.passed}


def test_the_reference_is_keras_and_reads_the_restored_weights():
    inputs = {"val_losses": [1.0, 0.5, 0.75, 0.875, 1.0], "patience": 2}
    assert keras_answer(inputs) == (3, 1)
    assert keras_answer({"val_losses": [1.0, 0.75, 0.5], "patience": 0}) == (None, 2)


def test_losses_are_exact_in_float32():
    for case in notebook_cases():
        losses = np.array(materialize(case)["val_losses"])
        assert np.array_equal(losses.astype(np.float32).astype(np.float64), losses)
        assert np.array_equal(losses * GRID, np.round(losses * GRID))


@pytest.mark.parametrize("fn", [rule(), rule(numpy_ints=True), answer(examples.solutions(NB)["early_stopping_epoch"])])
def test_correct_answers_pass_every_visible_and_hidden_case(fn):
    result, _ = outcome(fn)
    assert result.complete, result.summary
    assert result.total == len(notebook_cases())


def test_the_rule_matches_keras_on_many_random_runs():
    settings = [
        dict(curve=curve, n=n, patience=p, **({"min_delta": d} if d else {}))
        for curve in ("u", "plateau", "rising", "decreasing")
        for n in (5, 40)
        for p in (0, 1, 3, 7)
        for d in (0.0, 1 / 64, 1 / 16)
    ]
    for seed in (0, 1000):
        result, _ = outcome(rule(), early_stopping_cases("early_stopping_epoch", settings, seed=seed))
        assert result.complete, result.summary


@pytest.mark.parametrize(
    "fn, mistake",
    [
        (rule(extra=1), "stops_late"),
        (rule(extra=-1), "stops_early"),
        (rule(tie=True), "tie_improves"),
        (rule(ignore_delta=True), "ignores_min_delta"),
        (rule(delta_sign=1), "min_delta_wrong_side"),
        (rule(against_previous=True), "compares_previous"),
        (rule(consecutive=False), "not_consecutive"),
        (rule(lowest=True), "best_is_lowest"),
        (rule(one_based=True), "one_based"),
        (rule(last_not_none=True), "last_epoch_not_none"),
    ],
)
def test_each_rule_is_named_where_it_first_fails(fn, mistake):
    result, mistakes = outcome(fn)
    assert not result.complete
    first = result.first_failure()
    assert first.mistake == mistake, (first.mistake, first.message)
    assert not first.case.hidden and "yours (" in first.message


def test_the_typical_mistake_on_file_is_named_with_its_score():
    answers, expected = examples.mistakes(NB)
    result, _ = outcome(answer(answers["early_stopping_epoch"]))
    mistake, passed = expected["early_stopping_epoch"]
    assert result.first_failure().mistake == mistake
    assert f"{result.passed}/{result.total}" == passed


def test_hidden_messages_do_not_reveal_the_answers():
    result, _ = outcome(rule(extra=1))
    for verdict in result.verdicts:
        if verdict.case.hidden:
            assert "yours" not in verdict.message and "Keras (" not in verdict.message


def test_calling_keras_scores_zero():
    def early_stopping_epoch(val_losses, patience, min_delta=0.0):
        import keras

        callback = keras.callbacks.EarlyStopping(patience=patience, min_delta=min_delta)
        callback.set_model(keras.Sequential([keras.layers.Dense(1)]))
        callback.model.stop_training = False
        callback.on_train_begin()
        for epoch, value in enumerate(val_losses):
            callback.on_epoch_end(epoch, {"val_loss": value})
            if callback.model.stop_training:
                return epoch, callback.best_epoch
        return None, callback.best_epoch

    result, _ = outcome(early_stopping_epoch, visible("early_stopping_epoch"))
    assert result.fraction == 0.0 and "calls Keras/TensorFlow" in result.summary


@pytest.mark.parametrize(
    "fn, text",
    [
        (lambda val_losses, patience, min_delta=0.0: None, "returned None"),
        (lambda val_losses, patience, min_delta=0.0: 3, "returned a int"),
        (lambda val_losses, patience, min_delta=0.0: (1, 2, 3), "returned 3 values"),
        (lambda val_losses, patience, min_delta=0.0: (None, None), "best_epoch is None"),
        (lambda val_losses, patience, min_delta=0.0: (2.5, 0), "not a whole epoch number"),
        (lambda val_losses, patience, min_delta=0.0: ("3", 0), "not an epoch number"),
        (lambda val_losses, patience: (None, 0), "unexpected keyword argument"),
    ],
)
def test_wrong_returns_and_signatures_get_clear_messages(fn, text):
    result, _ = outcome(fn, visible("early_stopping_epoch"))
    assert result.fraction < 1
    assert any(text in v.message for v in result.verdicts), [v.message for v in result.verdicts]


def test_generated_curves_are_deterministic():
    assert generate("u", 30, 5) == generate("u", 30, 5)
    assert generate("u", 30, 5) != generate("u", 30, 6)


def test_inputs_and_outputs_cross_the_sandbox_pipe():
    from autograder.sandbox.process import Limits, Sandbox

    cases = visible("early_stopping_epoch")
    inputs = [materialize(c) for c in cases]
    source = examples.solutions(NB)["early_stopping_epoch"]
    with Sandbox([("setup", "import numpy as np"), ("answer", source)], Limits(cell_seconds=30)) as sb:
        assert [o.error for o in sb.start()] == [None, None]
        collected = sb.collect("early_stopping_epoch", inputs)
    verdicts = [judge(c, i, d) for c, i, d in zip(cases, inputs, collected)]
    assert all(v.passed for v in verdicts), [v.message for v in verdicts]
    assert any(d["result"][0] is None for d in collected)
