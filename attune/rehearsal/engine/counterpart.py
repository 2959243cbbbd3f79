"""Who speaks the other person's lines.

The engine always chooses the line (and with it the cue, the inner thought and the state change), so
the conversation's structure, the feedback and the debrief are the same whichever backend speaks.
`Scripted` says the authored line as written. `Generative` asks an OpenAI-compatible chat endpoint
that the organisation runs to say that line in the person's own voice, given the conversation so far;
any failure raises `CounterpartError` and the caller falls back to the authored line.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from attune.rehearsal.engine.engine import Reply, State
from attune.rehearsal.engine.scenario import Scenario

MAX_REPLY_CHARS = 600
HISTORY_MESSAGES = 12


class CounterpartError(Exception):
    """The generative backend gave no usable reply."""


class Scripted:
    name = "scripted"

    def voice(self, scenario: Scenario, state: State, reply: Reply, history: list[tuple[str, str]]) -> str:
        return reply.text


def persona_prompt(scenario: Scenario, state: State) -> str:
    person = scenario.person
    feelings = ", ".join(
        f"{variable.label.lower()}: {state.values[name]:.0f} out of 10" for name, variable in scenario.state.items()
    )
    return "\n".join(
        [
            f"You are {person.name}, {person.relation}, in a practice conversation for health and social care staff.",
            f"The situation: {scenario.summary}",
            f"The other person is {scenario.learner.role.rstrip('.')}.",
            f"How you behave: {person.demeanour[state.level]}",
            f"How you feel right now ({feelings}).",
            "Stay in character. Speak as this person would, in plain everyday English, in one to three short",
            "sentences. Never mention that this is a simulation, never give advice about communication skills,",
            "and never add facts that change the situation.",
        ]
    )


@dataclass
class Generative:
    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 8.0
    name: str = "generative"

    def messages(self, scenario: Scenario, state: State, reply: Reply, history: list[tuple[str, str]]) -> list[dict]:
        messages = [{"role": "system", "content": persona_prompt(scenario, state)}]
        for speaker, text in history[-HISTORY_MESSAGES:]:
            messages.append({"role": "assistant" if speaker == "person" else "user", "content": text})
        messages.append(
            {
                "role": "system",
                "content": f"Your next reply must say this, in your own words and no longer: {reply.text}",
            }
        )
        return messages

    def voice(self, scenario: Scenario, state: State, reply: Reply, history: list[tuple[str, str]]) -> str:
        body = json.dumps(
            {
                "model": self.model,
                "messages": self.messages(scenario, state, reply, history),
                "max_tokens": 160,
                "temperature": 0.7,
            }
        ).encode()
        if not self.base_url.startswith(("http://", "https://")):
            raise CounterpartError("the endpoint address must start with http:// or https://")
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            self.base_url.rstrip("/") + "/chat/completions",
            data=body,
            headers={
                "Content-Type": "application/json",
                **({"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}),
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - the organisation's own endpoint
                data = json.loads(response.read(1_000_000))
            text = data["choices"][0]["message"]["content"]
        except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError, TypeError) as error:
            raise CounterpartError(f"{type(error).__name__}: {error}") from error
        if not isinstance(text, str) or not text.strip():
            raise CounterpartError("the endpoint returned an empty reply")
        return text.strip()[:MAX_REPLY_CHARS]
