"""Every scenario, played by a skilled and a struggling learner with the real skill coder, ends differently."""

from pathlib import Path

import pytest
from django.conf import settings

from attune.rehearsal.engine import feedback, playthrough
from attune.rehearsal.engine.scenario import load_scenario
from attune.rehearsal.tests.conftest import PLAYTHROUGHS
from attune.skills.coder import SkillCoder

SCENARIOS = sorted((Path(settings.CONTENT_DIR) / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module")
def coder():
    return SkillCoder().load()


def wellbeing(scenario, state) -> float:
    """The mean of the state variables, each turned so that higher is better for the person."""
    values = [
        state.values[name] if variable.better == "higher" else 10 - state.values[name]
        for name, variable in scenario.state.items()
    ]
    return sum(values) / len(values)


def report_of(scenario, played):
    turns = [
        {
            "number": 0,
            "learner_text": "",
            "coding": None,
            "reply_text": played.opening.text,
            "reply_cue": played.opening.cue or "",
            "thought": played.opening.thought,
        }
    ]
    for number, turn in enumerate(played.turns, 1):
        turns.append(
            {
                "number": number,
                "learner_text": turn.text,
                "coding": turn.coding,
                "reply_text": turn.reply.text,
                "reply_cue": turn.reply.cue or "",
                "thought": turn.reply.thought,
            }
        )
    return feedback.debrief(scenario, played.state, turns)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_skilled_and_struggling_playthroughs_end_differently(path, coder):
    scenario = load_scenario(path)
    learners = playthrough.load(PLAYTHROUGHS / path.name)
    skilled = playthrough.play(scenario, learners["skilled"], coder=coder, level=scenario.difficulty, seed=1)
    struggling = playthrough.play(scenario, learners["struggling"], coder=coder, level=scenario.difficulty, seed=1)

    # State: the person is better off with the skilled learner.
    assert wellbeing(scenario, skilled.state) > wellbeing(scenario, struggling.state) + 1
    # Stages: the skilled learner covers more of the framework, with no hard miss.
    assert len(skilled.state.stages_done) > len(struggling.state.stages_done)
    assert skilled.state.misses == []
    # Feedback: more strengths for the skilled learner, more to try for the struggling one.
    skilled_report, struggling_report = report_of(scenario, skilled), report_of(scenario, struggling)
    assert len(skilled_report["strengths"]) > len(struggling_report["strengths"]) or len(
        struggling_report["to_try"]
    ) > len(skilled_report["to_try"])
    # A skilled learner reaches a good ending; a struggling one does not.
    assert skilled_report["ending"] and skilled_report["ending"]["outcome"] == "agreement"
    assert not struggling_report["ending"] or struggling_report["ending"]["outcome"] != "agreement"
