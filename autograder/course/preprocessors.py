"""nbgrader preprocessors: each one transformation of a notebook, chained by nbgrader's converters.

- ``NormalizeOutputs`` (solutions): executed outputs without timings, widget state or random ids,
  and with each run of stdout/stderr pieces joined (how a print is split into messages depends on
  timing), so that building twice writes the same bytes.
- ``RepairEdits`` (sanitize, first): what honest editing does to a notebook, undone before nbgrader
  sees it: duplicated cells (copy-paste keeps the nbgrader metadata), deleted test or setup cells,
  cleared or garbled metadata. Each repair is a note atop the feedback and, when it concerns one
  exercise, in that exercise's message.
- ``DropForgedMetadata`` (sanitize): nbgrader metadata the gradebook does not know is removed, and
  the flags of known cells are reset from the gradebook, before ``OverwriteCells``.
- ``GradeInSandbox`` (autograde, instead of ``Execute``): runs the student's cells in the sandbox,
  judges the test cells' planned cases against Keras, and writes each test cell's outputs: the
  report and, as ``execute_result``, the score that nbgrader's ``SaveAutoGrades`` records; its
  notes (repairs, cells stopped, exercises timed out) go atop the feedback and, in the
  notebook's metadata (``NOTES``), to ``grades.csv``.
- ``SaveMessages`` (autograde, after ``SaveAutoGrades``): each exercise's one-line diagnosis as
  the gradebook comment of its answer cell (shown in formgrader and ``grades_detail.csv``).
"""

from __future__ import annotations

import base64
import copy
import re
import uuid
from dataclasses import fields
from pathlib import Path

import nbformat
from nbformat.v4 import new_output
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Dict, Float, Int, Unicode

from autograder.course.feedback import notes_cell
from autograder.course.notes import Note
from autograder.report import render
from autograder.settings import DEFAULTS, GraderSettings


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


def _nbgrader(cell) -> dict:
    meta = cell.metadata.get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def _release(course_root: str, info: dict) -> nbformat.NotebookNode:
    return nbformat.read(Path(course_root) / "release" / info["assignment"] / f"{info['notebook']}.ipynb", as_version=4)


# nb.metadata key carrying RepairEdits' notes to GradeInSandbox (set by RepairEdits on every
# notebook, so a student cannot forge it)
REPAIRS = "autograder_repairs"
# nb.metadata key of the autograded notebook carrying GradeInSandbox's notes ([kind, text] pairs)
# to the grading worker, for grades.csv (set by GradeInSandbox on every notebook, after sanitizing)
NOTES = "autograder_notes"


class RepairEdits(NbGraderPreprocessor):
    """Honest edits made gradable, before nbgrader's ``OverwriteCells`` (which raises on them).

    Matching is against the released notebook: a cell is one of its nbgrader cells by its
    ``grade_id``, or, when its nbgrader metadata is missing, by its cell id or its unchanged text.

    - garbled nbgrader metadata (not a mapping, no string ``grade_id``) is removed;
    - cleared metadata is restored on the cell recognised by id or text;
    - a ``grade_id`` on several cells (copy-paste in JupyterLab copies the metadata): an answer
      cell keeps it on the last copy holding an answer (neither blank nor the released stub),
      other cells on the copy with the released id, else the last; the other copies become
      ordinary cells the student added;
    - a deleted test cell or setup cell is put back from the release after the cell preceding it
      there (``OverwriteCells`` then restores its hidden tests), so the exercise is still graded;
    - a deleted written answer is put back as released, unanswered (it scores 0; left to
      ``OverwriteCells``, it would be looked for after the cell preceding it, a question cell
      nbgrader does not track, and the notebook would fail);
    - a deleted answer cell is not put back: its exercise is graded from what the other cells
      define, which is usually nothing (0 points, the message saying the cell was not found).

    A text that several released cells share (the written answers' prompt) recognises none of them.
    """

    course_root = Unicode(help="The course folder (its release/ holds the released notebooks)").tag(config=True)

    def preprocess(self, nb, resources):
        release = _release(self.course_root, resources["nbgrader"])
        known = {_nbgrader(c).get("grade_id"): c for c in release.cells if _nbgrader(c).get("grade_id")}
        order = list(known)
        notes: list[str] = []
        exercises: dict[str, list[str]] = {}  # exercise -> the repairs that concern it

        garbled = []
        for index, cell in enumerate(nb.cells, 1):
            meta = cell.metadata.get("nbgrader")
            if meta is not None and not isinstance(_nbgrader(cell).get("grade_id"), str):
                del cell.metadata["nbgrader"]
                garbled.append(str(index))
        if garbled:
            notes.append(f"the nbgrader metadata of cell(s) {', '.join(garbled)} could not be read and was ignored")

        present = {_nbgrader(c).get("grade_id") for c in nb.cells}
        by_id = {c.get("id"): g for g, c in known.items() if c.get("id")}
        texts = [c.source.strip() for c in known.values()]
        by_text = {c.source.strip(): g for g, c in known.items() if texts.count(c.source.strip()) == 1}
        restored = []
        for cell in nb.cells:
            if "nbgrader" in cell.metadata:
                continue
            match = by_id.get(cell.get("id")) or by_text.get(cell.source.strip())
            if match and match not in present and known[match].cell_type == cell.cell_type:
                cell.metadata["nbgrader"] = copy.deepcopy(known[match].metadata["nbgrader"])
                present.add(match)
                restored.append(f"`{match}`")
        if restored:
            notes.append(
                f"the nbgrader metadata of {', '.join(restored)} was missing (cleared?): "
                "the cells were recognised by their id or text and graded as usual"
            )

        for grade_id in order:
            copies = [c for c in nb.cells if _nbgrader(c).get("grade_id") == grade_id]
            if len(copies) < 2:
                continue
            release_cell = known[grade_id]
            if _nbgrader(release_cell).get("solution"):
                stub = release_cell.source.strip()
                answered = [c for c in copies if c.source.strip() not in ("", stub)]
                keep = (answered or copies)[-1]
                note = (
                    f"answer cell `{grade_id}` appears {len(copies)} times (copied?): "
                    "the last one with an answer was graded"
                )
                exercises.setdefault(grade_id, []).append(note)
            else:
                same_id = [c for c in copies if c.get("id") == release_cell.get("id")]
                keep = (same_id or copies)[-1]
                note = f"cell `{grade_id}` appears {len(copies)} times (copied?): the copies were ignored"
            notes.append(note)
            for cell in copies:
                if cell is not keep:
                    del cell.metadata["nbgrader"]

        used_ids = {c.get("id") for c in nb.cells}
        for position, grade_id in enumerate(order):
            meta = _nbgrader(known[grade_id])
            if grade_id in present:
                continue
            if meta.get("solution") and known[grade_id].cell_type == "code":
                note = f"answer cell `{grade_id}` not found (deleted?): `{grade_id}` was looked for in your other cells"
                exercises.setdefault(grade_id, []).append(note)
                notes.append(note)
                continue
            if not (meta.get("grade") or grade_id == "setup"):
                continue
            cell = copy.deepcopy(known[grade_id])
            if cell.get("id") in used_ids:
                cell["id"] = uuid.uuid4().hex[:8]
            before = [g for g in order[:position] if g in present]
            at = 0
            if before:
                at = 1 + max(i for i, c in enumerate(nb.cells) if _nbgrader(c).get("grade_id") == before[-1])
            nb.cells.insert(at, cell)
            present.add(grade_id)
            if grade_id == "setup":
                notes.append("the setup cell was missing from the notebook (deleted?): it was put back")
            elif meta.get("solution"):
                notes.append(f"the written answer `{grade_id}` was missing (deleted?): it was put back, unanswered")
            else:
                exercise = grade_id.removeprefix("test_")
                note = f"the test cell `{grade_id}` was missing from the notebook (deleted?): it was put back"
                exercises.setdefault(exercise, []).append(note)
                notes.append(note)
        nb.metadata[REPAIRS] = {"notes": notes, "exercises": exercises}
        return nb, resources


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
        release = _release(self.course_root, info)
        repairs = nb.metadata.pop(REPAIRS, {})
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
                exercise = cell_grade.result.exercise
                repaired = repairs.get("exercises", {}).get(exercise, [])
                messages[exercise] = ". ".join([*repaired, cell_grade.result.summary])
        if graded.cells:  # OverwriteCells re-adds deleted test cells, so this is a bug, not a student's act
            raise RuntimeError(f"test cells not found in the notebook: {sorted(graded.cells)}")
        notes = list(self.notes.get(info["assignment"], [])) + repairs.get("notes", []) + graded.notes
        if notes:
            nb.cells.insert(0, notes_cell(notes))
        repair_notes = [Note("repaired", text) for text in repairs.get("notes", [])]
        nb.metadata[NOTES] = [[note.kind, str(note)] for note in repair_notes + graded.instructor]
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
