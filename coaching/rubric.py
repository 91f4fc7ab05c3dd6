"""The competency rubric: skills, their levels and indicators, and practice exercises.

The rubric is content, not code: it is read from a YAML file at start-up (by default
``playbooks/competencies.yaml``) and checked here, so a tenant can change the skills
without touching Sideline. Agendas cite it line by line, as ``rubric:<skill>:<path>``.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coaching.ranking import POINTS
from core.errors import FileRejected, InvalidInput

DEFAULT_RUBRIC = Path(__file__).resolve().parents[1] / "playbooks" / "competencies.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Level(_Strict):
    level: int
    name: str = Field(min_length=1)
    indicators: list[str] = Field(min_length=1)


class PlaybookRef(_Strict):
    """The playbook file and heading an exercise draws on."""

    file: str = Field(min_length=1)
    heading: str = Field(min_length=1)


class Exercise(_Strict):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    instructions: str = Field(min_length=1)
    playbook: PlaybookRef | None = None


class Skill(_Strict):
    id: str = ""  # the key the skill is filed under
    name: str = Field(min_length=1)
    description: str = ""
    signals: list[str] = Field(default_factory=list)
    levels: list[Level] = Field(min_length=1)
    exercises: list[Exercise] = Field(min_length=1)

    def level(self, number: int) -> Level | None:
        return next((lv for lv in self.levels if lv.level == number), None)


class Rubric(_Strict):
    version: int = 1
    title: str = ""
    scale: dict[int, str] = Field(min_length=2)
    target_level: int = 3
    skills: dict[str, Skill] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        for key, skill in self.skills.items():
            skill.id = key
            unknown = [s for s in skill.signals if s not in POINTS]
            if unknown:
                raise ValueError(f"skill {key}: unknown signals {', '.join(unknown)}")
            off_scale = [lv.level for lv in skill.levels if lv.level not in self.scale]
            if off_scale:
                raise ValueError(
                    f"skill {key}: levels {off_scale} are not on the scale"
                )
        if self.target_level not in self.scale:
            raise ValueError(f"target_level {self.target_level} is not on the scale")
        return self

    @property
    def top_level(self) -> int:
        return max(self.scale)

    def skill(self, skill_id: str) -> Skill:
        """The skill filed under ``skill_id``, or a 422 naming the known ones."""
        if skill_id not in self.skills:
            raise InvalidInput(
                f"unknown skill {skill_id!r}; the rubric has {', '.join(self.skills)}"
            )
        return self.skills[skill_id]

    def check_score(self, skill_id: str, score: int) -> None:
        self.skill(skill_id)
        if score not in self.scale:
            low, high = min(self.scale), max(self.scale)
            raise InvalidInput(
                f"score {score} for {skill_id} is off the scale {low} to {high}"
            )


def load_rubric(path: Path) -> Rubric:
    """Read and check a rubric file; a bad file is refused naming the problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FileRejected(str(path), f"cannot read the rubric: {exc.strerror}")
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise FileRejected(str(path), "not valid YAML", line=line and line + 1)
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(root)"
        raise FileRejected(str(path), f"{where}: {first['msg']}") from None


def skill_lines(skill: Skill) -> list[str]:
    """The skill as the API serves it for citations: one ``path: text`` line each."""
    lines = [f"skill: {skill.id} ({skill.name})", f"description: {skill.description}"]
    for i, level in enumerate(skill.levels):
        lines.append(f"levels[{i}]: level {level.level}, {level.name}")
        lines += [
            f"levels[{i}].indicators[{j}]: {text}"
            for j, text in enumerate(level.indicators)
        ]
    lines += [
        f"exercises[{i}]: {ex.title}: {' '.join(ex.instructions.split())}"
        for i, ex in enumerate(skill.exercises)
    ]
    return lines


def skill_line(skill: Skill, path: str) -> str:
    """One line of ``skill_lines``, by its path (``levels[2].indicators[0]``)."""
    prefix = f"{path}: "
    for line in skill_lines(skill):
        if line.startswith(prefix):
            return line
    raise InvalidInput(f"the rubric's skill {skill.id} has no {path}")
