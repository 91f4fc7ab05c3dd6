"""``sideline playbooks``: playbook history: list, versions, one version, diffs."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.text import Text

from core.errors import SidelineError
from core.settings import get_settings

app = typer.Typer(no_args_is_help=True, help="Playbook versions and their diffs.")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

_STYLES = (
    ("+++", "bold"),
    ("---", "bold"),
    ("@@", "cyan"),
    ("+", "green"),
    ("-", "red"),
)


def show_diff(diff: str, console: Console = out) -> None:
    """A unified diff, added lines green and removed lines red on a terminal."""
    if not diff:
        console.print("(no differences)")
    for line in diff.splitlines():
        style = next((s for mark, s in _STYLES if line.startswith(mark)), "")
        console.print(Text(line, style=style))


def fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(2)


def _db():
    from store.db import Database

    return Database.open(get_settings())


@app.command("list")
def list_(
    removed: Annotated[bool, typer.Option("--removed", help="Include removed")] = False,
) -> None:
    """Every playbook with its current version."""
    from store.playbook_history import list_playbooks

    with _db().read() as conn:
        found = list_playbooks(conn, get_settings().tenant, include_removed=removed)
    for head in found:
        state = "" if head.active else "  (removed)"
        out.print(
            f"v{head.current_version:<3} {head.id}  {head.title}{state}", markup=False
        )


@app.command()
def versions(playbook_id: str) -> None:
    """A playbook's versions, oldest first, with who made each and why."""
    from store.playbook_history import list_versions

    try:
        with _db().read() as conn:
            found = list_versions(conn, get_settings().tenant, playbook_id)
    except SidelineError as exc:
        fail(exc.message)
    for v in found:
        when = v.created_at.strftime("%Y-%m-%d %H:%M")
        line = f"v{v.version:<3} {when}  {v.author:<20} {v.reason or '-'}"
        out.print(line, markup=False)


@app.command()
def show(
    playbook_id: str,
    version: Annotated[Optional[int], typer.Option(help="Default: current")] = None,
) -> None:
    """Print one version's text exactly as it was stored."""
    from store.playbook_history import get_version

    try:
        with _db().read() as conn:
            found = get_version(conn, get_settings().tenant, playbook_id, version)
    except SidelineError as exc:
        fail(exc.message)
    typer.echo(found.text, nl=False)


@app.command()
def diff(
    playbook_id: str,
    from_version: Annotated[int, typer.Argument(metavar="FROM")],
    to_version: Annotated[
        Optional[int], typer.Argument(metavar="[TO]", help="Default: current")
    ] = None,
) -> None:
    """A coloured unified diff between two versions."""
    from coaching.review import unified
    from store.playbook_history import get_version

    tenant = get_settings().tenant
    try:
        with _db().read() as conn:
            before = get_version(conn, tenant, playbook_id, from_version)
            after = get_version(conn, tenant, playbook_id, to_version)
    except SidelineError as exc:
        fail(exc.message)
    show_diff(unified(before, after.text, f"v{after.version}"))
