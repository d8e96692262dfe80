"""Reading a folder of submissions: one folder per student, mirroring ``notebooks/``.

Students hand in whatever they have: a notebook renamed (``01_optimizers (1).ipynb``), copied
(``01_optimizers-Copy1.ipynb`` beside the original), nested in a subfolder, saved by an old
Jupyter, broken JSON, or nothing at all. ``scan`` decides, for each student and assignment,
which file is graded (or why none can be), and writes down every decision as a note that ends up
in the student's feedback and the instructor's CSV: nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


@dataclass
class Submission:
    student: str
    folder: Path
    notebooks: dict[str, nbformat.NotebookNode] = field(default_factory=dict)  # assignment -> notebook to grade
    problems: dict[str, str] = field(default_factory=dict)  # assignment -> why nothing is graded
    notes: dict[str, list[str]] = field(default_factory=dict)  # assignment -> decisions taken
    digest: str = ""  # of every file used, to notice a re-submission

    def note(self, assignment: str, text: str) -> None:
        self.notes.setdefault(assignment, []).append(text)


def _notebook_files(folder: Path) -> list[Path]:
    files = [
        p
        for p in folder.rglob("*.ipynb")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(files, key=lambda p: (len(p.relative_to(folder).parts), str(p)))


def _grade_ids(raw: dict) -> set[str]:
    ids = set()
    for cell in raw.get("cells", []) if isinstance(raw, dict) else []:
        meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
        grade_id = meta.get("nbgrader", {}).get("grade_id") if isinstance(meta, dict) else None
        if isinstance(grade_id, str):
            ids.add(grade_id)
    return ids


def _load(path: Path) -> tuple[nbformat.NotebookNode | None, str | None, str | None]:
    """``(notebook, problem, note)``: a notebook nbgrader can read, or why not."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, f"`{path.name}` is not a text file (not a notebook)", None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        return (
            None,
            f"`{path.name}` is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "it cannot be opened as a notebook",
            None,
        )
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
        return nb, None, None
    except Exception as exc:  # noqa: BLE001 - any schema problem: salvage the cells
        cells = raw.get("cells") if isinstance(raw, dict) else None
        if not isinstance(cells, list):
            return None, f"`{path.name}` is JSON but not a notebook ({type(exc).__name__})", None
        salvaged = new_notebook()
        for cell in cells:
            if not isinstance(cell, dict):
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
            make = new_code_cell if cell.get("cell_type") == "code" else new_markdown_cell
            salvaged.cells.append(make(source, metadata={k: v for k, v in meta.items() if k in ("nbgrader", "tags")}))
        return (
            salvaged,
            None,
            f"`{path.name}` did not follow the notebook format ({type(exc).__name__}); its cells were recovered",
        )


def scan_student(folder: Path, expected: dict[str, set[str]]) -> Submission:
    """``expected``: assignment -> the grade_ids of its released notebook (to recognise renamed files)."""
    sub = Submission(folder.name, folder)
    files = _notebook_files(folder)
    digest = hashlib.sha256()
    unused = list(files)
    exact = {a: [p for p in files if p.name == f"{a}.ipynb"] for a in expected}
    for assignment in expected:
        for p in exact[assignment]:
            unused.remove(p)
    shared = set.intersection(*map(set, expected.values())) if expected else set()  # e.g. "setup"
    prefixes = {a: a.split("_")[0] + "_" for a in expected}
    for assignment, grade_ids in expected.items():
        chosen = exact[assignment][:1]
        for extra in exact[assignment][1:]:
            sub.note(assignment, f"`{extra.relative_to(folder)}` ignored: `{chosen[0].relative_to(folder)}` was graded")
        if not chosen:
            ranked = []
            for p in unused:
                if any(p.name.startswith(prefix) for a, prefix in prefixes.items() if a != assignment):
                    continue  # "01_..." is never notebook 3
                try:
                    overlap = len(_grade_ids(json.loads(p.read_text(encoding="utf-8"))) & (grade_ids - shared))
                except (ValueError, UnicodeDecodeError):
                    overlap = 0
                if overlap or p.name.startswith(prefixes[assignment]):
                    ranked.append((overlap, p.stat().st_mtime, p))
            if ranked:
                ranked.sort(key=lambda r: (r[0], r[1]), reverse=True)
                chosen = [ranked[0][2]]
                unused.remove(chosen[0])
                sub.note(assignment, f"no `{assignment}.ipynb`: graded `{chosen[0].relative_to(folder)}` instead")
        if not chosen:
            sub.problems[assignment] = f"no `{assignment}.ipynb` was submitted"
            continue
        path = chosen[0]
        digest.update(f"{assignment}\0{path.name}\0".encode() + path.read_bytes())
        nb, problem, note = _load(path)
        if problem:
            sub.problems[assignment] = problem
        else:
            sub.notebooks[assignment] = nb
        if note:
            sub.note(assignment, note)
    others = [
        p
        for p in folder.rglob("*")
        if p.is_file() and p not in files and not p.name.startswith(".") and p.name != "timestamp.txt"
    ]  # nbgrader's collect writes it
    ignored = [p for p in unused] + others
    if ignored:
        names = ", ".join(f"`{p.relative_to(folder)}`" for p in ignored[:5]) + (" ..." if len(ignored) > 5 else "")
        sub.note(next(iter(expected)), f"{len(ignored)} other file(s) not graded: {names}")
    sub.digest = digest.hexdigest()
    return sub


def scan(submissions: Path, expected: dict[str, set[str]]) -> list[Submission]:
    """Every student folder of ``submissions`` (files at the top level are not students)."""
    return [
        scan_student(p, expected) for p in sorted(submissions.iterdir()) if p.is_dir() and not p.name.startswith(".")
    ]
