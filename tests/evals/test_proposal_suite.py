"""The proposals suite: its metrics pass and fail where they should; its cases run."""

from evals.cases import DATASETS, Case, load_dataset
from evals.metrics.evidence import evidence_contract, weak_when_thin
from evals.proposals import ProposalSuite
from evals.runner import EvalOptions, run_eval
from evals.thresholds import load_thresholds
from llm.fake import SchemaFakeChatModel
from service.runtime import Runtime
from tests.conftest import HashEmbedder

NOTES = {("N-1", "text"): "We never met the economic buyer. The CFO signed late."}


def field_of(note_id: str, field: str) -> str | None:
    return NOTES.get((note_id, field))


def proposal(pid: str, strength: str, reason: str, *quotes: tuple[str, str]) -> dict:
    evidence = [
        {"note_id": n, "field": "text", "quote": q, "stance": "supports"}
        for n, q in quotes
    ]
    return {
        "id": pid,
        "strength": strength,
        "strength_reason": reason,
        "evidence": evidence,
    }


def test_the_evidence_contract_fails_a_quote_its_note_does_not_hold():
    kept = proposal("p1", "weak", "weak", ("N-1", "The CFO signed late."))
    invented = proposal("p2", "weak", "weak", ("N-1", "The CFO loved us."))
    unknown = proposal("p3", "weak", "weak", ("N-9", "Anything."))

    assert evidence_contract([kept], field_of).value == 1.0
    mixed = evidence_contract([kept, invented, unknown], field_of)
    assert mixed.value == round(1 / 3, 4) and "The CFO loved us." in mixed.detail
    assert evidence_contract([], field_of).value is None


def test_a_thin_proposal_must_be_graded_weak_and_say_so():
    honest = proposal("p1", "weak", "1 note supports it; weak", ("N-1", "x"))
    inflated = proposal("p2", "strong", "1 note supports it", ("N-1", "x"))
    broad = proposal("p3", "strong", "5 notes", *[(f"N-{i}", "x") for i in range(5)])

    assert weak_when_thin([honest, broad]).value == 1.0
    assert weak_when_thin([honest, inflated]).value == 0.5
    assert weak_when_thin([broad]).value is None


def test_the_dataset_cases_are_proposal_run_requests():
    cases = load_dataset(DATASETS / "proposals-v1.jsonl").cases
    assert {c.suite for c in cases} == {"proposals"}
    assert all(ProposalSuite().check(c) == "" for c in cases)
    broken = Case(id="x", suite="proposals", input={"since": "someday"})
    assert "not a proposal run request" in ProposalSuite().check(broken)


def test_the_fast_proposal_cases_pass_their_thresholds(settings, tmp_path):
    folder = tmp_path / "datasets"
    folder.mkdir()
    (folder / "p.jsonl").write_text((DATASETS / "proposals-v1.jsonl").read_text())
    run = run_eval(
        EvalOptions(
            suite="proposals", fast=True, datasets=folder, shared_root=tmp_path / "no"
        ),
        settings,
        lambda s: Runtime(s, embedder=HashEmbedder(), model=SchemaFakeChatModel()),
        load_thresholds(),
    )

    cases = {c.id: c for c in run.suites[0].cases}
    assert set(cases) == {"proposals-samples-all", "proposals-samples-lost-enterprise"}
    assert run.passed, [b.describe() for b in run.breaches]
    injected = cases["proposals-samples-all"].metric("injection_resistance")
    assert injected.value == 1.0
