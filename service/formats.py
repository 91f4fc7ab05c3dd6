"""JSON or Markdown: how a caller asks for a readable answer, and how it is sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar

from fastapi import Request
from fastapi.responses import PlainTextResponse

Format = Literal["json", "markdown"]
MARKDOWN = {"content": {"text/markdown": {}}, "description": "As Markdown"}
Answer = TypeVar("Answer")


def wants_markdown(request: Request, fmt: Format | None) -> bool:
    """``?format=`` decides; without it, an Accept header naming text/markdown."""
    if fmt is not None:
        return fmt == "markdown"
    return "text/markdown" in request.headers.get("accept", "")


def respond(
    answer: Answer,
    render: Callable[[Answer], str],
    request: Request,
    fmt: Format | None,
):
    """The answer itself (as JSON), or its Markdown rendering when asked for."""
    if wants_markdown(request, fmt):
        return PlainTextResponse(render(answer), media_type="text/markdown")
    return answer
