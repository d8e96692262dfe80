"""Students' JupyterLab (``make lab``, the bundle, Binder) hides nbgrader's instructor tools and
JupyterLab's news pop-up, and keeps "Validate" and the assignment list.

Two JupyterLabs start on one notebook of the release, each with an empty home: one as ``make lab``
starts it (``JUPYTER_CONFIG_PATH`` = ``jupyter-config/``, whose ``labconfig/page_config.json``
disables the plugins), one with JupyterLab's defaults, which shows every thing the first must not:
so each assertion can fail.
"""

from __future__ import annotations

import json
import shutil

import pytest

from autograder.course import layout

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]
playwright = pytest.importorskip("playwright.sync_api", reason="playwright (the Python package) is not installed")
STUDENT_CONFIG = layout.ROOT / "jupyter-config"
HIDDEN = ["Course List", "Formgrader", "Create assignment"]


def what_the_student_sees(lab_server, browser, tmp_path, env) -> dict:
    root, home = tmp_path / "root", tmp_path / "home"
    root.mkdir()
    home.mkdir()
    shutil.copy(layout.NOTEBOOKS / "01_optimizers.ipynb", root)
    with lab_server(root, home, env=env) as (base, token):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(60_000)
        try:
            page.goto(f"{base}/lab/tree/01_optimizers.ipynb?reset&token={token}")
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
            try:  # the news question appears a few seconds after start-up, when it does
                page.wait_for_selector(".Toastify__toast", timeout=15_000)
            except playwright.TimeoutError:
                pass
            seen = {"toasts": page.locator(".Toastify__toast").all_inner_texts()}
            seen["toolbar"] = page.locator(".jp-NotebookPanel-toolbar .jp-Toolbar-item").all_inner_texts()
            seen["sidebar"] = [
                page.locator(".lm-TabBar-tab").nth(i).get_attribute("title") or ""
                for i in range(page.locator(".lm-TabBar-tab").count())
            ]
            page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
            items = page.locator(".lm-Menu-content .lm-Menu-item:not(.lm-mod-hidden)")
            seen["menu"] = [text.strip() for text in items.all_inner_texts()]
            page.keyboard.press("Escape")
        finally:
            page.close()
    return seen


@pytest.fixture(scope="module")
def seen(lab_server, browser, tmp_path_factory):
    return {
        setup: what_the_student_sees(lab_server, browser, tmp_path_factory.mktemp(setup), env)
        for setup, env in [("student", {"JUPYTER_CONFIG_PATH": str(STUDENT_CONFIG)}), ("default", {})]
    }


def test_jupyterlabs_defaults_show_the_instructor_tools_and_the_news(seen):
    default = seen["default"]
    assert all(item in default["menu"] for item in HIDDEN), default["menu"]
    assert "Nbgrader Create Assignment" in default["sidebar"]
    assert any("Jupyter news" in toast for toast in default["toasts"]), default["toasts"]


def test_students_see_no_instructor_tool_and_no_news(seen):
    student = seen["student"]
    assert student["menu"] == ["Assignment List"]
    assert "Nbgrader Create Assignment" not in student["sidebar"]
    assert student["toasts"] == []


def test_students_keep_validate(seen):
    assert any(item.strip() == "Validate" for item in seen["student"]["toolbar"]), seen["student"]["toolbar"]


def test_make_lab_the_bundle_and_binder_use_the_student_page_config():
    disabled = json.loads((STUDENT_CONFIG / "labconfig" / "page_config.json").read_text())["disabledExtensions"]
    assert set(disabled) == {
        "@jupyter/nbgrader:formgrader",
        "@jupyter/nbgrader:course-list",
        "@jupyter/nbgrader:create-assignment",
        "@jupyterlab/apputils-extension:announcements",
    }
    assert "JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter-config" in (layout.ROOT / "Makefile").read_text()
    assert "jupyter-config/labconfig/page_config.json" in (layout.ROOT / "binder" / "postBuild").read_text()
