"""The course's benchmark: one run on this machine, medians and ratios, written to bench/results.md.

    python bench/run.py [--repeat 3] [--students 20] [--only notebooks,...] [--baseline CHECKOUT]

- notebooks: each solution notebook executed end to end in a fresh kernel (nbclient), total and
  slowest cell, against its budget;
- startup: Python + TensorFlow import, and a Jupyter kernel's start;
- checks: every graded check of a correct submission (plan, inputs, student calls, Keras
  references, verdicts) in one warm process — the work grading cannot avoid;
- grading: N copies of a correct full submission graded with ``--jobs 1`` and ``--jobs 2``,
  N/2 copies with ``--jobs 2`` (linearity), one student's notebook 1, and plain ``nbgrader
  autograde`` (every notebook executed in its kernel) on the same N, against the floor
  (kernel start + TensorFlow import + the checks);
- hardening: ``--jobs 2`` on N/2 students with and without the bubblewrap sandbox, and with the
  grader of ``--baseline`` (a checkout from before a change, with its own ``.venv``), interleaved;
- install: the size of the virtual environment;
- landscapes: notebook 2's animation build and slider redraw.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench/ is run as a script from a checkout
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

ALL_PARTS = ("notebooks", "startup", "checks", "grading", "hardening", "install", "landscapes")
BUDGETS = {  # assignment -> (total seconds, slowest cell seconds), from the issues
    "01_optimizers": (40, 10),
    "02_landscapes": (30, 10),
    "03_initialization": (45, 10),
    "04_regularization": (60, 15),
}


def median(values):
    return statistics.median(values) if values else float("nan")


def timed(fn, repeat):
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


# ----------------------------------------------------------------------------- notebooks


def run_notebook(path: Path, env_extra=None):
    import nbclient
    import nbformat
    from traitlets.config import Config

    from autograder.course.config import quiet_kernels

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    env = {**os.environ, **(env_extra or {})}
    client = nbclient.NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=True,
        resources={"metadata": {"path": str(path.parent)}},
        config=quiet_kernels(Config()),
    )
    start = time.perf_counter()
    old = dict(os.environ)
    os.environ.update(env)
    try:
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    total = time.perf_counter() - start
    cells = []
    for i, cell in enumerate(nb.cells):
        timing = cell.metadata.get("execution", {})
        if cell.cell_type == "code" and "shell.execute_reply" in timing:
            t0 = datetime.datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
            t1 = datetime.datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
            cells.append(
                ((t1 - t0).total_seconds(), i, cell.source.strip().splitlines()[0][:60] if cell.source.strip() else "")
            )
    return total, max(cells) if cells else (0.0, -1, "")


def bench_notebooks(repeat):
    from autograder.course import layout

    rows = []
    for assignment in layout.assignments():
        totals, slowest = [], []
        for _ in range(repeat):
            total, cell = run_notebook(layout.source_notebook(assignment))
            totals.append(total)
            slowest.append(cell)
        worst = max(slowest)
        budget = BUDGETS.get(assignment, (float("nan"), float("nan")))
        rows.append(
            {
                "notebook": assignment,
                "total_s": median(totals),
                "runs": totals,
                "slowest_cell_s": median([c[0] for c in slowest]),
                "slowest_cell": f"#{worst[1]} `{worst[2]}`",
                "budget_total_s": budget[0],
                "budget_cell_s": budget[1],
            }
        )
        print(
            f"notebook {assignment}: {median(totals):.1f} s, slowest cell {median([c[0] for c in slowest]):.1f} s",
            flush=True,
        )
    return rows


# ----------------------------------------------------------------------------- start-up costs


def bench_startup(repeat):
    py = sys.executable
    tf = timed(lambda: subprocess.run([py, "-c", "import tensorflow"], check=True), repeat)
    bare = timed(lambda: subprocess.run([py, "-c", "import numpy"], check=True), repeat)

    def kernel():
        from jupyter_client.manager import start_new_kernel

        km, kc = start_new_kernel(kernel_name="python3")
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    kernels = timed(kernel, repeat)
    result = {
        "tensorflow_import_s": median(tf) - median(bare),
        "python_numpy_s": median(bare),
        "kernel_start_s": median(kernels),
    }
    print(f"startup: {result}", flush=True)
    return result


# ----------------------------------------------------------------------------- the checks


def bench_checks(repeat):
    """Every graded check of a correct submission, in a fresh process (Keras references included)."""
    code = r"""
import json, time, helpers
start = time.perf_counter()
import keras
from autograder.course import examples, layout
from autograder.course.grading import plan
from autograder.checks import run_here
import nbformat
tf_done = time.perf_counter()
for assignment in layout.assignments():
    namespace = {}
    exec(compile("import numpy as np\nimport keras", "setup", "exec"), namespace)
    for source in examples.solutions(assignment).values():
        exec(compile(source, assignment, "exec"), namespace)
    nb = nbformat.read(layout.source_notebook(assignment), as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            for name, cases in plan(cell.source):
                run_here(name, namespace[name], cases)
print(json.dumps({"checks_s": time.perf_counter() - tf_done}))
"""
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1])["checks_s"])
    print(f"checks: {median(runs):.1f} s", flush=True)
    return {"checks_s": median(runs), "runs": runs}


# ----------------------------------------------------------------------------- grading


def make_class(folder: Path, n: int, assignments=None):
    from autograder.course import examples, layout

    for i in range(n):
        for assignment in assignments or layout.assignments():
            examples.write(folder / f"student{i:02d}", assignment, examples.correct(assignment))
    return folder


def grade_cli(submissions, out, jobs, *options, checkout: Path = ROOT):
    """Seconds of ``python -m autograder grade`` run from ``checkout`` with its own ``.venv``."""
    python = checkout / ".venv" / "bin" / "python" if checkout != ROOT else Path(sys.executable)
    start = time.perf_counter()
    subprocess.run(
        [str(python), "-m", "autograder", "grade", str(submissions), "--out", str(out), "--jobs", str(jobs), *options],
        check=True,
        cwd=checkout,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def bench_hardening(n, repeat, baseline: Path | None):
    """What the sandbox costs: ``--jobs 2`` on ``n`` students with and without bubblewrap, and
    (``baseline``: a checkout of the grader before the hardening, with its own ``.venv``) the old
    grader on the same class; runs interleaved, medians."""
    configs = {"sandbox": ((), ROOT), "no sandbox": (("--no-isolation",), ROOT)}
    if baseline is not None:
        configs["before the hardening"] = ((), baseline)
    runs: dict[str, list[float]] = {name: [] for name in configs}
    with tempfile.TemporaryDirectory(prefix="bench-hardening-") as tmp:
        subs = make_class(Path(tmp) / "class", n)
        for i in range(repeat):
            for name, (options, checkout) in configs.items():
                runs[name].append(grade_cli(subs, Path(tmp) / f"out-{name}-{i}", 2, *options, checkout=checkout))
                print(f"hardening: {name}, run {i + 1}: {runs[name][-1]:.1f} s", flush=True)
    return {"students": n, "runs": runs, "medians": {name: median(r) for name, r in runs.items()}}


def plain_nbgrader(submissions: Path, work: Path, n: int) -> float:
    """nbgrader's stock pipeline: every notebook executed in a kernel, test cells deciding."""
    from autograder.course import layout

    course = work / "plain"
    (course / "source").mkdir(parents=True)
    for assignment in layout.assignments():
        shutil.copytree(layout.SOURCE / assignment, course / "source" / assignment)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'plain'\nc.Execute.timeout = 600\n"
    )
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}

    def nbgrader(*args):
        subprocess.run(
            [sys.executable, "-m", "nbgrader", *args],
            check=True,
            cwd=course,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    for assignment in layout.assignments():
        nbgrader("generate_assignment", assignment, "--force")
    for student in sorted(p.name for p in submissions.iterdir()):
        for assignment in layout.assignments():
            target = course / "submitted" / student / assignment
            target.mkdir(parents=True)
            shutil.copy(submissions / student / f"{assignment}.ipynb", target)
    start = time.perf_counter()
    for assignment in layout.assignments():
        nbgrader("autograde", assignment, "--force")
    return time.perf_counter() - start


def bench_grading(n, floor_s, repeat, with_plain=True):
    result = {"students": n}
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        tmp = Path(tmp)
        subs = make_class(tmp / "class", n)
        half = make_class(tmp / "half", max(n // 2, 1))
        one = make_class(tmp / "one", 1, ["01_optimizers"])
        runs = [grade_cli(one, tmp / f"out-one-{i}", 1) for i in range(repeat)]  # a new course each time
        result["one_student_nb1_s"], result["one_student_nb1_runs"] = median(runs), runs
        print(f"grading: one student's notebook 1: {result['one_student_nb1_s']:.1f} s", flush=True)
        result["jobs1_s"] = grade_cli(subs, tmp / "out-j1", 1)
        print(f"grading: {n} students --jobs 1: {result['jobs1_s']:.1f} s", flush=True)
        result["jobs2_s"] = grade_cli(subs, tmp / "out-j2", 2)
        print(f"grading: {n} students --jobs 2: {result['jobs2_s']:.1f} s", flush=True)
        result["jobs2_half_s"] = grade_cli(half, tmp / "out-half", 2)
        result["rerun_s"] = grade_cli(subs, tmp / "out-j2", 2)  # everything kept: the resume path
        if with_plain:
            result["plain_nbgrader_s"] = plain_nbgrader(subs, tmp, n)
            print(f"grading: plain nbgrader autograde: {result['plain_nbgrader_s']:.1f} s", flush=True)
    result["per_student_jobs1_s"] = result["jobs1_s"] / n
    result["per_student_jobs2_s"] = result["jobs2_s"] / n
    result["speedup_jobs2"] = result["jobs1_s"] / result["jobs2_s"]
    result["floor_s"] = floor_s
    result["per_student_over_floor"] = result["per_student_jobs1_s"] / floor_s
    result["linearity_half_vs_full"] = (result["jobs2_s"] / n) / (result["jobs2_half_s"] / max(n // 2, 1))
    if "plain_nbgrader_s" in result:
        result["per_student_plain_s"] = result["plain_nbgrader_s"] / n
    return result


# ----------------------------------------------------------------------------- install, landscapes


def bench_install():
    venv = Path(sys.prefix)
    size = sum(p.stat().st_size for p in venv.rglob("*") if p.is_file() and not p.is_symlink())
    return {"venv": str(venv), "size_mb": size / 2**20}


def bench_landscapes(repeat):
    """Notebook 2's interactions: building its race animation, slider redraws."""
    from bench.notebook2 import measure

    return measure(repeat)


# ----------------------------------------------------------------------------- report


def machine():
    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"
    )


def write_markdown(results, path: Path):
    lines = [
        "# Benchmark results\n",
        f"Measured {results['date']} on {results['machine']}; "
        f"medians of {results['repeat']} runs unless noted; one run of `python bench/run.py`.\n",
    ]
    if "notebooks" in results:
        lines += [
            "## Solution notebooks, end to end (fresh kernel, TensorFlow import included)\n",
            "| notebook | total (s) | budget | slowest cell (s) | budget | slowest cell |",
            "|---|---|---|---|---|---|",
        ]
        for r in results["notebooks"]:
            lines.append(
                f"| {r['notebook']} | {r['total_s']:.1f} | ≤ {r['budget_total_s']} | {r['slowest_cell_s']:.1f} | "
                f"≤ {r['budget_cell_s']} | {r['slowest_cell']} |"
            )
        lines.append("")
    if "startup" in results:
        s = results["startup"]
        lines += [
            "## Start-up\n",
            "| what | seconds |",
            "|---|---|",
            f"| Python + NumPy | {s['python_numpy_s']:.2f} |",
            f"| TensorFlow import (over that) | {s['tensorflow_import_s']:.2f} |",
            f"| Jupyter kernel start | {s['kernel_start_s']:.2f} |",
            "",
        ]
    if "checks" in results:
        lines += [
            f"All graded checks of a correct submission (4 notebooks, Keras references included, warm process): "
            f"**{results['checks']['checks_s']:.1f} s**.\n"
        ]
    if "hardening" in results:
        h = results["hardening"]
        medians, per = h["medians"], {name: m / h["students"] for name, m in h["medians"].items()}
        lines += [
            "## What the sandbox costs\n",
            f"Measured {h['date']}: `grade --jobs 2` on {h['students']} copies of a correct full submission, "
            "each configuration run "
            f"{len(next(iter(h['runs'].values())))} times, interleaved (medians).\n",
            "| grader | total (s) | per student (s) | ratio to the sandbox |",
            "|---|---|---|---|",
            *(
                f"| {name} | {medians[name]:.1f} | {per[name]:.2f} | {medians[name] / medians['sandbox']:.2f} |"
                for name in medians
            ),
            "",
        ]
    if "grading" in results:
        g = results["grading"]
        lines += [
            "## Grading a class\n",
            f"{g['students']} copies of a correct full submission (all notebooks).\n",
            "| run | total (s) | per student (s) | ratio |",
            "|---|---|---|---|",
            f"| floor: kernel start + TensorFlow import + checks | | {g['floor_s']:.1f} | 1.00 |",
            f"| `grade --jobs 1` | {g['jobs1_s']:.1f} | {g['per_student_jobs1_s']:.2f} | "
            f"{g['per_student_over_floor']:.2f} × floor |",
            f"| `grade --jobs 2` | {g['jobs2_s']:.1f} | {g['per_student_jobs2_s']:.2f} | "
            f"speed-up {g['speedup_jobs2']:.2f} × |",
            f"| `grade --jobs 2`, {g['students'] // 2} students | {g['jobs2_half_s']:.1f} | "
            f"{g['jobs2_half_s'] / max(g['students'] // 2, 1):.2f} | "
            f"per-student ratio full/half {g['linearity_half_vs_full']:.2f} |",
            f"| `grade` again, nothing changed (resume) | {g['rerun_s']:.1f} | | |",
        ]
        if "plain_nbgrader_s" in g:
            lines.append(
                f"| plain `nbgrader autograde` (notebooks executed in kernels) | {g['plain_nbgrader_s']:.1f} | "
                f"{g['per_student_plain_s']:.2f} | "
                f"{g['per_student_plain_s'] / g['per_student_jobs1_s']:.2f} × `--jobs 1` |"
            )
        lines += [
            "",
            f"One student's notebook 1 alone (`grade --jobs 1` into a new course folder: course set-up, "
            f"worker start and TensorFlow import included; median of {len(g['one_student_nb1_runs'])}): "
            f"**{g['one_student_nb1_s']:.1f} s**.\n",
        ]
    if "install" in results:
        lines += [f"## Install size\n\nThe virtual environment: **{results['install']['size_mb']:.0f} MB**.\n"]
    if results.get("landscapes"):
        land = results["landscapes"]
        rows = [
            ("saddle race computed (8 optimizers × 150 steps)", land["saddle_race_s"], "s", ""),
            ("its animation drawn (JavaScript player)", land["saddle_animation_s"], "s", ""),
            ("one animation, race + drawing", land["saddle_race_s"] + land["saddle_animation_s"], "s", "≤ 5 s"),
            ("the player's size", land["saddle_animation_mb"], "MB", ""),
            ("slider move → redraw, median", land["slider_redraw_median_s"], "s", "< 0.5 s"),
            (
                "slider move → redraw, slowest (a κ move redraws the contours)",
                land["slider_redraw_max_s"],
                "s",
                "< 0.5 s",
            ),
        ]
        lines += [
            "## Notebook 2 interactions (in the Python process; the browser adds its drawing)\n",
            "| what | value | budget |",
            "|---|---|---|",
        ]
        lines += [f"| {what} | {value:.2f} {unit} | {budget} |" for what, value, unit, budget in rows] + [""]
    path.write_text("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--only", default=",".join(ALL_PARTS))
    parser.add_argument(
        "--baseline",
        type=Path,
        help="hardening: also time this checkout's grader (with its own .venv), e.g. a worktree of an older commit",
    )
    parser.add_argument("--no-plain", action="store_true", help="skip plain nbgrader (the slowest part)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    args = parser.parse_args()
    only = set(args.only.split(","))
    previous = ROOT / "bench" / "results.json"
    kept = json.loads(previous.read_text()) if previous.exists() and only != set(ALL_PARTS) else {}
    # a partial run keeps the other sections of the last full one (each section says when it was measured)
    results = {**kept, "date": datetime.date.today().isoformat(), "machine": machine(), "repeat": args.repeat}
    if "notebooks" in only:
        results["notebooks"] = bench_notebooks(args.repeat)
    if "startup" in only or "grading" in only:
        results["startup"] = bench_startup(args.repeat)
    if "checks" in only or "grading" in only:
        results["checks"] = bench_checks(args.repeat)
    if "grading" in only:
        s = results["startup"]
        floor = s["kernel_start_s"] + s["tensorflow_import_s"] + results["checks"]["checks_s"]
        results["grading"] = bench_grading(args.students, floor, args.repeat, with_plain=not args.no_plain)
    if "hardening" in only:
        results["hardening"] = bench_hardening(max(args.students // 2, 2), args.repeat, args.baseline)
        results["hardening"]["date"] = results["date"]
    if "install" in only:
        results["install"] = bench_install()
    if "landscapes" in only:
        results["landscapes"] = bench_landscapes(args.repeat)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=1, default=str))
    write_markdown(results, Path(args.out))
    print(Path(args.out).read_text())


if __name__ == "__main__":
    main()
