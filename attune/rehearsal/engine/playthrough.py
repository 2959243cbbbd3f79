"""Scripted learners: play a list of turns against a scenario, for tests, checks and benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from attune.core.content import ContentError, ContentInvalid, parse_yaml
from attune.rehearsal.engine import engine
from attune.rehearsal.engine.scenario import Scenario


@dataclass
class PlayedTurn:
    text: str
    coding: dict
    reply: engine.Reply
    state: dict


@dataclass
class Played:
    opening: engine.Reply
    turns: list[PlayedTurn] = field(default_factory=list)
    state: engine.State | None = None


def load(path: Path) -> dict[str, list[str]]:
    data, lines = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    errors = []
    for name in ("skilled", "struggling"):
        turns = data.get(name) if isinstance(data, dict) else None
        if not isinstance(turns, list) or not turns or not all(isinstance(t, str) and t.strip() for t in turns):
            errors.append(ContentError(str(path), lines.line_of((name,)), name, "must be a list of learner turns"))
    if errors:
        raise ContentInvalid(errors)
    return {"skilled": data["skilled"], "struggling": data["struggling"]}


def play(scenario: Scenario, turns: list[str], *, coder, level: str, seed: int) -> Played:
    state, opening = engine.start(scenario, level=level, seed=seed)
    played = Played(opening=opening)
    prev = opening.text
    for text in turns:
        if state.ended:
            break
        coding = coder.code(text, prev)
        state, reply = engine.step(scenario, state, text, coding)
        played.turns.append(PlayedTurn(text=text, coding=coding, reply=reply, state=state.to_dict()))
        prev = reply.text
    played.state = state
    return played


def describe(scenario: Scenario, played: Played) -> str:
    out = [f"PERSON: {played.opening.text}"]
    for number, turn in enumerate(played.turns, 1):
        flags = ",".join(f["flag"] for f in turn.coding["flags"])
        values = " ".join(f"{k}={v:g}" for k, v in turn.state["values"].items())
        out.append(f"{number:>2} LEARNER [{turn.coding['act']}{' ' + flags if flags else ''}]: {turn.text}")
        cue = f" (cue: {turn.reply.cue})" if turn.reply.cue else ""
        out.append(f"   PERSON [{turn.reply.line_id}{cue}] {turn.reply.text}")
        out.append(f"   state: {values} | stage: {turn.state['stage']}")
    state = played.state
    out.append(f"ended: {state.ended} | stages done: {', '.join(state.stages_done) or 'none'}")
    out.append(f"misses: {[m['rule'] for m in state.misses]} | revealed: {state.revealed}")
    return "\n".join(out)
