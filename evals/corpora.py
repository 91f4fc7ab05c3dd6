"""The material a suite's cases run against, and how to ingest it.

``samples`` is the project's own fictional data (``playbooks/`` and ``samples/``);
``shared`` is the real sales material in ``../shared/data``, read in place and
never copied: a case only names its deal ids and file paths. Each corpus is
ingested under a tenant of its own name, so one runtime serves both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.paths import PathIngest, ingest_paths

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@dataclass(frozen=True)
class IngestStep:
    """One ``sideline ingest`` call: paths below the corpus root and its options."""

    paths: tuple[str, ...]
    kind: str | None = None
    note_defaults: dict = field(default_factory=dict)
    sidecar: str | None = None  # relative to the repository, not the corpus


@dataclass(frozen=True)
class Corpus:
    name: str
    root: Path
    steps: tuple[IngestStep, ...]

    @property
    def tenant(self) -> str:
        return self.name

    def missing(self) -> str:
        """Why the corpus cannot be used here, or '' when it can."""
        absent = [
            p for s in self.steps for p in s.paths if not (self.root / p).exists()
        ]
        if not absent:
            return ""
        return f"the {self.name} data is not at {self.root} (missing {absent[0]})"

    def ingest(self, ingestor, max_bytes: int) -> None:
        for step in self.steps:
            options = PathIngest(
                tenant_id=self.tenant,
                kind=step.kind,
                note_defaults=dict(step.note_defaults),
                max_bytes=max_bytes,
                sidecar=REPO / step.sidecar if step.sidecar else None,
            )
            ingest_paths(ingestor, [self.root / p for p in step.paths], options)


def samples(root: Path = REPO) -> Corpus:
    return Corpus(
        "samples",
        root,
        (IngestStep(("playbooks", "samples/notes", "samples/deals.json")),),
    )


def shared(root: Path = SHARED_DATA) -> Corpus:
    """The real handbooks, notes and CRM export, ingested like ``make shared-demo``."""
    posthog = {"vendor": "PostHog"}
    return Corpus(
        "shared",
        root,
        (
            IngestStep(("playbooks",)),
            IngestStep(
                ("notes/posthog-customers",),
                kind="note",
                note_defaults={**posthog, "outcome": "won"},
            ),
            IngestStep(
                ("notes/posthog-churn",),
                kind="note",
                note_defaults={**posthog, "outcome": "churned"},
            ),
            IngestStep(
                ("notes/decisions",),
                kind="note",
                sidecar="samples/shared/decisions.sideline.yaml",
            ),
            IngestStep(("crm/sales_pipeline.csv",), kind="deal"),
        ),
    )


def corpora(shared_root: Path = SHARED_DATA) -> dict[str, Corpus]:
    return {"samples": samples(), "shared": shared(shared_root)}
