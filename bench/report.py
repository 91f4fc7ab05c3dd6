"""The ratio table printed at the end of a run, and the JSON file beside it."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
from dataclasses import dataclass
from pathlib import Path

GIB = 1024**3


@dataclass(frozen=True)
class Row:
    area: str
    figure: str
    value: str
    baseline: str = ""
    target: str = ""
    met: bool | None = None

    def cells(self) -> list[str]:
        verdict = {True: "yes", False: "**no**", None: ""}[self.met]
        return [self.area, self.figure, self.value, self.baseline, self.target, verdict]


HEADER = ["area", "figure", "measured", "baseline (same run)", "target", "met"]


def markdown(rows: list[Row]) -> str:
    lines = [_line(HEADER), _line(["---"] * len(HEADER))]
    return "\n".join(lines + [_line(r.cells()) for r in rows])


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def times(value: float) -> str:
    return "inf" if math.isinf(value) else f"{value:.1f}x"


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.0f} ms"


def share(value: float) -> str:
    return f"{value * 100:.1f}%"


def machine() -> dict:
    """What the run ran on, and how busy the machine was."""
    return {
        "cpus": os.cpu_count(),
        "processor": _cpu_model(),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _cpu_model() -> str:
    info = Path("/proc/cpuinfo")
    if info.exists():
        for line in info.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def write_json(results: dict, folder: Path) -> Path:
    """``bench-<time>.json`` and ``latest.json`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(_finite(results), indent=2, default=str)
    path = folder / f"bench-{stamp}.json"
    path.write_text(text)
    (folder / "latest.json").write_text(text)
    return path


def _finite(value: object) -> object:
    """JSON has no infinity: an infinite ratio is written as the string "inf"."""
    if isinstance(value, float) and math.isinf(value):
        return "inf"
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value
