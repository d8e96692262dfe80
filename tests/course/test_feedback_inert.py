"""Inert feedback: what a student wrote is shown in the feedback page, never run.

The attacks below are the usual ways HTML runs code (scripts, event handlers, ``javascript:``
links, frames, inline SVG, styles, forms). Each is rendered by the feedback exporter with the
course's feedback template (nbgrader's, with an index naming the exercises and readable tables,
tested last); the page must hold no element or attribute that runs code, and the student's words
must still be readable. The whole ``grade`` run is checked in
``test_untrusted_submissions.py``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from nbconvert.filters import markdown2html
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell
from nbgrader.converters import GenerateFeedback
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config

from autograder.course.config import configure
from autograder.course.feedback import FeedbackExporter, clean, notes_cell

# attack -> what of it the reader must still see (the words, or the escaped markup)
ATTACKS = {
    "<script>alert('markdown')</script>": "<script>alert('markdown')</script>",
    "<img src=x onerror=alert('img')>": None,  # an image without a source: nothing to read
    "<svg onload=alert('svg')><circle r=1 /></svg>": "<svg onload=alert('svg')>",
    "<iframe src='https://example.com'></iframe>": "<iframe src='https://example.com'>",
    "<a href='javascript:alert(1)'>html link</a>": "html link",
    "[md link](javascript:alert(2))": "md link",
    "[entity link](&#106;avascript:alert(3))": "entity link",
    "<javascript:alert(4)>": "javascript:alert(4)",
    "![an image](javascript:alert(5))": None,
    "[data link](data:text/html,<script>alert(6)</script>)": "data link",
    "<div onmouseover='alert(7)' style='position:fixed;top:0'>cover</div>": "cover",
    "<style>body { display: none }</style>": "<style>body { display: none }</style>",
    "<form action='https://example.com'><input name=pw></form>": "<form action='https://example.com'>",
    "<object data='x.swf'></object><embed src='x.swf'>": "<object data='x.swf'>",
    "<base href='https://example.com/'><meta http-equiv='refresh' content='0'>": "<base href='https://example.com/'>",
}


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser would parse the page."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def live_parts(page: str, allowed_scripts: set[str] = frozenset()) -> list:
    """What in ``page`` could run: script elements (other than the page's own, by ``src`` or
    text), frames and plugins, event-handler attributes, URLs with a scheme other than http(s),
    mailto or an embedded raster image."""
    live = []
    for tag, attrs in Elements(page).found:
        if tag in ("script", "iframe", "frame", "object", "embed", "form", "base", "meta", "svg", "style", "link"):
            live.append((tag, attrs))
        for name, value in attrs.items():
            if name.startswith("on"):
                live.append((tag, name, value))
            if name in ("href", "src", "action", "data") and value:
                url = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                scheme = url.split(":", 1)[0] if ":" in url.split("/", 1)[0] else ""
                if scheme not in ("", "http", "https", "mailto") and not re.match(r"data:image/(png|jpeg|gif);", url):
                    live.append((tag, name, value))
    return live


@pytest.mark.parametrize("attack, visible", ATTACKS.items())
def test_each_attack_is_cleaned_and_its_words_kept(attack, visible):
    out = clean(markdown2html(attack))
    assert not live_parts(out) and "<script" not in out.lower()
    assert visible is None or visible in html_text(out)


def test_markdown_that_is_not_an_attack_survives():
    source = "# Notes\n\nA **bold** claim, `code`, [a link](https://keras.io) and $\\alpha < 1$.\n\n"
    source += "| a | b |\n|:-|-:|\n| 1 | 2 |"
    out = clean(markdown2html(source))
    for piece in ("<strong>bold</strong>", "<code>code</code>", 'href="https://keras.io"', "&lt; 1", "<table>"):
        assert piece in out


def test_grading_notes_show_file_names_as_typed():
    name = "`a<img src=x onerror=alert(1)>`\n\n[x](javascript:alert(2)).ipynb"
    source = notes_cell([f"`{name}` is a symbolic link, which is never followed: not read"]).source
    assert "<img" not in source and "\n" not in source
    assert "&lt;img src=x onerror=alert(1)&gt;" in source


def feedback_page(nb, tmp_path) -> str:
    """``nb`` as ``generate_feedback`` exports it, with the course's configuration."""
    config = configure(Config(), tmp_path)
    app = GenerateFeedback(coursedir=CourseDirectory(config=config), config=config)
    assert app.exporter_class is FeedbackExporter
    resources = {"nbgrader": {"notebook": "01_optimizers", "score": 1.0, "max_score": 2.0, "late_penalty": 0}}
    page, _ = app.exporter_class(config=app.config).from_notebook_node(nb, resources)
    return page


def test_a_feedback_page_with_every_attack_has_nothing_live(tmp_path):
    answer = {"nbgrader": {"grade_id": "sgd", "solution": True, "grade": False, "locked": False}}
    answer["nbgrader"]["comment"] = "raised ValueError: <img src=x onerror=alert('comment')> [x](javascript:alert(8))"
    nb = new_notebook(
        cells=[
            notes_cell(["`<script>alert('name')</script>.ipynb` ignored"]),
            *(new_markdown_cell(attack) for attack in ATTACKS),
            new_raw_cell("<script>alert('raw')</script>", metadata={"raw_mimetype": "text/html"}),
            new_code_cell("print('<script>alert(9)</script>')", metadata=answer),
        ]
    )
    page = feedback_page(nb, tmp_path)
    own = Counter(map(repr, live_parts(feedback_page(new_notebook(), tmp_path))))  # the page's scripts and styles
    added = Counter(map(repr, live_parts(page))) - own
    assert not added
    text = html_text(page)
    for visible in [v for v in ATTACKS.values() if v] + ["<script>alert('name')</script>.ipynb", "alert('comment')"]:
        assert visible in text, visible


def html_text(page: str) -> str:
    """The text a reader sees (tags removed, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


# The page's own layout (``templates/ch3_feedback``): an index that names the exercises, and
# tables that can be read.


def graded_cell(cell, grade_id, **meta):
    cell.metadata["nbgrader"] = {"grade_id": grade_id, "locked": False, "solution": False, "grade": False, **meta}
    return cell


def test_the_index_names_each_exercise_with_its_score_and_the_graders_comment(tmp_path):
    nb = new_notebook(
        cells=[
            graded_cell(new_code_cell("def sgd(): ..."), "sgd", solution=True, comment="5/8 cases match"),
            graded_cell(new_code_cell("check(sgd)"), "test_sgd", grade=True, points=2.0, score=1.25),
            graded_cell(new_markdown_cell("my answer"), "q_saddle", solution=True, grade=True, points=1.0, score=0.5),
        ]
    )
    page = feedback_page(nb, tmp_path)
    index = page.split('<div id="toc">', 1)[1].split("</ol>", 1)[0]
    items = [re.sub(r"\s+", " ", item.split("</li>")[0]).strip() for item in index.split("<li>")[1:]]
    assert items == [
        '<a href="#test_sgd"><code>sgd</code></a> (Score: 1.25 / 2.0): <a href="#comment-sgd">what the grader says</a>',
        '<a href="#q_saddle">Written answer <code>q_saddle</code></a> (Score: 0.5 / 1.0)',
    ]
    for anchor in ('name="test_sgd"', 'name="comment-sgd"', 'name="q_saddle"'):
        assert anchor in page  # where the index's links lead


def test_tables_have_cell_padding_and_borders(tmp_path):
    page = feedback_page(new_notebook(cells=[new_markdown_cell("| a | b |\n|-|-|\n| 1 | 2 |")]), tmp_path)
    style = re.sub(r"\s+", " ", page.split("</head>")[0])
    assert ".rendered_html th, .rendered_html td { border: 1px solid #c8c8c8; padding: 0.3em 0.7em;" in style
    assert re.search(r'class="[^"]*rendered_html[^"]*">\s*<table>', page), "the table is inside .rendered_html"
