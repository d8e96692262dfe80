"""``python -m autograder slides`` on a small notebook whose cells carry every slide type: the deck's
sections follow the metadata, its title is the notebook's heading, and everything it loads is a
local file under ``assets/`` (the browser test presents the real decks offline)."""

from __future__ import annotations

import base64
import re
import zlib
from html.parser import HTMLParser
from pathlib import PurePosixPath

import nbformat
import pytest
import tomllib
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from autograder.cli import main
from autograder.course import layout
from autograder.course.slides import TEMPLATES, slide_count, slides, title

KINDS = {"slide", "subslide", "fragment", "skip", "notes", "-"}
LONG_LINE = "total = " + " + ".join(f"weight_{i}" for i in range(40))


def png() -> str:
    """A 1x1 PNG, base64-encoded as a notebook stores it."""
    raw = b"\x00\xff\x00\x00"
    chunk = lambda kind, data: len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    ihdr = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    body = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    return base64.b64encode(body).decode()


def cell(make, source, kind, **extra):
    c = make(source, **extra)
    c.metadata["slideshow"] = {"slide_type": kind}
    return c


def small_notebook():
    figure = new_output("display_data", data={"image/png": png(), "text/plain": "<Figure>"})
    printed = new_output("stream", name="stdout", text="printed-output\n")
    return new_notebook(
        cells=[
            cell(new_markdown_cell, "# A *small* deck\n\nThe step $\\epsilon$.", "slide"),
            cell(new_code_cell, "import plumbing", "skip"),
            cell(new_markdown_cell, "## Second idea", "slide"),
            cell(
                new_code_cell,
                LONG_LINE + "\n" + "\n".join(f"step_{i} = {i}" for i in range(20)),
                "-",
                outputs=[printed],
            ),
            cell(new_markdown_cell, "speaker-only", "notes"),
            cell(new_code_cell, "\n".join(f"line_{i} = {i}" for i in range(20)), "subslide", outputs=[figure]),
            cell(new_markdown_cell, "appears-later", "fragment"),
            cell(new_code_cell, "def silent():\n    pass", "subslide"),
            cell(new_markdown_cell, "after-the-code", "-"),
        ]
    )


class Tags(HTMLParser):
    """Leaf ``<section>``s (the slides a reader steps through) and the src/href of scripts and links."""

    def __init__(self):
        super().__init__()
        self.open, self.leaves, self.loads = [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            if self.open:
                self.open[-1] = False  # has a section inside: not a leaf
            self.open.append(True)
        elif tag == "script" and attrs.get("src"):
            self.loads.append(attrs["src"])
        elif tag == "link" and attrs.get("href"):
            self.loads.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "section":
            self.leaves += self.open.pop()


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The small notebook's deck with code and without: {code: (html, slide count, out folder)}."""
    folder = tmp_path_factory.mktemp("solutions")
    nbformat.write(small_notebook(), folder / "small.ipynb")
    decks = {}
    for code in (True, False):
        out = tmp_path_factory.mktemp("slides")
        [(path, count)] = slides(out, code=code, solutions=folder)
        decks[code] = (path.read_text(encoding="utf-8"), count, out)
    return decks


def test_the_sections_follow_the_metadata(built):
    html, count, _ = built[True]
    assert count == slide_count(small_notebook()) == 4  # the title, "Second idea", the figure, the silent code
    assert parse(html).leaves == 4
    assert "import plumbing" not in html  # skip
    assert re.search(r'<aside class="notes">(?:(?!</aside>).)*speaker-only', html, re.S)
    assert re.search(r'<div class="fragment"[^>]*>(?:(?!</div>\s*</section>).)*appears-later', html, re.S)


def test_the_title_is_the_notebooks_first_heading(built):
    assert "<title>A small deck</title>" in built[True][0]
    nb = nbformat.read(layout.SOLUTIONS / "01_optimizers.ipynb", as_version=4)
    assert title(nb) == nb.cells[0].source.splitlines()[0].lstrip("# ").replace("*", "")


def test_everything_the_deck_loads_is_a_local_file(built):
    html, _, out = built[True]
    loads = parse(html).loads
    assert {"assets/reveal.js/js/reveal.js", "assets/reveal.js/css/reveal.css"} <= set(loads)
    assert any(src.startswith("assets/mathjax/MathJax.js") for src in loads)
    assert not [url for url in loads if re.match(r"\s*(https?:)?//", url)]
    for url in loads:
        assert (out / url.split("?")[0]).is_file(), url
    mathjax = out / "assets/mathjax"
    assert (mathjax / "config/TeX-AMS-MML_HTMLorMML-full.js").is_file()  # the ?config= the deck names
    assert list((mathjax / "fonts/HTML-CSS/STIX-Web/woff").glob("*.woff"))
    assert list((out / "assets/reveal.js/lib/font/source-sans-pro").glob("*.woff"))
    assert (out / "assets/reveal.js/plugin/notes/notes.js").is_file()
    for licence in ("reveal.js/LICENSE", "reveal.js/lib/font/source-sans-pro/LICENSE", "mathjax/LICENSE"):
        assert (out / "assets" / licence).stat().st_size > 500, licence


def test_long_code_wraps_and_folds_when_it_draws(built):
    html = built[True][0]
    assert "white-space: pre-wrap" in html
    folded = re.findall(r'<details class="long-code"><summary>code \((\d+) lines\)</summary>', html)
    assert folded == ["20"]  # the 20-line cell drawing a figure; the 21 lines that only print stay open
    assert "silent" in html and "weight_39" in html and "step_19" in html


def test_without_code_the_outputs_stay_and_no_slide_is_empty(built):
    html, count, _ = built[False]
    assert "printed-output" in html and "data:image/png;base64" in html
    assert "weight_39" not in html and "step_19" not in html and "def silent" not in html
    # the silent code cell opened a sub-slide: the next cell opens it instead, so none is empty
    assert count == parse(html).leaves == 4
    sections = re.findall(r"<section[^>]*>((?:(?!<section|</section>).)*)</section>", html, re.S)
    assert all(re.sub(r"<[^>]+>|\s", "", s) for s in sections), "an empty slide"
    assert any("after-the-code" in s for s in sections)


def test_out_pointing_at_a_file_is_one_line_and_status_2(tmp_path, capsys):
    path = tmp_path / "slides"
    path.write_text("not a folder")
    assert main(["slides", "--out", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a file" in err


@pytest.mark.parametrize("assignment", layout.assignments())
def test_every_source_cell_has_a_slide_type(assignment):
    nb = nbformat.read(layout.source_notebook(assignment), as_version=4)
    kinds = [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]
    assert set(kinds) <= KINDS, [(c.get("id"), k) for c, k in zip(nb.cells, kinds) if k not in KINDS]
    assert kinds[0] == "slide"


def test_the_template_ships_with_the_package():
    package_data = tomllib.loads((layout.ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    patterns = package_data["autograder"]
    files = [p.relative_to(layout.ROOT / "autograder") for p in (TEMPLATES / "slides").iterdir()]
    assert files and all(any(PurePosixPath(f.as_posix()).match(pat) for pat in patterns) for f in files), patterns
