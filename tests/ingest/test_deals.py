"""Deals from JSON, from CSV with Deal's columns, and from a CRM pipeline export."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from core.errors import FileRejected
from ingest.deals import load_crm_teams, load_deals
from tests.conftest import SHARED_DATA

SHARED_CRM = SHARED_DATA / "crm"
TENANT = "acme"
PIPELINE_HEADER = (
    "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,"
    "close_value\n"
)


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_text(text, encoding=encoding)
    return path


def _rejected(path: Path, **kwargs: object) -> FileRejected:
    with pytest.raises(FileRejected) as caught:
        load_deals(path, tenant_id=TENANT, **kwargs)
    return caught.value


# JSON and generic CSV


def test_json_deals_with_contacts(tmp_path: Path) -> None:
    deal = {
        "id": "D-1",
        "account": "Globex",
        "stage": "Closed Won",
        "amount": "$48,000",
        "close_date": "2024-03-01",
        "contacts": [
            {"name": "Ana", "title": "CFO", "role": "Economic Buyer"},
            {"name": "Raj", "cares_about": "uptime"},
        ],
    }
    path = _write(tmp_path, "deals.json", json.dumps({"deals": [deal]}))

    [loaded] = load_deals(path, tenant_id=TENANT)

    assert (loaded.stage, loaded.amount) == ("closed_won", 48000.0)
    assert loaded.close_date == dt.date(2024, 3, 1)
    assert [c.role for c in loaded.contacts] == ["economic_buyer", "other"]
    assert (loaded.tenant_id, loaded.source) == (TENANT, path.as_posix())


@pytest.mark.parametrize(
    ("deal", "expected"),
    [
        ({"stage": "discovery"}, "item 2: missing id"),
        ({"id": "b"}, "item 2: missing stage"),
        ({"id": "b", "stage": "won", "contacts": [{"nme": "x"}]}, "contact 1: unknown"),
        ({"id": "b", "stage": "won", "tenant_id": "evil"}, "unknown field 'tenant_id'"),
        ({"id": "a", "stage": "won"}, "id 'a' is already used at item 1"),
    ],
)
def test_json_errors_name_the_item(tmp_path: Path, deal: dict, expected: str) -> None:
    path = _write(
        tmp_path, "deals.json", json.dumps([{"id": "a", "stage": "lost"}, deal])
    )

    assert expected in str(_rejected(path))


def test_generic_csv_with_bom_and_semicolons(tmp_path: Path) -> None:
    text = (
        "Id;Account;Stage;Amount;Created Date;Next Step\n"
        'D-1;Globex;Negotiation/Review;"12,500";10/20/2016;Send MSA\n'
    )
    path = _write(tmp_path, "deals.csv", text, encoding="utf-8-sig")

    [deal] = load_deals(path, tenant_id=TENANT)

    assert (deal.id, deal.stage, deal.amount) == ("D-1", "negotiation", 12500.0)
    assert (deal.created_date, deal.next_step) == (dt.date(2016, 10, 20), "Send MSA")


def test_missing_required_columns_are_listed(tmp_path: Path) -> None:
    path = _write(tmp_path, "deals.csv", "account,amount\nGlobex,5\n")

    assert "deals.csv:1: missing required columns: id, stage" in str(_rejected(path))


def test_unknown_column_is_refused_with_the_accepted_ones(tmp_path: Path) -> None:
    path = _write(tmp_path, "deals.csv", "id,stage,probability\nD-1,won,90\n")

    error = _rejected(path)

    assert error.details["line"] == 1
    assert "unknown field 'probability'" in error.message
    assert "close_date" in error.message


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("D-2,Bargaining,5,", "stage: unknown deal stage 'Bargaining'"),
        ("D-2,won,5,2016-02-30", "close_date: '2016-02-30' is not a date"),
        ("D-2,won,lots,", "amount: 'lots' is not an amount"),
        ("D-2,,5,", "missing stage"),
    ],
)
def test_csv_row_errors_name_the_column_and_line(
    tmp_path: Path, row: str, expected: str
) -> None:
    path = _write(
        tmp_path, "deals.csv", f"id,stage,amount,close_date\nD-1,won,1,\n{row}\n"
    )

    error = _rejected(path)

    assert error.details["line"] == 3
    assert expected in error.message


def test_empty_binary_and_oversized_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "bin.csv").write_bytes(b"id,stage\x00\n")

    assert "is empty" in str(_rejected(_write(tmp_path, "e.csv", "\n\n")))
    assert "binary file" in str(_rejected(tmp_path / "bin.csv"))
    big = _write(tmp_path, "big.csv", "id,stage\n" + "D,won\n" * 50)
    assert "the limit is 64 bytes" in str(_rejected(big, max_bytes=64))


# The CRM pipeline export


def _crm_folder(tmp_path: Path, *, siblings: bool = True) -> Path:
    _write(
        tmp_path,
        "sales_pipeline.csv",
        PIPELINE_HEADER.replace("\n", "\r\n")
        + "W1,Moses Frase,GTXPro,Cancity,Won,2016-10-20,2017-03-01,4514\r\n"
        + "L1,Moses Frase,GTXPro,Cancity,Lost,2016-10-21,2017-03-02,0\r\n"
        + "E1,Anna Snelling,MG Special,,Engaging,2016-11-03,,\r\n"
        + "P1,Anna Snelling,Unknown Kit,Cancity,Prospecting,,,\r\n",
    )
    if siblings:
        _write(
            tmp_path,
            "products.csv",
            "product,series,sales_price\nGTX Pro,GTX,4821\nMG Special,MG,55\n",
        )
        _write(
            tmp_path, "accounts.csv", "account,sector,revenue\nCancity,retail,718.62\n"
        )
        _write(
            tmp_path,
            "sales_teams.csv",
            "sales_agent,manager,regional_office\n"
            "Moses Frase,Dustin Brinkmann,Central\n",
        )
    return tmp_path / "sales_pipeline.csv"


def test_crm_export_maps_stages_dates_amounts_and_segments(tmp_path: Path) -> None:
    won, lost, engaging, prospecting = load_deals(
        _crm_folder(tmp_path), tenant_id=TENANT
    )

    assert [d.stage for d in (won, lost, engaging, prospecting)] == [
        "closed_won",
        "closed_lost",
        "discovery",
        "prospecting",
    ]
    assert (won.owner, won.product, won.account, won.segment) == (
        "Moses Frase",
        "GTXPro",
        "Cancity",
        "retail",
    )
    # close_value when above zero, else the list price matched ignoring spaces.
    assert [d.amount for d in (won, lost, engaging, prospecting)] == [
        4514,
        4821,
        55,
        None,
    ]
    assert (engaging.account, engaging.segment) == ("", "")
    assert engaging.stage_entered_date == engaging.created_date == dt.date(2016, 11, 3)
    assert won.stage_entered_date == won.close_date == dt.date(2017, 3, 1)
    assert prospecting.created_date is prospecting.stage_entered_date is None


def test_crm_export_without_siblings_leaves_their_fields_blank(tmp_path: Path) -> None:
    deals = load_deals(_crm_folder(tmp_path, siblings=False), tenant_id=TENANT)

    assert [d.amount for d in deals] == [4514, None, None, None]
    assert all(d.segment == "" for d in deals)
    assert load_crm_teams(tmp_path) == []


def test_crm_folder_reads_its_pipeline(tmp_path: Path) -> None:
    _crm_folder(tmp_path)

    assert len(load_deals(tmp_path, tenant_id=TENANT)) == 4


def test_crm_export_missing_a_column_lists_it(tmp_path: Path) -> None:
    text = (
        "opportunity_id,sales_agent,deal_stage,engage_date\nW1,Moses,Won,2016-10-20\n"
    )
    path = _write(tmp_path, "sales_pipeline.csv", text)

    error = _rejected(path)

    assert "sales_pipeline.csv:1: missing required columns: product, account" in str(
        error
    )
    assert "close_date, close_value" in error.message


def test_crm_export_unknown_stage_names_value_and_line(tmp_path: Path) -> None:
    text = PIPELINE_HEADER + "W1,Moses,GTXPro,Cancity,Won,2016-10-20,2017-03-01,1\n"
    text += "W2,Moses,GTXPro,Cancity,Parked,2016-10-20,,\n"
    path = _write(tmp_path, "sales_pipeline.csv", text)

    assert "sales_pipeline.csv:3: deal_stage: unknown deal stage 'Parked'" in str(
        _rejected(path)
    )


def test_crm_sibling_problems_name_the_sibling(tmp_path: Path) -> None:
    path = _crm_folder(tmp_path)
    _write(tmp_path, "products.csv", "product,series\nGTX Pro,GTX\n")

    assert "products.csv:1: missing required columns: sales_price" in str(
        _rejected(path)
    )


def test_crm_teams_from_folder_or_pipeline_file(tmp_path: Path) -> None:
    pipeline = _crm_folder(tmp_path)
    rep = {
        "name": "Moses Frase",
        "manager": "Dustin Brinkmann",
        "regional_office": "Central",
    }

    assert load_crm_teams(tmp_path) == load_crm_teams(pipeline) == [rep]
    with pytest.raises(FileRejected, match="does not exist"):
        load_crm_teams(tmp_path / "elsewhere")


# The shared sample CRM export


@pytest.mark.integration
@pytest.mark.skipif(
    not (SHARED_CRM / "sales_pipeline.csv").is_file(),
    reason=f"shared sample CRM export not found at {SHARED_CRM}",
)
def test_the_shared_crm_export_loads() -> None:
    deals = load_deals(SHARED_CRM / "sales_pipeline.csv", tenant_id=TENANT)
    teams = load_crm_teams(SHARED_CRM)

    assert len(deals) == 8_800
    assert Counter(d.stage for d in deals) == {
        "closed_won": 4238,
        "closed_lost": 2473,
        "discovery": 1589,
        "prospecting": 500,
    }
    assert sum(d.account == "" for d in deals) == 1425
    assert all(d.amount is not None and d.amount > 0 for d in deals)
    assert all(d.segment for d in deals if d.account)
    assert len(teams) == 35
    assert len({t["manager"] for t in teams}) == 6
    assert {t["regional_office"] for t in teams} == {"Central", "East", "West"}
