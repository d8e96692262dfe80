"""The grader on code students actually write: implementations found in public repositories and
documentation, adapted to the exercises' signatures without fixing their algorithms.

Each data file of this folder (``optimizers.py``, ``regularization.py``, ``initializers.py``)
holds ``ENTRIES``, one ``Entry`` per implementation: its origin (repository, path and commit), how
it was adapted (the signature, where its state lives, how its hyperparameters are named: never its
formulas), the verdict, and the diagnosis a teaching assistant would give. Every entry is graded
on every case its source notebook's test cell grades (visible and hidden, as grading does); the
grader compares with Keras, so each verdict below is checked against Keras numerically.

- ``passes``: every case passes (the same algorithm as Keras's, whatever its form);
- otherwise the first failing case names ``mistake`` (``None``: no row of the mistake table
  explains it, and the entry's ``why`` says why — the exceptions) and its message contains ``says``.

``figures()`` are what the README's grading section quotes.
"""

import runpy
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

from autograder.course import examples


class Entry(NamedTuple):
    exercise: str
    origin: str  # "owner/repo path @ commit"
    adapted: str  # what changed to fit the signature (never the algorithm)
    source: str  # the answer cell, as adapted
    passes: bool
    mistake: str | None  # the id the first failing case must name (None: unexplained, see why)
    says: str  # words the message must contain (of the first failing case, or of some passing one)
    why: str  # the reasoning behind the verdict and the diagnosis


HERE = Path(__file__).parent
FILES = ("optimizers.py", "regularization.py", "initializers.py")
ENTRIES = [
    entry
    for name in FILES
    if (HERE / name).exists()
    for entry in runpy.run_path(str(HERE / name), {"Entry": Entry})["ENTRIES"]
]
IDS = [f"{e.exercise}-{i}" for i, e in enumerate(ENTRIES)]


def grade(entry: Entry):
    with np.errstate(all="ignore"):  # some implementations divide by zero or take roots of negatives
        return examples.run_answer(entry.exercise, entry.source)


@pytest.mark.slow  # about 10 s an optimizer: each case steps Keras again for the diagnosis
@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_the_verdict_and_the_diagnosis(entry):
    result = grade(entry)
    if entry.passes:
        assert result.complete, f"{entry.origin}: {result.summary}"
        assert any(entry.says in v.message for v in result.verdicts), [v.message for v in result.verdicts]
        return
    first = result.first_failure()
    assert first is not None, f"{entry.origin} passes: {result.summary}"
    assert first.mistake == entry.mistake, f"{entry.origin}: {first.mistake}: {first.message}"
    assert entry.says in first.message, first.message
    if entry.mistake is None:  # an exception: its reason is written down
        assert entry.why.startswith("exception:"), entry.origin


def test_every_origin_names_a_repository_path_and_commit():
    for entry in ENTRIES:
        repo, path, at, commit = entry.origin.split()[:4]
        assert repo.count("/") == 1 and path and at == "@" and len(commit) == 40, entry.origin
        assert entry.adapted and entry.why


def figures() -> dict:
    """How many implementations, from how many repositories, passing and failing, per exercise."""
    return {
        "implementations": len(ENTRIES),
        "repositories": len({e.origin.split()[0] for e in ENTRIES}),
        "pass": sum(e.passes for e in ENTRIES),
        "fail": sum(not e.passes for e in ENTRIES),
        "named": sum(not e.passes and e.mistake is not None for e in ENTRIES),
        "exercises": dict(Counter(e.exercise for e in ENTRIES)),
    }


def test_the_readme_quotes_the_corpus_figures():
    readme = (HERE.parents[2] / "README.md").read_text(encoding="utf-8")
    f = figures()
    assert f"{f['implementations']} implementations" in readme, f
    assert f"{f['repositories']} repositories" in readme, f
    assert f"{f['pass']} pass" in readme and f"{f['named']} of the {f['fail']} failures" in readme, f
