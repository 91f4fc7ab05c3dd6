"""The error tree: every failure a caller can cause or see.

    SidelineError                 code, HTTP status, message
    ├── InvalidInput      (422)   a request or file that cannot be used as sent
    │   └── FileRejected  (422)   an input file, named with its line where known
    ├── Unauthorized      (401)   no valid API key
    ├── Forbidden         (403)   a valid key whose role may not do this
    ├── NotFound          (404)   an id the tenant does not have
    ├── PayloadTooLarge   (413)   a body or file over the configured limit
    ├── Conflict          (409)   a write against a state that has moved on
    ├── RateLimited       (429)   too many requests for this key; retry later
    ├── ModelOutputInvalid(502)   the model answered, but not with usable output
    └── ModelUnavailable  (503)   the model could not be reached in time

The service maps each to one JSON body shape; the CLI prints the message.
"""

from __future__ import annotations

from typing import Any


class SidelineError(Exception):
    code = "internal_error"
    status = 500

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidInput(SidelineError):
    code = "invalid_input"
    status = 422


class FileRejected(InvalidInput):
    code = "file_rejected"

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}", path=path, line=line)


class Unauthorized(SidelineError):
    code = "unauthorized"
    status = 401


class Forbidden(SidelineError):
    code = "forbidden"
    status = 403


class NotFound(SidelineError):
    code = "not_found"
    status = 404


class PayloadTooLarge(SidelineError):
    code = "payload_too_large"
    status = 413


class Conflict(SidelineError):
    code = "conflict"
    status = 409


class RateLimited(SidelineError):
    code = "rate_limited"
    status = 429


class ModelOutputInvalid(SidelineError):
    code = "model_output_invalid"
    status = 502


class ModelUnavailable(SidelineError):
    code = "model_unavailable"
    status = 503
