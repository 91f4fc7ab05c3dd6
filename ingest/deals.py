"""Deals from files: JSON, CSV with Deal's own columns, and a CRM pipeline export.

The CRM export (``sales_pipeline.csv``: opportunity_id, sales_agent, product,
account, deal_stage, engage_date, close_date, close_value) is recognised by its
header and read together with the sibling files it refers to, each optional:
``accounts.csv`` gives a deal's segment (the account's sector), ``products.csv`` a
list price for deals without a close value, and ``sales_teams.csv`` the reps, read
by ``load_crm_teams``. Of the sibling files only the columns named here are read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from core.errors import FileRejected, InvalidInput
from core.records import Contact, Deal
from core.stages import OPEN_STAGES, normalize_stage
from ingest.files import (
    build,
    column_key,
    convert_fields,
    is_blank,
    located,
    parse_amount,
    parse_date,
    read_csv,
    read_rows,
    read_text,
    refuse_repeated_id,
    rename_fields,
    text_value,
)

PIPELINE_FILE = "sales_pipeline.csv"
TEAMS_FILE = "sales_teams.csv"
# Every field a file may give; the tenant and the source come from the caller.
FIELDS = tuple(
    name for name in Deal.model_fields if name not in ("tenant_id", "source")
)
CSV_FIELDS = tuple(name for name in FIELDS if name != "contacts")
REQUIRED = ("id", "stage")
CRM_COLUMNS = (
    "opportunity_id",
    "sales_agent",
    "product",
    "account",
    "deal_stage",
    "engage_date",
    "close_date",
    "close_value",
)
_ALIASES = {"deal_id": "id"}
_DATES = ("created_date", "stage_entered_date", "close_date", "last_activity_date")


def _stage(value: Any) -> str:
    return normalize_stage(text_value(value))


def _role(value: Any) -> str:
    return "_".join(text_value(value).lower().replace("-", " ").split())


def _contacts(value: Any) -> list[Contact]:
    if not isinstance(value, list):
        raise InvalidInput("must be a list of contacts")
    contacts = []
    for number, entry in enumerate(value, start=1):
        try:
            if not isinstance(entry, dict):
                raise InvalidInput("must be an object")
            fields = rename_fields(entry, tuple(Contact.model_fields), {})
            contacts.append(build(Contact, convert_fields(fields, {"role": _role})))
        except InvalidInput as exc:
            raise InvalidInput(f"contact {number}: {exc.message}") from exc
    return contacts


_CONVERTERS = {
    "stage": _stage,
    "amount": parse_amount,
    "contacts": _contacts,
    **dict.fromkeys(_DATES, parse_date),
}
_CRM_CONVERTERS = {
    "deal_stage": _stage,
    "engage_date": parse_date,
    "close_date": parse_date,
    "close_value": parse_amount,
}


@dataclass(frozen=True)
class _Catalogue:
    """What the CRM export's sibling files say about products and accounts."""

    prices: dict[str, float]  # by _product_key
    sectors: dict[str, str]  # by account name

    def price(self, product: str) -> float | None:
        return self.prices.get(_product_key(product))


def _product_key(name: str) -> str:
    # The pipeline says "GTXPro" where products.csv says "GTX Pro".
    return "".join(name.lower().split())


def load_deals(path: Path, *, tenant_id: str, max_bytes: int = 5_000_000) -> list[Deal]:
    """The deals in a JSON, JSONL or CSV file (or a folder's ``sales_pipeline.csv``).

    The whole file is checked before anything is returned, so a caller stores all
    of its deals or none.
    """
    if path.is_dir():
        path = path / PIPELINE_FILE
    header, rows = read_rows(
        path, read_text(path, max_bytes=max_bytes), list_key="deals"
    )
    stamp = {"tenant_id": tenant_id, "source": path.as_posix()}
    read_row = _row_reader(path, header, max_bytes, stamp)

    deals: list[Deal] = []
    first_use: dict[str, str] = {}
    for line, item, raw in rows:
        with located(path, line=line, item=item):
            deal = read_row(raw)
            refuse_repeated_id(first_use, deal.id, line, item)
        deals.append(deal)
    return deals


def _row_reader(
    path: Path, header: list[str] | None, max_bytes: int, stamp: dict[str, str]
) -> Callable[[dict[str, Any]], Deal]:
    """How this file's rows become deals: as the CRM export, or by Deal's fields."""
    if header is None:
        return partial(_deal, accepted=FIELDS, stamp=stamp)
    crm = {"opportunity_id", "deal_stage"} <= {column_key(name) for name in header}
    with located(path, line=1):
        if crm:
            _check_header(header, CRM_COLUMNS, CRM_COLUMNS)
        else:
            _check_header(header, CSV_FIELDS, REQUIRED)
    if not crm:
        return partial(_deal, accepted=CSV_FIELDS, stamp=stamp)
    return partial(_crm_deal, catalogue=_catalogue(path.parent, max_bytes), stamp=stamp)


def _check_header(
    header: list[str], accepted: tuple[str, ...], required: tuple[str, ...]
) -> None:
    columns = rename_fields(dict.fromkeys(header), accepted, _ALIASES)
    missing = [name for name in required if name not in columns]
    if missing:
        raise InvalidInput(f"missing required columns: {', '.join(missing)}")


def _deal(
    raw: dict[str, Any], accepted: tuple[str, ...], stamp: dict[str, str]
) -> Deal:
    fields = convert_fields(rename_fields(raw, accepted, _ALIASES), _CONVERTERS)
    missing = [name for name in REQUIRED if name not in fields]
    if missing:
        raise InvalidInput(f"missing {' and '.join(missing)}")
    return build(Deal, {**fields, **stamp})


def _crm_deal(
    raw: dict[str, Any], catalogue: _Catalogue, stamp: dict[str, str]
) -> Deal:
    cells = convert_fields({column_key(k): v for k, v in raw.items()}, _CRM_CONVERTERS)
    for column in ("opportunity_id", "deal_stage"):
        if column not in cells:
            raise InvalidInput(f"{column} is blank")

    stage, product = cells["deal_stage"], cells.get("product", "")
    engaged, closed = cells.get("engage_date"), cells.get("close_date")
    account = cells.get("account", "")
    return build(
        Deal,
        {
            "id": cells["opportunity_id"],
            "owner": cells.get("sales_agent", ""),
            "product": product,
            "account": account,
            "stage": stage,
            # Lost and open deals carry 0 or nothing; their list price sizes them.
            "amount": cells.get("close_value") or catalogue.price(product),
            "segment": catalogue.sectors.get(account, ""),
            "created_date": engaged,
            # The export has no stage history. engage_date is when Engaging began,
            # the stage an open deal is in; a closed deal entered its stage on close.
            "stage_entered_date": engaged if stage in OPEN_STAGES else closed,
            "close_date": closed,
            **stamp,
        },
    )


def _catalogue(folder: Path, max_bytes: int) -> _Catalogue:
    prices: dict[str, float] = {}
    products = folder / "products.csv"
    for line, row in _sibling_rows(products, ("product", "sales_price"), max_bytes):
        with located(products, line=line):
            cells = convert_fields(row, {"sales_price": parse_amount})
        if "sales_price" in cells and "product" in cells:
            prices[_product_key(cells["product"])] = cells["sales_price"]

    accounts = folder / "accounts.csv"
    sectors = {
        row["account"].strip(): row["sector"].strip()
        for _, row in _sibling_rows(accounts, ("account", "sector"), max_bytes)
    }
    return _Catalogue(prices, sectors)


def load_crm_teams(
    dir_or_file: Path, *, max_bytes: int = 5_000_000
) -> list[dict[str, str]]:
    """The reps of a CRM export, each as ``{"name", "manager", "regional_office"}``.

    Reads ``sales_teams.csv`` in the folder given, or beside the file given; a
    missing teams file gives an empty list, as the export is complete without it.
    """
    if not dir_or_file.exists():
        raise FileRejected(str(dir_or_file), "does not exist")
    folder = dir_or_file if dir_or_file.is_dir() else dir_or_file.parent
    path = folder / TEAMS_FILE
    columns = ("sales_agent", "manager", "regional_office")

    teams = []
    for line, row in _sibling_rows(path, columns, max_bytes):
        if is_blank(row["sales_agent"]):
            raise FileRejected(str(path), "sales_agent is blank", line=line)
        rep = {name: row[name].strip() for name in columns}
        teams.append({"name": rep.pop("sales_agent"), **rep})
    return teams


def _sibling_rows(
    path: Path, needed: tuple[str, ...], max_bytes: int
) -> list[tuple[int, dict[str, str]]]:
    """Rows of an optional CRM file, keyed by column; [] when the file is absent."""
    if not path.is_file():
        return []
    header, rows = read_csv(path, read_text(path, max_bytes=max_bytes))
    missing = [name for name in needed if name not in map(column_key, header)]
    if missing:
        message = f"missing required columns: {', '.join(missing)}"
        raise FileRejected(str(path), message, line=1)
    return [
        (line or 0, {column_key(k): v for k, v in raw.items()}) for line, _, raw in rows
    ]
