"""Every number the prose quotes from an experiment is the number that experiment printed.

A markdown cell (a reading, a model answer) that quotes measured values ends with a marker naming
the code cell it interprets and the values, exactly as the prose writes them:

    <!-- claims (schedules-digits): 0.063 0.070 0.131 0.197 -->

The marker is an HTML comment: invisible when the notebook is rendered. This test reads the
executed solutions (``solutions/``, rebuilt from ``source/`` by ``python -m autograder build``) and
checks, for every marker, that each value is in the cell's prose and that the named code cell,
earlier in the notebook, printed a number that rounds to it (at the value's own number of
significant digits: "0.82" is printed as 0.822, "95.8%" as 95.8%). A rerun that changes a result
fails here until the prose says what the run shows.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from autograder.course import layout

MARKER = re.compile(r"<!--\s*claims\s*\(([\w.-]+)\)\s*:\s*(.*?)\s*-->", re.S)
NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?", re.I)


def claims(nb) -> list[tuple[int, str, list[str]]]:
    """``(index of the markdown cell, id of the code cell it interprets, values)`` per marker."""
    out = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            out += [(index, cell_id, values.split()) for cell_id, values in MARKER.findall(cell.source)]
    return out


def printed_text(cell) -> str:
    """What a code cell printed or displayed as text."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream" and output.name == "stdout":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


def significant_digits(token: str) -> int:
    """Significant digits: "0.070" has 2, "1.3e-12" 2, "240" 2 (an integer's trailing zeros are rounding)."""
    mantissa = re.split(r"e", token.replace(",", "").lstrip("+-"), flags=re.I)[0]
    digits = mantissa.replace(".", "").lstrip("0")
    if "." not in mantissa:
        digits = digits.rstrip("0")
    return max(len(digits), 1)


def matches(token: str, text: str) -> bool:
    """Whether ``text`` holds a number that, rounded to ``token``'s significant digits, is ``token``
    (a percentage only matches a percentage)."""
    percent = token.endswith("%")
    value = float(token.rstrip("%").replace(",", ""))
    digits = significant_digits(token.rstrip("%"))
    for match in NUMBER.finditer(text):
        if percent != text[match.end() : match.end() + 1].startswith("%"):
            continue
        printed = float(match.group().replace(",", ""))
        if float(f"{printed:.{digits}g}") == value:
            return True
    return False


def problems(nb) -> list[str]:
    """Every marker whose values are not in its prose or not printed by the cell it names."""
    ids = {cell.get("id"): index for index, cell in enumerate(nb.cells)}
    found = []
    for index, cell_id, values in claims(nb):
        prose = MARKER.sub("", nb.cells[index].source)
        where = f"cell {index} ({nb.cells[index].get('id')})"
        if cell_id not in ids or nb.cells[ids[cell_id]].cell_type != "code" or ids[cell_id] > index:
            found.append(f"{where}: no code cell {cell_id!r} before it")
            continue
        text = printed_text(nb.cells[ids[cell_id]])
        found += [f"{where}: {v!r} is not in its prose" for v in values if v not in prose]
        found += [f"{where}: {cell_id} printed no {v!r}" for v in values if not matches(v, text)]
    return found


@pytest.mark.parametrize("assignment", layout.assignments())
def test_every_quoted_value_is_printed_by_its_experiment(assignment):
    nb = nbformat.read(layout.SOLUTIONS / f"{assignment}.ipynb", as_version=4)
    assert not problems(nb), "\n".join(problems(nb))


def test_some_prose_quotes_its_experiments():
    quoted = sum(len(claims(nbformat.read(layout.source_notebook(a), as_version=4))) for a in layout.assignments())
    assert quoted >= 4


def test_the_check_catches_a_value_the_run_did_not_print():
    code = nbformat.v4.new_code_cell("print(...)", id="run")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="loss 0.0632, accuracy 95.8%, 242.5\n")]
    good = nbformat.v4.new_markdown_cell("Loss 0.063, 95.8%, 240.\n<!-- claims (run): 0.063 95.8% 240 -->", id="ok")
    wrong = nbformat.v4.new_markdown_cell("Loss 0.07.\n<!-- claims (run): 0.07 -->", id="wrong")
    not_said = nbformat.v4.new_markdown_cell("Nothing.\n<!-- claims (run): 0.063 -->", id="silent")
    percent = nbformat.v4.new_markdown_cell("A rate of 95.8.\n<!-- claims (run): 95.8 -->", id="percent")
    before = nbformat.v4.new_markdown_cell("0.063\n<!-- claims (run): 0.063 -->", id="before")
    nb = nbformat.v4.new_notebook(cells=[before, code, good, wrong, not_said, percent])
    assert problems(nb) == [
        "cell 0 (before): no code cell 'run' before it",
        "cell 3 (wrong): run printed no '0.07'",
        "cell 4 (silent): '0.063' is not in its prose",
        "cell 5 (percent): run printed no '95.8'",
    ]
