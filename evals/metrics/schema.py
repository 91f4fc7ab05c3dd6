"""Is the output a valid brief, with every section a reader expects?"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from evals.metrics import MetricResult, listed, score

# Sections that must hold text: a brief without them tells the rep nothing.
TEXT_SECTIONS = ("summary.text", "goal", "next_step.text")
# Sections that must be present, though an honest brief may leave them empty.
LIST_SECTIONS = (
    "stakeholders",
    "risks",
    "questions",
    "objections",
    "plays",
    "lessons",
    "citations",
)
CLAIM_SECTIONS = (
    "stakeholders",
    "risks",
    "questions",
    "objections",
    "plays",
    "lessons",
)


def schema_validity(output: Any, model: type[BaseModel]) -> MetricResult:
    """1.0 when the output validates against the response model, else 0.0."""
    if output is None:
        return MetricResult(name="schema_valid", value=0.0, detail="no output")
    try:
        model.model_validate(output)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(root)"
        return MetricResult(
            name="schema_valid", value=0.0, detail=f"{where}: {first['msg']}"
        )
    return MetricResult(name="schema_valid", value=1.0)


def required_sections(output: Any) -> MetricResult:
    """Share of required sections present and filled, and of claims citing something.

    Text sections must be non-empty; list sections must be present; every item of
    a claim section must name at least one citation, as must the summary and next
    step.
    """
    if not isinstance(output, dict):
        return MetricResult(name="required_sections", value=0.0, detail="no output")
    missing = [p for p in TEXT_SECTIONS if not _text_at(output, p)]
    missing += [s for s in LIST_SECTIONS if not isinstance(output.get(s), list)]
    uncited = _uncited(output)
    checks = len(TEXT_SECTIONS) + len(LIST_SECTIONS) + _claim_count(output)
    problems = [f"missing {m}" for m in missing] + [f"uncited {u}" for u in uncited]
    return score("required_sections", checks - len(problems), checks, listed(problems))


def _text_at(output: dict, path: str) -> str:
    value: Any = output
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value.strip() if isinstance(value, str) else ""


def _claims(output: dict) -> list[tuple[str, Any]]:
    items = [("summary", output.get("summary")), ("next_step", output.get("next_step"))]
    for section in CLAIM_SECTIONS:
        value = output.get(section)
        if isinstance(value, list):
            items += [(f"{section}[{i}]", item) for i, item in enumerate(value)]
    return items


def _claim_count(output: dict) -> int:
    return len(_claims(output))


def _uncited(output: dict) -> list[str]:
    return [
        where
        for where, item in _claims(output)
        if not (isinstance(item, dict) and item.get("citations"))
    ]
