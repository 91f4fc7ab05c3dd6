import pytest
from typer.testing import CliRunner

from cli.main import app
from core.settings import get_settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("SIDELINE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("SIDELINE_LLM_BACKEND", "fake")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_a_bad_csv_row_is_named_by_file_and_line_and_nothing_is_stored(tmp_path):
    deals = tmp_path / "deals.csv"
    deals.write_text("id,stage\nD-1,discovery\nD-2,limbo\n")
    result = runner.invoke(app, ["ingest", str(deals)])
    assert result.exit_code == 2
    assert "deals.csv:3" in result.output and "limbo" in result.output

    listed = runner.invoke(app, ["deals", "--ids"])
    assert listed.exit_code == 0 and listed.output.strip() == ""


def test_deals_ingest_reports_counts_and_is_idempotent(tmp_path):
    deals = tmp_path / "deals.csv"
    deals.write_text("\ufeffid;stage;amount\nD-1;Engaging;1200\nD-2;Won;50\n")
    first = runner.invoke(app, ["ingest", str(deals)])
    again = runner.invoke(app, ["ingest", str(deals)])
    assert "deals_added 2" in first.output
    assert "deals_unchanged 2" in again.output
    listed = runner.invoke(app, ["deals", "--stage", "discovery", "--ids"])
    assert listed.output.split() == ["D-1"]


def test_missing_paths_and_unknown_deals_are_clear_errors(tmp_path):
    missing = runner.invoke(app, ["ingest", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "no such file or folder" in missing.output
    unknown = runner.invoke(app, ["brief", "D-404"])
    assert unknown.exit_code == 2 and "no deal with id 'D-404'" in unknown.output
    kind = runner.invoke(app, ["brief", "D-404", "--meeting", "party"])
    assert kind.exit_code == 2 and "unknown meeting kind" in kind.output


def test_empty_and_binary_files_are_refused_by_name(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("")
    binary = tmp_path / "blob.json"
    binary.write_bytes(b"\x00\x01\x02outcome")
    for path in (empty, binary):
        result = runner.invoke(app, ["ingest", str(path)])
        assert result.exit_code == 2 and path.name in result.output
