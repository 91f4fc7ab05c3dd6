"""Win/loss notes from rows (JSON, JSONL, CSV) and from narrative files."""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import FileRejected, InvalidInput
from ingest.notes import load_notes
from tests.conftest import SHARED_DATA

SHARED_NOTES = SHARED_DATA / "notes"
TENANT = "acme"


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_text(text, encoding=encoding)
    return path


def _rejected(path: Path, **kwargs: object) -> FileRejected:
    with pytest.raises(FileRejected) as caught:
        load_notes(path, tenant_id=TENANT, **kwargs)
    return caught.value


# Row files


def test_json_list_gives_normalised_notes(tmp_path: Path) -> None:
    rows = [
        {
            "id": "n1",
            "outcome": "Closed Lost",
            "title": "Lost to Heap",
            "reason": "price",
            "competitor": "Heap",
            "stage_reached": "Proposal/Price Quote",
            "amount": "$12,500",
            "date": "10/20/2016",
            "deal_id": 7,
            "body": "They chose Heap on price.",
        }
    ]
    path = _write(tmp_path, "notes.json", json.dumps(rows))

    [note] = load_notes(path, tenant_id=TENANT)

    assert (note.id, note.outcome, note.stage_reached) == ("n1", "lost", "proposal")
    assert (note.amount, note.date) == (12500.0, dt.date(2016, 10, 20))
    assert (note.deal_id, note.text) == ("7", "They chose Heap on price.")
    assert (note.tenant_id, note.source) == (TENANT, path.as_posix())


def test_json_object_with_a_notes_list_is_read(tmp_path: Path) -> None:
    data = {"notes": [{"note_id": "a", "outcome": "won", "summary": "Fast rollout."}]}
    path = _write(tmp_path, "notes.json", json.dumps(data))

    [note] = load_notes(path, tenant_id=TENANT)

    assert (note.id, note.text) == ("a", "Fast rollout.")


def test_json_errors_name_the_item(tmp_path: Path) -> None:
    rows = [
        {"outcome": "won", "text": "fine"},
        {"outcome": "won", "text": "x", "stage_reached": "Bargaining"},
    ]
    path = _write(tmp_path, "notes.json", json.dumps(rows))

    error = _rejected(path)

    assert "notes.json: item 2: stage_reached: unknown deal stage 'Bargaining'" in str(
        error
    )


def test_jsonl_errors_name_the_line(tmp_path: Path) -> None:
    text = (
        '{"outcome": "won", "text": "a"}\n\n{"outcome": "won", "text": "b", "x": 1}\n'
    )
    path = _write(tmp_path, "notes.jsonl", text)

    error = _rejected(path)

    assert error.details["line"] == 3
    assert "unknown field 'x'" in error.message


def test_jsonl_bad_json_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "notes.jsonl", '{"outcome": "won", "text": "a"}\n{oops\n')

    assert "notes.jsonl:2: is not valid JSON" in str(_rejected(path))


def test_csv_with_bom_and_semicolons(tmp_path: Path) -> None:
    text = 'Note ID;Outcome;Amount;Date;Notes\nn1;won;"12,500";2016-10-20;Quick win\n'
    path = _write(tmp_path, "notes.csv", text, encoding="utf-8-sig")

    [note] = load_notes(path, tenant_id=TENANT)

    assert (note.id, note.amount, note.text) == ("n1", 12500.0, "Quick win")


def test_tab_separated_notes(tmp_path: Path) -> None:
    path = _write(tmp_path, "notes.tsv", "outcome\treason\nno decision\tstalled\n")

    [note] = load_notes(path, tenant_id=TENANT)

    assert (note.outcome, note.reason) == ("no_decision", "stalled")


def test_csv_unknown_column_is_refused_at_the_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "notes.csv", "outcome,text,priority\nwon,a,high\n")

    error = _rejected(path)

    assert error.details["line"] == 1
    assert "unknown field 'priority'" in error.message
    assert "competitor" in error.message and "stage_reached" in error.message


def test_csv_without_outcome_or_text_columns_says_which(tmp_path: Path) -> None:
    no_outcome = _write(tmp_path, "a.csv", "title,text\nx,y\n")
    no_text = _write(tmp_path, "b.csv", "outcome,title\nwon,x\n")

    assert "a.csv:1: has no outcome column" in str(_rejected(no_outcome))
    assert "b.csv:1: has neither a text column" in str(_rejected(no_text))


def test_default_outcome_fills_blank_cells(tmp_path: Path) -> None:
    path = _write(tmp_path, "notes.csv", "outcome,text\n,a\nlost,b\n")

    notes = load_notes(path, tenant_id=TENANT, defaults={"outcome": "won"})

    assert [note.outcome for note in notes] == ["won", "lost"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("won,Heap,2016-13-45,a", "date: '2016-13-45' is not a date"),
        ("won,Heap,,", "has neither text nor reason"),
        (",Heap,,a", "has no outcome"),
        ("maybe,Heap,,a", "outcome: unknown outcome 'maybe'"),
    ],
)
def test_csv_row_errors_name_the_physical_line(
    tmp_path: Path, row: str, expected: str
) -> None:
    # The quoted note spans lines 2-3, so the bad row starts on line 4.
    text = f'outcome,competitor,date,text\nwon,Heap,,"two\nlines"\n{row}\n'
    path = _write(tmp_path, "notes.csv", text)

    error = _rejected(path)

    assert error.details["line"] == 4
    assert expected in error.message


def test_repeated_id_names_its_first_use(tmp_path: Path) -> None:
    path = _write(tmp_path, "notes.csv", "id,outcome,text\nn1,won,a\nn1,lost,b\n")

    assert "notes.csv:3: id 'n1' is already used at line 2" in str(_rejected(path))


def test_row_ids_are_stable_across_reloads_and_apart_across_tenants(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, "notes.csv", "outcome,text\nwon,a\nwon,a\n")

    first = [note.id for note in load_notes(path, tenant_id=TENANT)]
    again = [note.id for note in load_notes(path, tenant_id=TENANT)]
    other = [note.id for note in load_notes(path, tenant_id="globex")]

    assert first == again and len(set(first)) == 2
    assert not set(first) & set(other)


_CELL = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
    min_size=1,
).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([",", ";", "\t"]), st.lists(st.tuples(_CELL, _CELL), min_size=1))
def test_any_csv_text_survives_the_round_trip(
    delimiter: str, cells: list[tuple[str, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notes.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter=delimiter)
            writer.writerows([("outcome", "reason", "text")])
            writer.writerows(("won", reason, text) for reason, text in cells)

        notes = load_notes(path, tenant_id=TENANT)

    assert [(n.reason, n.text) for n in notes] == [
        (reason.strip(), text.strip()) for reason, text in cells
    ]


# Narratives


STORY = """---
title: How Acme chose us
customer: Acme
industries:
  - SaaS, Data
  - Retail
competitor: Mixpanel
date: 2024-03-19
---

Acme compared us with Mixpanel and chose us for pricing.
"""


def test_markdown_front_matter_gives_the_fields(tmp_path: Path) -> None:
    path = _write(tmp_path, "acme.md", STORY)

    [note] = load_notes(path, tenant_id=TENANT, defaults={"outcome": "won"})

    assert (note.title, note.competitor, note.segment) == (
        "How Acme chose us",
        "Mixpanel",
        "SaaS",
    )
    assert note.date == dt.date(2024, 3, 19)
    assert note.text == "Acme compared us with Mixpanel and chose us for pricing."


def test_customer_or_name_is_the_title_when_there_is_none(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.mdx", "---\nname: Mobbin\n---\n<Logo />\nBody.\n")

    [note] = load_notes(path, tenant_id=TENANT, defaults={"outcome": "won"})

    assert note.title == "Mobbin"
    assert note.text.startswith("<Logo />")


def test_toml_front_matter_is_read(tmp_path: Path) -> None:
    text = '+++\ntitle = "CI moves"\n[extra]\nteam = "infra"\n+++\n\nWe moved.\n'
    path = _write(tmp_path, "ci.md", text)

    [note] = load_notes(path, tenant_id=TENANT, defaults={"outcome": "won"})

    assert (note.title, note.text) == ("CI moves", "We moved.")


def test_pep_header_gives_title_and_created(tmp_path: Path) -> None:
    text = (
        "PEP: 507\nTitle: Migrate CPython to Git and GitLab\nStatus: Rejected\n"
        "Created: 30-Sep-2015\nPost-History:\nResolution: https://example.org/\n"
        "\n\nAbstract\n========\n\nThis PEP proposes GitLab.\n"
    )
    path = _write(tmp_path, "pep-0507.rst", text)

    [note] = load_notes(path, tenant_id=TENANT, defaults={"outcome": "lost"})

    assert note.title == "Migrate CPython to Git and GitLab"
    assert note.date == dt.date(2015, 9, 30)
    assert note.text.startswith("Abstract\n========")


def test_rst_without_a_header_block_keeps_all_its_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.rst", "Note: read this first.\n\nBody\n")

    [note] = load_notes(path, tenant_id=TENANT, defaults={"outcome": "won"})

    assert note.text == "Note: read this first.\n\nBody"


def test_malformed_front_matter_names_the_line(tmp_path: Path) -> None:
    text = "---\ntitle: ok\ncompetitor: [Heap\noutcome: won\n---\nBody\n"
    path = _write(tmp_path, "bad.md", text)

    error = _rejected(path)

    assert "bad.md:4: front matter is not valid YAML" in str(error)


def test_unclosed_front_matter_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "open.md", "---\ntitle: ok\n\nBody without a fence\n")

    assert "open.md:1: front matter opened with --- is never closed" in str(
        _rejected(path)
    )


def test_bad_outcome_in_front_matter_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.md", "---\ntitle: t\noutcome: maybe\n---\nBody\n")

    assert "a.md:3: outcome: unknown outcome 'maybe'" in str(_rejected(path))


def test_bad_front_matter_date_is_dropped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path, "a.md", "---\ndate: 2024-27-06\n---\nBody\n")

    with caplog.at_level(logging.WARNING, logger="ingest.notes"):
        [note] = load_notes(path, tenant_id=TENANT, defaults={"outcome": "won"})

    assert note.date is None
    assert "2024-27-06" in caplog.text


def test_missing_outcome_says_how_to_give_one(tmp_path: Path) -> None:
    path = _write(tmp_path, "story.md", "Just a story.\n")

    error = _rejected(path)

    assert "story.md: has no outcome" in str(error)
    assert "--outcome" in error.message and "sideline.yaml" in error.message


def test_front_matter_only_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.md", "---\noutcome: won\n---\n\n")

    assert "has no text after its front matter" in str(_rejected(path))


def test_sidecar_precedence(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", "---\ncompetitor: Heap\nvendor: FrontCo\n---\nBody A\n")
    _write(tmp_path, "b.md", "---\ncompetitor: Heap\n---\nBody B\n")
    _write(
        tmp_path,
        "sideline.yaml",
        "defaults: {outcome: lost, vendor: DirCo, segment: Retail}\n"
        "files:\n  a.md: {competitor: Amplitude, outcome: churned}\n",
    )
    defaults = {"outcome": "won", "vendor": "ArgCo", "segment": "SaaS"}

    a, b = load_notes(tmp_path, tenant_id=TENANT, defaults=defaults)

    # per-file sidecar > front matter > sidecar defaults > caller defaults
    assert (a.outcome, a.competitor, a.vendor, a.segment) == (
        "churned",
        "Amplitude",
        "FrontCo",
        "Retail",
    )
    assert (b.outcome, b.competitor, b.vendor) == ("lost", "Heap", "DirCo")


@pytest.mark.parametrize(
    ("sidecar", "expected"),
    [
        ("files:\n  a.md: {colour: red}\n", "files: a.md: unknown field 'colour'"),
        ("files:\n  gone.md: {outcome: won}\n", "files: 'gone.md' is not in"),
        ("defaults: {title: x}\n", "defaults: unknown field 'title'"),
        ("defaults: {outcome: maybe}\n", "defaults: outcome: unknown outcome"),
        ("fields: {}\n", "must be a mapping with only defaults and files"),
        ("files: [a.md\n", "is not valid YAML"),
    ],
)
def test_sidecar_mistakes_are_refused_by_name(
    tmp_path: Path, sidecar: str, expected: str
) -> None:
    _write(tmp_path, "a.md", "Body\n")
    _write(tmp_path, "sideline.yaml", sidecar)

    error = _rejected(tmp_path / "a.md", defaults={"outcome": "won"})

    assert "sideline.yaml" in str(error) and expected in error.message


def test_unknown_default_is_refused() -> None:
    with pytest.raises(InvalidInput, match="defaults: unknown field 'title'"):
        load_notes(Path("unused.md"), tenant_id=TENANT, defaults={"title": "x"})


def test_narrative_ids_are_stable_on_reload(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", STORY)
    _write(tmp_path, "b.txt", "Plain text note.\n")

    first = load_notes(tmp_path, tenant_id=TENANT, defaults={"outcome": "won"})
    again = load_notes(tmp_path, tenant_id=TENANT, defaults={"outcome": "won"})

    assert [n.id for n in first] == [n.id for n in again]
    assert len({n.id for n in first}) == 2


def test_folder_skips_other_and_hidden_files(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", "Body\n")
    _write(tmp_path, "logo.png", "not really\n")
    (tmp_path / ".git").mkdir()
    _write(tmp_path / ".git", "HEAD.md", "ignored\n")

    notes = load_notes(tmp_path, tenant_id=TENANT, defaults={"outcome": "won"})

    assert [Path(note.source).name for note in notes] == ["a.md"]


def test_unsupported_empty_binary_and_oversized_files_are_refused(
    tmp_path: Path,
) -> None:
    (tmp_path / "bin.md").write_bytes(b"abc\x00def")

    assert "is not a note file" in str(_rejected(_write(tmp_path, "a.pdf", "x")))
    assert "is empty" in str(_rejected(_write(tmp_path, "e.md", "")))
    assert "binary file" in str(_rejected(tmp_path / "bin.md"))
    big = _write(tmp_path, "big.md", "word " * 100)
    assert "the limit is 100 bytes" in str(_rejected(big, max_bytes=100))


# The shared sample notes


FOLDER_DEFAULTS = {
    "posthog-customers": {"outcome": "won", "vendor": "PostHog"},
    "posthog-churn": {"outcome": "churned", "vendor": "PostHog"},
    # Mixed vendors and outcomes; one outcome is enough to read them all.
    "decisions": {"outcome": "lost"},
}


@pytest.mark.integration
@pytest.mark.skipif(
    not SHARED_NOTES.is_dir(), reason=f"shared sample notes not found at {SHARED_NOTES}"
)
def test_the_shared_sample_notes_all_load() -> None:
    notes = {
        folder: load_notes(SHARED_NOTES / folder, tenant_id=TENANT, defaults=defaults)
        for folder, defaults in FOLDER_DEFAULTS.items()
    }

    assert Counter({k: len(v) for k, v in notes.items()}) == Counter(
        {"posthog-customers": 30, "posthog-churn": 3, "decisions": 5}
    )
    customers = notes["posthog-customers"]
    assert all(n.outcome == "won" and n.vendor == "PostHog" for n in customers)
    assert all(n.title and n.text for group in notes.values() for n in group)
    assert not any(
        n.text.startswith(("---", "+++", "PEP:")) for g in notes.values() for n in g
    )
    pep = next(n for n in notes["decisions"] if n.source.endswith("pep-0507.rst"))
    assert (pep.title, pep.date) == (
        "Migrate CPython to Git and GitLab",
        dt.date(2015, 9, 30),
    )
