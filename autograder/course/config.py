"""The course's nbgrader configuration, for in-process runs and for ``nbgrader_config.py``."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from traitlets.config import Config

from autograder.course.layout import COURSE_ID
from autograder.settings import DEFAULTS, GraderSettings

# What a written answer (a manually graded markdown answer cell) holds in the release
ANSWER_PROMPT = "**Your answer:** *double-click this cell and write it here.*"


def quiet_kernels(c: Config) -> Config:
    """Notebook kernels that keep their start-up warnings to themselves.

    ipykernel 7 warns on every start of a local TCP kernel that it runs without encryption: a
    paragraph per notebook in ``build``'s output, where an instructor looks for errors. (The IPC
    transport would avoid the warning, but its socket paths are relative to each kernel's working
    directory, which differs from the client's when a notebook runs in its own folder.)
    """
    c.NotebookClient.extra_arguments = ["--IPKernelApp.log_level=ERROR"]
    return c


def configure(c: Config, root: str | Path, settings: GraderSettings = DEFAULTS, notes: dict | None = None) -> Config:
    """Fill ``c`` for the course folder ``root`` and return it.

    ``settings`` become the traits of ``GradeInSandbox``; ``notes`` (assignment -> what reading
    the submission decided) go atop the student's feedback. Autograding swaps nbgrader's
    ``Execute`` (the notebook run in the student's kernel, whose test cells decide their own
    grade) for ``GradeInSandbox``; sanitizing first repairs honest edits (duplicated,
    deleted or cleared cells: ``RepairEdits``), then strips nbgrader metadata that a student
    added or forged and restores the locked cells from the gradebook.

    Written questions: the answer cell is a manually graded answer (markdown, ``solution`` and
    ``grade``), whose model answer ``ClearSolutions`` replaces by ``ANSWER_PROMPT``; the question
    cell above it is locked and holds the rubric between nbgrader's mark-scheme delimiters.
    ``SaveCells`` stores the locked cell with its rubric before ``ClearMarkScheme`` removes it from
    the release, so ``OverwriteCells`` puts the rubric back in the autograded notebook that
    formgrader shows, and ``ClearMarkScheme`` removes it again from the feedback and the solutions.
    (nbgrader's mark schemes are meant for task cells, which carry points of their own; in a
    locked question cell they need ``enforce_metadata`` off.)
    """
    from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
    from nbgrader import preprocessors as nbp

    from autograder.course import preprocessors as ours
    from autograder.course.feedback import FEEDBACK_TEMPLATE, FeedbackExporter, feedback_template_paths

    root = str(Path(root).resolve())
    c.CourseDirectory.root = root
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.db_url = f"sqlite:///{root}/gradebook.db"
    c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

    c.GenerateAssignment.preprocessors = [
        nbp.IncludeHeaderFooter,
        nbp.InstantiateTests,
        nbp.LockCells,
        nbp.ClearSolutions,
        nbp.ClearOutput,
        nbp.CheckCellMetadata,
        nbp.ComputeChecksums,
        nbp.SaveCells,
        nbp.ClearHiddenTests,
        nbp.ClearMarkScheme,
        nbp.ComputeChecksums,
        nbp.CheckCellMetadata,
    ]
    c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
    c.ClearSolutions.text_stub = ANSWER_PROMPT
    c.ClearMarkScheme.enforce_metadata = False  # the rubrics are in locked question cells
    c.GenerateSolution.preprocessors = [
        nbp.IncludeHeaderFooter,
        nbp.LockCells,
        nbp.ClearOutput,
        nbp.ClearHiddenTests,
        nbp.ClearMarkScheme,
        nbp.Execute,
        ours.NormalizeOutputs,
    ]
    c.Execute.timeout = 300
    quiet_kernels(c)
    c.Execute.interrupt_on_timeout = False

    c.Autograde.sanitize_preprocessors = [
        ours.RepairEdits,
        nbp.ClearOutput,
        ours.DropForgedMetadata,
        nbp.DeduplicateIds,
        nbp.OverwriteKernelspec,
        nbp.OverwriteCells,
        nbp.CheckCellMetadata,
    ]
    c.OverwriteCells.add_missing_cells = True
    c.Autograde.autograde_preprocessors = [
        ours.GradeInSandbox,
        ClearMetadataPreprocessor,
        nbp.LimitOutput,
        nbp.SaveAutoGrades,
        ours.SaveMessages,
        nbp.AssignLatePenalties,
        nbp.CheckCellMetadata,
    ]
    c.ClearMetadataPreprocessor.preserve_cell_metadata_mask = [("nbgrader"), ("tags")]
    c.ClearMetadataPreprocessor.preserve_nb_metadata_mask = [("language_info", "name"), ours.NOTES]
    c.GradeInSandbox.course_root = root
    c.RepairEdits.course_root = root
    for key, value in asdict(settings).items():
        setattr(c.GradeInSandbox, key, value)
    c.GradeInSandbox.notes = notes or {}

    c.GenerateFeedback.preprocessors = [
        nbp.GetGrades,
        nbp.ClearHiddenTests,
        nbp.ClearMarkScheme,
        CSSHTMLHeaderPreprocessor,
    ]
    c.GenerateFeedback.exporter_class = FeedbackExporter  # the student's markdown rendered inert
    c.FeedbackExporter.template_name = FEEDBACK_TEMPLATE
    for key, value in feedback_template_paths().items():
        setattr(c.FeedbackExporter, key, value)
    return c


def config_file_text(settings: GraderSettings = DEFAULTS, notes: dict | None = None) -> str:
    """``nbgrader_config.py`` for a course folder: the same configuration, settings included, for
    plain nbgrader."""
    return (
        "# Written by `python -m autograder`: the course's nbgrader configuration.\n"
        "import os\n\n"
        "from autograder.course.config import configure\n"
        "from autograder.settings import GraderSettings\n\n"
        f"settings = {settings!r}\n"
        f"configure(get_config(), os.path.dirname(os.path.abspath(__file__)), settings, {notes or {}!r})\n"
    )
