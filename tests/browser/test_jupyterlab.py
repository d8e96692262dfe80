"""Every student and solution notebook run through JupyterLab's UI in headless Chromium.

JupyterLab starts on 127.0.0.1 with a random token over a copy of ``notebooks/`` and
``solutions/``; Playwright drives Debian's ``/usr/bin/chromium`` (no browser is downloaded). For
each notebook: Run > Run All Cells, wait for the kernel, save, then read what the UI produced:
the solutions without an error, the student release stopping only at a graded check (its first
error is a ``CheckFailed`` in a test cell), figures rendered as images, notebook 2's animation
player and sliders on the page. Screenshots go to the folder the test prints.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from autograder.course import layout

# one worker runs them all: one JupyterLab and one Chromium, not one per xdist worker
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is missing (Debian: apt-get install chromium; .ci/run installs it)", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api", reason="playwright (the Python package) is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    for folder in ("notebooks", "solutions"):
        shutil.copytree(layout.ROOT / folder, root / folder)
    home = tmp_path_factory.mktemp("home")
    settings = {  # every cell in the page (no windowing), no news pop-up over the notebook
        "notebook-extension/tracker": {"windowingMode": "none"},
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }
    for name, values in settings.items():
        path = home / "settings" / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(home / "ws")}
    log = open(root / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.news_url=", "--ServerApp.open_browser=False", "--allow-root"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"JupyterLab did not start: {(root / 'jupyterlab.log').read_text()[-2000:]}")
            time.sleep(0.5)
    shots = root / "screenshots"
    shots.mkdir()
    print(f"\nscreenshots: {shots}")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield {"base": base, "token": token, "root": root, "browser": browser, "shots": shots}
        browser.close()
    server.terminate()
    server.wait(timeout=30)


SELECTORS = {  # what the page shows, counted after the run
    "images": ".jp-OutputArea-output img",
    "players": ".jp-OutputArea-output .animation",
    "sliders": ".jp-OutputArea-output .widget-slider, .jp-OutputArea-output .jupyter-widgets input[type=range]",
}


def run_all(lab, relpath: str, expect: tuple[str, ...] = ()) -> tuple[dict, dict]:
    """Open ``relpath``, run every cell from the UI, save; return the saved notebook and DOM facts.

    ``expect`` names the ``SELECTORS`` awaited (up to 30 s each) before counting: a widget view
    is rendered by the widget manager after its cell has finished, later still on a loaded machine.
    """
    page = lab["browser"].new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    workspace = relpath.replace("/", "-").replace(".", "-")  # a fresh layout: only this notebook open
    page.goto(f"{lab['base']}/lab/workspaces/{workspace}/tree/{relpath}?reset&token={lab['token']}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    wait_until_done(page, seconds=300)
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1500)
    for name in expect:
        try:
            page.wait_for_selector(SELECTORS[name], state="attached", timeout=30_000)
        except playwright.TimeoutError:
            pass  # counted as 0 below, and the test says what the page showed instead
    facts = {name: page.locator(selector).count() for name, selector in SELECTORS.items()}
    facts["widget_outputs"] = [t[:200] for t in page.locator(".jp-OutputArea-output").all_inner_texts()
                               if "widget" in t.lower() or "slider" in t.lower()]
    page.screenshot(path=str(lab["shots"] / (relpath.replace("/", "__") + ".png")), full_page=False)
    page.close()
    saved = json.loads((lab["root"] / relpath).read_text())
    return saved, facts


_PROGRESS = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim());
    return {running: prompts.some(t => t.includes('*')),
            last: /\\[\\d+\\]/.test(prompts[prompts.length - 1] || ''),
            errors: panel.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length};
}"""


def wait_until_done(page, seconds: float) -> None:
    """Run All has finished: no cell queued or running (``[*]``), and either the last code cell ran
    or an error stopped the run; the same for two seconds (the kernel idles between cells)."""
    deadline, calm = time.monotonic() + seconds, 0
    page.wait_for_timeout(500)
    while time.monotonic() < deadline:
        state = page.evaluate(_PROGRESS)
        calm = calm + 1 if not state["running"] and (state["last"] or state["errors"]) else 0
        if calm >= 4:
            return
        page.wait_for_timeout(500)
    raise TimeoutError(f"Run All did not finish within {seconds:g} s")


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
        assert facts["sliders"] > 0, f"the sliders are displayed; widget outputs: {facts['widget_outputs']}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_release_stops_only_at_an_unanswered_exercise(lab, assignment):
    nb, facts = run_all(lab, f"notebooks/{assignment}.ipynb")
    found = errors(nb)
    graded = [c for c in nb["cells"] if is_test_cell(c)]
    if not graded:
        assert not found, found[:1]
        return
    assert found, "the first unanswered exercise's check fails"
    index, error = found[0]
    assert is_test_cell(nb["cells"][index]) and error["ename"] == "CheckFailed", (index, error["ename"])
