"""``python -m autograder slides``: reveal.js slide decks of the executed solution notebooks.

nbconvert's ``SlidesExporter`` with ``AssignSlideTypes`` (a slide per heading). The decks load
reveal.js from ``--reveal-prefix``: a CDN by default, or a local copy for a room without network
(``npm pack reveal.js@4`` and point the prefix at its folder).
"""

from __future__ import annotations

from pathlib import Path

from autograder.course import layout

CDN = "https://unpkg.com/reveal.js@4.0.2"


def slides(out: Path, reveal_prefix: str = CDN, solutions: Path = layout.SOLUTIONS) -> list[Path]:
    import nbformat
    from nbconvert import SlidesExporter

    from autograder.course.preprocessors import AssignSlideTypes

    exporter = SlidesExporter(reveal_url_prefix=reveal_prefix, reveal_scroll=True)
    exporter.register_preprocessor(AssignSlideTypes(), enabled=True)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(solutions.glob("*.ipynb")):
        body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4))
        target = out / f"{path.stem}.slides.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
    return written
