"""Reading a folder of submissions: one folder per student, mirroring ``notebooks/``.

Students hand in whatever they have: a notebook renamed (``01_optimizers (1).ipynb``), copied
(``01_optimizers-Copy1.ipynb`` beside the original), nested in a subfolder, saved by an old
Jupyter or with a byte-order mark, broken JSON, or nothing at all. ``scan`` decides, for each
student and assignment, which file is graded (or why none can be), and writes down every decision
as a note: atop the student's feedback when the notebook is graded, in the reason given in the
instructor's CSV when it is not. Nothing is dropped silently.

A submission is also untrusted input. Intake reads only regular files inside the student's own
folder: a symbolic link (to a notebook, a folder, ``/proc/self/mem``, or the whole student folder)
is never followed but noted and skipped, since following it would grade whatever it points to
(the solutions, a classmate's notebook). A FIFO, socket or device is never opened (opening a FIFO
blocks), a file is opened with ``O_NOFOLLOW | O_NONBLOCK`` and checked again on the open
descriptor, at most ``MAX_NOTEBOOK_BYTES`` are read, and a walk stops after ``MAX_ENTRIES``
entries. Whatever cannot be read becomes a note or the notebook's problem, never an exception.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.course.notes import Note

# The largest notebook read, in bytes: 8 times the largest executed solution notebook (about
# 4 MB, plots included), so no honest notebook reaches it, while a class's notebooks, all held
# in memory between intake and grading, stay bounded.
MAX_NOTEBOOK_BYTES = 32 * 2**20
# The most entries (files and folders) looked at in one student's folder: a course folder holds
# a few dozen; a folder of millions would stall intake for every student.
MAX_ENTRIES = 10_000
# nbgrader's ``collect`` writes it beside each notebook
_COLLECT_STAMP = "timestamp.txt"


@dataclass
class Submission:
    student: str
    folder: Path
    notebooks: dict[str, nbformat.NotebookNode] = field(default_factory=dict)  # assignment -> notebook to grade
    problems: dict[str, Note] = field(default_factory=dict)  # assignment -> why nothing is graded
    notes: dict[str, list[Note]] = field(default_factory=dict)  # assignment -> decisions taken
    digest: str = ""  # of every file used, to notice a re-submission

    def note(self, assignment: str, kind: str, text: str) -> None:
        self.notes.setdefault(assignment, []).append(Note(kind, text))


@dataclass
class _Entry:
    """A file of the student's folder, as ``lstat`` saw it during the walk."""

    path: Path
    rel: str  # the path inside the student's folder, as the notes show it
    mtime: float


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISLNK, "a symbolic link, which is never followed"),
        (stat.S_ISDIR, "a folder, not a notebook"),
        (stat.S_ISFIFO, "a named pipe (FIFO), not a file"),
        (stat.S_ISSOCK, "a socket, not a file"),
        (stat.S_ISCHR, "a device, not a file"),
        (stat.S_ISBLK, "a device, not a file"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _walk(folder: Path) -> tuple[list[_Entry], list[tuple[str, str]]]:
    """``(files, skipped)``: the regular files under ``folder`` (hidden ones and those in hidden
    folders left out) and ``(relative path, why)`` of everything else that is not read. Nothing
    is followed: each entry is judged by ``lstat``."""
    files, skipped, todo, seen = [], [], [folder], 0
    while todo:
        current = todo.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            skipped.append((str(current.relative_to(folder)), f"could not be listed ({exc.strerror})"))
            continue
        for entry in entries:
            seen += 1
            path = Path(entry.path)
            rel = str(path.relative_to(folder))
            if seen > MAX_ENTRIES:
                skipped.append((rel, f"and what follows were not looked at: more than {MAX_ENTRIES} entries"))
                return files, skipped
            if entry.name.startswith("."):
                continue  # .ipynb_checkpoints, .git, editor files
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as exc:
                skipped.append((rel, f"could not be read ({exc.strerror})"))
                continue
            if stat.S_ISDIR(info.st_mode):
                todo.append(path)
                if entry.name.endswith(".ipynb"):
                    skipped.append((rel, f"is {_kind(info.st_mode)}"))
            elif stat.S_ISREG(info.st_mode):
                files.append(_Entry(path, rel, info.st_mtime))
            else:
                skipped.append((rel, f"is {_kind(info.st_mode)}"))
    return files, skipped


def read_bounded(path: Path, limit: int = MAX_NOTEBOOK_BYTES) -> bytes:
    """The bytes of the regular file ``path``, without following a symbolic link or blocking on
    a FIFO; ``OSError`` (its ``strerror`` says why in words) otherwise, or past ``limit`` bytes."""
    mode = os.lstat(path).st_mode
    if not stat.S_ISREG(mode):
        raise OSError(0, f"it is {_kind(mode)}")
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between lstat and open
            raise OSError(0, "it is not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise OSError(0, f"it is larger than {limit // 2**20} MiB")
    return data


def _decode(data: bytes) -> str:
    """The text of a notebook file; a UTF-8 byte-order mark (Jupyter opens such files) is
    dropped."""
    return data.decode("utf-8-sig")


def _grade_ids(raw: dict) -> set[str]:
    ids = set()
    for cell in raw.get("cells", []) if isinstance(raw, dict) else []:
        meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
        grade_id = meta.get("nbgrader", {}).get("grade_id") if isinstance(meta, dict) else None
        if isinstance(grade_id, str):
            ids.add(grade_id)
    return ids


def _text(value) -> str:
    """A cell's source as one string (nbformat allows a list of lines)."""
    if isinstance(value, list) and all(isinstance(line, str) for line in value):
        return "".join(value)
    return value if isinstance(value, str) else ""


def _load(rel: str, data: bytes) -> tuple[nbformat.NotebookNode | None, str | None, str | None]:
    """``(notebook, problem, note)``: a notebook nbgrader can read, or why not."""
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        return None, f"`{rel}` is not a UTF-8 text file (not a notebook)", None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        return (
            None,
            f"`{rel}` is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "it cannot be opened as a notebook",
            None,
        )
    except RecursionError:
        return None, f"`{rel}` is JSON nested too deeply to be a notebook", None
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
        return nb, None, None
    except Exception as exc:  # noqa: BLE001 - any schema problem: salvage the cells
        cells = raw.get("cells") if isinstance(raw, dict) else None
        if not isinstance(cells, list):
            return None, f"`{rel}` is JSON but not a notebook ({type(exc).__name__})", None
        salvaged = new_notebook()
        for cell in cells:
            if not isinstance(cell, dict):
                continue
            meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
            make = new_code_cell if cell.get("cell_type") == "code" else new_markdown_cell
            kept = {k: v for k, v in meta.items() if k in ("nbgrader", "tags")}
            salvaged.cells.append(make(_text(cell.get("source", "")), metadata=kept))
        return (
            salvaged,
            None,
            f"`{rel}` did not follow the notebook format ({type(exc).__name__}); its cells were recovered",
        )


def _read(entry: _Entry, cache: dict) -> bytes | OSError:
    if entry.rel not in cache:
        try:
            cache[entry.rel] = read_bounded(entry.path)
        except OSError as exc:
            cache[entry.rel] = exc
    return cache[entry.rel]


def _overlap(data: bytes | OSError, grade_ids: set[str]) -> int:
    """How many of ``grade_ids`` the notebook file ``data`` has (0 if it is no notebook)."""
    if isinstance(data, OSError):
        return 0
    try:
        return len(_grade_ids(json.loads(_decode(data))) & grade_ids)
    except (ValueError, RecursionError):
        return 0


def _listed(items: list[str]) -> str:
    return ", ".join(items[:5]) + (" ..." if len(items) > 5 else "")


def scan_student(folder: Path, expected: dict[str, set[str]]) -> Submission:
    """``expected``: assignment -> the grade_ids of its released notebook (to recognise renamed files)."""
    sub = Submission(folder.name, folder)
    entries, skipped = _walk(folder)
    files = sorted((e for e in entries if e.rel.endswith(".ipynb")), key=lambda e: (e.rel.count(os.sep), e.rel))
    cache: dict[str, bytes | OSError] = {}
    digest = hashlib.sha256()
    unused = list(files)
    exact = {a: [e for e in files if e.path.name == f"{a}.ipynb"] for a in expected}
    for assignment in expected:
        for e in exact[assignment]:
            unused.remove(e)
    shared = set.intersection(*map(set, expected.values())) if expected else set()  # e.g. "setup"
    prefixes = {a: a.split("_")[0] + "_" for a in expected}
    for assignment, grade_ids in expected.items():
        chosen = exact[assignment][:1]
        for extra in exact[assignment][1:]:
            sub.note(assignment, "duplicated", f"`{extra.rel}` ignored: `{chosen[0].rel}` was graded")
        if not chosen:
            ranked = []
            for e in unused:
                if any(e.path.name.startswith(prefix) for a, prefix in prefixes.items() if a != assignment):
                    continue  # "01_..." is never notebook 3
                overlap = _overlap(_read(e, cache), grade_ids - shared)
                if overlap or e.path.name.startswith(prefixes[assignment]):
                    ranked.append((overlap, e.mtime, e))
            if ranked:
                ranked.sort(key=lambda r: (r[0], r[1]), reverse=True)
                chosen = [ranked[0][2]]
                unused.remove(chosen[0])
                sub.note(assignment, "renamed", f"no `{assignment}.ipynb`: graded `{chosen[0].rel}` instead")
        if not chosen:
            unread = [f"`{rel}` {why}" for rel, why in skipped if Path(rel).name == f"{assignment}.ipynb"]
            sub.problems[assignment] = (
                Note("unreadable", f"{unread[0]}: it was not graded")
                if unread
                else Note("missing", f"no `{assignment}.ipynb` was submitted")
            )
            continue
        entry = chosen[0]
        data = _read(entry, cache)
        if isinstance(data, OSError):
            digest.update(f"{assignment}\0{entry.rel}\0{data.strerror}".encode())
            sub.problems[assignment] = Note("unreadable", f"`{entry.rel}` could not be read: {data.strerror}")
            continue
        digest.update(f"{assignment}\0{entry.path.name}\0".encode() + data)
        nb, problem, note = _load(entry.rel, data)
        if problem:
            sub.problems[assignment] = Note("unreadable", problem)
        else:
            sub.notebooks[assignment] = nb
        if note:
            sub.note(assignment, "repaired", note)
    first = next(iter(expected))
    others = [e for e in entries if not e.rel.endswith(".ipynb") and e.path.name != _COLLECT_STAMP]
    copies = [f"`{e.rel}`" for e in unused]  # copies (`01_optimizers-Copy1.ipynb`) or other work
    if copies:
        sub.note(first, "duplicated", f"{len(copies)} other notebook(s) not graded: {_listed(copies)}")
    ignored = [f"`{e.rel}`" for e in others]
    if ignored:
        sub.note(first, "ignored", f"{len(ignored)} other file(s) not graded: {_listed(ignored)}")
    unread = [
        f"`{rel}` {why}"
        for rel, why in skipped
        if not any(f"`{rel}` {why}" in problem for problem in sub.problems.values())
    ]
    if unread:
        sub.note(first, "ignored", f"{len(unread)} item(s) not read: {_listed(unread)}")
    for assignment, problem in sub.problems.items():
        if sub.notes.get(assignment):  # no feedback will show them: the problem, in the CSV, does
            sub.problems[assignment] = Note(problem.kind, f"{problem} ({'; '.join(sub.notes[assignment])})")
    sub.digest = digest.hexdigest()
    return sub


def scan(submissions: Path, expected: dict[str, set[str]]) -> list[Submission]:
    """Every student folder of ``submissions`` (files at the top level are not students). A
    student folder that is a symbolic link is not followed: that student is listed with the reason
    as every notebook's problem."""
    found = []
    for path in sorted(submissions.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            problem = Note(
                "unreadable",
                f"the student folder `{path.name}` is a symbolic link, which is never followed: nothing was graded",
            )
            sub = Submission(path.name, path, problems=dict.fromkeys(expected, problem))
            sub.digest = hashlib.sha256(problem.encode()).hexdigest()
            found.append(sub)
        elif path.is_dir():
            found.append(scan_student(path, expected))
    return found
