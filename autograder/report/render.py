"""A checked exercise as a report: headline (score), the diagnosis the failing cases share and how
to fix it, stated once, one row per case (what is particular to it), and a plot of the first
failing visible case."""

from __future__ import annotations

import base64
import html as _html

from autograder.judging import CaseVerdict, ExerciseResult, points_text
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


_PART = "; "  # what separates the parts of a case's message ("leaves Keras at step 1 of 20; likely: ...")


def shared_diagnosis(result: ExerciseResult) -> str:
    """The trailing parts of the message that the failing cases share (``"likely: no bias
    correction"``, or a whole ``"not answered yet (...)"``), when two or more fail: the report
    states it once instead of once per row. The visible cases decide when two of them fail (a
    hidden case's message says only the kind of outcome); ``""`` when they share nothing."""
    failing = [v for v in result.verdicts if not v.passed]
    visible = [v for v in failing if not v.case.hidden]
    messages = [v.message.split(_PART) for v in (visible if len(visible) >= 2 else failing)]
    if len(messages) < 2:
        return ""
    shared: list[str] = []
    for parts in zip(*(reversed(m) for m in messages)):
        if len(set(parts)) > 1:
            break
        shared.insert(0, parts[0])
    return _PART.join(shared)


def _row_message(verdict: CaseVerdict, shared: str) -> str:
    """A case's message, a failing one's without the diagnosis the report states once (``""`` if
    nothing else is left)."""
    message = verdict.message
    if verdict.passed or not shared or not message.endswith(shared):
        return message
    return message[: -len(shared)].removesuffix(_PART)


def headline(result: ExerciseResult, points: float | None = None) -> str:
    """``"adam against keras.optimizers.Adam: 1/2 points (2/4 cases)"``: the score, no diagnosis."""
    return f"{result.exercise} against {result.reference}: {score_text(result, points)}"


def text(result: ExerciseResult, points: float | None = None) -> str:
    ok = "PASS" if result.complete else "FAIL"
    shared = shared_diagnosis(result)
    lines = [f"[{ok}] {headline(result, points)}"]
    if shared:
        lines.append(f"  diagnosis: {shared}")
    for hint in _hints(result):
        lines.append(f"  what to fix: {hint}")
    for i, v in enumerate(result.verdicts, 1):
        message = _row_message(v, shared)
        lines.append(
            f"  {'ok ' if v.passed else 'XX '} case {i}: {v.case.shown_label()}" + (f": {message}" if message else "")
        )
    lines.append(f"  {PARTIAL_CREDIT}")
    return "\n".join(lines)


def html(result: ExerciseResult, points: float | None = None, png: bytes | None = None) -> str:
    ok = result.complete
    colour = "#2ca02c" if ok else "#d62728"
    shared = shared_diagnosis(result)
    rows = "".join(
        f"<tr><td>{i}</td><td style='color:{'#2ca02c' if v.passed else '#d62728'}'>{'✓' if v.passed else '✗'}</td>"
        f"<td style='text-align:left'>{_html.escape(v.case.shown_label())}</td>"
        f"<td style='text-align:left'>{_html.escape(_row_message(v, shared))}</td></tr>"
        for i, v in enumerate(result.verdicts, 1)
    )
    hints = "".join(f"<li>{_html.escape(h)}</li>" for h in _hints(result))
    image = ""
    if png:
        data = base64.b64encode(png).decode()
        image = f'<img alt="your trajectory against Keras\'s" src="data:image/png;base64,{data}"/>'
    return (
        f'<div class="autograder-report" style="border-left:4px solid {colour};padding-left:8px">'
        f"<b>{_html.escape(result.exercise)}</b> against <code>{result.reference}</code>: "
        f"<b style='color:{colour}'>{score_text(result, points)}</b>"
        + (f"<p>Diagnosis: <b>{_html.escape(shared)}</b></p>" if shared else "")
        + (f"<p>What to fix:</p><ul>{hints}</ul>" if hints else "")
        + f"<table><tr><th>#</th><th></th><th style='text-align:left'>case</th>"
        f"<th style='text-align:left'>result</th></tr>{rows}</table>"
        + image
        + f"<p><small>{_html.escape(PARTIAL_CREDIT)}</small></p>"
        + "</div>"
    )


def outputs(result: ExerciseResult, points: float | None = None) -> tuple[str, str, bytes | None]:
    """``(html, text, png)`` of a report; the PNG (or ``None``) also appears inside the HTML."""
    png = None if result.complete else render_plot(result.figure())
    return html(result, points, png), text(result, points), png
