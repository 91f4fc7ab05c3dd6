"""Running suites: a fresh runtime on a temporary data dir, cases run concurrently.

The runner takes a function that builds the runtime from settings (the CLI passes
``service.runtime.Runtime``), so a case goes through the same objects as an API
request, and a change of model or prompt shows in the numbers.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.settings import Settings
from evals.cases import DATASETS, Case, load_datasets
from evals.corpora import SHARED_DATA, corpora
from evals.results import Breach, CaseResult, EvalRun, SuiteRun
from evals.suites import Suite, select
from evals.thresholds import Thresholds, breaches

log = logging.getLogger(__name__)

RuntimeFactory = Callable[[Settings], Any]


@dataclass
class EvalOptions:
    suite: str = "briefs"
    fast: bool = False
    workers: int = 4
    shared_root: Path = SHARED_DATA
    datasets: Path = DATASETS
    judge: Any = None  # an evals.judge.Judge, or None


class Listener:
    """What a progress display hears; this one hears nothing."""

    def started(self, total: int) -> None: ...

    def step(self, text: str) -> None: ...

    def case_done(self, case_id: str) -> None: ...


def run_eval(
    options: EvalOptions,
    settings: Settings,
    build_runtime: RuntimeFactory,
    thresholds: Thresholds,
    listener: Listener | None = None,
) -> EvalRun:
    """Run the chosen suites and check the result against the thresholds."""
    listener = listener or Listener()
    suites = select(options.suite)
    datasets = load_datasets(options.datasets)
    cases = {s.name: _cases(s, datasets, options.fast) for s in suites}
    listener.started(sum(len(c) for c in cases.values()))
    started = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="sideline-eval-") as tmp:
        runtime = build_runtime(_isolated(settings, Path(tmp)))
        try:
            run = _new_run(runtime, settings, options, datasets)
            for suite in suites:
                run.suites.append(
                    _run_suite(suite, cases[suite.name], runtime, options, listener)
                )
        finally:
            runtime.close()

    run.seconds = round(time.perf_counter() - started, 1)
    run.breaches = breaches(run, thresholds) + _unscored(run)
    return run


def _cases(suite: Suite, datasets, fast: bool) -> list[Case]:
    found = [c for d in datasets for c in d.cases if c.suite == suite.name]
    return [c for c in found if c.fast] if fast else found


def _isolated(settings: Settings, data_dir: Path) -> Settings:
    # Never the configured database or Chroma server: an eval must not touch them.
    return settings.model_copy(
        update={
            "data_dir": data_dir,
            "database_url": "",
            "chroma_host": "",
            "collection": "sideline-eval",
        }
    )


def _new_run(runtime, settings: Settings, options: EvalOptions, datasets) -> EvalRun:
    return EvalRun(
        started_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        model=runtime.model.name,
        backend=settings.llm_backend,
        fast=options.fast,
        judge=options.judge.name if options.judge else "",
        datasets={d.path: d.sha256 for d in datasets},
    )


def _run_suite(
    suite: Suite, cases: list[Case], runtime, options: EvalOptions, listener
) -> SuiteRun:
    known = corpora(options.shared_root)
    done: dict[str, CaseResult] = {}
    runnable = []
    for case in cases:
        problem = suite.check(case) or ""
        missing = known[case.corpus].missing()
        if problem or missing:
            status = "error" if problem else "skipped"
            done[case.id] = _result(case, status, problem or missing)
            listener.case_done(case.id)
        else:
            runnable.append(case)

    for name in sorted({c.corpus for c in runnable}):
        listener.step(f"ingest {name}")
        known[name].ingest(runtime.ingestor, runtime.settings.max_upload_bytes)

    listener.step(f"{suite.name}: {len(runnable)} cases")
    with ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        futures = [
            pool.submit(_run_case, suite, c, runtime, known[c.corpus].tenant, options)
            for c in runnable
        ]
        for future in futures:
            result = future.result()
            done[result.id] = result
            listener.case_done(result.id)
    run = SuiteRun(name=suite.name, cases=[done[c.id] for c in cases])
    run.summarize()
    return run


def _run_case(
    suite: Suite, case: Case, runtime, tenant: str, options: EvalOptions
) -> CaseResult:
    try:
        attempt = suite.run(runtime, tenant, case)
        metrics = suite.score(runtime, tenant, case, attempt, runtime.embedder)
        if options.judge is not None:
            metrics += options.judge.score(suite.name, *suite.judge_subject(attempt))
    except Exception as exc:  # noqa: BLE001 - one broken case must not end the run
        log.exception("case %s crashed", case.id)
        return _result(case, "error", f"crashed: {type(exc).__name__}: {exc}")
    status = "error" if attempt.error else "ok"
    result = _result(case, status, attempt.error)
    result.metrics, result.output = metrics, attempt.output
    return result


def _result(case: Case, status: str, reason: str) -> CaseResult:
    return CaseResult(
        id=case.id,
        suite=case.suite,
        corpus=case.corpus,
        tags=case.tags,
        status=status,
        reason=reason,
    )


def _unscored(run: EvalRun) -> list[Breach]:
    """A case that crashed or whose input is unusable measured nothing: it fails
    the run on its own, since no mean would show it."""
    found = []
    for suite in run.suites:
        count = sum(1 for c in suite.cases if c.status == "error" and not c.metrics)
        if count:
            found.append(
                Breach(
                    suite=suite.name,
                    metric="unscored_cases",
                    value=float(count),
                    bound="max",
                    limit=0,
                )
            )
    return found
