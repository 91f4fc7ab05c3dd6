"""The HTML report: one file, inline CSS and SVG bar charts, no script, no network."""

from __future__ import annotations

from html import escape

from evals.metrics import SCORE
from evals.report import (
    bound_text,
    headline,
    score_names,
    value_text,
    verdict,
    worst_first,
)
from evals.results import EvalRun, SuiteRun
from evals.thresholds import Bound, Thresholds

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:72em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px}
th{background:#f3f3f3;text-align:left}td.n{text-align:right}
.FAIL{color:#b00;font-weight:bold}.pass{color:#070}
.s0{background:#f8d0d0}.s1{background:#fbe7c6}.s2{background:#e3f3dc}
"""
_BAR_H, _LABEL_W, _BAR_W = 18, 190, 360


def render_html(run: EvalRun, thresholds: Thresholds) -> str:
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>Eval: "
        f"{escape(run.model)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Eval: {escape(run.model)} ({escape(run.backend)})</h1>",
        f"<p>{escape(headline(run).replace('**', ''))}</p>",
    ]
    if run.breaches:
        items = "".join(f"<li>{escape(b.describe())}</li>" for b in run.breaches)
        parts.append(f"<ul class='FAIL'>{items}</ul>")
    for suite in run.suites:
        parts += _suite(suite, thresholds.get(suite.name, {}))
    return "".join(parts) + "</body></html>\n"


def bar_chart(rows: list[tuple[str, float | None, float | None]], top: float) -> str:
    """Horizontal bars, one per (label, value, marker); the marker is a threshold."""
    height = _BAR_H * len(rows) + 10
    width = _LABEL_W + _BAR_W + 70
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}'>"
    ]
    for i, (label, value, mark) in enumerate(rows):
        y = 5 + i * _BAR_H
        out.append(
            f"<text x='{_LABEL_W - 6}' y='{y + 13}' text-anchor='end' "
            f"font-size='12'>{escape(label)}</text>"
        )
        shown = 0.0 if value is None else min(value / top, 1.0) if top else 0.0
        out.append(
            f"<rect x='{_LABEL_W}' y='{y + 2}' width='{shown * _BAR_W:.1f}' "
            f"height='{_BAR_H - 5}' fill='#4a7fb5'/>"
        )
        text = "n/m" if value is None else f"{value:.3g}"
        out.append(
            f"<text x='{_LABEL_W + shown * _BAR_W + 4:.1f}' y='{y + 13}' "
            f"font-size='11'>{text}</text>"
        )
        if mark is not None and top:
            x = _LABEL_W + min(mark / top, 1.0) * _BAR_W
            out.append(
                f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{y}' y2='{y + _BAR_H}' "
                "stroke='#b00' stroke-width='2'/>"
            )
    return "".join(out) + "</svg>"


def _suite(suite: SuiteRun, bounds: dict[str, Bound]) -> list[str]:
    scores = [s for s in suite.summary if s.unit == SCORE]
    chart = bar_chart(
        [(s.name, s.mean, _limit(bounds.get(s.name))) for s in scores], top=1.0
    )
    cases = worst_first(suite)
    quality = bar_chart([(c.id, c.quality, None) for c in cases], top=1.0)
    seconds = [
        (c.id, m.value if (m := c.metric("latency_s")) else None, None) for c in cases
    ]
    slowest = max((v for _, v, _ in seconds if v is not None), default=0.0)
    return [
        f"<h2>{escape(suite.name)}: metrics</h2>",
        chart,
        _metric_table(suite, bounds),
        f"<h2>{escape(suite.name)}: cases, worst first</h2>",
        "<h3>Quality (mean of scores)</h3>",
        quality,
        "<h3>Latency (s)</h3>",
        bar_chart(seconds, top=slowest),
        _case_table(suite),
    ]


def _limit(bound: Bound | None) -> float | None:
    return None if bound is None else bound.min if bound.min is not None else bound.max


def _metric_table(suite: SuiteRun, bounds: dict[str, Bound]) -> str:
    rows = ["<table><tr><th>metric<th>mean<th>measured<th>threshold<th>verdict</tr>"]
    for s in suite.summary:
        shown = verdict(s, bounds.get(s.name))
        rows.append(
            f"<tr><td>{escape(s.name)}<td class='n'>{value_text(s.mean, s.unit)}"
            f"<td class='n'>{s.measured}/{s.measured + s.not_measured}"
            f"<td>{escape(bound_text(bounds.get(s.name)))}"
            f"<td class='{shown.split()[0] if shown else ''}'>{shown}</tr>"
        )
    return "".join(rows) + "</table>"


def _case_table(suite: SuiteRun) -> str:
    names = score_names(suite)
    head = "".join(f"<th>{escape(n)}" for n in ["case", "status", "quality", *names])
    rows = [f"<table><tr>{head}</tr>"]
    for case in worst_first(suite):
        cells = []
        for name in names:
            m = case.metric(name)
            value = m.value if m else None
            title = escape(m.detail if m else "", quote=True)
            cells.append(
                f"<td class='n {_shade(value)}' title='{title}'>{value_text(value)}"
            )
        rows.append(
            f"<tr><td title='{escape(case.reason, quote=True)}'>{escape(case.id)}"
            f"<td>{case.status}<td class='n {_shade(case.quality)}'>"
            f"{value_text(case.quality)}{''.join(cells)}</tr>"
        )
    return "".join(rows) + "</table>"


def _shade(value: float | None) -> str:
    if value is None:
        return ""
    return "s2" if value >= 0.999 else "s1" if value >= 0.6 else "s0"
