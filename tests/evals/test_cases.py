import json

import pytest

from core.errors import FileRejected
from evals.cases import Case, append_cases, load_dataset, load_datasets
from evals.suites import registry


def test_shipped_cases_load_and_fit_their_suite():
    suites = registry()
    cases = [c for d in load_datasets() for c in d.cases]
    assert cases
    for case in cases:
        assert case.suite in suites, case.id
        assert suites[case.suite].check(case) == "", case.id
        assert case.expected_points, case.id
        # A case about an empty record expects nothing found; any other names sources.
        assert case.expected_sources or "empty" in case.tags, case.id


def test_shipped_cases_cover_the_adversarial_kinds():
    cases = [c for d in load_datasets() for c in d.cases]
    tags = {t for c in cases for t in c.tags}
    assert {"injection", "missing-fields", "conflict", "fast", "real"} <= tags
    injected = [c for c in cases if "injection" in c.tags]
    assert all(c.injected for c in injected)
    assert any(c.input.get("deal_id") == "D-2002" for c in injected)  # N-199
    assert any(c.corpus == "shared" for c in cases)


def test_a_bad_line_is_refused_with_its_line_number(tmp_path):
    good = {"id": "a", "suite": "briefs", "input": {}}
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps({"id": "b"}) + "\n")
    with pytest.raises(FileRejected) as caught:
        load_dataset(path)
    assert ":2:" in caught.value.message and "suite" in caught.value.message


def test_repeated_ids_are_refused(tmp_path):
    line = json.dumps({"id": "a", "suite": "briefs", "input": {}})
    (tmp_path / "x.jsonl").write_text(line + "\n")
    (tmp_path / "y.jsonl").write_text(line + "\n")
    with pytest.raises(FileRejected, match="also in x.jsonl"):
        load_datasets(tmp_path)


def test_appending_cases_skips_ids_already_in_the_file(tmp_path):
    path = tmp_path / "feedback.jsonl"
    case = Case(id="f1", suite="briefs", input={"deal_id": "D-1"})
    assert append_cases(path, [case]) == 1
    assert append_cases(path, [case]) == 0
    assert [c.id for c in load_dataset(path).cases] == ["f1"]
