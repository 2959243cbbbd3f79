import textwrap
from pathlib import Path

import pytest

from attune.rehearsal.engine.scenario import parse_scenario

PLAYTHROUGHS = Path(__file__).parent / "playthroughs"

# A small but complete scenario: two stages, a sequence rule, a hidden concern, level lines, endings.
SMALL = textwrap.dedent(
    """\
    id: small
    title: A small scenario
    summary: Tell Jo the test result.
    setting: general
    difficulty: standard
    minutes: 5
    framework: spikes
    skills: [giving_news]
    learner:
      role: A nurse.
      brief: Jo is waiting for a result.
    person:
      name: Jo
      relation: a patient
      known: [The result shows an infection.]
      concerns:
        - id: job
          text: Jo is afraid of losing their job.
      demeanour:
        gentle: Chatty.
        standard: Quiet.
        challenging: Curt.
    state:
      trust: {start: 5, label: Trust, better: higher}
      distress: {start: 5, label: Distress, better: lower}
    rules:
      - when: {act: [empathy, complex_reflection]}
        change: {trust: 2, distress: -1}
      - when: {flag: [jargon]}
        change: {trust: -2}
    stages:
      - id: perception
        name: Perception
        teaches: Ask what they know.
        done_when: {act: [open_question]}
      - id: news
        name: The news
        teaches: Say it plainly.
        done_when:
          - {mentions: ["infection"]}
    sequence:
      - id: news-first
        stage: news
        requires: [perception]
        message: You gave the news before asking what Jo knew.
    opening:
      say: ["Hello.", "Hi there."]
      thought: Nervous.
      cue: emotion
    lines:
      - id: default
        say: ["Go on.", "Okay.", "Right."]
        thought: Waiting.
      - id: curt
        level: [challenging]
        say: ["Just tell me."]
        thought: Impatient.
      - id: job
        when: {state: {trust: ">=7"}}
        reveals: job
        say: ["I'm scared about work."]
        thought: Relieved to say it.
        cue: concern
    endings:
      - id: agreed
        when: {done: [news], state: {trust: ">=8"}}
        outcome: agreement
        say: ["Thank you."]
        thought: Held.
        summary: Jo felt held.
      - id: time
        when: {turn: ">=6"}
        outcome: time_up
        say: ["I have to go."]
        thought: Tired.
        summary: Time ran out.
    debrief:
      points: [Ask first., Then tell.]
      references: [Baile et al. (2000).]
    """
)


@pytest.fixture
def small_text():
    return SMALL


@pytest.fixture
def small():
    return parse_scenario(SMALL, "small.yaml")


def coded(act="other", flags=(), space_score=0.5):
    """A skill coder result with just the fields the engine reads."""
    return {
        "act": act,
        "flags": [{"flag": f, "score": 0.9, "spans": []} for f in flags],
        "space_score": space_score,
        "explanation": f"Coded as {act}.",
    }
