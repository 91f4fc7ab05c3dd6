"""Do the citations hold: every cited id listed, every quote found in its source?"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from coaching.citations import Citation
from evals.metrics import MetricResult, listed, score

# Resolves a citation id to the full text the API serves for it; None if it cannot.
SourceOf = Callable[[str], "str | None"]


def citation_validity(
    cited_ids: Iterable[str], citations: list[Citation], source_of: SourceOf
) -> MetricResult:
    """Share of citation checks that pass.

    Two checks: each id a claim names is among the output's citations, and each
    listed citation's quote is an exact substring of the text its source serves
    (``coaching.sources.source_text``). A quote the source does not contain is a
    misquote, the worst failure a coaching answer can have.
    """
    listed_ids = {c.id for c in citations}
    cited = sorted(set(cited_ids))
    problems = [f"{cid}: not in citations" for cid in cited if cid not in listed_ids]
    for citation in citations:
        text = source_of(citation.id)
        if text is None:
            problems.append(f"{citation.id}: source not found")
        elif citation.quote not in text:
            problems.append(f"{citation.id}: quote not in source")
    checks = len(cited) + len(citations)
    return score("citation_validity", checks - len(problems), checks, listed(problems))
