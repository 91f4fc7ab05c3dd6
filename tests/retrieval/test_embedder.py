import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.embedder import Embedder, resolve_precision


@pytest.fixture(scope="module")
def embedder():
    return Embedder()


@pytest.fixture(scope="module")
def whole(embedder):
    """The reference count: the tokenizer run over the whole text at once."""
    tokenizer = embedder.tokenizer

    def count(text: str) -> int:
        return len(tokenizer.encode(text, add_special_tokens=False).ids)

    return count


def test_counting_loads_no_weights(embedder):
    assert embedder.count_tokens("Ask the champion about MEDDPPICC.") > 5
    assert embedder._model is None


def test_counts_are_not_capped_at_the_tokenizer_files_training_length(embedder):
    assert embedder.count_tokens("pipeline " * 300) == 300


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_the_word_by_word_count_equals_the_whole_text_count(embedder, whole, text):
    assert embedder.count_tokens(text) == whole(text)


def test_precision_is_kept_when_named_and_chosen_when_auto():
    assert resolve_precision("float32") == "float32"
    assert resolve_precision("bfloat16") == "bfloat16"
    assert resolve_precision("auto") in ("float32", "bfloat16")
