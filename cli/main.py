"""The ``sideline`` command: ingest, brief, search, serve."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from cli.agendas import app as agenda_app
from cli.keys import app as keys_app
from cli.playbooks import app as playbooks_app
from cli.proposals import app as proposals_app
from core.errors import SidelineError
from core.settings import Settings, get_settings
from evals.cli import eval_app

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Sideline: grounded sales coaching from your playbooks and deals.",
)
app.add_typer(eval_app, name="eval")
err = Console(stderr=True, soft_wrap=True)
app.add_typer(keys_app, name="keys")
app.add_typer(proposals_app, name="proposals")
app.add_typer(playbooks_app, name="playbooks")
app.add_typer(agenda_app, name="agenda")


def _runtime(settings: Settings | None = None):
    from service.runtime import Runtime

    return Runtime(settings or get_settings())


def _fail(exc: SidelineError) -> None:
    err.print(f"[red]error:[/red] {exc.message}")
    raise typer.Exit(2)


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    # The BM25 library logs each index build at DEBUG through the root level.
    logging.getLogger("bm25s").setLevel(logging.WARNING)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest")],
    kind: Annotated[Optional[str], typer.Option(help="play, note or deal")] = None,
    outcome: Annotated[
        Optional[str], typer.Option(help="Outcome for notes without one")
    ] = None,
    vendor: Annotated[
        Optional[str], typer.Option(help="Seller side for narratives")
    ] = None,
    competitor: Annotated[Optional[str], typer.Option()] = None,
    segment: Annotated[Optional[str], typer.Option()] = None,
    sidecar: Annotated[
        Optional[Path], typer.Option(help="Per-file note fields (sideline.yaml form)")
    ] = None,
) -> None:
    """Ingest playbooks, win/loss notes and deal exports; re-runs change nothing."""
    from ingest.paths import PathIngest, ingest_paths, plan

    if kind not in (None, "play", "note", "deal"):
        _fail(SidelineError(f"--kind must be play, note or deal, not {kind!r}"))
    defaults = {
        k: v
        for k, v in dict(
            outcome=outcome, vendor=vendor, competitor=competitor, segment=segment
        ).items()
        if v
    }
    settings = get_settings()
    rt = _runtime(settings)
    try:
        files = plan(paths)
        with _progress() as progress:
            task = progress.add_task("ingest", total=len(files))
            options = PathIngest(
                tenant_id=settings.tenant,
                kind=kind,
                note_defaults=defaults,
                max_bytes=settings.max_upload_bytes,
                sidecar=sidecar,
                on_file=lambda p: progress.update(
                    task, advance=1, description=p.name[:40]
                ),
            )
            report = ingest_paths(rt.ingestor, paths, options)
    except SidelineError as exc:
        _fail(exc)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(report.counts.items()))
    typer.echo(f"{report.files} files: {counts or 'nothing to do'}")
    for line in report.skipped:
        typer.echo(f"  skipped {line}")


@app.command()
def brief(
    deal_id: str,
    kind: Annotated[str, typer.Option("--meeting", help="Meeting kind")] = "discovery",
    goal: Annotated[str, typer.Option()] = "",
    as_of: Annotated[
        Optional[str], typer.Option("--as-of", help="Reference date")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Print a pre-call brief for a stored deal."""
    from coaching.brief_models import BriefRequest, Meeting
    from coaching.render import brief_markdown

    settings = get_settings()
    rt = _runtime(settings)
    try:
        request = BriefRequest(deal_id=deal_id, meeting=Meeting(kind=kind, goal=goal))
        today = dt.date.fromisoformat(as_of) if as_of else settings.today()
        with err.status(f"writing a brief for {deal_id}"):
            result = rt.brief_writer.write(settings.tenant, request, today)
    except SidelineError as exc:
        _fail(exc)
    except ValueError as exc:
        _fail(SidelineError(str(exc)))
    typer.echo(result.model_dump_json(indent=2) if as_json else brief_markdown(result))


@app.command()
def search(query: str, kind: Optional[str] = None, k: int = 5) -> None:
    """Search plays and notes."""
    settings = get_settings()
    rt = _runtime(settings)
    filters = {"kind": kind} if kind else {}
    for hit in rt.finder.search(settings.tenant, query, k=k, **filters):
        where = " > ".join(hit.chunk.heading_path)
        typer.echo(f"{hit.score:.3f} {hit.chunk.kind} {hit.chunk.source}: {where}")
        typer.echo(f"    {hit.chunk.text[:200]}")


@app.command()
def deals(
    stage: Annotated[Optional[list[str]], typer.Option(help="Canonical stage")] = None,
    owner: Optional[str] = None,
    limit: int = 20,
    ids: Annotated[bool, typer.Option("--ids", help="Print ids only")] = False,
) -> None:
    """List stored deals."""
    from core.stages import normalize_stage
    from store import records

    settings = get_settings()
    rt = _runtime(settings)
    try:
        stages = [normalize_stage(s) for s in stage] if stage else None
    except SidelineError as exc:
        _fail(exc)
    with rt.db.read() as conn:
        found = records.list_deals(
            conn, settings.tenant, stages=stages, owner=owner, limit=limit
        )
    for deal in found:
        line = deal.id if ids else f"{deal.id}  {deal.stage:<12} {deal.account or '-'}"
        typer.echo(line)


@app.command()
def reindex(
    full: Annotated[bool, typer.Option(help="Re-embed every chunk")] = False,
) -> None:
    """Rebuild the vector index from the relational store (after a crash, say)."""
    from ingest.reindex import reindex as rebuild

    rt = _runtime()
    with _progress() as progress:
        task = progress.add_task("reindex", total=None)
        counts = rebuild(
            rt.db,
            rt.index,
            full=full,
            on_batch=lambda n: progress.update(task, advance=n),
        )
    typer.echo(", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


@app.command()
def serve(
    host: Optional[str] = None,
    port: Optional[int] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes; above 1 needs a Chroma server")
    ] = 1,
) -> None:
    """Serve the REST API (OpenAPI docs at /docs)."""
    import uvicorn

    from service.app import create_app

    overrides = {k: v for k, v in (("host", host), ("port", port)) if v}
    try:
        settings = Settings(**overrides) if overrides else get_settings()
    except ValidationError as exc:
        _fail(SidelineError("; ".join(e["msg"] for e in exc.errors())))
    if settings.auth_mode == "local":
        err.print(
            f"[bold yellow]LOCAL MODE: no authentication. Every caller is an admin of "
            f"tenant {settings.tenant!r}; serving on {settings.host} only.[/]"
        )
    if workers == 1:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port)
        return
    if not settings.chroma_host:
        _fail(
            SidelineError(
                "--workers above 1 needs a Chroma server (SIDELINE_CHROMA_HOST): the "
                "embedded one belongs to a single process"
            )
        )
    # Each worker builds its own app from the environment, so the factory is named.
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
    )


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<40}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=not sys.stderr.isatty(),
    )


def run() -> None:
    app()


if __name__ == "__main__":
    run()
