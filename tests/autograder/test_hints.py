"""No hint or message of the grader hands out the answer: every text of every mistake table, and
every hint the crafted answers and the typical mistakes receive, is compared with the source
notebooks' solution lines after normalising what a copy would change (spaces, case, ``np.``,
``**`` written ``^``, number formats such as ``1e-3`` / ``0.001``)."""

import re
from functools import cache

import pytest

from autograder.course import examples, layout
from autograder.exercises import FAMILIES, registry

_NUMBER = re.compile(r"(?<![a-z_])\d+(?:\.\d*)?(?:e[-+]?\d+)?")


def normalise(text: str) -> str:
    text = text.lower().replace("numpy.", "").replace("np.", "").replace("**", "^")
    text = _NUMBER.sub(lambda m: format(float(m.group()), "g"), text)
    return re.sub(r"\s+", "", text)


@cache
def solution_lines() -> tuple[str, ...]:
    """Normalised code lines of every solution block long enough to be an answer, and each pair
    of consecutive lines."""
    lines = []
    for assignment in layout.assignments():
        for source in examples.solutions(assignment).values():
            code = [
                ln.split("#")[0] for ln in source.splitlines() if not ln.strip().startswith(("#", "def ", "class "))
            ]
            code = [normalise(ln) for ln in code if not ln.strip().startswith(('"""', "'''")) and ln.strip()]
            lines += [ln for ln in code if len(ln) >= 16]
            lines += [a + b for a, b in zip(code, code[1:]) if len(a + b) >= 16]
    return tuple(lines)


def texts() -> list[tuple[str, str]]:
    found = []
    for family in FAMILIES:
        for mistake in family.mistakes():
            found += [
                (f"{family.name}:{mistake.id}:message", mistake.message),
                (f"{family.name}:{mistake.id}:hint", mistake.hint),
            ]
    return found


def received_hints() -> list[tuple[str, str]]:
    """The hints and messages students actually receive for the crafted and typical answers."""
    found = []
    answers = [(c.exercise, c.source) for f in FAMILIES for c in f.crafted() if c.mistake]
    answers += [(name, source) for f in FAMILIES for name, (source, _, _) in f.typical().items()]
    for name, source in answers:
        result = examples.run_answer(name, source)
        for verdict in result.verdicts:
            found += [(f"{name}:{verdict.mistake}", text) for text in (verdict.hint, verdict.message) if text]
    return found


def test_the_solutions_have_lines_to_compare_with():
    assert len(solution_lines()) > 50
    assert normalise("w - lr * m / (np.sqrt(v) + 1e-7)") == normalise("W - LR*m/(sqrt(v)+0.0000001)")


@pytest.mark.parametrize("where, text", texts(), ids=lambda x: x if ":" in str(x) else "")
def test_no_table_text_contains_a_solution_line(where, text):
    flat = normalise(text)
    assert not [line for line in solution_lines() if line in flat], where


def test_no_hint_a_student_receives_contains_a_solution_line():
    leaks = {where: text for where, text in received_hints() if any(ln in normalise(text) for ln in solution_lines())}
    assert not leaks, leaks


def test_every_graded_exercise_is_covered():
    assert {name for name, _ in [(c.exercise, 0) for f in FAMILIES for c in f.crafted()]} == set(registry())
