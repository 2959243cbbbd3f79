"""The scenario schema and its loader.

A scenario is one YAML file (see docs/scenarios.md for the authoring guide). Loading validates it
against the schema below and then checks that its parts refer to each other correctly; every problem
is reported with the file, the line and the field, all at once.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from attune.core.content import (
    ContentError,
    ContentInvalid,
    LineMap,
    errors_from_pydantic,
    field_name,
    parse_yaml,
    require_id_matches_file,
    validator,
)
from attune.skills.taxonomy import ACTS, FLAGS

SETTINGS = {
    "general": "General",
    "neonatal": "Neonatal care",
    "maternity": "Maternity",
    "perinatal_mental_health": "Perinatal mental health",
    "paediatrics": "Paediatrics",
    "serious_illness": "Serious illness and palliative care",
    "social_work": "Social work",
    "colleagues": "Working with colleagues",
}
FRAMEWORKS = {
    "relational": "Relational basics: listen, reflect, stay curious",
    "spikes": "SPIKES, for giving difficult news (Baile et al., 2000)",
    "sicg": "The Serious Illness Conversation Guide (Ariadne Labs; Bernacki et al., 2015)",
    "nurse": "NURSE, for responding to emotion (Back, Arnold and Tulsky, 2009)",
    "speaking_up": "Speaking up: attention, concern, problem, request (after CUS and PACE)",
    "relationship_based": "Relationship-based practice in social work (Ruch, Turney and Ward, 2018)",
}
SKILLS = {
    "questions_and_reflections": "Open questions and reflections",
    "responding_to_emotion": "Responding to emotion",
    "giving_news": "Giving difficult news",
    "shared_decisions": "Planning and deciding together",
    "repair": "Repairing trust after things went wrong",
    "safeguarding": "Honest conversations about safety",
    "speaking_up": "Speaking up and challenging",
    "serious_illness": "Talking about what matters in serious illness",
}
LEVELS = {
    "gentle": "Gentle",
    "standard": "Standard",
    "challenging": "Challenging",
}

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Act = Literal[ACTS]  # type: ignore[valid-type]
Flag = Literal[FLAGS]  # type: ignore[valid-type]
COMPARISON = re.compile(r"^\s*(<=|>=|<|>|==)\s*(-?\d+(?:\.\d+)?)\s*$")
STATE_MIN, STATE_MAX = 0.0, 10.0


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _comparison(value: str) -> str:
    if not COMPARISON.match(str(value)):
        raise ValueError("write a comparison such as '>=6' or '<3'")
    return str(value).strip()


Comparison = Annotated[str, Field(min_length=1)]


class When(Strict):
    """A condition on the learner's turn and the conversation so far. Every key given must hold;
    within one key's list, any item is enough."""

    act: list[Act] | None = None
    not_act: list[Act] | None = None
    flag: list[Flag] | None = None
    no_flag: list[Flag] | None = None
    space: Literal["provides", "reduces"] | None = None
    mentions: list[Text] | None = None
    state: dict[Id, Comparison] | None = None
    stage: list[Id] | None = None
    done: list[Id] | None = None
    not_done: list[Id] | None = None
    revealed: list[Id] | None = None
    not_revealed: list[Id] | None = None
    turn: Comparison | None = None

    @field_validator("state")
    @classmethod
    def _state_comparisons(cls, value):
        for comparison in (value or {}).values():
            _comparison(comparison)
        return value

    @field_validator("turn")
    @classmethod
    def _turn_comparison(cls, value):
        return None if value is None else _comparison(value)


class Concern(Strict):
    id: Id
    text: Text


class Person(Strict):
    name: Text
    relation: Text
    known: list[Text] = Field(min_length=1)
    concerns: list[Concern] = Field(default_factory=list)
    demeanour: dict[Literal["gentle", "standard", "challenging"], Text]


class Variable(Strict):
    start: float = Field(ge=STATE_MIN, le=STATE_MAX)
    label: Text
    # Which direction is better for the person: high trust is good, high distress is not.
    better: Literal["higher", "lower"]


class Rule(Strict):
    when: When
    change: dict[Id, float]


class Stage(Strict):
    id: Id
    name: Text
    teaches: Text
    # One condition, or a list of them of which any is enough.
    done_when: Annotated[list[When], BeforeValidator(lambda value: value if isinstance(value, list) else [value])]


class Sequence(Strict):
    """A hard miss: completing `stage` before every stage in `requires`."""

    id: Id
    stage: Id
    requires: list[Id] = Field(min_length=1)
    message: Text


class Line(Strict):
    id: Id
    say: list[Text] = Field(min_length=1)
    stage: list[Id] | None = None
    level: list[Literal["gentle", "standard", "challenging"]] | None = None
    when: When | None = None
    cue: Literal["emotion", "concern"] | None = None
    thought: Text
    reveals: Id | None = None
    # Higher wins over any more specific line that also fits; for reactions that must come first.
    priority: int = Field(default=0, ge=0, le=9)


class Opening(Strict):
    say: list[Text] = Field(min_length=1)
    cue: Literal["emotion", "concern"] | None = None
    thought: Text


class Ending(Strict):
    id: Id
    when: When
    outcome: Literal["agreement", "left", "closed", "time_up"]
    say: list[Text] = Field(min_length=1)
    thought: Text
    summary: Text


class Debrief(Strict):
    points: list[Text] = Field(min_length=2)
    references: list[Text] = Field(min_length=1)


class Learner(Strict):
    role: Text
    brief: Text


class Scenario(Strict):
    id: Id
    title: Text
    summary: Text
    setting: Literal[tuple(SETTINGS)]  # type: ignore[valid-type]
    difficulty: Literal["gentle", "standard", "challenging"]
    minutes: int = Field(ge=3, le=60)
    framework: Literal[tuple(FRAMEWORKS)]  # type: ignore[valid-type]
    skills: list[Literal[tuple(SKILLS)]] = Field(min_length=1)  # type: ignore[valid-type]
    # False when the person shares the learner's working vocabulary (a clinical colleague), so the
    # debrief does not ask for plain words.
    jargon_matters: bool = True
    learner: Learner
    person: Person
    state: dict[Id, Variable] = Field(min_length=1)
    rules: list[Rule] = Field(min_length=1)
    stages: list[Stage] = Field(min_length=1)
    sequence: list[Sequence] = Field(default_factory=list)
    opening: Opening
    lines: list[Line] = Field(min_length=1)
    endings: list[Ending] = Field(min_length=1)
    debrief: Debrief

    @property
    def line_count(self) -> int:
        """Authored lines for the other person, counting every variant."""
        return len(self.opening.say) + sum(len(line.say) for line in self.lines) + sum(len(e.say) for e in self.endings)

    def stage_index(self, stage_id: str) -> int:
        return next(i for i, stage in enumerate(self.stages) if stage.id == stage_id)

    def line(self, line_id: str) -> Line | Ending | Opening:
        if line_id == "opening":
            return self.opening
        for line in (*self.lines, *self.endings):
            if line.id == line_id:
                return line
        raise KeyError(line_id)


def _cross_check(scenario: Scenario, path: str, lines: LineMap) -> list[ContentError]:
    """Problems the schema alone cannot see: references between parts of the file."""
    errors = []

    def error(location: tuple, message: str) -> None:
        errors.append(ContentError(path, lines.line_of(location), field_name(location), message))

    stage_ids = [s.id for s in scenario.stages]
    concern_ids = [c.id for c in scenario.person.concerns]
    variables = set(scenario.state)

    def check_ids(location, found, known, what):
        for index, item in enumerate(found or []):
            if item not in known:
                error((*location, index), f"there is no {what} called {item!r} (known: {', '.join(known) or 'none'})")

    def check_when(location, when: When | None):
        if when is None:
            return
        for key in ("stage", "done", "not_done"):
            check_ids((*location, key), getattr(when, key), stage_ids, "stage")
        for key in ("revealed", "not_revealed"):
            check_ids((*location, key), getattr(when, key), concern_ids, "hidden concern")
        for name in when.state or {}:
            if name not in variables:
                error((*location, "state", name), f"there is no state variable called {name!r}")

    for kind, items in (("stages", scenario.stages), ("lines", scenario.lines), ("endings", scenario.endings)):
        seen = set()
        for index, item in enumerate(items):
            if item.id in seen:
                error((kind, index, "id"), f"the id {item.id!r} is used twice")
            seen.add(item.id)
    for index, concern in enumerate(scenario.person.concerns):
        if concern.id in concern_ids[:index]:
            error(("person", "concerns", index, "id"), f"the id {concern.id!r} is used twice")
    for index, rule in enumerate(scenario.rules):
        check_when(("rules", index, "when"), rule.when)
        for name in rule.change:
            if name not in variables:
                error(("rules", index, "change", name), f"there is no state variable called {name!r}")
    for index, stage in enumerate(scenario.stages):
        for number, when in enumerate(stage.done_when):
            check_when(("stages", index, "done_when", number), when)
    for index, rule in enumerate(scenario.sequence):
        check_ids(("sequence", index, "requires"), rule.requires, stage_ids, "stage")
        if rule.stage not in stage_ids:
            error(("sequence", index, "stage"), f"there is no stage called {rule.stage!r}")
    for index, line in enumerate(scenario.lines):
        check_ids(("lines", index, "stage"), line.stage, stage_ids, "stage")
        check_when(("lines", index, "when"), line.when)
        if line.reveals and line.reveals not in concern_ids:
            error(("lines", index, "reveals"), f"there is no hidden concern called {line.reveals!r}")
    for index, ending in enumerate(scenario.endings):
        check_when(("endings", index, "when"), ending.when)
    if not any(ending.when.turn for ending in scenario.endings):
        error(("endings",), "one ending must have a 'turn' condition, so that every conversation ends")
    # The person must always have something to say: each stage needs a line without conditions.
    for stage_id in stage_ids:
        if not any(
            (line.stage is None or stage_id in line.stage) and line.when is None and line.level is None
            for line in scenario.lines
        ):
            error(("lines",), f"stage {stage_id!r} needs at least one line with no 'when' and no 'level'")
    for concern in scenario.person.concerns:
        if not any(line.reveals == concern.id for line in scenario.lines):
            error(("person", "concerns"), f"no line reveals the hidden concern {concern.id!r}")
    return errors


def parse_scenario(text: str, path: str) -> Scenario:
    """Parse and validate scenario text; raise ContentInvalid listing every problem."""
    data, lines = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise ContentInvalid([ContentError(path, 1, "", "a scenario must be a set of 'key: value' lines")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ContentInvalid(errors_from_pydantic(exc, path, lines)) from None
    errors = _cross_check(scenario, path, lines)
    if errors:
        raise ContentInvalid(errors)
    return scenario


def load_scenario(path: Path) -> Scenario:
    scenario = parse_scenario(path.read_text(encoding="utf-8"), str(path))
    require_id_matches_file(path, scenario.id, path.stem)
    return scenario


validate_file = validator(load_scenario)


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
