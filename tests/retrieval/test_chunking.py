"""Chunking: markup cleaning, front matter, and the size guarantee of every section."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import FileRejected
from retrieval.chunking import (
    Section,
    clean_markdown,
    parse_front_matter,
    split_markdown,
    split_rst,
    whitespace_tokens,
)

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
HEADING = re.compile(r"^#{1,6} ")


def words(text: str) -> int:
    return len(text.split())


def split(body: str, max_tokens: int = 50, title: str = "") -> list[Section]:
    return split_markdown(body, max_tokens=max_tokens, count_tokens=words, title=title)


# --- clean_markdown: one markup feature at a time ---------------------------------


def test_hugo_shortcodes_go_but_paired_content_stays() -> None:
    body = (
        '{{< youtube id="abc123" >}}\n'
        '{{% alert title="Note" color="info" %}}\nCall the economic buyer first.\n'
        "{{% /alert %}}\n"
        "{{< details >}}Ask about budget.{{< /details >}}"
    )
    cleaned = clean_markdown(body)
    assert cleaned == "Call the economic buyer first.\n\nAsk about budget."


def test_template_placeholders() -> None:
    body = (
        "{{generator:reporting_structure.vp_sales}}\nName it Intro - {{Account Name}}"
    )
    assert clean_markdown(body) == "Name it Intro - {Account Name}"


def test_html_comments_and_invisible_elements_go() -> None:
    body = (
        "Before <!-- vale off -->after\n<!-- a comment\nover lines -->\n"
        '<figure class="video">\n  <iframe src="https://youtube.com/x"> </iframe>\n'
        "</figure>\nEnd"
    )
    assert clean_markdown(body) == "Before after\n\nEnd"


def test_html_tags_keep_their_text() -> None:
    body = '<p><strong>Champion</strong> owns <a href="/plan">the plan</a>.</p>'
    assert clean_markdown(body) == "Champion owns the plan."


def test_angle_brackets_that_are_not_html_survive() -> None:
    assert clean_markdown("What has prevented the move to <x> so far?") == (
        "What has prevented the move to <x> so far?"
    )


def test_mdx_imports_exports_and_jsx_components_go() -> None:
    body = (
        'import { Quote } from "components/Quote"\n'
        "export const meta = {\n  title: 'x',\n}\n\n"
        '<ImageBlock src="/a.png" />\n'
        'The team <SmallTeam slug="data" /> shipped it.\n'
        "<BorderWrapper>\nWrapped words.\n</BorderWrapper>"
    )
    assert clean_markdown(body) == "The team shipped it.\n\nWrapped words."


def test_quote_components_keep_the_customers_words_and_credit() -> None:
    body = (
        '<Quote\n    imageSource="/r.png"\n    name="Rikin K"\n'
        '    title="Engineer, Hasura"\n'
        "    quote={`“PostHog took that problem away.”`}\n/>\n\n"
        '<Quote img="j.jpg" caption="Jian, CTO at Mobbin.">\n'
        "  <p>We fixed auth.</p>\n</Quote>"
    )
    cleaned = clean_markdown(body)
    assert "“PostHog took that problem away.” (Rikin K, Engineer, Hasura)" in cleaned
    assert "We fixed auth. (Jian, CTO at Mobbin.)" in cleaned


def test_images_go_and_links_become_their_text() -> None:
    body = (
        "![diagram](/img/a.png) Read [the guide](https://x.io/a_(b)) and "
        "[the FAQ][faq] or [rust-lang/rust].\n\n"
        "[faq]: https://x.io/faq\n[rust-lang/rust]: https://github.com/rust-lang/rust"
    )
    assert clean_markdown(body) == "Read the guide and the FAQ or rust-lang/rust."


def test_url_only_lines_and_link_only_list_items_go() -> None:
    body = (
        "https://example.com/deck\n"
        "- [Sales team](sales/index.md)\n"
        "- **[Deal desk](/deal-desk/)**\n"
        "- [Marketing](https://x.io) - website, events and webcasts\n"
        "- Ask for the budget"
    )
    assert clean_markdown(body) == (
        "- Marketing - website, events and webcasts\n- Ask for the budget"
    )


def test_pipe_tables_become_one_line_per_row() -> None:
    body = (
        "| **Signal** | Why it matters |\n|:---|---|\n"
        "| Champion left | Your advocate is gone |\n"
        "| Usage down | Leading indicator<br>of churn |\n"
        "| Only one user |  |"
    )
    assert clean_markdown(body) == (
        "Signal: Champion left; Why it matters: Your advocate is gone\n"
        "Signal: Usage down; Why it matters: Leading indicator of churn\n"
        "Signal: Only one user"
    )


def test_html_tables_become_rows_under_the_first_multi_cell_header() -> None:
    body = (
        "<table>\n<tr><td colspan=2><strong>Career levels</strong></td></tr>\n"
        "<tr><td>Level</td><td>Quota</td></tr>\n"
        "<tr><td>P3</td><td>$885K<p>New logos: 8</td></tr>\n</table>"
    )
    assert clean_markdown(body) == (
        "Career levels\nLevel: P3; Quota: $885K New logos: 8"
    )


def test_lists_keep_structure_as_dash_lines() -> None:
    body = "* Metrics\n    + Top-line\n+ Champion\n1. First call\n   - Agenda"
    assert clean_markdown(body) == (
        "- Metrics\n    - Top-line\n- Champion\n1. First call\n  - Agenda"
    )


def test_short_code_is_kept_and_long_code_dropped() -> None:
    short = "```plaintext\n# Won ATR / ATR\n(Won ATR / ATR) * 100 = rate\n```"
    long = "```python\n" + "\n".join(f"line_{n} = {n}" for n in range(7)) + "\n```"
    assert clean_markdown(f"Formula:\n{short}\n{long}\nDone.") == (
        "Formula:\n    # Won ATR / ATR\n    (Won ATR / ATR) * 100 = rate\n\nDone."
    )


def test_headings_stay_intact_and_clean() -> None:
    body = "## **Economic** [Buyer](/eb) ##\n### Video {#video}\n####### seven"
    assert clean_markdown(body) == "## Economic Buyer\n### Video\n####### seven"


def test_emphasis_code_spans_escapes_and_quotes() -> None:
    body = (
        "> ***Probability***: 10% and `Closed Won` _really_ matters\n"
        "> \\- Martin Fowler, \\*not\\* bold, 2\\*3\n"
        "\\# of deals closed"
    )
    assert clean_markdown(body) == (
        "Probability: 10% and Closed Won really matters\n"
        "- Martin Fowler, *not* bold, 2*3\n\\# of deals closed"
    )


def test_whitespace_collapses_and_wordless_lines_go() -> None:
    body = "First   line\u00a0here\n\n\n---\n***\n\n  Second\tline  "
    assert clean_markdown(body) == "First line here\n\nSecond line"


# --- front matter -----------------------------------------------------------------


def test_front_matter_splits_from_the_body() -> None:
    meta, body = parse_front_matter(
        "---\ntitle: MEDDPPICC\ndate: 2024-27-06\n---\n\n## Metrics\n", "m.md"
    )
    assert meta == {"title": "MEDDPPICC", "date": "2024-27-06"}
    assert body == "\n## Metrics\n"


def test_no_front_matter_gives_the_text_back() -> None:
    text = "# Sales\n---\nnot front matter\n"
    assert parse_front_matter(text, "s.md") == ({}, text)


def test_empty_front_matter_is_an_empty_mapping() -> None:
    assert parse_front_matter("---\n---\nBody", "e.md") == ({}, "Body")


def test_toml_front_matter() -> None:
    text = '+++\ntitle = "Rust CI"\n[extra]\nteam = "infra"\n+++\nBody'
    assert parse_front_matter(text, "r.md") == (
        {"title": "Rust CI", "extra": {"team": "infra"}},
        "Body",
    )


def test_malformed_yaml_is_rejected_with_its_line() -> None:
    text = "---\ntitle: Deal desk\ntags: [a, b\nowner: x\n---\nBody"
    with pytest.raises(FileRejected) as caught:
        parse_front_matter(text, "desk.md")
    assert caught.value.details["path"] == "desk.md"
    assert caught.value.details["line"] in (3, 4)
    assert caught.value.message.startswith(f"desk.md:{caught.value.details['line']}:")


def test_malformed_toml_is_rejected_with_its_line() -> None:
    with pytest.raises(FileRejected) as caught:
        parse_front_matter('+++\ntitle = "ok"\nteam = \n+++\n', "r.md")
    assert caught.value.details["line"] == 3


@pytest.mark.parametrize("block", ["- a\n- b", "just a string", "42"])
def test_front_matter_that_is_not_a_mapping_is_rejected(block: str) -> None:
    with pytest.raises(FileRejected, match="mapping") as caught:
        parse_front_matter(f"---\n{block}\n---\nBody", "list.md")
    assert caught.value.details["line"] == 2


def test_unclosed_front_matter_is_rejected() -> None:
    with pytest.raises(FileRejected) as caught:
        parse_front_matter("---\ntitle: x\n\nBody", "open.md")
    assert caught.value.details["line"] == 1


# --- split_markdown ---------------------------------------------------------------


def test_sections_carry_the_heading_path_title_first() -> None:
    body = (
        "# MEDDPPICC\nIntro words.\n## Metrics\nEconomic impact.\n"
        "### Questions\n- What is the business case?\n## Champion\nSells for you."
    )
    sections = split(body, title="MEDDPPICC")
    assert [(s.heading_path, s.text, s.ordinal) for s in sections] == [
        (("MEDDPPICC",), "Intro words.", 0),
        (("MEDDPPICC", "Metrics"), "Economic impact.", 0),
        (("MEDDPPICC", "Metrics", "Questions"), "- What is the business case?", 0),
        (("MEDDPPICC", "Champion"), "Sells for you.", 0),
    ]


def test_text_before_any_heading_and_no_title() -> None:
    sections = split("Lead text.\n## Stage\nBody.")
    assert [s.heading_path for s in sections] == [(), ("Stage",)]


def test_empty_sections_are_dropped() -> None:
    body = "## Video\n<iframe src='x'></iframe>\n## Links\n---\n## Kept\nWords."
    assert [s.heading_path for s in split(body)] == [("Kept",)]


def test_long_sections_split_at_paragraphs_with_consecutive_ordinals() -> None:
    paragraphs = [" ".join(f"p{n}w{i}" for i in range(8)) for n in range(5)]
    sections = split("## Discovery\n" + "\n\n".join(paragraphs), max_tokens=10)
    assert [s.text for s in sections] == paragraphs
    assert [s.ordinal for s in sections] == [0, 1, 2, 3, 4]


def test_small_paragraphs_are_packed_together() -> None:
    sections = split("## Stage\nOne two.\n\nThree four.\n\nFive six.", max_tokens=4)
    assert [s.text for s in sections] == ["One two.\n\nThree four.", "Five six."]


def test_split_falls_back_to_lines_sentences_then_words() -> None:
    body = "## S\nAlpha beta gamma. Delta epsilon.\nZeta eta theta iota kappa lambda"
    sections = split(body, max_tokens=3)
    assert [s.text for s in sections] == [
        "Alpha beta gamma.",
        "Delta epsilon.",
        "Zeta eta theta",
        "iota kappa lambda",
    ]


def test_a_word_longer_than_the_limit_is_cut() -> None:
    def characters(text: str) -> int:
        return len(text)

    sections = split_markdown("abcdefgh", max_tokens=3, count_tokens=characters)
    assert [s.text for s in sections] == ["abc", "def", "gh"]


def test_a_limit_too_small_for_one_character_is_an_error() -> None:
    with pytest.raises(ValueError, match="max_tokens"):
        split_markdown("abc", max_tokens=1, count_tokens=whitespace_tokens)


def test_repeated_heading_paths_keep_counting() -> None:
    sections = split("## FAQ\nFirst.\n## FAQ\nSecond.")
    assert [(s.heading_path, s.ordinal) for s in sections] == [
        (("FAQ",), 0),
        (("FAQ",), 1),
    ]


def test_whitespace_tokens_is_a_rough_word_piece_estimate() -> None:
    assert whitespace_tokens("") == 1
    assert whitespace_tokens("one two three") == 5


# --- split_rst --------------------------------------------------------------------

PEP = """\
PEP: 507
Title: Migrate CPython to Git and GitLab
Author: Barry Warsaw <barry@python.org>
Status: Rejected
Post-History:

Abstract
========

It is similar to :pep:`481` and uses ``git``. See `the forge
<https://forge.example.org>`_ and `GitLab`_ [#GitLab]_ [1]_.

Rationale
=========

Intro.

Merge requests
--------------

.. note::
   Reviews get **easier**.

.. code-block:: bash

   git push origin main

.. This is a comment
   spanning lines.

.. _GitLab: https://about.gitlab.com

* Faster reviews
* Fewer tools

References
==========

.. [#GitLab] `GitLab <https://about.gitlab.com>`_
"""


def test_rst_headings_by_adornment_order_and_markup_reduced_to_words() -> None:
    sections = split_rst(PEP, max_tokens=100, count_tokens=words)
    title = "Migrate CPython to Git and GitLab"
    assert [(s.heading_path, s.text) for s in sections] == [
        (
            (title, "Abstract"),
            "It is similar to PEP 481 and uses git. See the forge and GitLab GitLab.",
        ),
        ((title, "Rationale"), "Intro."),
        (
            (title, "Rationale", "Merge requests"),
            (
                "Reviews get easier.\n\n    git push origin main\n\n"
                "- Faster reviews\n- Fewer tools"
            ),
        ),
        ((title, "References"), "GitLab"),
    ]


def test_rst_overlined_titles_are_their_own_style() -> None:
    text = "=====\nGuide\n=====\n\nSetup\n=====\n\nWords.\n\nUsage\n=====\n\nMore."
    sections = split_rst(text, max_tokens=100, count_tokens=words)
    assert [s.heading_path for s in sections] == [
        ("Guide", "Setup"),
        ("Guide", "Usage"),
    ]


def test_rst_caller_title_wins_and_long_literal_blocks_go() -> None:
    literal = "\n".join(f"    line {n}" for n in range(7))
    text = f"Setup\n-----\n\nRun this::\n\n{literal}\n\nThen stop."
    sections = split_rst(text, max_tokens=100, count_tokens=words, title="Runbook")
    assert [(s.heading_path, s.text) for s in sections] == [
        (("Runbook", "Setup"), "Run this:\n\nThen stop.")
    ]


# --- properties -------------------------------------------------------------------

WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=8)
NOISE = st.sampled_from(
    [
        "**",
        "_",
        "`",
        "[",
        "](x)",
        "<b>",
        "</b>",
        "{{< x >}}",
        "|",
        "> ",
        "\\#",
        ".",
        "!",
    ]
)
INLINE = st.lists(st.one_of(WORD, WORD, WORD, NOISE), min_size=1, max_size=25).map(
    " ".join
)
BLOCK = st.one_of(
    INLINE,
    INLINE.map(lambda t: f"## {t}"),
    st.tuples(st.integers(1, 6), INLINE).map(lambda h: f"{'#' * h[0]} {h[1]}"),
    st.lists(INLINE, min_size=1, max_size=4).map(
        lambda items: "\n".join(f"- {item}" for item in items)
    ),
    st.lists(st.tuples(WORD, INLINE), min_size=1, max_size=3).map(
        lambda rows: (
            "| a | b |\n|---|---|\n" + "\n".join(f"| {x} | {y} |" for x, y in rows)
        )
    ),
    st.lists(INLINE, min_size=1, max_size=8).map(
        lambda lines: "```\n" + "\n".join(lines) + "\n```"
    ),
    st.text(alphabet="ab #-*_[]()<>{}|`!.\n\\", max_size=40),
)
MARKDOWN = st.lists(BLOCK, max_size=12).map("\n\n".join)


def body_words(cleaned: str) -> list[str]:
    kept = (line for line in cleaned.split("\n") if not HEADING.match(line))
    return [word for line in kept for word in line.split()]


@settings(max_examples=300, deadline=None)
@given(body=MARKDOWN, max_tokens=st.integers(1, 30))
def test_every_section_fits_and_no_word_is_lost(body: str, max_tokens: int) -> None:
    sections = split(body, max_tokens=max_tokens)
    assert all(words(s.text) <= max_tokens for s in sections)
    assert all(s.text.strip() for s in sections)
    found = [word for s in sections for word in s.text.split()]
    assert found == body_words(clean_markdown(body))


@settings(max_examples=200, deadline=None)
@given(body=MARKDOWN, max_tokens=st.integers(2, 30), title=st.sampled_from(["", "T"]))
def test_splitting_is_deterministic_with_consecutive_ordinals(
    body: str, max_tokens: int, title: str
) -> None:
    first = split_markdown(
        body, max_tokens=max_tokens, count_tokens=whitespace_tokens, title=title
    )
    again = split_markdown(
        body, max_tokens=max_tokens, count_tokens=whitespace_tokens, title=title
    )
    assert first == again
    assert all(whitespace_tokens(s.text) <= max_tokens for s in first)
    ordinals: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for section in first:
        ordinals[section.heading_path].append(section.ordinal)
        assert not title or section.heading_path[0] == title
    assert all(found == list(range(len(found))) for found in ordinals.values())


RST = st.lists(
    st.one_of(
        INLINE,
        st.tuples(WORD, st.sampled_from("=-~^")).map(
            lambda t: f"{t[0]}\n{t[1] * max(len(t[0]), 3)}"
        ),
        INLINE.map(lambda t: f".. note::\n   {t}"),
        INLINE.map(lambda t: f"* {t} :pep:`8` ``x``"),
    ),
    max_size=10,
).map("\n\n".join)


@settings(max_examples=200, deadline=None)
@given(text=RST, max_tokens=st.integers(1, 20))
def test_rst_sections_fit_too(text: str, max_tokens: int) -> None:
    sections = split_rst(text, max_tokens=max_tokens, count_tokens=words)
    assert sections == split_rst(text, max_tokens=max_tokens, count_tokens=words)
    assert all(0 < words(s.text) <= max_tokens for s in sections)


# --- the real handbooks -----------------------------------------------------------

JUNK = re.compile(
    r"\{\{|\{%|<div|<iframe|<!--|\]\(|:pep:`|^\s*import |\ufffd", re.MULTILINE
)


@pytest.mark.integration
@pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason=f"the shared sales data is not at {SHARED_DATA}"
)
def test_real_handbooks_and_notes_split_cleanly() -> None:
    paths = sorted(
        p for p in SHARED_DATA.glob("[pn]*/**/*") if p.suffix in (".md", ".mdx", ".rst")
    )
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".rst":
            sections = split_rst(text, max_tokens=256, count_tokens=whitespace_tokens)
        else:
            meta, body = parse_front_matter(text, str(path))
            title = str(meta.get("title", ""))
            sections = split_markdown(
                body, max_tokens=256, count_tokens=whitespace_tokens, title=title
            )
        assert sections, path
        for section in sections:
            assert whitespace_tokens(section.text) <= 256, path
            assert not JUNK.search(section.text), (path, section.text[:200])
