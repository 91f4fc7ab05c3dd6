"""Eval cases and the dataset files that hold them.

Each ``evals/datasets/*.jsonl`` file holds one case per line. A case names its
suite, the corpus it runs against, the input (the suite's own request shape,
checked by the suite), and what a good output does: the key points it makes, the
sources retrieval should find, and the facts that must not appear. ``version`` is
the case format's version; a file's content hash goes into every result, so two
runs over different datasets are never compared as if they were the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.errors import FileRejected

DATASETS = Path(__file__).parent / "datasets"
CASE_VERSION = 1
Corpus = Literal["samples", "shared"]


class Case(BaseModel):
    """One input and what a good output for it does, or must not do."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=100)
    suite: str = Field(min_length=1, max_length=40)
    version: int = CASE_VERSION
    corpus: Corpus = "samples"
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    input: dict[str, Any]
    reference_date: dt.date | None = None
    expected_points: list[str] = Field(default_factory=list)
    expected_sources: list[str] = Field(default_factory=list)
    must_not_appear: list[str] = Field(default_factory=list)
    injected: list[str] = Field(
        default_factory=list,
        description="Tell-tales of an injected instruction being obeyed, e.g. APPROVED",
    )

    @property
    def fast(self) -> bool:
        return "fast" in self.tags


class Dataset(BaseModel):
    path: str
    sha256: str
    cases: list[Case]


def load_dataset(path: Path) -> Dataset:
    """Read one JSONL file of cases; a bad line is refused with its line number."""
    raw = path.read_bytes()
    cases = []
    seen: set[str] = set()
    for number, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        case = _parse(path, number, line)
        if case.id in seen:
            raise FileRejected(str(path), f"case id {case.id!r} repeats", number)
        seen.add(case.id)
        cases.append(case)
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return Dataset(path=path.name, sha256=digest, cases=cases)


def load_datasets(folder: Path = DATASETS) -> list[Dataset]:
    """Every dataset file in the folder, in name order; case ids unique across them."""
    datasets = [load_dataset(p) for p in sorted(folder.glob("*.jsonl"))]
    seen: dict[str, str] = {}
    for dataset in datasets:
        for case in dataset.cases:
            if case.id in seen:
                raise FileRejected(
                    dataset.path, f"case id {case.id!r} is also in {seen[case.id]}"
                )
            seen[case.id] = dataset.path
    return datasets


def append_cases(path: Path, cases: list[Case]) -> int:
    """Add cases whose ids the file does not hold yet; returns how many were added."""
    known = {c.id for c in load_dataset(path).cases} if path.exists() else set()
    fresh = [c for c in cases if c.id not in known]
    with path.open("a", encoding="utf-8") as out:
        for case in fresh:
            out.write(case.model_dump_json(exclude_none=True) + "\n")
    return len(fresh)


def _parse(path: Path, number: int, line: str) -> Case:
    try:
        return Case.model_validate(json.loads(line))
    except json.JSONDecodeError as exc:
        raise FileRejected(str(path), f"not JSON: {exc.msg}", number) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(case)"
        raise FileRejected(str(path), f"{where}: {first['msg']}", number) from None
