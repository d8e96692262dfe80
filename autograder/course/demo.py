"""``python -m autograder demo``: build, then grade four example students and print the table.

- ``ada`` handed in every notebook answered correctly, the written questions with the model
  answers (graded by hand: ``ungraded`` until an instructor does, in formgrader);
- ``ben`` made one typical mistake per graded function (each family's ``crafted.py``: ``TYPICAL``);
- ``cleo`` handed in the release untouched;
- ``dan`` handed in broken work: a syntax error, an endless loop, a cell calling ``sys.exit()``,
  a notebook that is not valid JSON and a missing one — graded around, never crashing the run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from autograder.course import examples, layout
from autograder.settings import GraderSettings

STUDENTS = {
    "ada": "every answer correct, the written ones to grade by hand",
    "ben": "one typical mistake per function",
    "cleo": "the release, untouched",
    "dan": "broken work: syntax error, endless loop, sys.exit, invalid JSON, missing notebook",
}


def _dan(folder: Path) -> None:
    """Broken in every way a notebook can be: notebook 1 has a syntax error (``sgd``), an endless
    loop (``adagrad``) and a cell calling ``sys.exit()``; notebook 2 is missing; notebook 3 is
    not valid JSON; notebook 4 is correct."""
    from nbformat.v4 import new_code_cell

    answers = dict(examples.solutions("01_optimizers"))
    answers["sgd"] = answers["sgd"].replace("def sgd(", "def sgd(:", 1)
    answers["adagrad"] = answers["adagrad"].splitlines()[0] + "\n    while True:\n        pass\n"
    nb = examples.answered("01_optimizers", answers)
    nb.cells.append(new_code_cell("import sys\nsys.exit('done for today')"))
    examples.write(folder, "01_optimizers", nb)
    (folder / "03_initialization.ipynb").write_text('{"cells": [{"cell_type": "code", "source": ')
    examples.write(folder, "04_regularization", examples.correct("04_regularization"))


def make_submissions(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    assignments = layout.assignments()
    for assignment in assignments:
        ada = examples.answered(assignment, {**examples.solutions(assignment), **examples.written(assignment)})
        examples.write(folder / "ada", assignment, ada)
        examples.write(folder / "ben", assignment, examples.with_mistakes(assignment))
        examples.write(folder / "cleo", assignment, examples.release(assignment))
    _dan(folder / "dan")
    return folder


def demo(out: Path, jobs: int = 2, build_first: bool = True) -> int:
    from autograder.course.build import build
    from autograder.course.grade import grade
    from autograder.course.notes import summary
    from autograder.course.progress import printable
    from autograder.report.table import format_table

    if build_first:
        report = build()
        print(f"build: {len(report.written)} notebook(s) written, {len(report.unchanged)} already current")
    submissions = make_submissions(out / "submissions")
    print("example students:\n" + "\n".join(f"  {k:5} {v}" for k, v in STUDENTS.items()))
    # dan's endless loop would hold the class for the default minute: the demo waits 10 s
    run = grade(submissions, out, jobs=jobs, settings=GraderSettings(exercise_seconds=10.0, cell_seconds=10.0))
    print()
    print(format_table(run.details))
    print()
    for student in ("ben", "dan"):
        print(f"what {student} reads:")
        for row in run.details:
            if row[0] == student and row[6] == "auto" and row[3] != row[4]:
                print(f"  {row[2]:>22}: {row[5][:160]}")
    if lines := summary(run.notes, str(out / "grades.csv"), printable):
        print("\n" + "\n".join(lines))
    print(f"\nCSV: {out / 'grades.csv'}, {out / 'grades_detail.csv'}; feedback: {out / 'feedback'}")
    return 1 if run.failures else 0
