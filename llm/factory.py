"""The one place that turns ``SIDELINE_LLM_*`` settings into a chat model."""

from __future__ import annotations

from core.errors import InvalidInput
from core.settings import Settings
from llm.base import ChatModel
from llm.fake import SchemaFakeChatModel
from llm.local import LlamaCppChatModel
from llm.resilience import CircuitBreaker, RedactingChatModel, ResilientChatModel


def build_chat_model(settings: Settings) -> ChatModel:
    """The backend ``settings.llm_backend`` names; nothing is loaded until first use.

    ``local`` runs SmolLM2 (or ``SIDELINE_LLM_MODEL_PATH``) in process, ``openai``
    talks to ``SIDELINE_LLM_BASE_URL``, and ``fake`` answers every schema with a
    minimal valid document, for benchmarking the service without a model.
    """
    if settings.llm_backend == "fake":
        return SchemaFakeChatModel()
    if settings.llm_backend == "openai":
        if not settings.llm_base_url:
            raise InvalidInput(
                "SIDELINE_LLM_BACKEND=openai needs SIDELINE_LLM_BASE_URL, the "
                "endpoint's base URL, e.g. http://127.0.0.1:8000/v1"
            )
        # Imported here: the openai package takes half a second to import, which
        # every command (an unchanged re-ingest, say) would pay for nothing.
        from llm.openai_compat import OpenAIChatModel

        return _guarded(OpenAIChatModel.from_settings(settings), settings)
    return LlamaCppChatModel.from_settings(settings)


def _guarded(model: ChatModel, settings: Settings) -> ChatModel:
    """An endpoint model behind retries and a circuit breaker, redacted if asked."""
    if settings.llm_redact:
        model = RedactingChatModel(model)
    breaker = CircuitBreaker(
        settings.llm_breaker_failures, settings.llm_breaker_reset_s
    )
    return ResilientChatModel(model, retries=settings.llm_retries, breaker=breaker)
