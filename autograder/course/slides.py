"""``python -m autograder slides``: reveal.js decks of the executed solution notebooks, for a room
without network.

Each solution notebook becomes ``OUT/<name>.slides.html`` through nbconvert's ``SlidesExporter``
with the template ``templates/slides``: slides, sub-slides, fragments, speaker notes and skipped
cells follow each cell's ``slideshow.slide_type`` metadata, set in ``source/`` (the same metadata
RISE presents live in JupyterLab). The page's title is the notebook's first heading; input and
output prompts are left out; long lines wrap; the code of a cell drawing a figure or a table
(image or HTML output), when longer than ``FOLD_LINES`` lines, is folded (a click opens it) so
that what it draws fits; a figure still reaching
past the slide's bottom is scaled down to the room left; a slide whose text is longer than the
screen scrolls. With ``code=False`` the code inputs are left out and their outputs kept
(``drop_silent_code``).

Everything a deck loads is under ``OUT/assets/``, copied from installed Python packages (pinned in
``pyproject.toml``): reveal.js 3.9 (MIT) with its Source Sans Pro font (SIL OFL) from ``rise``,
MathJax 2.7 (Apache 2.0) with its STIX web fonts (SIL OFL, notices inside the fonts) from
``jupyter-server-mathjax``; the licence files are copied beside them. Figures are PNGs inside the
page. Copy ``OUT/`` whole to the room's machine and open a deck in a browser: no server, no
network.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from autograder.course import layout

TEMPLATES = Path(__file__).parent / "templates"
FOLD_LINES = 16
WIDTH, HEIGHT = 1280, 720  # 16:9; reveal.js scales the deck to the screen
ASSETS = "assets"


def _package_dir(module: str) -> Path:
    import importlib

    return Path(importlib.import_module(module).__file__).parent


def _reveal_files() -> dict[str, Path]:
    """Files of reveal.js 3.9 the deck loads, by their path under ``assets/reveal.js``.
    ``rise`` adapts some files to the classic notebook and keeps reveal.js's own beside them:
    ``reveal.css.upstream``, and the speaker view's ``*.patched`` (opened by S; RISE's own by T)."""
    root = _package_dir("rise") / "static" / "reveal.js"
    files = {
        "js/reveal.js": root / "js/reveal.js",
        "css/reveal.css": root / "css/reveal.css.upstream",
        "css/theme/white.css": root / "css/theme/white.css",
        "plugin/notes/notes.js": root / "plugin/notes/notes.js.patched",
        "plugin/notes/notes.html": root / "plugin/notes/notes.html.patched",
        "plugin/markdown/marked.js": root / "plugin/markdown/marked.js",  # the speaker view loads it
        "LICENSE": root / "LICENSE",
    }
    fonts = root / "lib/font/source-sans-pro"  # its CSS lists .eot, .woff, .ttf: every browser takes .woff
    for p in [fonts / "source-sans-pro.css", fonts / "LICENSE", *sorted(fonts.glob("*.woff"))]:
        files[f"lib/font/source-sans-pro/{p.name}"] = p
    return files


def _mathjax_files() -> dict[str, Path]:
    """MathJax 2.7 with its TeX input, HTML-CSS output and STIX web fonts, under ``assets/mathjax``:
    all of ``jupyter_server_mathjax/static`` but the translations, the accessibility extensions
    (loaded only when a reader turns them on in MathJax's menu) and the SVG output."""
    root = _package_dir("jupyter_server_mathjax") / "static"
    left_out = ("localization/", "extensions/a11y/", "jax/output/SVG/")
    return {
        rel: p
        for p in sorted(root.rglob("*"))
        if p.is_file() and not (rel := p.relative_to(root).as_posix()).startswith(left_out)
    }


def copy_assets(out: Path) -> None:
    for folder, files in (("reveal.js", _reveal_files()), ("mathjax", _mathjax_files())):
        for rel, source in files.items():
            target = out / ASSETS / folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def title(nb) -> str:
    """The notebook's first markdown heading, without its ``#`` and markdown emphasis."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return re.sub(r"[*`]", "", line.lstrip("#")).strip()
    return ""


def slide_count(nb) -> int:
    """Slides a deck of ``nb`` has (sub-slides included), as nbconvert lays them out: the first
    cell shown opens the first slide whatever its type; then each ``slide`` or ``subslide`` cell
    opens one more."""
    kinds = [cell.metadata.get("slideshow", {}).get("slide_type", "-") for cell in nb.cells]
    shown = [i for i, kind in enumerate(kinds) if kind not in ("skip", "notes")]
    if not shown:
        return 0
    return 1 + sum(kind in ("slide", "subslide") for kind in kinds[shown[0] + 1 :])


def drop_silent_code(nb) -> None:
    """For a deck without code: a code cell that has no outputs would be an empty slide, so it is
    skipped, and the slide or sub-slide it opened is opened by the next cell shown instead."""
    rank = {"slide": 2, "subslide": 1}
    opens = None  # what the skipped cells opened: "slide" or "subslide"
    for cell in nb.cells:
        slideshow = cell.metadata.setdefault("slideshow", {})
        kind = slideshow.get("slide_type", "-")
        if kind in ("skip", "notes"):
            continue
        if cell.cell_type == "code" and not cell.get("outputs"):
            slideshow["slide_type"] = "skip"
            if rank.get(kind, 0) > rank.get(opens, 0):
                opens = kind
        else:
            if rank.get(opens, 0) > rank.get(kind, 0):
                slideshow["slide_type"] = opens
            opens = None


def exporter(code: bool = True):
    from nbconvert import SlidesExporter

    return SlidesExporter(
        extra_template_basedirs=[str(TEMPLATES)],
        template_name="slides",
        exclude_input=not code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def deck(path: Path, out: Path, code: bool = True) -> tuple[Path, int]:
    """Write ``out/<name>.slides.html`` from the notebook at ``path`` (its assets: ``copy_assets``);
    returns the deck and its number of slides."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.metadata["title"] = title(nb) or path.stem
    if not code:
        drop_silent_code(nb)
    resources = {"slides": {"fold_lines": FOLD_LINES, "width": WIDTH, "height": HEIGHT}}
    body, _ = exporter(code).from_notebook_node(nb, resources=resources)
    target = out / f"{path.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target, slide_count(nb)


def slides(out: Path, code: bool = True, solutions: Path = layout.SOLUTIONS) -> list[tuple[Path, int]]:
    """A deck per notebook of ``solutions``, and ``out/assets/``: [(deck, number of slides)]."""
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    return [deck(path, out, code) for path in sorted(solutions.glob("*.ipynb"))]
