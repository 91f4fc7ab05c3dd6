"""Reading input files safely, and the values found in their cells."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import FileRejected, InvalidInput
from ingest.files import parse_amount, parse_date, read_csv, read_text, sniff_csv


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_read_text_strips_bom_and_normalises_line_ends(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.csv", b"\xef\xbb\xbfid,stage\r\n1,won\r\n")

    assert read_text(path, max_bytes=1000) == "id,stage\n1,won\n"


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n"])
def test_read_text_refuses_an_empty_file(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "empty.md", data)

    with pytest.raises(FileRejected, match=r"empty\.md: is empty"):
        read_text(path, max_bytes=1000)


def test_read_text_refuses_an_oversized_file_with_size_and_limit(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, "big.csv", b"x" * 2_001)

    with pytest.raises(FileRejected, match=r"2,001 bytes; the limit is 2,000"):
        read_text(path, max_bytes=2_000)


def test_read_text_refuses_a_binary_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "logo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    with pytest.raises(FileRejected, match="binary file"):
        read_text(path, max_bytes=1000)


def test_read_text_refuses_utf16_saying_so(tmp_path: Path) -> None:
    path = _write(tmp_path, "excel.csv", "id,stage\n".encode("utf-16"))

    with pytest.raises(FileRejected, match="is UTF-16 text; save it as UTF-8"):
        read_text(path, max_bytes=1000)


def test_read_text_refuses_text_that_is_not_utf8_naming_the_line(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, "latin.csv", "id,title\n1,Caf\u00e9\n".encode("latin-1"))

    with pytest.raises(FileRejected, match=r"latin\.csv:2: is not UTF-8") as caught:
        read_text(path, max_bytes=1000)
    assert caught.value.details["line"] == 2


def test_read_text_refuses_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    with pytest.raises(FileRejected, match="does not exist"):
        read_text(tmp_path / "nope.md", max_bytes=1000)
    with pytest.raises(FileRejected, match="is a folder"):
        read_text(tmp_path, max_bytes=1000)


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("id,amount\n1,5\n", ","),
        ('id;amount;title\n1;"12,500";a, b, c\n', ";"),
        ("id\tamount\n1\t12,500\n", "\t"),
        ("id\n1\n", ","),
    ],
)
def test_sniff_csv_picks_the_delimiter_the_header_uses(
    text: str, delimiter: str
) -> None:
    assert sniff_csv(text).delimiter == delimiter


def test_read_csv_numbers_rows_by_the_line_they_start_on(tmp_path: Path) -> None:
    text = 'id,text\n1,"two\nlines"\n\n2,plain\n'

    header, rows = read_csv(tmp_path / "n.csv", text)

    assert header == ["id", "text"]
    assert [(line, fields["id"]) for line, _, fields in rows] == [(2, "1"), (5, "2")]


def test_read_csv_refuses_a_row_of_the_wrong_width(tmp_path: Path) -> None:
    with pytest.raises(FileRejected, match=r"n\.csv:3: has 3 values; the header has 2"):
        read_csv(tmp_path / "n.csv", "id,text\n1,a\n2,b,c\n")


@pytest.mark.parametrize(
    ("header", "problem"),
    [("id,text,id", "'id' appears twice"), ("id,,text", "column 2 of the header")],
)
def test_read_csv_refuses_a_doubled_or_blank_column(
    tmp_path: Path, header: str, problem: str
) -> None:
    with pytest.raises(FileRejected, match=problem):
        read_csv(tmp_path / "n.csv", f"{header}\n1,2,3\n")


@pytest.mark.parametrize(
    "value",
    ["2016-10-20", "2016-10-20T09:30:00Z", "10/20/2016", "20-Oct-2016", "2016-10-20 "],
)
def test_parse_date_reads_the_written_forms(value: str) -> None:
    assert parse_date(value) == dt.date(2016, 10, 20)


def test_parse_date_reads_unpadded_dates() -> None:
    assert parse_date("2024-9-12") == dt.date(2024, 9, 12)


@pytest.mark.parametrize("value", ["2024-27-06", "20/10/2016", "soon", "2016/10/20"])
def test_parse_date_refuses_what_it_would_have_to_guess(value: str) -> None:
    with pytest.raises(InvalidInput, match="is not a date"):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "amount"),
    [("12,500", 12500.0), ("$12,500", 12500.0), ("12500.50", 12500.5), (40, 40.0)],
)
def test_parse_amount_reads_the_written_forms(value: object, amount: float) -> None:
    assert parse_amount(value) == amount


@pytest.mark.parametrize("value", ["12,50", "-5", "1.2.3", "lots", True, float("nan")])
def test_parse_amount_refuses_what_it_would_have_to_guess(value: object) -> None:
    with pytest.raises(InvalidInput, match="is not an amount"):
        parse_amount(value)


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_amount_reads_any_grouped_dollar_figure(cents: int) -> None:
    written = f"${cents // 100:,}.{cents % 100:02d}"

    assert parse_amount(written) == pytest.approx(cents / 100)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_parse_date_reads_back_iso_and_us_forms(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.month}/{day.day}/{day.year}") == day
