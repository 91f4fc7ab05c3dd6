"""The FastAPI application."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI

from core.settings import Settings, get_settings
from service.errors import ERROR_RESPONSES, install_error_handlers
from service.middleware import RequestContext
from service.routers import (
    agendas,
    briefs,
    feedback,
    ingest,
    people,
    playbooks,
    proposals,
    search,
)
from service.runtime import Runtime

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None, runtime: Runtime | None = None
) -> FastAPI:
    settings = settings or (runtime.settings if runtime else get_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.runtime = runtime or Runtime(settings)
        if settings.auth_mode == "local":
            log.warning(
                "LOCAL MODE: no authentication; every caller is an admin of tenant %r",
                settings.tenant,
            )
        yield
        app.state.runtime.close()

    app = FastAPI(
        title="Sideline",
        version="0.1.0",
        summary="Grounded pre-call briefs, 1:1 agendas and playbook revisions.",
        lifespan=lifespan,
    )
    if runtime is not None:
        app.state.runtime = runtime
    install_error_handlers(app)
    routers = (ingest, search, briefs, feedback, playbooks, proposals, people, agendas)
    for module in routers:
        app.include_router(module.router, responses=ERROR_RESPONSES)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict:
        return {"status": "ok"}

    app.add_middleware(RequestContext, max_body_bytes=settings.max_body_bytes)
    return app
