"""Every student and solution notebook run through JupyterLab's UI in headless Chromium.

JupyterLab starts on 127.0.0.1 with a random token over a copy of ``notebooks/`` and
``solutions/`` whose stored outputs are removed (whatever the page shows afterwards, this run
produced); Playwright drives Debian's ``/usr/bin/chromium`` (no browser is downloaded). For each
notebook: Run All Cells, save, then read what the UI produced: the solutions without an error,
the student release running to its end with every exercise unanswered (each check cell, and
only those, showing a ``CheckFailed``), figures rendered as images, notebook 2's animation
player and sliders on the page.
Screenshots go to the folder the test prints.
"""

from __future__ import annotations

import json
import shutil
import urllib.request

import nbformat
import pytest

from autograder.course import layout
from autograder.course.slides import slide_count

# one worker runs them all: one JupyterLab and one Chromium, not one per xdist worker
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]
playwright = pytest.importorskip("playwright.sync_api", reason="playwright (the Python package) is not installed")


@pytest.fixture(scope="module")
def lab(tmp_path_factory, lab_server, browser):
    root = tmp_path_factory.mktemp("lab")
    for folder in ("notebooks", "solutions"):
        shutil.copytree(layout.ROOT / folder, root / folder)
        for path in (root / folder).glob("*.ipynb"):
            path.write_text(json.dumps(without_outputs(json.loads(path.read_text())), indent=1))
    home = tmp_path_factory.mktemp("home")
    settings = {  # every cell in the page (no windowing), no news pop-up over the notebook
        "notebook-extension/tracker": {"windowingMode": "none"},
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }
    for name, values in settings.items():
        path = home / "settings" / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    with lab_server(root, home, args=("--LabApp.news_url=",)) as (base, token):
        shots = root / "screenshots"
        shots.mkdir()
        print(f"\nscreenshots: {shots}")
        yield {"base": base, "token": token, "root": root, "browser": browser, "shots": shots}


SELECTORS = {  # what the page shows, counted after the run
    "images": ".jp-OutputArea-output img",
    "players": ".jp-OutputArea-output .animation",
    "sliders": ".jp-OutputArea-output .widget-slider, .jp-OutputArea-output .jupyter-widgets input[type=range]",
}


def without_outputs(nb: dict) -> dict:
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    nb["metadata"].pop("widgets", None)
    return nb


_RUN_ALL = """async ([path, seconds]) => {
    const app = window.jupyterapp;
    await app.restored;
    const panel = [...app.shell.widgets('main')].find(w => w.context && w.context.path === path);
    if (!panel) return {done: false, why: 'the notebook is not open'};
    app.shell.activateById(panel.id);
    await panel.context.ready;
    await panel.sessionContext.ready;
    const run = app.commands.execute('notebook:run-all-cells').then(() => ({done: true}));
    const late = new Promise(r => setTimeout(
        () => r({done: false, why: `Run All did not finish within ${seconds} s`}), seconds * 1000));
    const result = await Promise.race([run, late]);
    await app.commands.execute('docmanager:save');
    return result;
}"""

_SHUT_DOWN = "() => window.jupyterapp?.serviceManager.sessions.shutdownAll()"  # this page's kernel


def run_all(lab, relpath: str, expect: tuple[str, ...] = ()) -> tuple[dict, dict]:
    """Open ``relpath``, run every cell, save; return the saved notebook and DOM facts.

    Run All is the command the Run menu executes (``notebook:run-all-cells``), awaited until the
    last cell's reply, once the kernel is connected: a click on the menu while the page was still
    settling could be lost, and then nothing ran. ``expect`` names the ``SELECTORS`` awaited (up to
    30 s each) before counting: a widget view is rendered by the widget manager after its cell has
    finished, later still on a loaded machine.
    """
    page = lab["browser"].new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    workspace = relpath.replace("/", "-").replace(".", "-")  # a fresh layout: only this notebook open
    try:
        page.goto(f"{lab['base']}/lab/workspaces/{workspace}/tree/{relpath}?reset&token={lab['token']}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        page.wait_for_function("() => window.jupyterapp !== undefined", timeout=120_000)
        result = page.evaluate(_RUN_ALL, [relpath, 300])
        if not result["done"]:
            pytest.fail(f"{relpath}: {result['why']} (screenshot in {lab['shots']})")
        for name in expect:
            try:
                page.wait_for_selector(SELECTORS[name], state="attached", timeout=30_000)
            except playwright.TimeoutError:
                pass  # counted as 0 below, and the test says what the page showed instead
        facts = {name: page.locator(selector).count() for name, selector in SELECTORS.items()}
        facts["mime_types"] = sorted(
            set(
                page.eval_on_selector_all(
                    ".jp-OutputArea-output[data-mime-type]", "nodes => nodes.map(n => n.dataset.mimeType)"
                )
            )
        )
    finally:
        page.screenshot(path=str(lab["shots"] / (relpath.replace("/", "__") + ".png")), full_page=False)
        page.evaluate(_SHUT_DOWN)  # eight TensorFlow kernels left idle would hold 8 GB
        page.close()
    saved = json.loads((lab["root"] / relpath).read_text())
    return saved, facts


def errors(nb) -> list[tuple[int, dict]]:
    return [(i, o) for i, c in enumerate(nb["cells"]) for o in c.get("outputs", []) if o["output_type"] == "error"]


def is_test_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


ASSIGNMENTS = layout.assignments()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_runs_in_the_browser_without_errors(lab, assignment):
    expect = ("images", "players", "sliders") if assignment == "02_landscapes" else ("images",)
    nb, facts = run_all(lab, f"solutions/{assignment}.ipynb", expect)
    assert not errors(nb), errors(nb)[:1]
    executed = [c for c in nb["cells"] if c["cell_type"] == "code" and c["source"]]
    assert all(c.get("execution_count") for c in executed), "every cell ran"
    assert facts["images"] > 0, "figures render as images"
    if assignment == "02_landscapes":
        assert facts["players"] > 0, "the saddle-point animation's player is on the page"
        assert facts["sliders"] > 0, f"the sliders are displayed; rendered outputs: {facts['mime_types']}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_release_runs_past_every_unanswered_exercise(lab, assignment):
    nb, facts = run_all(lab, f"notebooks/{assignment}.ipynb")
    found = errors(nb)
    assert all(is_test_cell(nb["cells"][i]) and e["ename"] == "CheckFailed" for i, e in found), found[:1]
    graded = {i for i, c in enumerate(nb["cells"]) if is_test_cell(c)}
    assert {i for i, _ in found} == graded, "every check fails, each in its own cell"
    executed = [c for c in nb["cells"] if c["cell_type"] == "code" and c["source"]]
    assert all(c.get("execution_count") for c in executed), "Run All ran every cell"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_rise_presents_the_notebook_with_the_decks_slides(lab, assignment):
    """Live slides: jupyterlab-rise's slideshow of a notebook (what Alt+R opens) has the slides
    its cells' metadata makes, as many as the static deck's (``slide_count``), and a kernel."""
    relpath = f"solutions/{assignment}.ipynb"
    expected = slide_count(nbformat.read(lab["root"] / relpath, as_version=4))
    page = lab["browser"].new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(f"{lab['base']}/rise/{relpath}?token={lab['token']}")
        page.wait_for_selector(".reveal .slides section", state="attached", timeout=120_000)
        leaves = page.evaluate("document.querySelectorAll('.reveal .slides section:not(:has(section))').length")
        page.wait_for_function(
            "path => fetch('/api/sessions').then(r => r.json()).then(s => s.some(x => x.path === path && x.kernel))",
            arg=relpath,
        )
    finally:
        page.screenshot(path=str(lab["shots"] / f"rise__{assignment}.png"))
        page.close()
        sessions = json.load(urllib.request.urlopen(f"{lab['base']}/api/sessions?token={lab['token']}"))
        for session in sessions:  # the slideshow's kernel
            request = urllib.request.Request(
                f"{lab['base']}/api/sessions/{session['id']}?token={lab['token']}", method="DELETE"
            )
            urllib.request.urlopen(request)
    assert leaves == expected > 1
