"""``python -m autograder <command>``: thin commands over ``autograder.course``.

build                     source/ -> notebooks/ (release) + solutions/ (executed)
grade SUBMISSIONS --out OUT [--jobs N]
                          grade every student folder with nbgrader; CSVs + feedback in OUT
export --out OUT          grades.csv / grades_detail.csv again from OUT's gradebook, with the
                          written answers graded since in formgrader
demo [--out OUT]          build, then grade the bundled example submissions and print a table
bundle OUT                what students receive: notebooks, helpers, visible checks, environment
slides [--out OUT]        reveal.js slide decks of the solution notebooks
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from autograder.settings import DEFAULTS, GraderSettings


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


def cmd_grade(args) -> int:
    from autograder.course.grade import grade
    from autograder.report.table import format_table

    run = grade(Path(args.submissions), Path(args.out), jobs=args.jobs, settings=_settings(args))
    print(format_table(run.details))
    print(
        f"\n{len(run.students)} students ({run.graded} graded now, {run.skipped} kept); CSVs and feedback in {args.out}"
    )
    return 1 if run.failures else 0


def cmd_export(args) -> int:
    from autograder.course.export import NotGraded, export_again
    from autograder.report.table import format_table

    try:
        _, details = export_again(Path(args.out))
    except NotGraded as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_table(details))
    print(f"\n{Path(args.out) / 'grades.csv'} and {Path(args.out) / 'grades_detail.csv'} written again")
    return 0


def cmd_demo(args) -> int:
    from autograder.course.demo import demo

    return demo(Path(args.out), jobs=args.jobs, build_first=not args.no_build)


def cmd_bundle(args) -> int:
    from autograder.course.bundle import bundle

    path = bundle(Path(args.out))
    print(f"student bundle written to {path}")
    return 0


def cmd_slides(args) -> int:
    from autograder.course.slides import slides

    for path in slides(Path(args.out), reveal_prefix=args.reveal_prefix):
        print(f"wrote {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    from autograder.course.slides import CDN as slides_cdn

    p = argparse.ArgumentParser(
        prog="python -m autograder", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="regenerate notebooks/ and solutions/ from source/")
    b.add_argument("--force", action="store_true", help="execute every solution again, even if current")
    b.add_argument("--no-solutions", action="store_true", help="only the student release")
    b.set_defaults(run=cmd_build)

    g = sub.add_parser("grade", help="grade a folder of student folders")
    g.add_argument("submissions", help="SUBMISSIONS/<student>/ mirrors notebooks/")
    g.add_argument("--out", required=True, help="where grades.csv, grades_detail.csv and feedback/ go")
    g.add_argument("--jobs", type=int, default=1, help="students graded at once (default %(default)s)")
    for option, name, default, unit in (
        ("--cell-timeout", "cell_seconds", DEFAULTS.cell_seconds, "s"),
        ("--exercise-timeout", "exercise_seconds", DEFAULTS.exercise_seconds, "s"),
        ("--notebook-timeout", "notebook_seconds", DEFAULTS.notebook_seconds, "s"),
        ("--memory-gb", "memory_bytes", DEFAULTS.memory_bytes / 2**30, "GiB"),
    ):
        g.add_argument(
            option, type=float, default=default, help=f"{GraderSettings.help(name)} (default %(default)g {unit})"
        )
    g.add_argument(
        "--no-isolation",
        action="store_true",
        help="grade without the bubblewrap sandbox (each row of grades.csv then says which guarantees are off)",
    )
    g.set_defaults(run=cmd_grade)

    e = sub.add_parser("export", help="write the CSVs again from the gradebook (after grading by hand)")
    e.add_argument("--out", required=True, help="the folder `grade --out` wrote (its course/ holds the gradebook)")
    e.set_defaults(run=cmd_export)

    d = sub.add_parser("demo", help="build, grade the example submissions, print the table")
    d.add_argument("--out", default="demo-output")
    d.add_argument("--jobs", type=int, default=2)
    d.add_argument("--no-build", action="store_true", help="grade without rebuilding notebooks/ and solutions/")
    d.set_defaults(run=cmd_demo)

    u = sub.add_parser("bundle", help="write what students receive")
    u.add_argument("out")
    u.set_defaults(run=cmd_bundle)

    s = sub.add_parser("slides", help="reveal.js slides of the solution notebooks")
    s.add_argument("--out", default="slides")
    s.add_argument(
        "--reveal-prefix",
        default=slides_cdn,
        help="where the decks load reveal.js from (default: %(default)s; a local folder for an offline room)",
    )
    s.set_defaults(run=cmd_slides)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    _quiet()
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
