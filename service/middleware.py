"""Request ids, one log line per request, and the request body size limit."""

from __future__ import annotations

import json
import logging
import time
import uuid

log = logging.getLogger("service.requests")


class RequestContext:
    """Pure ASGI middleware: tags each request with an id, logs it, caps its body."""

    def __init__(self, app, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request_id = _incoming_id(scope) or uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = {"code": 500}

        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            status["code"] = 413
            await _too_large(send, request_id, self.max_body_bytes)
            return _log(scope, 413, started, request_id)

        received = {"bytes": 0}

        async def limited_receive():
            message = await receive()
            received["bytes"] += len(message.get("body", b""))
            if received["bytes"] > self.max_body_bytes:
                raise _BodyTooLarge()
            return message

        async def tagged_send(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, limited_receive, tagged_send)
        except _BodyTooLarge:
            status["code"] = 413
            await _too_large(send, request_id, self.max_body_bytes)
        except Exception:
            log.exception("unhandled error, request id %s", request_id)
            status["code"] = 500
            await _internal_error(send, request_id)
        _log(scope, status["code"], started, request_id)


class _BodyTooLarge(Exception):
    pass


def _incoming_id(scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text = value.decode("latin-1")[:64]
            return text if text.replace("-", "").isalnum() else ""
    return ""


def _content_length(scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _too_large(send, request_id: str, limit: int) -> None:
    message = f"request body is over the {limit} byte limit"
    await _send_error(send, 413, "payload_too_large", message, request_id)


async def _internal_error(send, request_id: str) -> None:
    message = "Something went wrong on our side; quote the request id."
    await _send_error(send, 500, "internal_error", message, request_id)


async def _send_error(send, status: int, code: str, message: str, request_id: str):
    body = {"error": {"code": code, "message": message, "request_id": request_id}}
    headers = [
        (b"content-type", b"application/json"),
        (b"x-request-id", request_id.encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": json.dumps(body).encode()})


def _log(scope, status: int, started: float, request_id: str) -> None:
    log.info(
        "%s %s %s %.1fms id=%s",
        scope["method"],
        scope["path"],
        status,
        (time.perf_counter() - started) * 1000,
        request_id,
    )
