from hypothesis import given
from hypothesis import strategies as st

from coaching.passages import passages

NOTE = """Intro sentence here. A second one follows.

- They built feature parity internally
- We lack a critical feature

quote={`“We looked at Amplitude and it was too expensive.”`}

## How the team chose

Hosting on sites like GitHub and BitBucket
isn't adequate for the complex branching we need."""


def test_list_items_headings_and_mdx_quotes_lose_their_markup():
    found = passages(NOTE)

    assert "They built feature parity internally" in found
    assert "“We looked at Amplitude and it was too expensive.”" in found
    assert "How the team chose" in found
    assert "Intro sentence here." in found and "A second one follows." in found


def test_a_hard_wrapped_sentence_stays_whole():
    assert (
        "Hosting on sites like GitHub and BitBucket\n"
        "isn't adequate for the complex branching we need."
    ) in passages(NOTE)


COMPONENT = """<BorderWrapper>
    <Quote
        name="Joe Saunderson"
        title="Software Engineer, Mention Me"
        quote={`“We found the others far too expensive.”`}
    />
</BorderWrapper>

**Customer name:** HogFlix
**Primary reason for churn:** Switched to a rival for deeper analytics

> It worked at first. Then the free tier ran out."""


def test_components_field_lines_and_quoted_blocks_give_one_passage_per_sentence():
    assert passages(COMPONENT) == [
        "“We found the others far too expensive.”",
        "**Customer name:** HogFlix",
        "**Primary reason for churn:** Switched to a rival for deeper analytics",
        "It worked at first.",
        "Then the free tier ran out.",
    ]


@given(
    st.lists(
        st.sampled_from(
            ["word", "Word.", "- ", "## ", "\n", "\n\n", "  ", "`", "quote={`", "`}"]
        ),
        max_size=40,
    ).map("".join)
)
def test_every_passage_is_an_exact_substring(text):
    for passage in passages(text):
        assert passage and passage in text
