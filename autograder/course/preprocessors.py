"""nbgrader preprocessors: each one transformation of a notebook, chained by nbgrader's converters.

- ``ReplaceAnswerCells`` (release): the model answers of ``answer``-tagged markdown cells give way
  to a prompt.
- ``NormalizeOutputs`` (solutions): executed outputs without timings, widget state or random ids,
  and with each run of stdout/stderr pieces joined (how a print is split into messages depends on
  timing), so that building twice writes the same bytes.
- ``DropForgedMetadata`` (sanitize): nbgrader metadata the gradebook does not know is removed, and
  the flags of known cells are reset from the gradebook, before ``OverwriteCells``.
- ``GradeInSandbox`` (autograde, instead of ``Execute``): runs the student's cells in the sandbox,
  judges the test cells' planned cases against Keras, and writes each test cell's outputs: the
  report and, as ``execute_result``, the score that nbgrader's ``SaveAutoGrades`` records.
- ``SaveMessages`` (autograde, after ``SaveAutoGrades``): each exercise's one-line diagnosis as
  the gradebook comment of its answer cell (shown in formgrader and ``grades_detail.csv``).
- ``AssignSlideTypes`` (slides): a new slide at every ``#``/``##`` heading, a sub-slide at every
  ``###``, the rest following on, so the notebooks need no slideshow metadata.
"""

from __future__ import annotations

import base64
import re
from dataclasses import fields
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell, new_output
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Dict, Float, Int, Unicode

from autograder.report import render
from autograder.settings import DEFAULTS, GraderSettings

ANSWER_PROMPT = "**Your answer:** *double-click this cell and write it here.*"


class ReplaceAnswerCells(NbGraderPreprocessor):
    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown" and "answer" in cell.metadata.get("tags", []):
            cell.source = ANSWER_PROMPT
        return cell, resources


class AssignSlideTypes(NbGraderPreprocessor):
    def preprocess_cell(self, cell, resources, index):
        heading = cell.source.lstrip().split(" ", 1)[0] if cell.cell_type == "markdown" else ""
        kind = {"#": "slide", "##": "slide", "###": "subslide"}.get(heading, "-")
        cell.metadata["slideshow"] = {"slide_type": kind}
        return cell, resources


class NormalizeOutputs(NbGraderPreprocessor):
    _hex_id = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")  # uuid4().hex, also glued to a prefix

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)
        ids: dict[str, str] = {}
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
            if "outputs" in cell:
                cell.outputs = self._join_streams(cell.outputs)
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                data.pop("application/vnd.jupyter.widget-view+json", None)
                if "text/html" in data:  # matplotlib's JS animation player uses uuid4 element ids
                    html = data["text/html"]
                    html = "".join(html) if isinstance(html, list) else html
                    data["text/html"] = self._hex_id.sub(lambda m: ids.setdefault(m.group(), f"{len(ids):032x}"), html)
        return nb, resources

    @staticmethod
    def _join_streams(outputs: list) -> list:
        joined = []
        for output in outputs:
            previous = joined[-1] if joined else None
            if (
                previous is not None
                and output.output_type == previous.output_type == "stream"
                and output.name == previous.name
            ):
                previous.text = "".join(previous.text) + "".join(output.text)
            else:
                joined.append(output)
        return joined


class DropForgedMetadata(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            known = {c.name: c for c in notebook.source_cells}
            grades = {c.name for c in notebook.grade_cells}
            solutions = {c.name for c in notebook.solution_cells}
            tasks = {c.name for c in notebook.task_cells}
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader")
                if meta is None:
                    continue
                name = meta.get("grade_id")
                if name not in known:
                    del cell.metadata["nbgrader"]  # a student's cell, however it is labelled
                    continue
                meta["grade"] = name in grades
                meta["solution"] = name in solutions
                meta["task"] = name in tasks
                meta["locked"] = known[name].locked
        return nb, resources


def _setting(name: str):
    """The configurable trait of the grader setting ``name``: its type, default and help are
    those of ``GraderSettings``."""
    default = getattr(DEFAULTS, name)
    trait = {bool: Bool, int: Int, float: Float}[type(default)]
    return trait(default, help=GraderSettings.help(name)).tag(config=True)


class GradeInSandbox(NbGraderPreprocessor):
    course_root = Unicode(help="The course folder (its release/ holds the released notebooks)").tag(config=True)
    cell_seconds = _setting("cell_seconds")
    exercise_seconds = _setting("exercise_seconds")
    start_seconds = _setting("start_seconds")
    memory_bytes = _setting("memory_bytes")
    cpu_seconds = _setting("cpu_seconds")
    file_bytes = _setting("file_bytes")
    notebook_seconds = _setting("notebook_seconds")
    processes = _setting("processes")
    disk_bytes = _setting("disk_bytes")
    isolation = _setting("isolation")
    landlock = _setting("landlock")
    notes = Dict(help="assignment -> notes from reading the submission, shown atop the feedback").tag(config=True)

    def settings(self) -> GraderSettings:
        return GraderSettings(**{f.name: getattr(self, f.name) for f in fields(GraderSettings)})

    def preprocess(self, nb, resources):
        from autograder.course.grading import grade_notebook

        info = resources["nbgrader"]
        tests = {}
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            sources = {c.name: c.source for c in notebook.source_cells}
            for cell in notebook.grade_cells:
                if cell.cell_type == "code" and cell.name not in {s.name for s in notebook.solution_cells}:
                    tests[cell.name] = (sources[cell.name], float(cell.max_score))
        release_path = Path(self.course_root) / "release" / info["assignment"] / f"{info['notebook']}.ipynb"
        release = nbformat.read(release_path, as_version=4)
        graded = grade_notebook(nb, tests, release, self.settings())

        messages = {}
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in graded.cells and cell.cell_type == "code":
                cell_grade = graded.cells.pop(grade_id)
                html, text, png = render.outputs(cell_grade.result, cell_grade.points)
                data = {"text/html": html, "text/plain": text}
                cell.outputs = [new_output("display_data", data=data)]
                if png:
                    cell.outputs.append(new_output("display_data", data={"image/png": base64.b64encode(png).decode()}))
                cell.outputs.append(
                    new_output("execute_result", data={"text/plain": f"{cell_grade.score:g}"}, execution_count=None)
                )
                messages[cell_grade.result.exercise] = cell_grade.result.summary
        if graded.cells:  # OverwriteCells re-adds deleted test cells, so this is a bug, not a student's act
            raise RuntimeError(f"test cells not found in the notebook: {sorted(graded.cells)}")
        notes = list(self.notes.get(info["assignment"], [])) + graded.notes
        if notes:
            nb.cells.insert(0, new_markdown_cell("**Grading notes**\n\n" + "\n".join(f"- {n}" for n in notes)))
        resources["autograder_messages"] = messages
        return nb, resources


class SaveMessages(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            for exercise, message in resources.get("autograder_messages", {}).items():
                try:
                    comment = gb.find_comment(exercise, info["notebook"], info["assignment"], info["student"])
                except MissingEntry:
                    continue
                previous = comment.auto_comment
                comment.auto_comment = f"{previous} {message}" if previous else message
            gb.db.commit()
        return nb, resources
