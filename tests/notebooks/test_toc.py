"""Tables of contents read as they are meant: Markdown numbers an ordered list from its first item
on, whatever the other items say ("5." after an item holding "3. ... and 4. ..." renders as 4),
so each item linking to a numbered section must render with that section's number, and every
in-notebook link must reach a heading (JupyterLab's anchor: the heading's text, spaces as "-")."""

import re

import nbformat
import pytest
from markdown_it import MarkdownIt

from autograder.course import layout

MD = MarkdownIt("commonmark")
SECTION = re.compile(r"^(\d+)\. ")


def _text(inline) -> str:
    return "".join(t.content for t in inline.children or [] if t.type in ("text", "code_inline"))


def headings(nb) -> dict[str, str]:
    """Anchor -> heading text, for every heading of the notebook's markdown cells."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        tokens = MD.parse(cell.source)
        for opening, inline in zip(tokens, tokens[1:]):
            if opening.type == "heading_open":
                text = _text(inline)
                found[text.replace(" ", "-")] = text
    return found


def rendered_items(nb) -> list[tuple[int, list[str]]]:
    """``(number shown, [in-notebook link targets])`` for every item of every ordered list."""
    items = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        numbers = []  # the next number of each open ordered list (None: a bullet list)
        for token in MD.parse(cell.source):
            if token.type == "ordered_list_open":
                numbers.append(int(token.attrGet("start") or 1))
            elif token.type == "bullet_list_open":
                numbers.append(None)
            elif token.type in ("ordered_list_close", "bullet_list_close"):
                numbers.pop()
            elif token.type == "list_item_open" and numbers and numbers[-1] is not None:
                items.append((numbers[-1], []))
                numbers[-1] += 1
            elif token.type == "inline" and items and numbers and numbers[-1] is not None:
                targets = [c.attrGet("href")[1:] for c in token.children or [] if c.type == "link_open"]
                items[-1][1].extend(t for t in targets if t)
    return items


@pytest.mark.parametrize("assignment", layout.assignments())
def test_every_table_of_contents_item_shows_its_sections_number(assignment):
    nb = nbformat.read(layout.source_notebook(assignment), as_version=4)
    anchors = headings(nb)
    for number, targets in rendered_items(nb):
        for target in targets:
            assert target in anchors, f"link #{target} reaches no heading"
            section = SECTION.match(anchors[target])
            if section:
                assert int(section.group(1)) == number, f"item shown as {number}. links to {anchors[target]!r}"


def test_notebook_1_lists_each_numbered_section_once_under_its_number():
    nb = nbformat.read(layout.source_notebook("01_optimizers"), as_version=4)
    anchors = headings(nb)
    sections = sorted(int(m.group(1)) for text in anchors.values() if (m := SECTION.match(text)))
    listed = sorted(number for number, targets in rendered_items(nb) if targets)
    assert sections == list(range(1, 13)) and listed == sections


def test_the_check_catches_markdowns_renumbering():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("1. [a](#1.-A) and 2. [b](#2.-B);\n3. [c](#3.-C)"),
        nbformat.v4.new_markdown_cell("## 1. A\n## 2. B\n## 3. C"),
    ]
    assert rendered_items(nb) == [(1, ["1.-A", "2.-B"]), (2, ["3.-C"])]
