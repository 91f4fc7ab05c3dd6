"""``sideline keys``: create, list and revoke API keys."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from core.errors import SidelineError
from core.settings import get_settings

app = typer.Typer(no_args_is_help=True, help="Create, list and revoke API keys.")

ROLES = ("rep", "manager", "enablement", "admin", "integration")


def _db():
    from store.db import Database

    return Database.open(get_settings())


@app.command()
def create(
    tenant: Annotated[str, typer.Option(help="The tenant the key belongs to")],
    role: Annotated[str, typer.Option(help=", ".join(ROLES))],
    person: Annotated[
        Optional[str], typer.Option(help="Rep or manager id, for those roles")
    ] = None,
) -> None:
    """Create a key; its secret is printed once and stored only as a hash."""
    from core.settings import Settings
    from store.keys import create_key

    if role not in ROLES:
        raise typer.BadParameter(f"role must be one of {', '.join(ROLES)}")
    if role in ("rep", "manager") and not person:
        raise typer.BadParameter(f"a {role} key needs --person")
    try:
        Settings(tenant=tenant)
    except ValueError as exc:
        raise typer.BadParameter(str(exc).splitlines()[-1]) from exc
    db = _db()
    with db.begin() as conn:
        key, secret = create_key(conn, tenant, role, person)
    typer.echo(f"key {key.id} for tenant {tenant}, role {role}")
    typer.echo(secret)


@app.command("list")
def list_(tenant: Optional[str] = None) -> None:
    """List keys (never their secrets)."""
    from store.keys import list_keys

    with _db().read() as conn:
        for key in list_keys(conn, tenant):
            state = "revoked" if key.revoked else "live"
            person = key.person_id or "-"
            typer.echo(f"{key.id}  {key.tenant_id}  {key.role:<11} {person}  {state}")


@app.command()
def revoke(key_id: str) -> None:
    """Revoke a key at once; it stays listed as revoked."""
    from store.keys import revoke_key

    try:
        with _db().begin() as conn:
            revoke_key(conn, key_id)
    except SidelineError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"revoked {key_id}")
