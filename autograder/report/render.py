"""A checked exercise as a report: headline (score, summary), one row per case, the likely
mistake with its fix, and a plot of the first failing visible case."""

from __future__ import annotations

import base64
import html as _html

from autograder.judging import ExerciseResult, points_text
from autograder.report.plots import render as render_plot

# How a score is computed, in every report (``autograder.judging.ExerciseResult.fraction``).
PARTIAL_CREDIT = (
    "Partial credit: the exercise's points times the share of its cases that pass, hidden cases "
    "included; calling Keras where the exercise forbids it scores 0."
)


def score_text(result: ExerciseResult, points: float | None) -> str:
    if points is None:
        return f"{result.passed}/{result.total} cases"
    return f"{points_text(result.fraction * points)}/{points:g} points ({result.passed}/{result.total} cases)"


def _hints(result: ExerciseResult) -> list[str]:
    seen, hints = set(), []
    for v in result.verdicts:
        if not v.passed and v.hint and v.hint not in seen:
            seen.add(v.hint)
            hints.append(v.hint)
    return hints


def text(result: ExerciseResult, points: float | None = None) -> str:
    ok = "PASS" if result.complete else "FAIL"
    lines = [f"[{ok}] {result.exercise}: {score_text(result, points)} — {result.summary}"]
    for i, v in enumerate(result.verdicts, 1):
        lines.append(f"  {'ok ' if v.passed else 'XX '} case {i}: {v.case.shown_label()}: {v.message}")
    for hint in _hints(result):
        lines.append(f"  hint: {hint}")
    lines.append(f"  {PARTIAL_CREDIT}")
    return "\n".join(lines)


def html(result: ExerciseResult, points: float | None = None, png: bytes | None = None) -> str:
    ok = result.complete
    colour = "#2ca02c" if ok else "#d62728"
    reference = result.reference
    rows = "".join(
        f"<tr><td>{i}</td><td style='color:{'#2ca02c' if v.passed else '#d62728'}'>{'✓' if v.passed else '✗'}</td>"
        f"<td style='text-align:left'>{_html.escape(v.case.shown_label())}</td>"
        f"<td style='text-align:left'>{_html.escape(v.message)}</td></tr>"
        for i, v in enumerate(result.verdicts, 1)
    )
    hints = "".join(f"<li>{_html.escape(h)}</li>" for h in _hints(result))
    image = ""
    if png:
        data = base64.b64encode(png).decode()
        image = f'<img alt="your trajectory against Keras\'s" src="data:image/png;base64,{data}"/>'
    return (
        f'<div class="autograder-report" style="border-left:4px solid {colour};padding-left:8px">'
        f"<b>{_html.escape(result.exercise)}</b> against <code>{reference}</code>: "
        f"<b style='color:{colour}'>{score_text(result, points)}</b><br/>"
        f"<i>{_html.escape(result.summary)}</i>"
        f"<table><tr><th>#</th><th></th><th style='text-align:left'>case</th>"
        f"<th style='text-align:left'>result</th></tr>{rows}</table>"
        + (f"<p>What to fix:</p><ul>{hints}</ul>" if hints else "")
        + image
        + f"<p><small>{_html.escape(PARTIAL_CREDIT)}</small></p>"
        + "</div>"
    )


def outputs(result: ExerciseResult, points: float | None = None) -> tuple[str, str, bytes | None]:
    """``(html, text, png)`` of a report; the PNG (or ``None``) also appears inside the HTML."""
    png = None if result.complete else render_plot(result.figure())
    return html(result, points, png), text(result, points), png
