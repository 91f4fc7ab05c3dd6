from hypothesis import given
from hypothesis import strategies as st

from coaching.excerpts import best_sentence, clip, questions, sentences

TEXT = (
    "Open with the business problem. Ask who signs the budget and when. "
    "What happens if nothing changes this quarter?\n"
    "- Who else evaluates tools like ours?"
)


def test_sentences_and_questions_are_exact_substrings():
    for s in sentences(TEXT):
        assert s in TEXT
    found = questions(TEXT)
    assert found == [
        "What happens if nothing changes this quarter?",
        "Who else evaluates tools like ours?",
    ]
    assert all(q in TEXT for q in found)


def test_best_sentence_prefers_shared_words():
    assert best_sentence(TEXT, "budget signs", min_words=3) == (
        "Ask who signs the budget and when."
    )


@given(st.text(min_size=1, max_size=400), st.text(max_size=40))
def test_best_sentence_is_always_a_substring(text, query):
    assert best_sentence(text, query) in text


@given(st.text(max_size=300), st.integers(min_value=1, max_value=300))
def test_clip_is_a_prefix_within_the_limit(text, limit):
    cut = clip(text, limit)
    assert text.startswith(cut) and len(cut) <= limit
