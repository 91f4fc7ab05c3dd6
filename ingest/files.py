"""Reading input files: safe text, rows with their places, and the values in cells.

Every refusal names the file and, where one is known, the line (or for a JSON list,
the item), so whoever made the file can fix it without guessing. Helpers that only
see a value raise ``InvalidInput``; ``located`` turns that into a ``FileRejected``
carrying the place, which keeps the value parsers free of file bookkeeping.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from core.errors import FileRejected, InvalidInput

M = TypeVar("M", bound=BaseModel)
# (physical line, 1-based item index, the row's fields): one of the first two is None.
Row = tuple[int | None, int | None, dict[str, Any]]

_DELIMITERS = (",", ";", "\t")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MDY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_AMOUNT = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


class _Semicolon(csv.excel):
    delimiter = ";"


_DIALECTS: dict[str, type[csv.Dialect]] = {
    ",": csv.excel,
    ";": _Semicolon,
    "\t": csv.excel_tab,
}


def read_text(path: Path, *, max_bytes: int) -> str:
    """The file as text with LF line ends and no BOM, or FileRejected saying why not.

    The size is checked before reading, so an oversized upload costs one stat call.
    """
    data = _read_bytes(path, max_bytes)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(str(path), "is UTF-16 text; save it as UTF-8")
    if b"\x00" in data:
        raise FileRejected(str(path), "is a binary file (it contains NUL bytes)")

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = f"0x{data[exc.start]:02x}"
        message = f"is not UTF-8 text (byte {bad} cannot be decoded); save it as UTF-8"
        raise FileRejected(str(path), message, line=line) from exc

    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise FileRejected(str(path), "is empty")
    return text


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        if path.is_dir():
            raise FileRejected(str(path), "is a folder, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            message = f"is {size:,} bytes; the limit is {max_bytes:,} bytes"
            raise FileRejected(str(path), message)
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise FileRejected(str(path), "does not exist") from exc
    except OSError as exc:
        raise FileRejected(str(path), f"cannot be read: {exc.strerror}") from exc


def sniff_csv(text: str) -> type[csv.Dialect]:
    """The CSV dialect whose delimiter (comma, semicolon or tab) the header uses most.

    Only the header is read: column names rarely hold a delimiter, while values
    ("12,500", prose with semicolons) often do and mislead ``csv.Sniffer``.
    """
    header = next((line for line in text.split("\n") if line.strip()), "")
    header = re.sub(r'"[^"]*"', "", header)
    return _DIALECTS[max(_DELIMITERS, key=header.count)]


def read_csv(path: Path, text: str) -> tuple[list[str], list[Row]]:
    """The header and rows of a CSV text, each row with the line it starts on.

    The header is line 1, as in an editor; blank lines are skipped.
    """
    reader = csv.reader(io.StringIO(text), sniff_csv(text))
    header: list[str] = []
    rows: list[Row] = []
    start = 1
    try:
        for values in reader:
            line, start = start, reader.line_num + 1
            if not any(value.strip() for value in values):
                continue
            if not header:
                header = _header(path, values, line)
            elif len(values) != len(header):
                message = f"has {len(values)} values; the header has {len(header)}"
                raise FileRejected(str(path), message, line=line)
            else:
                rows.append((line, None, dict(zip(header, values))))
    except csv.Error as exc:
        message = f"is not valid CSV: {exc}"
        raise FileRejected(str(path), message, line=reader.line_num) from exc
    return header, rows


def _header(path: Path, values: list[str], line: int) -> list[str]:
    names = [value.strip() for value in values]
    for number, name in enumerate(names, start=1):
        if not name:
            message = f"column {number} of the header has no name; name it or delete it"
            raise FileRejected(str(path), message, line=line)
        if names.index(name) != number - 1:
            raise FileRejected(str(path), f"column {name!r} appears twice", line=line)
    return names


def read_rows(
    path: Path, text: str, *, list_key: str
) -> tuple[list[str] | None, list[Row]]:
    """Rows from a JSON list (or ``{list_key: [...]}``), JSONL or CSV file.

    Returns the CSV header too (None for JSON), so callers can check columns once.
    """
    suffix = path.suffix.lower()
    if suffix == ".json":
        return None, _json_rows(path, text, list_key)
    if suffix in (".jsonl", ".ndjson"):
        lines = enumerate(text.split("\n"), start=1)
        return None, [_jsonl_row(path, line, n) for n, line in lines if line.strip()]
    return read_csv(path, text)


def _json_rows(path: Path, text: str, list_key: str) -> list[Row]:
    data = _json(path, text)
    if isinstance(data, dict) and set(data) == {list_key}:
        data = data[list_key]
    if not isinstance(data, list):
        message = f'must hold a list, or an object with only a "{list_key}" list'
        raise FileRejected(str(path), message)
    for item, value in enumerate(data, start=1):
        if not isinstance(value, dict):
            raise FileRejected(str(path), f"item {item}: must be an object")
    return [(None, item, value) for item, value in enumerate(data, start=1)]


def _jsonl_row(path: Path, line: str, number: int) -> Row:
    value = _json(path, line, number)
    if not isinstance(value, dict):
        raise FileRejected(str(path), "must be a JSON object", line=number)
    return (number, None, value)


def _json(path: Path, text: str, line: int = 0) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = line or exc.lineno
        raise FileRejected(str(path), f"is not valid JSON: {exc.msg}", where) from exc


@contextmanager
def located(
    path: Path, line: int | None = None, item: int | None = None
) -> Iterator[None]:
    """Re-raise an ``InvalidInput`` from inside as a FileRejected naming this place."""
    try:
        yield
    except FileRejected:
        raise
    except InvalidInput as exc:
        message = f"item {item}: {exc.message}" if item is not None else exc.message
        raise FileRejected(str(path), message, line=line) from exc


def column_key(name: str) -> str:
    """A column as a field name: "Stage Reached" or "stage-reached" is stage_reached."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def rename_fields(
    raw: dict[str, Any], accepted: Iterable[str], aliases: dict[str, str]
) -> dict[str, Any]:
    """The row keyed by field names; refuses an unknown column or two for one field."""
    accepted = tuple(accepted)
    fields: dict[str, Any] = {}
    for name, value in raw.items():
        field = aliases.get(column_key(name), column_key(name))
        if field not in accepted:
            known = ", ".join((*accepted, *aliases))
            raise InvalidInput(f"unknown field {name!r}; accepted: {known}")
        if field in fields:
            raise InvalidInput(f"two fields give {field}; keep one of them")
        fields[field] = value
    return fields


def refuse_repeated_id(
    first_use: dict[str, str], record_id: str, line: int | None, item: int | None
) -> None:
    """Refuse an id this file already used, naming where; record it otherwise."""
    if record_id in first_use:
        raise InvalidInput(
            f"id {record_id!r} is already used at {first_use[record_id]}"
        )
    first_use[record_id] = f"line {line}" if line is not None else f"item {item}"


def convert_fields(
    fields: dict[str, Any], converters: dict[str, Any]
) -> dict[str, Any]:
    """Each non-blank field through its converter (text by default), errors by field."""
    values: dict[str, Any] = {}
    for field, value in fields.items():
        if is_blank(value):
            continue
        try:
            values[field] = converters.get(field, text_value)(value)
        except InvalidInput as exc:
            raise InvalidInput(f"{field}: {exc.message}") from exc
    return values


def build(model: type[M], values: dict[str, Any]) -> M:
    """The record, or InvalidInput naming each field the model refused."""
    try:
        return model(**values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in exc.errors()
        )
        raise InvalidInput(problems) from exc


def is_blank(value: Any) -> bool:
    return (
        value is None or value == [] or (isinstance(value, str) and not value.strip())
    )


def text_value(value: Any) -> str:
    """A cell as text; JSON numbers are accepted (ids are often numeric)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise InvalidInput(f"expected text, not {type(value).__name__} {value!r}")


def parse_date(value: Any) -> dt.date:
    """A date written as YYYY-MM-DD (unpadded too), ISO 8601, M/D/YYYY or 30-Sep-2015.

    Slashed dates are read month first, as US CRMs export them; a day-first date
    such as 20/10/2016 is refused rather than guessed.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = text_value(value)
    for pattern, order in ((_YMD, (0, 1, 2)), (_MDY, (2, 0, 1))):
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(match.group(i + 1)) for i in order)
            try:
                return dt.date(year, month, day)
            except ValueError:
                break
    for parse in (dt.datetime.fromisoformat, _pep_date):
        try:
            return parse(text).date()
        except ValueError:
            continue
    raise InvalidInput(f"{text!r} is not a date; write it as YYYY-MM-DD")


def _pep_date(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%d-%b-%Y")  # PEP headers: 30-Sep-2015


def parse_amount(value: Any) -> float:
    """A non-negative amount: 12500, "12,500", "$12,500" or "12500.50".

    A decimal comma ("12,50") is refused rather than guessed as 1,250 or 12.5.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        text = value.strip().lstrip("$€£").strip() if isinstance(value, str) else ""
        if not _AMOUNT.fullmatch(text):
            hint = "write it like 12500, 12,500 or $12,500.50"
            raise InvalidInput(f"{value!r} is not an amount; {hint}")
        number = float(text.replace(",", ""))
    if not math.isfinite(number) or number < 0:
        raise InvalidInput(f"{value!r} is not an amount; it must be zero or more")
    return number
