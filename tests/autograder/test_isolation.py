"""The bubblewrap sandbox against a hostile student: each test is an attack, run for real.

The student's code is arbitrary and written by someone who has read this repository. What must
hold: no deep-learning framework reachable from any thread or process it starts (NumPy
exercises), no Keras dropout reachable (the Keras layer), nothing of the grader's replaceable in a
way that changes a grade, no process outside the sandbox visible or signalable, no network, a
``/dev`` of four devices, caps on processes, bytes written and the notebook's time, and no
process left when the sandbox ends.
"""

import os
import socket
import time

import pytest

from autograder.course import examples
from autograder.course.grading import judged
from autograder.exercises import materialize, visible
from autograder.sandbox import isolation
from autograder.sandbox.process import Sandbox
from autograder.settings import GraderSettings

pytestmark = [
    pytest.mark.sandbox,
    pytest.mark.skipif(
        isolation.unavailable() is not None, reason=f"no bubblewrap isolation here: {isolation.unavailable()}"
    ),
]

FAST = GraderSettings(cell_seconds=10, exercise_seconds=10)
SETUP = ("the setup cell", "import numpy as np")
KERAS_ADAM = """
import keras
opt = keras.optimizers.Adam(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon)
"""


def verdicts(sandbox, name="adam"):
    cases = visible(name)
    inputs = [materialize(c) for c in cases]
    return [judged(c, i, d) for c, i, d in zip(cases, inputs, sandbox.collect(name, inputs))]


def processes_with(token: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if token.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            continue
    return found


def wait_until(condition, seconds=10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# -- marks come from the student's own code ---------------------------------------------------


def test_keras_in_a_thread_or_a_subprocess_does_no_work_for_the_student():
    """The attack that got full marks under the old in-process guard: the function hands the work to
    Keras in a thread, or in a fresh interpreter, where no profile hook watched."""
    threaded = """
import threading, numpy as np
def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    box = {}
    def work():
        import keras
        box["v"] = keras.optimizers.Adam(learning_rate)
    t = threading.Thread(target=work); t.start(); t.join()
    return box.get("v", w)
"""
    spawned = """
import subprocess, sys
def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    out = subprocess.run([sys.executable, "-c", "import tensorflow as tf; print(tf.__version__)"],
                         capture_output=True, text=True)
    state["stderr"] = out.stderr[-200:]
    if out.returncode:
        raise RuntimeError(out.stderr.strip().splitlines()[-1])
    return w
"""
    with Sandbox([SETUP, ("threaded", threaded)], FAST) as sb:
        sb.start()
        assert not any(v.passed for v in verdicts(sb))
    with Sandbox([SETUP, ("spawned", spawned)], FAST) as sb:
        sb.start()
        results = verdicts(sb)
    assert all("ForbiddenCall: tensorflow.__version__" in v.message for v in results), results[0].message


def test_no_framework_file_is_readable_and_imports_meet_a_stand_in():
    probe = """
import importlib.util, os, sys, glob
site = [p for p in sys.path if p.endswith("site-packages")][0]
assert not glob.glob(os.path.join(site, "tensorflow", "python", "*")), "TensorFlow's files are visible"
assert not glob.glob(os.path.join(site, "keras", "src", "*")), "Keras's files are visible"
for name in ("torch", "jax", "sklearn", "tensorflow"):
    assert "is not available" in open(importlib.util.find_spec(name).origin).read(), name
import keras  # a stand-in: importing works (a setup cell may), using does not
try:
    keras.optimizers
except Exception as exc:
    assert type(exc).__name__ == "ForbiddenCall", exc
else:
    raise AssertionError("keras.optimizers was reachable")
"""
    with Sandbox([("probe", probe)], FAST) as sb:
        (outcome,) = sb.start()
    assert outcome.error is None, outcome.error


def test_a_function_reaching_the_stand_in_is_told_it_calls_keras():
    answer = "import keras\ndef adam(w, g, state, **kw):\n    return keras.ops.convert_to_numpy(w)\n"
    with Sandbox([SETUP, ("answer", answer)], FAST) as sb:
        sb.start()
        results = verdicts(sb)
    assert all(v.mistake == "uses_keras" and v.fatal for v in results)
    assert "calls Keras/TensorFlow (keras.ops)" in results[0].message


def test_replacing_the_collector_and_the_guard_changes_nothing():
    """A cell that rewrites every collector and the guard in its own process, with no answer
    written: whatever the forged collectors send, the grader judges it against Keras in its own
    process, and no Keras result exists in the student's to be sent."""
    forged = """
import autograder.calling, autograder.guard, autograder.exercises as ex
import autograder.exercises.optimizers.student as student
def fake(fn, inputs):
    from autograder.exercises.optimizers import judge   # Keras's reference: needs Keras
    return {"trajectories": [t for t in judge.keras_trajectories(None)], "state_keys": [[]]}
student.collect = fake
autograder.guard.watch = None
ex.collect = autograder.calling.collect = lambda *a, **k: {"trajectories": []}
def adam(w, g, state, **kw):
    raise NotImplementedError
"""
    with Sandbox([SETUP, ("forgery", forged)], FAST) as sb:
        assert sb.start()[1].error is None
        results = verdicts(sb)
    assert not any(v.passed for v in results)


def test_keras_dropout_is_unreachable_for_the_keras_layer_even_with_the_guard_off():
    """``MyDropout`` may use Keras but not its dropout: the functions are disabled in the files the
    sandbox sees, so switching off the profile hook (``sys.setprofile``) or reading the original
    source or bytecode gains nothing."""
    layer = """
import sys, keras
sys.setprofile = lambda *a: None
class MyDropout(keras.layers.Layer):
    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.seed = rate, seed
    def call(self, inputs, training=False):
        return keras.layers.Dropout(self.rate, seed=self.seed)(inputs, training=training)
"""
    with Sandbox([("setup", "import numpy as np\nimport keras"), ("answer", layer)], FAST, keras=True) as sb:
        assert [o.error for o in sb.start()] == [None, None]
        results = verdicts(sb, "MyDropout")
    assert all(v.mistake == "uses_keras" and v.fatal for v in results), [v.message for v in results]
    assert "keras.layers.Dropout" in results[0].message

    probe = """
import inspect, importlib.util, tensorflow as tf
from tensorflow.python.ops import nn_ops
source = inspect.getsource(nn_ops._dropout)
assert "ForbiddenCall" in source and "random_uniform" not in source, source
cached = importlib.util.cache_from_source(nn_ops.__file__)
assert open(cached, "rb").read() == b"", "the original bytecode is readable"
"""
    with Sandbox([("probe", probe)], FAST, keras=True) as sb:
        (outcome,) = sb.start()
    assert outcome.error is None, outcome.error


# -- isolation ------------------------------------------------------------------------------------


def test_the_grader_is_out_of_sight_and_out_of_reach():
    probe = f"""
import os, signal
try:
    os.kill({os.getpid()}, signal.SIGSTOP)
except ProcessLookupError:
    pass
else:
    raise AssertionError("the grader could be signalled")
pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
assert len(pids) <= 3, pids   # bwrap's init, this interpreter, maybe a zombie
assert os.getuid() == {isolation.NOBODY if os.geteuid() == 0 else os.getuid()}
assert sorted(os.listdir("/dev")) == ["null", "random", "urandom", "zero"], os.listdir("/dev")
"""
    with Sandbox([("probe", probe)], FAST) as sb:
        (outcome,) = sb.start()
    assert outcome.error is None, outcome.error


def test_no_network_not_even_the_graders_loopback():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    probe = f"""
import socket
for address in (("127.0.0.1", {port}), ("1.1.1.1", 53)):
    try:
        socket.create_connection(address, timeout=3).close()
    except OSError:
        continue
    raise AssertionError(f"connected to {{address}}")
"""
    try:
        with Sandbox([("probe", probe)], FAST) as sb:
            (outcome,) = sb.start()
    finally:
        server.close()
    assert outcome.error is None, outcome.error


def test_no_process_outlives_the_sandbox_not_even_a_double_forked_setsid_one():
    token = f"escapee-{os.getpid()}-{time.monotonic_ns()}"
    escape = f"""
import os, subprocess, sys
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(300)", "{token}"])
    os._exit(0)
os.wait()
"""
    with Sandbox([("escape", escape), ("later", "x = 1")], FAST) as sb:
        assert [o.error for o in sb.start()] == [None, None]
        assert wait_until(lambda: processes_with(token)), "the escapee did not start: the test proves nothing"
    assert wait_until(lambda: not processes_with(token)), "a process outlived its sandbox"


def test_processes_and_bytes_written_are_capped():
    spawn = """
import subprocess
children = []
try:
    for _ in range(400):
        children.append(subprocess.Popen(["/bin/sleep", "30"]))
finally:
    started = len(children)
    for c in children:
        c.kill(); c.wait()
"""
    fill = """
for i in range(8):
    with open(f"fill{i}.bin", "wb") as f:
        f.write(b"x" * (15 * 2**20))
"""
    settings = GraderSettings(cell_seconds=20, processes=64, disk_bytes=64 * 2**20)
    with Sandbox([("spawn", spawn), ("fill", fill), ("after", "y = 2")], settings) as sb:
        outcomes = {o.label: o for o in sb.start()}
    assert outcomes["spawn"].error["kind"] == "BlockingIOError", outcomes["spawn"].error
    assert outcomes["fill"].error["kind"] == "OSError" and "No space left" in outcomes["fill"].error["message"]
    assert outcomes["after"].error is None and outcomes["after"].skipped is None


def test_hanging_cells_cannot_exceed_the_notebooks_budget():
    """Each hanging cell costs its limit once per replay; the notebook's budget bounds the sum."""
    hang = "import time\ntime.sleep(60)"
    cells = [("hang 1", hang), ("hang 2", hang), ("hang 3", hang), ("answer", "def adam(w, g, s, **k):\n    return w")]
    settings = GraderSettings(cell_seconds=3, exercise_seconds=3, notebook_seconds=8)
    start = time.monotonic()
    with Sandbox(cells, settings) as sb:
        outcomes = sb.start()
        results = verdicts(sb)
    elapsed = time.monotonic() - start
    assert elapsed < 8 + 4, elapsed
    assert outcomes[0].skipped == "stopped after 3 s"
    assert outcomes[-1].skipped == "the notebook's 8 s of grading time ran out"
    assert all("grading time were used up" in v.message for v in results)


# -- the grader trusts nothing it receives --------------------------------------------------------


@pytest.mark.parametrize(
    "frame",
    [
        "struct.pack('>Q', 32 * 2**20)",  # a 32 MiB reply announced
        "struct.pack('>Q', 200_000) + b'[' * 100_000 + b']' * 100_000",  # 100k deep
        "struct.pack('>Q', 9) + b'not json!'",
        "wire.encode({'op': 'collected', 'data': {'trajectories': 'nonsense', 'state_keys': 3}})",
    ],
    ids=["huge", "deep", "garbage", "malformed"],
)
def test_forged_replies_cost_only_the_exercise(frame):
    forger = f"""
import os, struct, sys, time
from autograder.sandbox import wire
def adam(w, g, state, **kw):
    fd = int(open("/proc/self/cmdline", "rb").read().split(b"\\0")[5])
    sys.setrecursionlimit(10**6)
    os.write(fd, {frame})
    time.sleep(30)
"""
    before = _max_rss()
    honest = examples.solutions("01_optimizers")["sgd"]
    with Sandbox([SETUP, ("forger", forger), ("honest", honest)], FAST) as sb:
        sb.start()
        forged = verdicts(sb)
        honest = verdicts(sb, "sgd")
    assert not any(v.passed for v in forged)
    assert "which refused it" in forged[0].message or "could not be checked" in forged[0].message, forged[0].message
    assert all(v.passed for v in honest), [v.message for v in honest]  # the sandbox recovered
    assert _max_rss() - before < 300 * 2**20


def _max_rss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def test_signals_from_the_sandbox_cannot_reach_its_parent():
    with Sandbox([("kill", f"import os\nos.kill({os.getppid()}, 9)")], FAST) as sb:
        (outcome,) = sb.start()
    assert outcome.error["kind"] == "ProcessLookupError"
    os.kill(os.getppid(), 0)  # still there
