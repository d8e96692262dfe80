"""Each static deck of ``python -m autograder slides``, presented in headless Chromium as a lecturer
would in a room without network: opened from the file system with every http(s) request of the
page aborted (and recorded), then advanced with the Space key to the end.

On every slide the figures must lie inside the 16:9 screen (1280x720); at the end the slides seen
must be the deck's slides (as many as its cells' slideshow metadata makes), no request must have
left the machine, no script error must have happened, and MathJax must have typeset the formulas
(no ``$...$`` left in the markdown). Screenshots of every slide go to the folder the test prints.
"""

from __future__ import annotations

import re
import time

import nbformat
import pytest

from autograder.course import layout
from autograder.course.slides import HEIGHT, WIDTH, slide_count, slides

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

RAW_TEX = re.compile(r"\$[^$\n]*\\[A-Za-z]+[^$\n]*\$")  # $...\command...$ left as text

_STATE = """() => {
    const slide = Reveal.getCurrentSlide();
    const figures = [...slide.querySelectorAll('.jp-OutputArea-output img')]
        .filter(img => img.offsetParent !== null && !img.closest('aside.notes'))
        .map(img => { const r = img.getBoundingClientRect();
                      return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; });
    return {indices: Reveal.getIndices(), last: Reveal.isLastSlide() && !Reveal.availableFragments().next,
            figures: figures};
}"""


def offline_page(browser, deck):
    """A page showing ``deck`` from the file system, in a context (the page and any window it
    opens) where every http(s) request is aborted and recorded; with the page's script errors."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    requested, errors = [], []
    context.route(re.compile(r"^https?://"), lambda route: (requested.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(deck.as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady() && window.MathJax && MathJax.isReady")
    return page, requested, errors


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    start = time.monotonic()
    built = slides(out)
    print(f"\n{len(built)} decks built in {time.monotonic() - start:.1f} s in {out}")
    return {path.name.split(".")[0]: path for path, _ in built}


@pytest.mark.parametrize("assignment", layout.assignments())
def test_deck_presents_offline_to_the_last_slide(decks, browser, assignment, tmp_path):
    deck = decks[assignment]
    nb = nbformat.read(layout.SOLUTIONS / f"{assignment}.ipynb", as_version=4)
    expected = slide_count(nb)
    has_math = any("$" in cell.source for cell in nb.cells if cell.cell_type == "markdown")
    page, requested, errors = offline_page(browser, deck)
    page.evaluate("Reveal.configure({transition: 'none'})")  # the test reads positions, not animations

    seen, outside = set(), []
    for step in range(10 * expected + 10):  # fragments are steps too
        page.evaluate("() => new Promise(done => MathJax.Hub.Queue(done))")  # typeset, figures fitted
        state = page.evaluate(_STATE)
        where = (state["indices"]["h"], state["indices"]["v"])
        seen.add(where)
        for box in state["figures"]:
            if box["left"] < -1 or box["top"] < -1 or box["right"] > WIDTH + 1 or box["bottom"] > HEIGHT + 1:
                outside.append((where, box))
        page.screenshot(path=str(tmp_path / f"{step:03d}_{where[0]}_{where[1]}.png"))
        if state["last"]:
            break
        page.keyboard.press("Space")
    print(f"{assignment}: {len(seen)} slides, screenshots in {tmp_path}")

    leaves = page.evaluate("document.querySelectorAll('.reveal .slides section:not(:has(section))').length")
    markdown = page.evaluate("[...document.querySelectorAll('.jp-RenderedMarkdown')].map(e => e.innerText).join('\\n')")
    typeset = page.evaluate("document.querySelectorAll('.MathJax').length")
    page.context.close()
    assert not requested, f"the deck asked the network for {requested[:5]}"
    assert not errors, errors
    assert state["last"], f"Space did not reach the last slide in {step + 1} presses"
    assert len(seen) == leaves == expected, (len(seen), leaves, expected)
    assert not outside, f"figures outside the 16:9 screen (slide h, v; box): {outside[:5]}"
    assert (typeset > 0) == has_math, f"{typeset} formulas typeset, the markdown has math: {has_math}"
    assert not RAW_TEX.findall(markdown), RAW_TEX.findall(markdown)[:5]


def test_s_opens_the_speaker_view_with_the_slides_notes_offline(decks, browser):
    page, requested, errors = offline_page(browser, decks["01_optimizers"])
    where = page.evaluate("""() => {
        const aside = document.querySelector('.reveal .slides section aside.notes');
        if (!aside) return null;
        Reveal.slide(...Object.values(Reveal.getIndices(aside.closest('section'))));
        return aside.innerText.trim().split('\\n')[0];
    }""")
    assert where, "the deck has no speaker notes, or the first ones are empty"
    with page.context.expect_page() as opened:
        page.keyboard.press("s")
    view = opened.value
    view.wait_for_function(
        "text => document.querySelector('.speaker-controls-notes').innerText.includes(text)", arg=where
    )
    assert view.url.endswith("assets/reveal.js/plugin/notes/notes.html")
    page.context.close()
    assert not requested and not errors, (requested, errors)


def test_the_decks_weigh_what_the_readme_says(decks):
    sizes = {name: path.stat().st_size for name, path in decks.items()}
    assets = sum(p.stat().st_size for p in (next(iter(decks.values())).parent / "assets").rglob("*") if p.is_file())
    print(f"deck sizes {sizes}, assets {assets} bytes")
    assert max(sizes.values()) < 6_000_000 and assets < 3_500_000, (sizes, assets)
