"""``sideline eval``: run suites, compare two runs, turn feedback into cases.

The one module of ``evals`` that knows the service layer: it hands
``service.runtime.Runtime`` to the runner, so eval cases run through the same
composition root as the API.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from core.errors import SidelineError
from core.settings import get_settings
from evals.cases import DATASETS
from evals.corpora import SHARED_DATA
from evals.thresholds import THRESHOLDS

eval_app = typer.Typer(
    invoke_without_command=True,
    add_completion=False,
    help="Measure output quality: run a suite, compare runs, import feedback.",
)
err = Console(stderr=True)
BACKENDS = ("local", "fake", "openai")


@eval_app.callback()
def run(
    ctx: typer.Context,
    suite: Annotated[
        str, typer.Option(help="briefs, agendas, proposals or all")
    ] = "briefs",
    model: Annotated[
        Optional[str], typer.Option(help="local, fake or openai (default: settings)")
    ] = None,
    fast: Annotated[bool, typer.Option(help="Only the cases tagged fast (CI)")] = False,
    workers: Annotated[int, typer.Option(min=1, max=32)] = 4,
    out: Annotated[Optional[Path], typer.Option(help="Folder for the results")] = None,
    thresholds: Annotated[Path, typer.Option()] = THRESHOLDS,
    datasets: Annotated[Path, typer.Option()] = DATASETS,
    shared: Annotated[Path, typer.Option(help="The real data folder")] = SHARED_DATA,
    judge_url: Annotated[
        Optional[str], typer.Option(help="OpenAI-compatible base URL of a judge")
    ] = None,
    judge_model: Annotated[str, typer.Option()] = "judge",
    judge_runs: Annotated[int, typer.Option(min=1, max=10)] = 3,
    judge_json_mode: Annotated[str, typer.Option()] = "json_object",
    judge_api_key: Annotated[str, typer.Option(envvar="SIDELINE_JUDGE_API_KEY")] = "",
) -> None:
    """Run a suite; exit 1 when a metric crosses its threshold in thresholds.toml."""
    if ctx.invoked_subcommand is not None:
        return
    from evals.report import write_run
    from evals.runner import EvalOptions, run_eval
    from evals.thresholds import load_thresholds
    from service.runtime import Runtime

    try:
        settings = _settings(model)
        bounds = load_thresholds(thresholds)
        judge = _judge(
            judge_url, judge_model, judge_runs, judge_json_mode, judge_api_key
        )
        options = EvalOptions(suite, fast, workers, shared, datasets, judge)
        with _ProgressListener() as listener:
            result = run_eval(options, settings, Runtime, bounds, listener)
    except SidelineError as exc:
        err.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(2) from None
    folder = out or _default_folder(settings.llm_backend, fast)
    paths = write_run(result, folder, bounds)
    _print_summary(result, bounds, paths)
    raise typer.Exit(0 if result.passed else 1)


@eval_app.command()
def compare(
    before: Annotated[Path, typer.Argument(help="result.json of the earlier run (A)")],
    after: Annotated[Path, typer.Argument(help="result.json of the later run (B)")],
) -> None:
    """Show per-metric deltas from run A to run B, and the cases that moved most."""
    from evals.compare import load_run, render_comparison

    try:
        typer.echo(render_comparison(load_run(before), load_run(after)), nl=False)
    except SidelineError as exc:
        err.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(2) from None


@eval_app.command("import-feedback")
def import_feedback(
    out: Annotated[Path, typer.Option(help="Dataset file to append to")] = (
        DATASETS / "feedback-briefs.jsonl"
    ),
) -> None:
    """Turn briefs rated through POST /v1/briefs/{id}/feedback into eval cases."""
    from evals.feedback import import_feedback as run_import
    from service.runtime import Runtime

    settings = get_settings()
    runtime = Runtime(settings)
    try:
        added, rated = run_import(runtime.db, settings.tenant, out)
    except SidelineError as exc:
        err.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(2) from None
    finally:
        runtime.close()
    typer.echo(f"{rated} rated briefs: {added} new cases in {out}")


def _settings(model: str | None):
    settings = get_settings()
    if model is None:
        return settings
    if model not in BACKENDS:
        raise SidelineError(
            f"--model must be one of {', '.join(BACKENDS)}, not {model!r}"
        )
    return settings.model_copy(update={"llm_backend": model})


def _judge(url, model, runs, json_mode, api_key):
    if not url:
        return None
    from evals.judge import Judge, load_rubrics
    from llm.openai_compat import OpenAIChatModel

    endpoint = OpenAIChatModel(
        base_url=url, model=model, api_key=api_key, json_mode=json_mode
    )
    return Judge(endpoint, load_rubrics(), runs)


def _default_folder(backend: str, fast: bool) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path("evals") / "runs" / f"{stamp}-{backend}{'-fast' if fast else ''}"


def _print_summary(result, bounds, paths) -> None:
    from evals.report import bound_text, headline, value_text, verdict

    typer.echo(headline(result).replace("**", ""))
    for suite in result.suites:
        for s in suite.summary:
            bound = bounds.get(suite.name, {}).get(s.name)
            typer.echo(
                f"  {suite.name:<8} {s.name:<24} {value_text(s.mean, s.unit):>12}  "
                f"{bound_text(bound):<8} {verdict(s, bound)}"
            )
    for breach in result.breaches:
        typer.echo(f"  FAILED {breach.describe()}")
    for kind, path in paths.items():
        typer.echo(f"{kind:>8}: {path}")


class _ProgressListener:
    """A rich progress bar on stderr, one step per case."""

    def __enter__(self):
        self.progress = Progress(
            TextColumn("{task.description:<36}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=err,
            transient=not sys.stderr.isatty(),
        )
        self.progress.start()
        self.task = self.progress.add_task("eval", total=None)
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def started(self, total: int) -> None:
        self.progress.update(self.task, total=total)

    def step(self, text: str) -> None:
        self.progress.update(self.task, description=text[:36])

    def case_done(self, case_id: str) -> None:
        self.progress.update(self.task, advance=1, description=case_id[:36])
