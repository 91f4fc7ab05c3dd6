import re

import pytest
from typer.testing import CliRunner

from cli.main import app
from core.settings import get_settings
from tests.conftest import REPO, HashEmbedder

runner = CliRunner()
CRITERIA = "playbooks/demo-and-evaluation.md"
NEGOTIATION = "playbooks/proposal-and-negotiation.md"


@pytest.fixture(autouse=True)
def stocked(tmp_path, monkeypatch):
    """A data dir holding the sample playbooks and notes, embedded by word hashes."""
    monkeypatch.setenv("SIDELINE_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("SIDELINE_LLM_BACKEND", "fake")
    monkeypatch.setattr("service.runtime.Embedder", lambda *_a, **_k: HashEmbedder())
    get_settings.cache_clear()
    ingested = runner.invoke(
        app, ["ingest", str(REPO / "playbooks"), str(REPO / "samples" / "notes")]
    )
    assert ingested.exit_code == 0, ingested.output
    yield
    get_settings.cache_clear()


def ids_in(output: str, playbook: str) -> list[str]:
    return re.findall(rf"^([0-9a-f]{{16}}) .* {re.escape(playbook)}:", output, re.M)


def test_enablement_reviews_proposals_from_the_terminal(tmp_path):
    mined = runner.invoke(app, ["proposals", "run", "--no-draft"])
    assert mined.exit_code == 0, mined.output
    assert "new proposals from 16 notes" in mined.output
    [proposal_id] = ids_in(mined.output, CRITERIA)

    shown = runner.invoke(app, ["proposals", "show", proposal_id])
    assert shown.exit_code == 0 and "Evidence:" in shown.output
    assert f"--- {CRITERIA} v1" in shown.output and '+- "' in shown.output

    approved = runner.invoke(app, ["proposals", "approve", proposal_id, "--as", "maya"])
    again = runner.invoke(app, ["proposals", "approve", proposal_id])
    assert f"{CRITERIA} is now version 2" in approved.output
    assert again.exit_code == 2 and "already approved" in again.output

    versions = runner.invoke(app, ["playbooks", "versions", CRITERIA])
    assert re.search(r"^v2 .* maya ", versions.output, re.M)
    diff = runner.invoke(app, ["playbooks", "diff", CRITERIA, "1", "2"])
    assert f"+++ {CRITERIA} v2" in diff.output and '+- "' in diff.output
    first = runner.invoke(app, ["playbooks", "show", CRITERIA, "--version", "1"])
    assert first.output == (REPO / CRITERIA).read_text()


def test_edit_then_approve_and_reject_with_a_reason(tmp_path):
    mined = runner.invoke(app, ["proposals", "run", "--no-draft"])
    first, second, *_ = ids_in(mined.output, NEGOTIATION)
    edited = tmp_path / "edited.md"
    edited.write_text("Write the close plan with the buyer, dates included.\n")

    applied = runner.invoke(app, ["proposals", "approve", first, "--edit", str(edited)])
    no_reason = runner.invoke(app, ["proposals", "reject", second, "--reason", " "])
    rejected = runner.invoke(app, ["proposals", "reject", second, "--reason", "thin"])
    listed = runner.invoke(app, ["proposals", "list", "--status", "rejected"])

    assert applied.exit_code == 0, applied.output
    current = runner.invoke(app, ["playbooks", "show", NEGOTIATION]).output
    assert "Write the close plan with the buyer, dates included." in current
    assert no_reason.exit_code == 2 and "needs a reason" in no_reason.output
    assert rejected.exit_code == 0 and ids_in(listed.output, NEGOTIATION) == [second]


def test_unknown_ids_and_bad_dates_are_clear_errors():
    missing = runner.invoke(app, ["proposals", "show", "nope"])
    bad_date = runner.invoke(app, ["proposals", "run", "--since", "last week"])
    unknown = runner.invoke(app, ["playbooks", "versions", "nowhere.md"])

    assert missing.exit_code == 2 and "no playbook proposal with id 'nope'" in (
        missing.output
    )
    assert bad_date.exit_code == 2 and "Invalid isoformat" in bad_date.output
    assert unknown.exit_code == 2 and "no playbook with id 'nowhere.md'" in (
        unknown.output
    )
