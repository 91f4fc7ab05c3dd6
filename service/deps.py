"""FastAPI dependencies: the runtime and the caller's tenant."""

from __future__ import annotations

from fastapi import Request

from service.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


def get_tenant(request: Request) -> str:
    """The caller's tenant; in local mode, the one configured tenant."""
    return request.app.state.runtime.settings.tenant
