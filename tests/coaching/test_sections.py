from pathlib import Path

import pytest

from coaching.sections import (
    body_text,
    find,
    insert_section,
    outline,
    remove_section,
    replace_body,
)
from retrieval.chunking import parse_front_matter, split_markdown, whitespace_tokens
from tests.builders import PLAYBOOK
from tests.conftest import REPO, SHARED_DATA

QUESTIONS = ("Discovery", "Questions that find the pain")
BUYER = ("Discovery", "Meeting the economic buyer")


def test_sections_are_found_by_the_heading_paths_plays_carry():
    spans = outline(PLAYBOOK, "d.md")
    span = find(PLAYBOOK, spans, BUYER)

    assert span is not None and span.level == 2
    assert body_text(PLAYBOOK, span).startswith("Ask your champion to introduce")
    assert find(PLAYBOOK, spans, ("Discovery", "No such section")) is None


def test_replacing_a_body_leaves_every_other_byte_alone():
    spans = outline(PLAYBOOK, "d.md")
    span = find(PLAYBOOK, spans, BUYER)
    edited = replace_body(PLAYBOOK, span, "A new body.\n\nWith two paragraphs.")

    head, tail = PLAYBOOK[: span.body_start], PLAYBOOK[span.body_end :]
    assert edited.startswith(head) and edited.endswith(tail)
    assert "A new body.\n\nWith two paragraphs.\n\n## Objection" in edited
    assert body_text(edited, find(edited, outline(edited, "d.md"), BUYER)) == (
        "A new body.\n\nWith two paragraphs."
    )


def test_a_new_section_goes_at_the_end_of_its_parent_one_level_down():
    spans = outline(PLAYBOOK, "d.md")
    parent = find(PLAYBOOK, spans, ("Discovery",))
    edited = insert_section(PLAYBOOK, parent, spans, "When the champion leaves", "Ask.")

    assert edited.startswith(PLAYBOOK.rstrip("\n"))
    assert edited.endswith("\n\n## When the champion leaves\n\nAsk.\n")
    added = find(
        edited, outline(edited, "d.md"), ("Discovery", "When the champion leaves")
    )
    assert added is not None and body_text(edited, added) == "Ask."


def test_removing_a_section_takes_its_subsections_and_nothing_else():
    text = "# A\n\nIntro.\n\n## B\n\nBee.\n\n### C\n\nSee.\n\n## D\n\nDee.\n"
    spans = outline(text, "x.md")
    removed = remove_section(text, find(text, spans, ("A", "B")))

    assert removed == "# A\n\nIntro.\n\n## D\n\nDee.\n"


def test_windows_line_endings_are_kept_in_inserted_text():
    text = PLAYBOOK.replace("\n", "\r\n")
    spans = outline(text, "d.md")
    edited = replace_body(text, find(text, spans, BUYER), "One.\nTwo.")

    assert "One.\r\nTwo." in edited and "\n" not in edited.replace("\r\n", "")


def test_headings_inside_code_fences_are_not_sections():
    text = "# A\n\n```sh\n# not a heading\necho hi\n```\n\n## B\n\nText.\n"
    paths = [s.heading_path for s in outline(text, "x.md")]

    assert ("A", "not a heading") not in paths and ("A", "B") in paths


def _playbook_files() -> list[Path]:
    files = sorted((REPO / "playbooks").glob("*.md"))
    if SHARED_DATA.is_dir():
        files += sorted((SHARED_DATA / "playbooks").rglob("*.md"))
    return files


@pytest.mark.parametrize("path", _playbook_files(), ids=lambda p: p.name)
def test_every_play_heading_path_can_be_found_in_the_raw_text(path):
    text = path.read_text(encoding="utf-8")
    front, body = parse_front_matter(text, str(path))
    plays = split_markdown(
        body,
        max_tokens=240,
        count_tokens=whitespace_tokens,
        title=str(front.get("title") or "").strip(),
    )
    spans = outline(text, str(path))

    missing = {p.heading_path for p in plays} - {
        p.heading_path for p in plays if find(text, spans, p.heading_path)
    }
    assert not missing
