"""FastAPI dependencies: the runtime, the authenticated caller and their tenant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from core.errors import Forbidden, Unauthorized
from service.runtime import Runtime
from store.keys import find_key

ROLES = ("rep", "manager", "enablement", "admin", "integration")

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="An API key from `sideline keys create`, sent as a bearer token.",
)


@dataclass(frozen=True)
class Caller:
    """Who is calling: their tenant, role and, for reps and managers, who they are."""

    tenant_id: str
    role: str
    person_id: str | None = None
    key_id: str | None = None


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


def get_caller(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
) -> Caller:
    """The caller named by the API key; in local mode, without a key, an admin."""
    runtime: Runtime = request.app.state.runtime
    caller = _from_key(runtime, credentials.credentials) if credentials else None
    if caller is None and credentials is not None:
        raise Unauthorized("the API key is unknown or revoked")
    if caller is None and runtime.settings.auth_mode == "keys":
        raise Unauthorized("send an API key as 'Authorization: Bearer <key>'")
    caller = caller or Caller(tenant_id=runtime.settings.tenant, role="admin")
    runtime.rate_limiter.hit(caller.key_id or _client(request))
    request.state.caller = caller
    return caller


def _from_key(runtime: Runtime, secret: str) -> Caller | None:
    with runtime.db.read() as conn:
        key = find_key(conn, secret)
    if key is None:
        return None
    return Caller(key.tenant_id, key.role, key.person_id, key.id)


def _client(request: Request) -> str:
    return f"client:{request.client.host if request.client else 'unknown'}"


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
