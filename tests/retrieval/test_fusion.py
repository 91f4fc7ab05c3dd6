from hypothesis import given
from hypothesis import strategies as st

from retrieval.fusion import reciprocal_rank_fusion

ids = st.lists(st.sampled_from("abcdefghij"), max_size=10)


def test_an_item_high_in_both_lists_beats_one_top_in_only_one():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d", "a"]])
    assert [item for item, _ in fused] == ["b", "a", "d", "c"]
    # b: 1/62 + 1/61, a: 1/61 + 1/63, over the best possible 2/61.
    assert fused[0][1] == round((1 / 62 + 1 / 61) / (2 / 61), 6)


def test_top_of_every_list_scores_one_and_nothing_scores_more():
    fused = reciprocal_rank_fusion([["x", "y"], ["x"], ["x", "z"]])
    assert fused[0] == ("x", 1.0)
    assert all(0 < score <= 1 for _, score in fused)


def test_ties_keep_the_order_first_met_and_repeats_count_once():
    assert reciprocal_rank_fusion([["a", "b"], ["b", "a"]]) == [
        ("a", round((1 / 61 + 1 / 62) / (2 / 61), 6)),
        ("b", round((1 / 61 + 1 / 62) / (2 / 61), 6)),
    ]
    assert reciprocal_rank_fusion([["a", "a", "b"]]) == reciprocal_rank_fusion(
        [["a", "b"]]
    )


def test_no_rankings_or_empty_ones_fuse_to_nothing():
    assert reciprocal_rank_fusion([]) == []
    assert reciprocal_rank_fusion([[], []]) == []


@given(st.lists(ids, min_size=1, max_size=4))
def test_fusion_keeps_every_item_once_scored_in_order(rankings):
    fused = reciprocal_rank_fusion(rankings)
    items = [item for item, _ in fused]
    assert sorted(items) == sorted({i for ranking in rankings for i in ranking})
    scores = [score for _, score in fused]
    assert scores == sorted(scores, reverse=True)


@given(ids)
def test_a_single_list_keeps_its_own_order(first):
    assert [i for i, _ in reciprocal_rank_fusion([first])] == list(dict.fromkeys(first))
