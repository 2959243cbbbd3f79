"""The turn-by-turn state machine.

`start()` makes the opening state; `step()` takes one coded learner turn and returns the new state and
the other person's reply. Both are pure: the same scenario, level, seed and turns always give the same
conversation, which is what makes a saved conversation resumable and a debrief reproducible.
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field

from attune.rehearsal.engine.scenario import COMPARISON, STATE_MAX, STATE_MIN, Line, Scenario, When

# A safety net under the scenario's own turn-limit ending.
HARD_TURN_LIMIT = 80


@dataclass(frozen=True)
class Level:
    """How the person behaves at a difficulty level, beyond which lines they say.

    Moves towards what is better for the person are multiplied by `gains`, moves away by `losses`, and
    each variable starts `start_shift` points worse (or better, when negative) than the author wrote.
    """

    gains: float
    losses: float
    start_shift: float


LEVEL_BEHAVIOUR = {
    "gentle": Level(gains=1.5, losses=0.5, start_shift=-1.0),
    "standard": Level(gains=1.0, losses=1.0, start_shift=0.0),
    "challenging": Level(gains=0.6, losses=1.5, start_shift=1.5),
}


@dataclass
class State:
    """Everything the engine needs to carry on a conversation: saved after every turn."""

    level: str
    seed: int
    turn: int = 0
    values: dict[str, float] = field(default_factory=dict)
    stages_done: dict[str, int] = field(default_factory=dict)  # stage id -> turn it was completed
    stage: str = ""
    revealed: list[str] = field(default_factory=list)
    used: dict[str, int] = field(default_factory=dict)  # line id -> last turn it was said
    last_cue: str | None = None  # the cue carried by the person's last line, if any
    misses: list[dict] = field(default_factory=list)
    ended: str | None = None  # the ending's id once the conversation is over

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> State:
        return cls(**data)


@dataclass(frozen=True)
class Reply:
    line_id: str
    text: str
    cue: str | None
    thought: str
    reveals: str | None = None
    ending: str | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class TurnView:
    """What a condition can look at: the learner's coded turn and the state after it."""

    text: str
    coding: dict
    space: str | None
    state: State


def _compare(value: float, comparison: str) -> bool:
    operator, number = COMPARISON.match(comparison).groups()
    number = float(number)
    return {
        "<": value < number,
        "<=": value <= number,
        ">": value > number,
        ">=": value >= number,
        "==": value == number,
    }[operator]


def _mentions(text: str, phrases: list[str]) -> bool:
    lowered = text.lower()
    # A phrase matches at the start of a word, so "infect" finds "infection" but "ill" not "will".
    return any(re.search(r"(?<!\w)" + re.escape(phrase.lower()), lowered) for phrase in phrases)


def matches(when: When | None, view: TurnView) -> bool:
    if when is None:
        return True
    act = view.coding["act"]
    flags = {f["flag"] for f in view.coding["flags"]}
    state = view.state
    checks = (
        when.act is None or act in when.act,
        when.not_act is None or act not in when.not_act,
        when.flag is None or bool(flags & set(when.flag)),
        when.no_flag is None or not flags & set(when.no_flag),
        when.space is None or view.space == when.space,
        when.mentions is None or _mentions(view.text, when.mentions),
        when.state is None or all(_compare(state.values[k], c) for k, c in when.state.items()),
        when.stage is None or state.stage in when.stage,
        when.done is None or all(s in state.stages_done for s in when.done),
        when.not_done is None or not any(s in state.stages_done for s in when.not_done),
        when.revealed is None or all(c in state.revealed for c in when.revealed),
        when.not_revealed is None or not any(c in state.revealed for c in when.not_revealed),
        when.turn is None or _compare(state.turn, when.turn),
    )
    return all(checks)


NEGATIVE_KEYS = {"not_act", "no_flag", "not_done", "not_revealed"}


def _specificity(line: Line) -> int:
    """How well a line fits when it matches: the author's priority first, then how much it asks for."""
    score = 100 * line.priority
    if line.when is not None:
        for key, value in line.when.model_dump().items():
            if value is not None:
                score += 1 if key in NEGATIVE_KEYS else 2
    if line.level is not None:
        score += 3
    if line.stage is not None:
        score += 1
    return score


def space_judgement(coding: dict) -> str:
    """Whether a turn that answers a cue gives space for it or reduces it (VR-CoDES)."""
    return "provides" if coding.get("space_score", 0.0) >= 0.5 else "reduces"


def _rng(state: State, salt: str) -> random.Random:
    # Variety, not secrecy: a seeded generator is what makes a conversation replayable.
    return random.Random(f"{state.seed}:{state.turn}:{salt}")  # noqa: S311


def start(scenario: Scenario, *, level: str, seed: int) -> tuple[State, Reply]:
    behaviour = LEVEL_BEHAVIOUR[level]
    values = {}
    for name, variable in scenario.state.items():
        shift = behaviour.start_shift if variable.better == "lower" else -behaviour.start_shift
        values[name] = _clamp(variable.start + shift)
    state = State(level=level, seed=seed, values=values, stage=scenario.stages[0].id)
    opening = scenario.opening
    text = _rng(state, "opening").choice(opening.say)
    state.used["opening"] = 0
    state.last_cue = opening.cue
    return state, Reply(line_id="opening", text=text, cue=opening.cue, thought=opening.thought)


def _clamp(value: float) -> float:
    return round(min(STATE_MAX, max(STATE_MIN, value)), 2)


def _apply_rules(scenario: Scenario, view: TurnView) -> None:
    behaviour = LEVEL_BEHAVIOUR[view.state.level]
    for rule in scenario.rules:
        if not matches(rule.when, view):
            continue
        for name, change in rule.change.items():
            better = scenario.state[name].better
            towards_better = (change > 0) == (better == "higher")
            scaled = change * (behaviour.gains if towards_better else behaviour.losses)
            view.state.values[name] = _clamp(view.state.values[name] + scaled)


def _advance_stages(scenario: Scenario, view: TurnView) -> None:
    state = view.state
    completed_now = []
    for stage in scenario.stages:
        if stage.id not in state.stages_done and any(matches(when, view) for when in stage.done_when):
            state.stages_done[stage.id] = state.turn
            completed_now.append(stage.id)
    for rule in scenario.sequence:
        if rule.stage in completed_now:
            missing = [s for s in rule.requires if s not in state.stages_done]
            if missing:
                state.misses.append({"rule": rule.id, "turn": state.turn, "missing": missing})
    # The conversation is at the stage after the furthest one completed.
    done = [scenario.stage_index(s) for s in state.stages_done]
    if done:
        state.stage = scenario.stages[min(max(done) + 1, len(scenario.stages) - 1)].id


def _endings_in_force(scenario: Scenario, view: TurnView) -> list:
    endings = [ending for ending in scenario.endings if matches(ending.when, view)]
    if not endings and view.state.turn >= HARD_TURN_LIMIT:
        endings = [ending for ending in scenario.endings if ending.when.turn]
    return endings[:1]


def _choose_line(scenario: Scenario, view: TurnView) -> Line:
    state = view.state
    fitting = [
        line
        for line in scenario.lines
        if (line.stage is None or state.stage in line.stage)
        and (line.level is None or state.level in line.level)
        and (line.reveals is None or line.reveals not in state.revealed)
        and matches(line.when, view)
    ]
    unused = [line for line in fitting if line.id not in state.used]
    pool = unused or fitting
    if not unused:
        # Everything that fits has been said: repeat what was said longest ago.
        oldest = min(state.used[line.id] for line in pool)
        pool = [line for line in pool if state.used[line.id] == oldest]
    best = max(_specificity(line) for line in pool)
    candidates = sorted((line for line in pool if _specificity(line) == best), key=lambda line: line.id)
    return _rng(state, "line").choice(candidates)


def step(scenario: Scenario, state: State, text: str, coding: dict) -> tuple[State, Reply]:
    """One learner turn: move the state, advance the stages, and choose the reply.

    `coding` is the skill coder's result for `text` with the person's last line as context. The
    given state is not changed; a new one is returned.
    """
    if state.ended:
        raise ValueError("the conversation has ended")
    state = State.from_dict(_copy(state.to_dict()))
    state.turn += 1
    space = space_judgement(coding) if state.last_cue else None
    view = TurnView(text=text, coding=coding, space=space, state=state)
    _apply_rules(scenario, view)
    _advance_stages(scenario, view)

    for ending in _endings_in_force(scenario, view):
        state.ended = ending.id
        state.last_cue = None
        state.used[ending.id] = state.turn
        text = _rng(state, "ending").choice(ending.say)
        return state, Reply(
            line_id=ending.id, text=text, cue=None, thought=ending.thought, ending=ending.id, outcome=ending.outcome
        )

    line = _choose_line(scenario, view)
    state.used[line.id] = state.turn
    if line.reveals:
        state.revealed.append(line.reveals)
    state.last_cue = line.cue
    return state, Reply(
        line_id=line.id,
        text=_rng(state, "variant").choice(line.say),
        cue=line.cue,
        thought=line.thought,
        reveals=line.reveals,
    )


def _copy(data: dict) -> dict:
    return {k: (v.copy() if isinstance(v, dict | list) else v) for k, v in data.items()}
