"""The student's process: limits, confinement, restarts — each a crafted cell or function."""

import os

import pytest

from autograder.exercises import judge, materialize, visible
from autograder.sandbox import isolation, landlock
from autograder.sandbox.process import Sandbox
from autograder.settings import GraderSettings

ADAM = """
import numpy as np
def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    m = beta_1 * state.get("m", 0) + (1 - beta_1) * g
    v = beta_2 * state.get("v", 0) + (1 - beta_2) * g * g
    state.update(t=t, m=m, v=v)
    return w - learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (np.sqrt(v) + epsilon)
"""
FAST = GraderSettings(cell_seconds=5, exercise_seconds=5)

pytestmark = pytest.mark.sandbox


def grade(sandbox, name="adam"):
    cases = visible("adam")
    inputs = [materialize(c) for c in cases]
    data = sandbox.collect(name, inputs)
    return [judge(c, i, d) for c, i, d in zip(cases, inputs, data)]


def test_cells_run_and_functions_are_collected_across_the_pipe():
    with Sandbox([("setup", "import numpy as np\n%matplotlib inline"), ("answer", ADAM)], FAST) as sb:
        outcomes = sb.start()
        assert [o.error for o in outcomes] == [None, None]
        assert all(v.passed for v in grade(sb))


def test_hanging_and_dying_cells_are_skipped_and_reported():
    cells = [
        ("loop", "while True: pass"),
        ("exit", "import os\nos._exit(3)"),
        ("answer", ADAM),
        ("syntax", "def f(:\n  pass"),
        ("sysexit", "import sys\nsys.exit(1)"),
        ("flood", "for i in range(1_000_000): print('x' * 100)"),
    ]
    with Sandbox(cells, FAST) as sb:
        outcomes = {o.label: o for o in sb.start()}
        assert "stopped after 5 s" in outcomes["loop"].skipped
        assert "exited with code 3" in outcomes["exit"].skipped
        assert outcomes["syntax"].error["kind"] == "SyntaxError"
        assert outcomes["answer"].error is None and outcomes["flood"].skipped is None
        assert all(v.passed for v in grade(sb))  # later cells still ran


def test_an_endless_function_times_out_alone():
    hang = "def adam(w, g, state, **kw):\n    while True:\n        pass\n"
    with Sandbox([("answer", hang)], GraderSettings(cell_seconds=5, exercise_seconds=2)) as sb:
        sb.start()
        verdicts = grade(sb)
        assert all("stopped after 2 s" in v.message for v in verdicts)


def test_runaway_memory_is_a_memory_error():
    greedy = "def adam(w, g, state, **kw):\n    return [0.0] * (10**10)\n"
    with Sandbox([("answer", greedy)], GraderSettings(memory_bytes=2 * 2**30)) as sb:
        sb.start()
        assert "ran out of memory" in grade(sb)[0].message


def test_a_function_killing_its_process_is_reported():
    fatal = "import os\ndef adam(w, g, state, **kw):\n    os.kill(os.getpid(), 9)\n"
    with Sandbox([("answer", fatal)], FAST) as sb:
        sb.start()
        assert all("died" in v.message and "SIGKILL" in v.message for v in grade(sb))


@pytest.mark.parametrize(
    "isolated, refusal",
    [
        pytest.param(
            True,
            "FileNotFoundError",
            marks=pytest.mark.skipif(
                isolation.unavailable() is not None, reason=f"no bubblewrap isolation here: {isolation.unavailable()}"
            ),
        ),
        pytest.param(
            False,
            "PermissionError",
            marks=pytest.mark.skipif(
                landlock.abi_version() < 1, reason="this kernel has no Landlock: its file confinement cannot be tested"
            ),
        ),
    ],
    ids=["bubblewrap", "landlock only"],
)
def test_student_code_cannot_write_or_read_outside_its_scratch_folder(tmp_path, isolated, refusal):
    """In the sandbox the course's files do not exist; with Landlock alone they exist but are refused."""
    secret = tmp_path / "solutions.ipynb"
    secret.write_text("the answers")
    cells = [
        ("write", f"open({str(tmp_path / 'grades.csv')!r}, 'w').write('alice,100')"),
        ("read", f"print(open({str(secret)!r}).read())"),
        ("scratch", "open('scratch.txt', 'w').write('fine')"),
    ]
    with Sandbox(cells, GraderSettings(cell_seconds=5, exercise_seconds=5, isolation=isolated)) as sb:
        outcomes = {o.label: o for o in sb.start()}
        assert sb.sandboxing is None
    assert outcomes["write"].error["kind"] == refusal
    assert outcomes["read"].error["kind"] == refusal
    assert outcomes["scratch"].error is None
    assert not (tmp_path / "grades.csv").exists()


def test_the_process_gets_a_clean_environment(monkeypatch):
    monkeypatch.setenv("GRADER_SECRET_TOKEN", "xyz")
    probe = (
        "import os\n"
        "assert 'GRADER_SECRET_TOKEN' not in os.environ\n"
        "assert os.environ['NBGRADER_EXECUTION'] == 'autograde'"
    )
    with Sandbox([("probe", probe)], FAST) as sb:
        assert sb.start()[0].error is None
    assert os.environ["GRADER_SECRET_TOKEN"] == "xyz"


def test_a_file_past_the_size_limit_fails_to_be_written_without_killing_the_process():
    cells = [("big", "open('big.bin', 'wb').write(b'x' * 2_000_000)"), ("after", "x = 1")]
    with Sandbox(cells, GraderSettings(cell_seconds=5, file_bytes=2**20)) as sb:
        outcomes = {o.label: o for o in sb.start()}
    assert outcomes["big"].error["kind"] == "OSError" and outcomes["big"].skipped is None
    assert outcomes["after"].error is None


def test_the_setup_cell_gets_the_start_up_time_and_a_student_cell_does_not():
    """The course's setup cell imports the libraries (Keras: ~5 s): it runs under ``start_seconds``;
    the same sleep in a student's cell is stopped at ``cell_seconds``."""
    slow = "import time\ntime.sleep(3)"
    settings = GraderSettings(cell_seconds=1, start_seconds=30)
    with Sandbox([("setup", slow), ("yours", slow)], settings, course_cells=frozenset({0})) as sb:
        setup, yours = sb.start()
    assert setup.skipped is None and setup.error is None
    assert yours.skipped == "stopped after 1 s"


def test_without_bubblewrap_grading_still_runs_and_says_why(monkeypatch):
    monkeypatch.setenv("PATH", "/nowhere")  # no bwrap to be found
    isolation.unavailable.cache_clear()
    try:
        with Sandbox([("answer", ADAM)], FAST) as sb:
            sb.start()
            assert all(v.passed for v in grade(sb))
            assert sb.isolation.startswith("bubblewrap is not installed")
    finally:
        isolation.unavailable.cache_clear()
