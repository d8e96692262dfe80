"""Inert feedback: the student's text in the feedback page is shown, never run.

A feedback page is nbgrader's HTML of the autograded notebook. What in it comes from the student:
their markdown cells, the file names and cell labels in the grading notes, and the exercise
messages (an exception's text) in the comments. Their code cells are shown through Pygments,
which escapes them, and their outputs were cleared when the notebook was sanitized; the test
cells' reports are the grader's HTML (``autograder.report.render`` escapes what it quotes).

- ``FeedbackExporter`` renders every piece of markdown (cells, nbgrader's comments) as nbconvert
  does, then cleans the HTML (``clean``) with an allowlist: no ``<script>``, ``<iframe>``,
  ``<style>``, forms or inline SVG, no ``on*`` attributes, links only to ``http``/``https``/
  ``mailto`` or within the page, images only from ``http``/``https`` or embedded PNG/JPEG/GIF.
  What is not allowed is shown escaped, as text. (nbgrader's feedback template renders markdown without
  nbconvert's ``sanitize_html``, and that option would also strip the reports' tables and plots.)
- ``notes_cell`` writes the grading notes as escaped HTML, so a file name is shown as typed and
  never read as markdown or HTML.

The page is nbgrader's feedback template with two changes (``templates/ch3_feedback``): tables
(the reports' and the student's) get cell padding and borders, where nbgrader's page, without
the notebook's CSS, shows them as bare columns; and the index at the top names each exercise
(``Checks of sgd (Score: 1.25 / 2.0)``, ``What the grader says about sgd``) where nbgrader's
lists "Test cell" and "Comment" ten times over.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import bleach
from bleach.css_sanitizer import CSSSanitizer
from jinja2 import pass_context
from nbconvert.exporters import HTMLExporter
from nbformat.v4 import new_markdown_cell

# what nbconvert's markdown renderer writes, and nothing that runs or loads a document
TAGS = {
    *"a abbr b blockquote br code del div em h1 h2 h3 h4 h5 h6 hr i img kbd li ol p pre".split(),
    *"s span strong sub sup table tbody td tfoot th thead tr u ul".split(),
}
_IMAGE_DATA = re.compile(r"data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*\Z")


def _scheme(url: str) -> str:
    try:
        return urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return "invalid"


def _attribute(tag: str, name: str, value: str) -> bool:
    if name in ("class", "id", "title"):
        return True
    if tag == "a" and name == "href":
        return _scheme(value) in ("", "http", "https", "mailto")
    if tag == "img" and name == "src":
        return _scheme(value) in ("http", "https") or bool(_IMAGE_DATA.match(value.strip()))
    if tag == "img" and name in ("alt", "width", "height"):
        return True
    return tag in ("td", "th") and name == "style"  # markdown tables' column alignment


_CLEANER = bleach.Cleaner(
    tags=TAGS,
    attributes=_attribute,
    protocols={"http", "https", "mailto", "data"},  # data: only where _attribute allows it (images)
    css_sanitizer=CSSSanitizer(allowed_css_properties=["text-align"]),
    strip=False,
    strip_comments=True,
)


def clean(fragment: str) -> str:
    """``fragment`` (HTML) with only the allowed tags and attributes; the rest escaped as text."""
    return _CLEANER.clean(str(fragment))


FEEDBACK_TEMPLATE = "ch3_feedback"


def feedback_template_paths() -> dict[str, list[str]]:
    """``FeedbackExporter``'s template settings: the folders holding our template and nbgrader's
    (its base, whose ``index.html.j2`` it extends as ``feedback/index.html.j2``), and nbgrader's
    Bootstrap CSS, which its page includes (where nbgrader's ``GenerateFeedback`` finds them)."""
    import nbgrader

    formgrader = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    bootstrap = formgrader / "static" / "node_modules" / "bootstrap" / "dist" / "css"
    ours, theirs = str(Path(__file__).parent / "templates"), str(formgrader / "templates")
    return {"extra_template_basedirs": [ours, theirs], "extra_template_paths": [theirs, str(bootstrap)]}


class FeedbackExporter(HTMLExporter):
    """nbconvert's HTML exporter whose markdown (cells and nbgrader's comments) comes out
    ``clean``."""

    @pass_context
    def markdown2html(self, context, source):
        return clean(super().markdown2html(context, source))


_CODE = re.compile(r"`([^`]*)`")


def _inline(note: str) -> str:
    """One note as HTML: escaped, ``backticked`` parts as code, on one line (a blank line would
    end the HTML block and hand the rest to the markdown renderer)."""
    printable = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in note)
    return _CODE.sub(r"<code>\1</code>", html.escape(printable))


def notes_cell(notes: list[str]):
    """The markdown cell of grading notes put atop the feedback."""
    items = "".join(f"<li>{_inline(note)}</li>" for note in notes)
    return new_markdown_cell(f"<p><b>Grading notes</b></p><ul>{items}</ul>")
