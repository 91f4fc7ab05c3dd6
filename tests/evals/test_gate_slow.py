"""The CI gate: the fast suite, end to end, on the real default in-process model."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_fast_suite_on_the_default_model_clears_the_thresholds(tmp_path):
    env = {**os.environ, "SIDELINE_DATA_DIR": str(tmp_path / "var")}
    env.pop("SIDELINE_LLM_BACKEND", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cli.main",
            "eval",
            "--fast",
            "--model",
            "local",
            "--out",
            str(tmp_path / "run"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    result = json.loads((tmp_path / "run" / "result.json").read_text())
    assert result["breaches"] == []
    cases = result["suites"][0]["cases"]
    assert len(cases) >= 2 and all(c["status"] == "ok" for c in cases)
    assert (tmp_path / "run" / "report.html").stat().st_size > 0
