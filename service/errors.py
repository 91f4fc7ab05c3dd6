"""One error body for every failure: ``{"error": {code, message, request_id}}``."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.errors import SidelineError

log = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable, machine-readable error code")
    message: str = Field(description="What went wrong and what to do about it")
    request_id: str = Field(description="Quote it when reporting a problem")


class ErrorBody(BaseModel):
    error: ErrorDetail


_MEANINGS = {
    401: "No valid API key",
    403: "The key's role may not do this",
    404: "No such record for this caller",
    409: "The record has moved on; re-read and retry",
    413: "The request body is over the size limit",
    422: "The request is malformed; the message names the field",
    429: "Too many requests for this key; see Retry-After",
    500: "An internal error; nothing internal is revealed",
    502: "The model gave no usable output",
    503: "The model is unavailable; see Retry-After",
}
ERROR_RESPONSES = {
    status: {"model": ErrorBody, "description": text}
    for status, text in _MEANINGS.items()
}


def error_body(
    request: Request, status: int, code: str, message: str, **extra
) -> JSONResponse:
    request_id = getattr(request.state, "request_id", "")
    body = {
        "error": {"code": code, "message": message, "request_id": request_id, **extra}
    }
    return JSONResponse(body, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    more = len(exc.errors()) - 5
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SidelineError)
    async def _sideline(request: Request, exc: SidelineError):
        if exc.status >= 500:
            log.warning("%s: %s", exc.code, exc.message)
        response = error_body(request, exc.status, exc.code, exc.message)
        if "retry_after" in exc.details:
            response.headers["Retry-After"] = str(int(exc.details["retry_after"]))
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        return error_body(request, 422, "invalid_input", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "http_error"
        )
        return error_body(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_body(
            request,
            500,
            "internal_error",
            "Something went wrong on our side; quote the request id.",
        )
