"""The penalty check: Keras's L1L2 summed over the kernels, the mistakes it names, return-value
errors, and the sandbox pipe."""

import nbformat
import numpy as np
import pytest

from autograder.checks import run_here
from autograder.course import examples, layout
from autograder.course.grading import plan
from autograder.exercises import judge, materialize, visible
from autograder.exercises.penalties.cases import penalty_cases
from autograder.exercises.penalties.judge import RTOL, candidates, keras_penalty

NB = "04_regularization"


def notebook_cases(name="l1_l2_penalty"):
    nb = nbformat.read(layout.source_notebook(NB), as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"test_{name}")
    return [case for _, cases in plan(cell.source) for case in cases]


def answer(source, name="l1_l2_penalty"):
    namespace = {"np": np}
    exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace[name]


def penalty(weights, l1=0.0, l2=0.0):
    return sum(l1 * np.abs(w).sum() + l2 * (w.astype(np.float64) ** 2).sum() for w in weights)


def penalty_flat(weights, l1=0.0, l2=0.0):
    flat = np.concatenate([np.ravel(w) for w in weights])
    return np.float32(l1 * np.linalg.norm(flat, 1) + l2 * np.dot(flat, flat))


MISTAKES = {
    "half_l2": lambda weights, l1=0.0, l2=0.0: sum(l1 * np.abs(w).sum() + 0.5 * l2 * (w**2).sum() for w in weights),
    "mean_not_sum": lambda weights, l1=0.0, l2=0.0: sum(l1 * np.abs(w).mean() + l2 * (w**2).mean() for w in weights),
    "squares_under_l1": lambda weights, l1=0.0, l2=0.0: sum(l1 * (w**2).sum() + l2 * (w**2).sum() for w in weights),
    "l1_without_abs": lambda weights, l1=0.0, l2=0.0: sum(l1 * w.sum() + l2 * (w**2).sum() for w in weights),
    "l2_norm_not_squared": lambda weights, l1=0.0, l2=0.0: sum(
        l1 * np.abs(w).sum() + l2 * np.sqrt((w**2).sum()) for w in weights
    ),
    "factors_swapped": lambda weights, l1=0.0, l2=0.0: sum(l2 * np.abs(w).sum() + l1 * (w**2).sum() for w in weights),
    "one_kernel_only": lambda weights, l1=0.0, l2=0.0: l1 * np.abs(weights[0]).sum() + l2 * (weights[0] ** 2).sum(),
    "only_l1": lambda weights, l1=0.0, l2=0.0: sum(l1 * np.abs(w).sum() if l1 else l2 * (w**2).sum() for w in weights),
}


def outcome(fn, cases=None):
    result = run_here("l1_l2_penalty", fn, cases if cases is not None else notebook_cases())
    return result, {v.mistake for v in result.verdicts if not v.passed}


def test_the_reference_is_keras_l1l2_summed_over_kernels():
    import keras

    case = penalty_cases("l1_l2_penalty", [dict(l1=0.5, l2=0.25)], shapes=[(2, 2), (3,)], hidden=False)[0]
    weights = materialize(case)["weights"]
    expected = sum(0.5 * np.abs(w).sum() + 0.25 * (w.astype(np.float64) ** 2).sum() for w in weights)
    assert keras_penalty(case) == pytest.approx(expected, rel=1e-6)
    assert float(keras.regularizers.L1L2()(keras.ops.ones((2, 2)))) == 0.0  # both factors default to 0


@pytest.mark.parametrize("fn", [penalty, penalty_flat, answer(examples.solutions(NB)["l1_l2_penalty"])])
def test_correct_answers_pass_every_visible_and_hidden_case(fn):
    result, _ = outcome(fn)
    assert result.complete, result.summary
    assert result.total == len(notebook_cases())


def test_known_mistakes_are_distinguishable_where_both_factors_are_given():
    both = [c for c in notebook_cases() if set(c.params["factors"]) == {"l1", "l2"}]
    assert len(both) >= 3
    for case in both:  # (with one factor 0, squares under L1 and swapped factors coincide, for instance)
        inputs = materialize(case)
        l1, l2 = inputs["factors"]["l1"], inputs["factors"]["l2"]
        reference = keras_penalty(case)
        wrong = {}
        for mistake, _, value in candidates(inputs["weights"], l1, l2):
            if not np.isclose(value, reference, rtol=RTOL):
                wrong.setdefault(round(value, 12), set()).add(mistake)
        assert all(len(m) == 1 for m in wrong.values()), (case.label, wrong)


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_mistake_is_named(mistake):
    result, mistakes = outcome(MISTAKES[mistake])
    assert not result.complete
    assert result.first_failure().mistake == mistake, result.summary
    assert result.first_failure().hint


def test_the_typical_mistake_on_file_is_named_with_its_score():
    answers, expected = examples.mistakes(NB)
    result, _ = outcome(answer(answers["l1_l2_penalty"]))
    mistake, passed = expected["l1_l2_penalty"]
    assert result.first_failure().mistake == mistake
    assert f"{result.passed}/{result.total}" == passed


def test_hidden_messages_do_not_reveal_the_value():
    result, _ = outcome(MISTAKES["half_l2"])
    for verdict in result.verdicts:
        if verdict.case.hidden:
            assert "Keras " not in verdict.message.replace("Keras's", "") and "yours" not in verdict.message


def test_calling_keras_scores_zero():
    def l1_l2_penalty(weights, l1=0.0, l2=0.0):
        import keras

        regularizer = keras.regularizers.L1L2(l1=l1, l2=l2)
        return sum(float(regularizer(keras.ops.convert_to_tensor(w))) for w in weights)

    result, _ = outcome(l1_l2_penalty, visible("l1_l2_penalty"))
    assert result.fraction == 0.0 and "calls Keras/TensorFlow" in result.summary


@pytest.mark.parametrize(
    "fn, text",
    [
        (lambda weights, l1=0.0, l2=0.0: None, "returned None"),
        (lambda weights, l1=0.0, l2=0.0: [l1 * np.abs(w).sum() for w in weights], "one number, the sum"),
        (lambda weights, l1=0.0, l2=0.0: "0.1", "returned a str"),
        (lambda weights, l1=0.0, l2=0.0: float("nan"), "NaN or infinite"),
        (lambda weights, l1, l2: 0.0, "missing"),
        (lambda weights, l1=0.0, l2=0.0: l1 * np.sum(np.abs(weights)), "inhomogeneous"),
        (lambda weights, l1=1.0, l2=0.0: sum(l1 * np.abs(w).sum() + l2 * (w**2).sum() for w in weights), "defaults"),
    ],
)
def test_wrong_returns_and_signatures_get_clear_messages(fn, text):
    result, _ = outcome(fn, visible("l1_l2_penalty"))
    assert result.fraction < 1
    assert any(text in v.message for v in result.verdicts), [v.message for v in result.verdicts]


def test_inputs_and_outputs_cross_the_sandbox_pipe():
    from autograder.sandbox.process import Limits, Sandbox

    cases = visible("l1_l2_penalty")
    inputs = [materialize(c) for c in cases]
    source = examples.solutions(NB)["l1_l2_penalty"]
    with Sandbox([("setup", "import numpy as np"), ("answer", source)], Limits(cell_seconds=30)) as sb:
        assert [o.error for o in sb.start()] == [None, None]
        collected = sb.collect("l1_l2_penalty", inputs)
    verdicts = [judge(c, i, d) for c, i, d in zip(cases, inputs, collected)]
    assert all(v.passed for v in verdicts), [v.message for v in verdicts]
    assert all(isinstance(d["penalty"], float) for d in collected)
