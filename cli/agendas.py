"""``sideline agenda``: 1:1 agendas for one rep or a manager's whole team."""

from __future__ import annotations

import datetime as dt
import time
from typing import Annotated, Optional

import typer
from rich.console import Console

from core.errors import SidelineError
from core.settings import get_settings

app = typer.Typer(
    no_args_is_help=True, help="Weekly 1:1 agendas for managers, as Markdown."
)
err = Console(stderr=True, soft_wrap=True)


def _runtime():
    from service.runtime import Runtime

    return Runtime(get_settings())


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(2)


@app.command()
def rep(
    rep_id: str,
    as_of: Annotated[
        Optional[str], typer.Option("--as-of", help="The day of the 1:1")
    ] = None,
    length: Annotated[int, typer.Option(help="Meeting length in minutes")] = 30,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Draft and print a 1:1 agenda for one rep with their manager."""
    from coaching.agenda_models import AgendaRequest
    from coaching.render_agenda import agenda_markdown

    settings = get_settings()
    try:
        today = dt.date.fromisoformat(as_of) if as_of else settings.today()
        request = AgendaRequest(rep_id=rep_id, length_minutes=length)
        with err.status(f"drafting an agenda for {rep_id}"):
            agenda = _runtime().agenda_writer.write(settings.tenant, request, today)
    except SidelineError as exc:
        _fail(exc.message)
    except ValueError as exc:
        _fail(str(exc))
    typer.echo(agenda.model_dump_json(indent=2) if as_json else agenda_markdown(agenda))


@app.command()
def team(
    manager_id: str,
    week: Annotated[
        Optional[str], typer.Option(help="ISO week (2018-W01) or a date")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Draft (or reuse) one agenda per direct report and print them all."""
    from coaching.agenda_models import parse_week
    from coaching.render_agenda import team_markdown

    settings = get_settings()
    try:
        today = parse_week(week) if week else settings.today()
        started = time.perf_counter()
        with err.status(f"drafting agendas for {manager_id}'s team"):
            agendas = _runtime().agenda_writer.team(settings.tenant, manager_id, today)
        took = time.perf_counter() - started
    except SidelineError as exc:
        _fail(exc.message)
    err.print(f"{len(agendas.agendas)} agendas in {took:.1f} s")
    typer.echo(agendas.model_dump_json(indent=2) if as_json else team_markdown(agendas))


@app.command()
def managers() -> None:
    """List the managers and how many direct reports each has."""
    from store import people

    settings = get_settings()
    rt = _runtime()
    with rt.db.read() as conn:
        for manager in people.list_managers(conn, settings.tenant):
            reports = people.list_reps(conn, settings.tenant, manager.id)
            typer.echo(f"{manager.id}  {manager.name}  {len(reports)} reports")
