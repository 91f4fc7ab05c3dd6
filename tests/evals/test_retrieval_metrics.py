from hypothesis import given
from hypothesis import strategies as st

from evals.metrics.retrieval import mrr, recall_at_k

RANKED = ["a.md", "b.md", "a.md", "c.md", "d.md"]


def test_recall_counts_expected_sources_in_the_first_k_distinct():
    assert recall_at_k(RANKED, ["a.md", "c.md"], k=3).value == 1.0
    result = recall_at_k(RANKED, ["a.md", "d.md"], k=3)
    assert result.value == 0.5 and "not retrieved d.md" in result.detail
    assert result.name == "retrieval_recall@3"


def test_mrr_is_the_reciprocal_rank_of_the_first_expected_source():
    assert mrr(RANKED, ["a.md"]).value == 1.0
    assert mrr(RANKED, ["c.md", "d.md"]).value == round(1 / 3, 4)
    assert mrr(RANKED, ["z.md"]).value == 0.0


def test_no_expected_sources_is_not_measured():
    assert recall_at_k(RANKED, []).value is None
    assert mrr(RANKED, []).value is None


names = st.lists(st.sampled_from("abcdefgh"), max_size=12)


@given(names, st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=4))
def test_recall_and_mrr_stay_between_zero_and_one(ranked, expected):
    for result in (recall_at_k(ranked, expected, k=3), mrr(ranked, expected)):
        assert 0.0 <= result.value <= 1.0
    if ranked and ranked[0] in expected:
        assert mrr(ranked, expected).value == 1.0
