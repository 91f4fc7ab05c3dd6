"""FastAPI dependencies: the runtime, the caller and the caller's tenant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Depends, Request

from core.errors import Forbidden
from service.runtime import Runtime

ROLES = ("rep", "manager", "enablement", "admin", "integration")


@dataclass(frozen=True)
class Caller:
    """Who is calling: their tenant, role and, for reps and managers, who they are."""

    tenant_id: str
    role: str
    person_id: str | None = None


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


def get_caller(request: Request) -> Caller:
    """The caller; in local mode, an admin of the one configured tenant."""
    settings = request.app.state.runtime.settings
    return Caller(tenant_id=settings.tenant, role="admin")


def get_tenant(caller: Caller = Depends(get_caller)) -> str:
    return caller.tenant_id


def require_role(*roles: str) -> Callable[[Caller], Caller]:
    """A dependency admitting callers with one of the roles (admins always)."""

    def check(caller: Caller = Depends(get_caller)) -> Caller:
        if caller.role != "admin" and caller.role not in roles:
            raise Forbidden(
                f"this needs the {' or '.join(roles)} role; the key has {caller.role}"
            )
        return caller

    return check
