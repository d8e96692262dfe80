"""A corpus of crafted submissions graded by the real pipeline, each with its exact expected score.

Every student below is notebook 1 (five optimizers, 2 points each) built from the release: the
answers named are the source's correct ones, the rest stay unanswered, and one attack or accident
is added on top. The expected scores follow from that construction alone: a correct answer is
worth its 2 points whatever else the notebook does, an unanswered or broken one 0.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_output

from autograder.course import examples, layout
from autograder.course.grade import grade
from autograder.settings import GraderSettings

# the demo and the corpus each grade with two workers: on one xdist worker, one after the other,
# so that two classes are never graded at once on the 2 cores (their limits are wall-clock)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading")]

NB = "01_optimizers"
EXERCISES = ["sgd", "adagrad", "rmsprop", "adadelta", "adam"]
ALL = set(EXERCISES)
CORPUS_SETTINGS = GraderSettings(cell_seconds=10.0, exercise_seconds=15.0, notebook_seconds=60.0)
ESCAPEE = f"escapee-{os.getpid()}"  # in the command line of the process a hostile student leaves behind


def notebook(correct=ALL, replace=None, add=()):
    """The release with ``correct`` answered from the source, ``replace`` answers set verbatim,
    and ``add`` cells appended (student-added cells)."""
    answers = {k: v for k, v in examples.solutions(NB).items() if k in correct}
    answers.update(replace or {})
    nb = examples.answered(NB, answers)
    nb.cells.extend(new_code_cell(src) for src in add)
    return nb


def check_cell(nb, exercise):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"test_{exercise}")


def edited_tests():
    nb = notebook({"sgd"})
    check_cell(nb, "adagrad").source = "print('passed')"
    check_cell(nb, "rmsprop").metadata.nbgrader["points"] = 100
    check_cell(nb, "adam").metadata.nbgrader["checksum"] = "0" * 32
    nb.cells.remove(check_cell(nb, "adadelta"))
    nb.cells.append(
        new_code_cell(
            "print('bonus')",
            metadata={
                "nbgrader": {
                    "grade": True,
                    "grade_id": "test_bonus",
                    "locked": True,
                    "points": 50,
                    "schema_version": 3,
                    "solution": False,
                    "task": False,
                }
            },
        )
    )
    return nb


def forged_outputs():
    nb = notebook({"sgd"})
    for exercise in EXERCISES:
        check_cell(nb, exercise).outputs = [new_output("execute_result", data={"text/plain": "2"}, execution_count=1)]
    return nb


def solution_as_grade_cell():
    nb = notebook({"sgd"})
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "adam")
    cell.metadata.nbgrader.update(grade=True, points=10)
    return nb


def with_kernel(name):
    nb = notebook()
    nb.metadata.kernelspec = {"name": name, "display_name": name, "language": "julia"}
    return nb


def renamed_function():
    source = examples.solutions(NB)["adam"].replace("def adam(", "def adam_optimizer(")
    return notebook(ALL - {"adam"}, {"adam": source})


def helper_in_added_cell():
    source = examples.solutions(NB)["adam"]
    return notebook(
        ALL - {"adam"},
        {"adam": "def adam(*args, **kwargs):\n    return _my_adam(*args, **kwargs)"},
        add=[source.replace("def adam(", "def _my_adam(")],
    )


def body(exercise, lines):
    """The answer's def line with a new body (keeps the signature the student was given)."""
    head = examples.solutions(NB)[exercise].split("\n")[0]
    return head + "\n" + "\n".join("    " + line for line in lines)


TAMPER = {
    "numpy and builtins": "import builtins, numpy as np\nnp.allclose = lambda *a, **k: True\n"
    "np.isclose = lambda *a, **k: True\nnp.testing.assert_allclose = lambda *a, **k: None\n"
    "builtins.AssertionError = type('AssertionError', (Exception,), {})\n"
    "builtins.abs = lambda x: 0",
    "grader and helpers": "import autograder.checks, autograder.exercises, helpers.training\n"
    "autograder.checks.check = lambda *a, **k: None\n"
    "autograder.exercises.judge = lambda *a, **k: None\n"
    "helpers.training.fit = None",
    "ipython hooks": "ip = get_ipython()\nip.set_custom_exc((BaseException,), lambda *a, **k: None)\n"
    "ip.input_transformers_post.append(lambda lines: ['pass\\n'])",
    "fake output": "print('All tests passed! 10/10 points')\nfrom IPython.display import display, HTML\n"
    "display(HTML('<b>PASS adam: 2/2 points</b>'))",
    "files": "import os, glob\n"
    "for path in ['../grades.csv', '/tmp/grades.csv', os.path.expanduser('~/../gradebook.db')]:\n"
    "    try:\n        open(path, 'w').write('student,100')\n    except OSError:\n        pass\n"
    "for db in glob.glob('/proc/*/cwd/gradebook.db'):\n"
    "    try:\n        open(db, 'w').write('')\n    except OSError:\n        pass",
}

KILLER = """
import os, time
while True:
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if b"sandbox.child" in open(f"/proc/{pid}/cmdline", "rb").read() and int(pid) != %d:
                os.kill(int(pid), 9)
        except OSError:
            pass
    time.sleep(0.05)
"""


def with_first_line(exercise: str, line: str) -> str:
    """The source's correct answer with ``line`` run first in its body."""
    head, rest = examples.solutions(NB)[exercise].split("\n", 1)
    return f"{head}\n    {line}\n{rest}"


# Attacks on the grader by a student who has read this repository (issue 12's classes), each
# answering some exercises correctly so that the score shows what the attack earned.
HOSTILE = {
    "keras in a thread": (  # the in-process guard watched only the calling thread
        lambda: notebook(
            ALL - {"adam"},
            {
                "adam": body(
                    "adam",
                    [
                        "import threading",
                        "def work():",
                        "    import keras",
                        "    adam = keras.optimizers.Adam(learning_rate, beta_1, beta_2, epsilon)",
                        "    opt = state.setdefault('opt', adam)",
                        "    var = state.setdefault('var', keras.Variable(w))",
                        "    opt.apply_gradients([(g, var)])",
                        "    state['w'] = var.numpy()",
                        "t = threading.Thread(target=work)",
                        "t.start()",
                        "t.join()",
                        "return state['w']",
                    ],
                )
            },
        ),
        {**dict.fromkeys(EXERCISES, 2.0), "adam": 0.0},
    ),
    "keras in a subprocess": (
        lambda: notebook(
            ALL - {"sgd"},
            {
                "sgd": body(
                    "sgd",
                    [
                        "import json, subprocess, sys",
                        "code = ('import json, sys, keras; w, g, lr = json.load(sys.stdin); v = keras.Variable(w); '",
                        "        'keras.optimizers.SGD(lr).apply_gradients([(keras.ops.array(g), v)]); '",
                        "        'print(json.dumps(v.numpy().tolist()))')",
                        "out = subprocess.run([sys.executable, '-c', code], input=json.dumps([w.tolist(), g.tolist(), "
                        "learning_rate]), capture_output=True, text=True)",
                        "if out.returncode:  # the last line of the subprocess's traceback (no path in it)",
                        "    raise RuntimeError(out.stderr.strip().splitlines()[-1])",
                        "return json.loads(out.stdout)",
                    ],
                )
            },
        ),
        {**dict.fromkeys(EXERCISES, 2.0), "sgd": 0.0},
    ),
    "forged collectors": (  # nothing answered; every collector and the guard replaced
        lambda: notebook(
            set(),
            add=[
                "import autograder.calling as calling, autograder.exercises as exercises, autograder.guard as guard\n"
                "forged = lambda *a, **k: {'trajectories': [], 'state_keys': []}\n"
                "calling.collect = exercises.collect = forged\n"
                "guard.watch = guard.Watch = None"
            ],
        ),
        dict.fromkeys(EXERCISES, 0.0),
    ),
    "leaks hidden cases": (  # passes the visible cases, raises its arguments on the hidden ones
        lambda: notebook(
            ALL - {"adam"},
            {
                "adam": with_first_line(
                    "adam",
                    "if learning_rate not in (0.001, 0.01, 0.02): raise ValueError(f'LEAK {learning_rate} {w.shape}')",
                )
            },
        ),
        {**dict.fromkeys(EXERCISES, 2.0), "adam": round(2 * 5 / 7, 4)},  # hidden at lr 0.05 and 0.003 raise
    ),
    "signals and semaphores": (
        lambda: notebook(
            add=[
                "import glob, os, signal\n"
                "for pid in (os.getppid(), 1):\n"
                "    try:\n        os.kill(pid, signal.SIGKILL)\n    except OSError:\n        pass\n"
                "for name in glob.glob('/dev/shm/*'):\n    os.unlink(name)"
            ]
        ),
        dict.fromkeys(EXERCISES, 2.0),
    ),
    "setsid escapee": (  # a double-forked process that would kill the next students' processes
        lambda: notebook(
            add=[
                "import os, sys\n"
                "own = os.getpid()\n"
                "if os.fork() == 0:\n"
                "    os.setsid()\n"
                "    if os.fork() == 0:\n"
                f"        os.execv(sys.executable, [sys.executable, '-c', {KILLER!r} % own, '{ESCAPEE}'])\n"
                "    os._exit(0)\n"
                "os.wait()"
            ]
        ),
        dict.fromkeys(EXERCISES, 2.0),
    ),
    "forged reply": (  # writes a 100k-deep message into the grader's pipe
        lambda: notebook(
            ALL - {"rmsprop"},
            {
                "rmsprop": body(
                    "rmsprop",
                    [
                        "import os, struct, time",
                        "fd = int(open('/proc/self/cmdline', 'rb').read().split(b'\\0')[5])",
                        "os.write(fd, struct.pack('>Q', 200000) + b'[' * 100000 + b']' * 100000)",
                        "time.sleep(30)",
                    ],
                )
            },
        ),
        {**dict.fromkeys(EXERCISES, 2.0), "rmsprop": 0.0},
    ),
    "hanging cells": (  # each hang costs a replay: the notebook's budget ends it
        lambda: notebook(add=["import time\ntime.sleep(1000)"] * 8),
        dict.fromkeys(EXERCISES, 0.0),
    ),
}

# student folder -> (notebook builder, {exercise: expected score})
CORPUS = {
    "correct": (notebook, dict.fromkeys(EXERCISES, 2.0)),
    "untouched": (lambda: notebook(set()), dict.fromkeys(EXERCISES, 0.0)),
    **{
        f"tamper {name}": (
            (lambda src=src: notebook({"sgd"}, add=[src])),
            {**dict.fromkeys(EXERCISES, 0.0), "sgd": 2.0},
        )
        for name, src in TAMPER.items()
    },
    "edited test cells": (edited_tests, {**dict.fromkeys(EXERCISES, 0.0), "sgd": 2.0}),
    "forged outputs": (forged_outputs, {**dict.fromkeys(EXERCISES, 0.0), "sgd": 2.0}),
    "answer turned grade cell": (solution_as_grade_cell, {**dict.fromkeys(EXERCISES, 0.0), "sgd": 2.0}),
    "endless loop": (
        lambda: notebook(ALL - {"adam"}, {"adam": body("adam", ["while True:", "    pass"])}),
        {**dict.fromkeys(EXERCISES, 2.0), "adam": 0.0},
    ),
    "exits": (
        lambda: notebook(
            ALL - {"adagrad"},
            {"adagrad": body("adagrad", ["import os", "os._exit(1)"])},
            add=["import sys\nsys.exit('bye')"],
        ),
        {**dict.fromkeys(EXERCISES, 2.0), "adagrad": 0.0},
    ),
    "killed kernel": (
        lambda: notebook(add=["import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"]),
        dict.fromkeys(EXERCISES, 2.0),
    ),
    "runaway memory": (
        lambda: notebook(ALL - {"rmsprop"}, {"rmsprop": body("rmsprop", ["x = [w] * 10**10", "return w"])}),
        {**dict.fromkeys(EXERCISES, 2.0), "rmsprop": 0.0},
    ),
    "megabytes of output": (
        lambda: notebook(add=["for i in range(300000):\n    print('spam ' * 20)"]),
        dict.fromkeys(EXERCISES, 2.0),
    ),
    "syntax error": (
        lambda: notebook(ALL - {"sgd"}, {"sgd": "def sgd(w, g, state:\n    return w"}),
        {**dict.fromkeys(EXERCISES, 2.0), "sgd": 0.0},
    ),
    "name error": (
        lambda: notebook(ALL - {"adam"}, {"adam": body("adam", ["return w - undefined_thing * g"])}),
        {**dict.fromkeys(EXERCISES, 2.0), "adam": 0.0},
    ),
    "renamed function": (renamed_function, {**dict.fromkeys(EXERCISES, 2.0), "adam": 0.0}),
    "returns None": (
        lambda: notebook(ALL - {"sgd"}, {"sgd": body("sgd", ["w -= learning_rate * g"])}),
        {**dict.fromkeys(EXERCISES, 2.0), "sgd": 0.0},
    ),
    "NaNs": (
        lambda: notebook(ALL - {"adam"}, {"adam": body("adam", ["return w * float('nan')"])}),
        {**dict.fromkeys(EXERCISES, 2.0), "adam": 0.0},
    ),
    "calls keras": (
        lambda: notebook(
            ALL - {"sgd"},
            {
                "sgd": body(
                    "sgd",
                    [
                        "import keras",
                        "opt = state.setdefault('opt', keras.optimizers.SGD(learning_rate, momentum, nesterov))",
                        "var = state.setdefault('var', keras.Variable(w))",
                        "opt.apply_gradients([(g, var)])",
                        "return var.numpy()",
                    ],
                )
            },
        ),
        {**dict.fromkeys(EXERCISES, 2.0), "sgd": 0.0},
    ),
    "helper in an added cell": (helper_in_added_cell, dict.fromkeys(EXERCISES, 2.0)),
    "wrong kernel name": (lambda: with_kernel("julia-1.9"), dict.fromkeys(EXERCISES, 2.0)),
    "Zoë Müller": (notebook, dict.fromkeys(EXERCISES, 2.0)),
    **HOSTILE,
}
FILES = {  # folder layouts: student -> {file name: notebook builder or raw text}
    "renamed file": {f"{NB} (1).ipynb": notebook},
    "duplicated": {f"{NB}.ipynb": notebook, f"{NB}-Copy1.ipynb": lambda: notebook(set()), "notes.txt": "my notes"},
    "invalid json": {f"{NB}.ipynb": '{"cells": [{"cell_type": "code", "source": '},
    "empty folder": {},
}
FILE_SCORES = {"renamed file": 2.0, "duplicated": 2.0, "invalid json": 0.0, "empty folder": 0.0}


def write_corpus(folder: Path, students=None) -> Path:
    for student, (build, _) in CORPUS.items():
        if students is None or student in students:
            examples.write(folder / student, NB, build())
    for student, files in FILES.items():
        if students is None or student in students:
            (folder / student).mkdir(parents=True, exist_ok=True)
            for name, content in files.items():
                if isinstance(content, str):
                    (folder / student / name).write_text(content)
                else:
                    examples.write(folder / student, NB, content(), name=name)
    return folder


def expected(student: str) -> dict[str, float]:
    if student in CORPUS:
        return CORPUS[student][1]
    return dict.fromkeys(EXERCISES, FILE_SCORES[student])


def read_detail(out: Path) -> dict[tuple[str, str], tuple[float, str]]:
    with open(out / "grades_detail.csv", encoding="utf-8") as f:
        return {
            (r["student"], r["exercise"]): (float(r["score"]) if r["score"] else None, r["message"])
            for r in csv.DictReader(f)
            if r["notebook"] == NB
        }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("corpus")
    submissions = write_corpus(base / "submissions")
    out = base / "out"
    start = time.monotonic()
    run = grade(submissions, out, jobs=2, settings=CORPUS_SETTINGS)
    return run, out, time.monotonic() - start


def test_every_crafted_submission_gets_exactly_its_expected_score(graded):
    run, out, _ = graded
    detail = read_detail(out)
    assert not run.failures
    wrong = {
        (student, exercise): (detail[(student, exercise)][0], score)
        for student in list(CORPUS) + list(FILES)
        for exercise, score in expected(student).items()
        if detail[(student, exercise)][0] != score
    }
    assert not wrong, wrong


@pytest.mark.parametrize(
    "student, exercise, words",
    [
        ("endless loop", "adam", "stopped after 15 s"),
        ("exits", "adagrad", "process running it died"),
        ("runaway memory", "rmsprop", "ran out of memory"),
        ("syntax error", "sgd", "SyntaxError"),
        ("name error", "adam", "NameError"),
        ("renamed function", "adam", "`adam` is not defined"),
        ("returns None", "sgd", "returned None"),
        ("NaNs", "adam", "NaN or infinite"),
        ("calls keras", "sgd", "calls Keras/TensorFlow"),
        ("invalid json", "adam", "not valid JSON"),
        ("empty folder", "sgd", "no `01_optimizers.ipynb` was submitted"),
        ("untouched", "adam", "not answered yet"),
    ],
)
def test_each_failure_says_what_happened(graded, student, exercise, words):
    _, out, _ = graded
    assert words in read_detail(out)[(student, exercise)][1]


def test_feedback_exists_and_never_shows_hidden_tests(graded):
    _, out, _ = graded
    source = nbformat.read(layout.source_notebook(NB), as_version=4)
    hidden = [
        line.strip()
        for cell in source.cells
        for line in cell.source.split("### BEGIN HIDDEN TESTS")[1:]
        for line in line.split("### END HIDDEN TESTS")[0].splitlines()
        if line.strip()
    ]
    assert hidden, "the source notebook has hidden tests"
    pages = list((out / "feedback").rglob("*.html"))
    assert {p.parent.name for p in pages} >= set(CORPUS) - {"untouched"} - set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in text
        for line in hidden:
            assert line not in text, (page, line)


def test_nothing_outside_the_sandbox_was_written(graded):
    _, out, _ = graded
    assert not (out / "grades.csv").read_text().count("student,100")
    assert not Path("/tmp/grades.csv").exists()


def test_a_serial_run_without_the_sandbox_gives_identical_grades_and_says_so(graded, tmp_path, csv_rows):
    """Two workers or one, sandbox or not: the same grades for honest and clumsy students (these
    attacks are stopped by the child's own limits and Landlock too). Without the sandbox every row
    of grades.csv names the guarantees that are off."""
    run, out, _ = graded
    subset = ["correct", "untouched", "endless loop", "syntax error", "tamper files", "duplicated"]
    submissions = write_corpus(tmp_path / "submissions", subset)
    serial = tmp_path / "serial"
    log = io.StringIO()
    grade(submissions, serial, jobs=1, settings=replace(CORPUS_SETTINGS, isolation=False), log=log)
    parallel = read_detail(out)
    assert {k: v for k, v in read_detail(serial).items()} == {k: v for k, v in parallel.items() if k[0] in subset}
    assert "warning: graded without the bubblewrap sandbox, switched off (--no-isolation)" in log.getvalue()
    rows = csv_rows(serial / "grades.csv")
    assert rows and all("may reach TensorFlow/Keras from a thread or a subprocess" in r["notes"] for r in rows)
    assert all("bubblewrap" not in r["notes"] for r in csv_rows(out / "grades.csv"))


def parent_of(pid) -> int | None:
    """Parent pid of a running process, from Linux's /proc; None once it has exited (a zombie
    has too)."""
    try:
        state, ppid = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[:2]
    except (OSError, ValueError):
        return None
    return None if state in "ZX" else int(ppid)


def children(pid: int) -> list[int]:
    return [int(p.name) for p in Path("/proc").glob("[0-9]*") if parent_of(p.name) == pid]


def wait_until(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)


def test_an_interrupted_run_finishes_where_it_stopped_and_a_resubmission_replaces_its_grade(tmp_path):
    students = ["correct", "untouched", "syntax error", "name error"]
    submissions = write_corpus(tmp_path / "submissions", students)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "autograder", "grade", str(submissions), "--out", str(out), "--jobs", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = out / "course" / ".done"
    wait_until(lambda: any(done.glob("*.json")), seconds=240)
    workers = children(proc.pid)  # the grading worker and multiprocessing's resource tracker
    proc.kill()
    proc.wait()
    finished = len(list(done.glob("*.json")))
    assert 1 <= finished < len(students), "the kill landed after the first student and before the last"
    assert workers, "the grader's worker was found (this check reads Linux's /proc)"
    wait_until(lambda: all(parent_of(w) is None for w in workers), seconds=30)
    left = [w for w in workers if parent_of(w) is not None]
    assert not left, f"processes of the killed grader still running: {left}"

    again = grade(submissions, out, jobs=1)
    assert again.skipped == finished and again.graded == len(students) - finished
    for student in students:
        for exercise, score in expected(student).items():
            assert read_detail(out)[(student, exercise)][0] == score

    examples.write(submissions / "untouched", NB, notebook())  # a corrected re-submission
    third = grade(submissions, out, jobs=1)
    assert third.graded == 1 and third.skipped == len(students) - 1
    assert all(read_detail(out)[("untouched", e)][0] == 2.0 for e in EXERCISES)
    rows = list(csv.DictReader(open(out / "grades.csv", encoding="utf-8")))
    assert sum(r["student"] == "untouched" and r["notebook"] == NB for r in rows) == 1


def test_the_corpus_grades_exactly_as_recorded(graded, same_as_golden):
    """Every score and message of ``grades.csv`` and ``grades_detail.csv`` is the one recorded in
    ``golden/`` (moving code changes none of them)."""
    same_as_golden(graded[1], "corpus")


def test_hidden_inputs_never_reach_a_report(graded):
    """The hostile answer raises its arguments on the hidden cases only: the report says which
    kind of thing happened on "hidden case", never what the student's code put in the message."""
    _, out, _ = graded
    score, message = read_detail(out)[("leaks hidden cases", "adam")]
    assert "hidden case: raised ValueError" in message and score == round(2 * 5 / 7, 4)
    for path in [out / "grades_detail.csv", *(out / "feedback" / "leaks hidden cases").rglob("*.html")]:
        text = path.read_text(encoding="utf-8")  # the feedback shows the answer's code: f'LEAK {...}'
        assert "LEAK 0." not in text, path


def test_no_process_a_student_started_outlives_the_run(graded):
    left = [p.name for p in Path("/proc").glob("[0-9]*") if ESCAPEE.encode() in _cmdline(p)]
    assert not left, f"processes started by a student's code still running: {left}"


def _cmdline(proc: Path) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""


def test_a_notebook_of_hanging_cells_ends_with_its_budget(graded):
    """Eight cells that each hang would cost eight 10-s timeouts and as many replays; the notebook's
    60-s budget ends its grading, and says so."""
    run, out, _ = graded
    assert "grading time were used up" in read_detail(out)[("hanging cells", "sgd")][1]
    assert run.seconds["hanging cells"] < CORPUS_SETTINGS.notebook_seconds + 30


def test_a_worker_killed_mid_student_costs_no_student_a_grade(graded):
    """A grading worker is killed (SIGKILL) while it grades a student: that student is graded again
    alone in a fresh worker, the others go on, nobody's grade is lost. Last in this module: it
    grades three more students into the corpus's course, whose CSVs then list only those three."""
    _, out, _ = graded
    victims = {"victim a": notebook, "victim b": lambda: notebook(set()), "victim c": notebook}
    submissions = out.parent / "victims"
    for student, build in victims.items():
        examples.write(submissions / student, NB, build())
    log, result, killed = io.StringIO(), {}, []

    def run_grade():
        try:
            result["run"] = grade(submissions, out, jobs=2, settings=CORPUS_SETTINGS, log=log)
        except BaseException as exc:  # noqa: BLE001 - shown by the assertion below
            result["error"] = exc

    runner = threading.Thread(target=run_grade)
    runner.start()

    def kill_a_busy_worker() -> bool:
        for worker in children(os.getpid()):
            if b"spawn_main" in _cmdline(Path(f"/proc/{worker}")) and children(worker):
                os.kill(worker, signal.SIGKILL)
                killed.append(worker)
                return True
        return False

    wait_until(kill_a_busy_worker, seconds=300)
    runner.join(timeout=600)
    assert killed, "no busy worker was found to kill: the test proves nothing"
    assert "run" in result, f"grade did not finish: {result.get('error')!r}\n{log.getvalue()}"
    run = result["run"]
    assert "a grading worker died" in log.getvalue()
    assert not run.failures
    detail = read_detail(out)
    for student in victims:
        expected_score = 0.0 if student == "victim b" else 2.0
        assert all(detail[(student, e)][0] == expected_score for e in EXERCISES), student
