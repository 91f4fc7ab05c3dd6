"""Does an agenda's plan fit its meeting: minutes that add up, every kind present?"""

from __future__ import annotations

from typing import Any

from evals.metrics import MetricResult, listed, score

KINDS = ("recognition", "early_deal", "skill", "commitment", "rep_topic")


def time_boxes(output: Any) -> MetricResult:
    """Share of checks passed: the items' minutes sum to the length, each item has
    at least one minute, and each item kind is on the plan (a rep with nothing on
    record still gets every kind, with the gap said in the item)."""
    if not isinstance(output, dict) or not isinstance(output.get("items"), list):
        return MetricResult(name="time_boxes", value=0.0, detail="no items")
    items = [i for i in output["items"] if isinstance(i, dict)]
    minutes = [i.get("minutes") for i in items]
    problems = []
    total = sum(m for m in minutes if isinstance(m, int))
    if total != output.get("length_minutes"):
        problems.append(
            f"minutes add up to {total}, not {output.get('length_minutes')}"
        )
    problems += [
        f"{i.get('title', '?')}: {i.get('minutes')} minutes"
        for i in items
        if not isinstance(i.get("minutes"), int) or i["minutes"] < 1
    ]
    present = {i.get("kind") for i in items}
    problems += [f"no {kind} item" for kind in KINDS if kind not in present]
    checks = 1 + len(items) + len(KINDS)
    return score("time_boxes", checks - len(problems), checks, listed(problems))
