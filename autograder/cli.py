"""``python -m autograder <command>``: thin commands over ``autograder.course``.

build                     source/ -> notebooks/ (release) + solutions/ (executed)
grade SUBMISSIONS --out OUT [--jobs N]
                          grade every student folder with nbgrader; CSVs + feedback in OUT
export --out OUT          grades.csv / grades_detail.csv again from OUT's gradebook, with the
                          written answers graded since in formgrader
demo [--out OUT]          build, then grade the bundled example submissions and print a table
bundle OUT                what students receive: notebooks, helpers, visible checks, environment
slides [--out OUT] [--no-code]
                          reveal.js decks of the solution notebooks, for a room without network
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from autograder.settings import DEFAULTS, GraderSettings


class _Parser(argparse.ArgumentParser):
    """Argument errors on one line (argparse prints its usage first): what is wrong, and where
    the options are listed."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a whole number: give 1 or more") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is fewer than 1: give 1 or more (at most the number of cores)")
    return value


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a number: give a positive number") from None
    if not value > 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"{text} is not positive: give a positive number")
    return value


def _quiet() -> None:
    from helpers.env import quiet_tensorflow

    quiet_tensorflow()
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)  # nbgrader's gradebook, harmless


def _settings(args) -> GraderSettings:
    return GraderSettings(
        cell_seconds=args.cell_timeout,
        exercise_seconds=args.exercise_timeout,
        notebook_seconds=args.notebook_timeout,
        memory_bytes=int(args.memory_gb * 2**30),
        isolation=not args.no_isolation,
    )


def cmd_build(args) -> int:
    from autograder.course.build import build

    report = build(force=args.force, solutions=not args.no_solutions)
    for path in report.written:
        print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    print(
        f"{len(report.written)} written, {len(report.unchanged)} unchanged"
        + "".join(f"; {a} executed in {s:.0f} s" for a, s in report.seconds.items())
    )
    return 0


def check_grade(args) -> None:
    from autograder.course import layout, usage

    students = usage.grade_paths(Path(args.submissions), Path(args.out), layout.assignments())
    print(f"{len(students)} student folder(s) in {args.submissions}: loading the grader", file=sys.stderr, flush=True)


def cmd_grade(args) -> int:
    from autograder.course.grade import grade
    from autograder.course.notes import summary
    from autograder.course.progress import printable
    from autograder.report.table import format_table

    run = grade(Path(args.submissions), Path(args.out), jobs=args.jobs, settings=_settings(args))
    print(format_table(run.details))
    print(
        f"\n{len(run.students)} students ({run.graded} graded now, {run.skipped} kept); CSVs and feedback in {args.out}"
    )
    if lines := summary(run.notes, str(Path(args.out) / "grades.csv"), printable):
        print("\n" + "\n".join(lines))
    return 1 if run.failures else 0


def check_out(args) -> None:
    """``--out``, for ``demo`` and ``slides``."""
    from autograder.course.usage import UsageError, output_problem

    if problem := output_problem(Path(args.out), "--out"):
        raise UsageError(problem)


def cmd_export(args) -> int:
    from autograder.course.export import NotGraded, export_again
    from autograder.course.usage import UsageError
    from autograder.report.table import format_table

    try:
        _, details = export_again(Path(args.out))
    except NotGraded as exc:
        raise UsageError(str(exc)) from None
    print(format_table(details))
    print(f"\n{Path(args.out) / 'grades.csv'} and {Path(args.out) / 'grades_detail.csv'} written again")
    return 0


def cmd_demo(args) -> int:
    from autograder.course.demo import demo

    return demo(Path(args.out), jobs=args.jobs, build_first=not args.no_build)


def check_bundle(args) -> None:
    from autograder.course import layout, usage

    usage.replaceable(Path(args.out), "OUT", layout.ROOT, ["notebooks", "helpers", "README.md"])


def cmd_bundle(args) -> int:
    from autograder.course.bundle import bundle

    path = bundle(Path(args.out))
    print(f"student bundle written to {path}")
    return 0


def cmd_slides(args) -> int:
    from autograder.course.slides import slides

    out = Path(args.out)
    for path, count in slides(out, code=not args.no_code):
        print(f"wrote {path} ({count} slides)")
    print(f"open them in a browser; copy all of {out}/ (the decks and assets/) to present elsewhere")
    return 0


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m autograder", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="regenerate notebooks/ and solutions/ from source/")
    b.add_argument("--force", action="store_true", help="execute every solution again, even if current")
    b.add_argument("--no-solutions", action="store_true", help="only the student release")
    b.set_defaults(run=cmd_build)

    g = sub.add_parser("grade", help="grade a folder of student folders")
    g.add_argument("submissions", help="SUBMISSIONS/<student>/ mirrors notebooks/")
    g.add_argument("--out", required=True, help="where grades.csv, grades_detail.csv and feedback/ go")
    g.add_argument("--jobs", type=_at_least_one, default=1, help="students graded at once (default %(default)s)")
    for option, name, default, unit in (
        ("--cell-timeout", "cell_seconds", DEFAULTS.cell_seconds, "s"),
        ("--exercise-timeout", "exercise_seconds", DEFAULTS.exercise_seconds, "s"),
        ("--notebook-timeout", "notebook_seconds", DEFAULTS.notebook_seconds, "s"),
        ("--memory-gb", "memory_bytes", DEFAULTS.memory_bytes / 2**30, "GiB"),
    ):
        g.add_argument(
            option, type=_positive, default=default, help=f"{GraderSettings.help(name)} (default %(default)g {unit})"
        )
    g.add_argument(
        "--no-isolation",
        action="store_true",
        help="grade without the bubblewrap sandbox (each row of grades.csv then says which guarantees are off)",
    )
    g.set_defaults(run=cmd_grade, check=check_grade)

    e = sub.add_parser("export", help="write the CSVs again from the gradebook (after grading by hand)")
    e.add_argument("--out", required=True, help="the folder `grade --out` wrote (its course/ holds the gradebook)")
    e.set_defaults(run=cmd_export)

    d = sub.add_parser("demo", help="build, grade the example submissions, print the table")
    d.add_argument("--out", default="demo-output")
    d.add_argument("--jobs", type=_at_least_one, default=2, help="students graded at once (default %(default)s)")
    d.add_argument("--no-build", action="store_true", help="grade without rebuilding notebooks/ and solutions/")
    d.set_defaults(run=cmd_demo, check=check_out)

    u = sub.add_parser("bundle", help="write what students receive")
    u.add_argument("out")
    u.set_defaults(run=cmd_bundle, check=check_bundle)

    s = sub.add_parser("slides", help="reveal.js decks of the solution notebooks, self-contained (no network)")
    s.add_argument("--out", default="slides", help="folder of the decks and their assets (default %(default)s)")
    s.add_argument("--no-code", action="store_true", help="leave the code inputs out (their outputs stay)")
    s.set_defaults(run=cmd_slides, check=check_out)
    return p


def main(argv: list[str] | None = None) -> int:
    from autograder.course.usage import UsageError

    args = parser().parse_args(argv)
    try:
        if check := getattr(args, "check", None):  # before any heavy import: a wrong argument is answered at once
            check(args)
        _quiet()
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except (UsageError, FileNotFoundError) as exc:
        print(f"python -m autograder {args.command}: error: {exc}", file=sys.stderr)
        return 2
