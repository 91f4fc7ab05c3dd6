"""Prompt templates (files in ``templates/``) with typed inputs and outputs.

Each prompt module defines its input model, its output model and a ``messages``
function; the wording lives in the template files, never in Python strings.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).parent / "templates"
_DELIMITER = re.compile(r"</?\s*(?:data|source|system|instructions?)\b[^>]*>", re.I)


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **values: object) -> str:
    return environment().get_template(name).render(**values).strip()


def as_data(text: str, limit: int = 600) -> str:
    """Source text made safe to place between data delimiters.

    Tags that could close or fake a delimiter are removed, so a note cannot break out
    of its block and pose as an instruction; the text is clipped to keep prompts small.
    """
    cleaned = _DELIMITER.sub(" ", text)
    cleaned = " ".join(cleaned.split())
    return (
        cleaned if len(cleaned) <= limit else cleaned[:limit].rsplit(" ", 1)[0] + " …"
    )
