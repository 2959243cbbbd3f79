"""The debrief: what went well, what to try, stages, cues and ratios, from a played conversation.

Input is the scenario, the final state and the turns as saved: dicts with `number`, `learner_text`,
`coding`, `reply_text`, `reply_cue`, `thought` (number 0 is the person's opening, with no learner
text). Every quotation is the learner's own text, exactly as typed.
"""

from __future__ import annotations

import re

from attune.rehearsal.engine.engine import State, space_judgement
from attune.rehearsal.engine.scenario import Scenario
from attune.skills.taxonomy import ACTS

ACT_LABELS = {
    "open_question": "Open question",
    "closed_question": "Closed question",
    "simple_reflection": "Simple reflection",
    "complex_reflection": "Complex reflection",
    "empathy": "Empathy",
    "information": "Information",
    "advice": "Advice",
    "other": "Other",
}
FLAG_LABELS = {
    "warning_shot": "Warning shot",
    "asks_permission": "Asks permission",
    "checks_understanding": "Checks understanding",
    "summary": "Summary",
    "affirmation": "Affirmation",
    "apology": "Apology",
    "explores_feelings": "Explores feelings",
    "jargon": "Jargon",
    "premature_reassurance": "Premature reassurance",
    "minimising": "Minimising",
    "blocking": "Blocking",
    "blame": "Blame",
}
CAUTION_FLAGS = {"jargon", "premature_reassurance", "minimising", "blocking", "blame"}
QUESTIONS = {"open_question", "closed_question"}
REFLECTIONS = {"simple_reflection", "complex_reflection"}

# What went well, in order of how much it tends to matter to the other person.
STRENGTHS = [
    ("space", "You made space for a feeling", "When they showed what they felt, you stayed with it."),
    ("complex_reflection", "You reflected the meaning", "You said back what lay beneath their words."),
    ("empathy", "You responded with empathy", "You named, understood or supported what they feel."),
    ("warning_shot", "You prepared them for the news", "A warning shot gives people a moment to brace."),
    ("checks_understanding", "You checked what they understood", "Checking shows what has landed and what has not."),
    ("explores_feelings", "You asked about their feelings", "Asking invites them to say what is hardest."),
    ("asks_permission", "You asked permission", "Asking first keeps them in control."),
    ("summary", "You summarised", "A summary shows you heard and gathers the threads."),
    ("open_question", "You asked open questions", "Open questions let people tell it their way."),
    ("simple_reflection", "You showed you heard", "Saying back what they said tells them you are listening."),
    ("affirmation", "You recognised their efforts", "Recognising strengths builds trust."),
]


def _snippet(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def plain_rewrite(text: str, coding: dict) -> str:
    """The learner's sentence with each jargon term replaced by the lexicon's plain words."""
    flag = next((f for f in coding.get("flags", []) if f["flag"] == "jargon"), None)
    if not flag:
        return text
    out = text
    for alternative in sorted(flag.get("alternatives", []), key=lambda a: a["span"][0], reverse=True):
        start, end = alternative["span"]
        out = out[:start] + alternative["plain"] + out[end:]
    return out


def _open_version(text: str) -> str:
    """A gentle open rewording of a closed question, for the 'try' list."""
    lowered = text.lower().strip()
    if re.match(r"^(are|is) (you|things) (ok|okay|all right|alright|fine)", lowered):
        return "How are you doing with all of this?"
    if re.match(r"^(do|did) you (understand|follow|have any questions)", lowered):
        return "What questions do you have so far?"
    if re.match(r"^(do|did|does|is|are|was|were|have|has|can|could|would|will) ", lowered):
        return "What has this been like for you?"
    return "Tell me more about that."


def _reflection_of(cue_text: str) -> str:
    words = _snippet(cue_text, 80).rstrip(".!?…")
    return f"You said “{words}”. That sounds really hard. Can you tell me more?"


def debrief(scenario: Scenario, state: State, turns: list[dict]) -> dict:
    learner_turns = [t for t in turns if t["number"] > 0 and t.get("coding")]
    cautions = CAUTION_FLAGS if scenario.jargon_matters else CAUTION_FLAGS - {"jargon"}
    by_number = {t["number"]: t for t in turns}

    stages = [
        {
            "id": stage.id,
            "name": stage.name,
            "teaches": stage.teaches,
            "done": stage.id in state.stages_done,
            "turn": state.stages_done.get(stage.id),
        }
        for stage in scenario.stages
    ]
    rules = {rule.id: rule for rule in scenario.sequence}
    misses = [
        {
            "rule": miss["rule"],
            "turn": miss["turn"],
            "message": rules[miss["rule"]].message if miss["rule"] in rules else "",
            "quote": by_number[miss["turn"]]["learner_text"] if miss["turn"] in by_number else "",
        }
        for miss in state.misses
    ]

    cues = []
    for turn in turns:
        if not turn.get("reply_cue"):
            continue
        answer = by_number.get(turn["number"] + 1)
        judgement = space_judgement(answer["coding"]) if answer and answer.get("coding") else None
        cues.append(
            {
                "turn": turn["number"],
                "kind": turn["reply_cue"],
                "text": turn["reply_text"],
                "response_turn": answer["number"] if judgement else None,
                "response": answer["learner_text"] if judgement else "",
                "judgement": judgement,
            }
        )

    acts = [t["coding"]["act"] for t in learner_turns]
    counts = {act: acts.count(act) for act in ACTS}
    questions = sum(counts[a] for a in QUESTIONS)
    reflections = sum(counts[a] for a in REFLECTIONS)
    learner_words = sum(len(t["learner_text"].split()) for t in learner_turns)
    person_words = sum(len(t["reply_text"].split()) for t in turns)
    answered = [c for c in cues if c["judgement"]]
    ratios = {
        "open_questions": counts["open_question"],
        "closed_questions": counts["closed_question"],
        "open_share": round(counts["open_question"] / questions, 2) if questions else None,
        "reflections": reflections,
        "reflections_per_question": round(reflections / questions, 2) if questions else None,
        "talk_share": round(learner_words / (learner_words + person_words), 2) if learner_words else 0.0,
        "cues_given_space": sum(c["judgement"] == "provides" for c in answered),
        "cues_answered": len(answered),
    }

    transcript = [
        {
            "number": t["number"],
            "learner_text": t["learner_text"],
            "act": t["coding"]["act"] if t.get("coding") else None,
            "act_label": ACT_LABELS.get(t["coding"]["act"]) if t.get("coding") else None,
            "flags": [
                {"flag": f["flag"], "label": FLAG_LABELS[f["flag"]], "caution": f["flag"] in cautions}
                for f in (t["coding"]["flags"] if t.get("coding") else [])
            ],
            "explanation": t["coding"]["explanation"] if t.get("coding") else "",
            "reply_text": t["reply_text"],
            "reply_cue": t.get("reply_cue") or "",
            "thought": t["thought"],
            "feelings": [
                {"label": variable.label, "value": round(t["state"]["values"][name])}
                for name, variable in scenario.state.items()
                if t.get("state") and name in t["state"].get("values", {})
            ],
        }
        for t in turns
    ]

    covered = sum(s["done"] for s in stages)
    return {
        "stages": stages,
        "misses": misses,
        "cues": cues,
        "ratios": ratios,
        "strengths": strengths(learner_turns, cues),
        "to_try": things_to_try(learner_turns, cues, misses, ratios, plain_words=scenario.jargon_matters),
        "transcript": transcript,
        "revealed": [c.text for c in scenario.person.concerns if c.id in state.revealed],
        "hidden": [c.text for c in scenario.person.concerns if c.id not in state.revealed],
        "ending": _ending(scenario, state),
        "points": scenario.debrief.points,
        "references": scenario.debrief.references,
        "scores": {
            "stages": round(covered / len(stages), 2),
            "space": round(ratios["cues_given_space"] / len(answered), 2) if answered else None,
            "reflections_per_question": ratios["reflections_per_question"],
        },
    }


def _ending(scenario: Scenario, state: State) -> dict | None:
    for ending in scenario.endings:
        if ending.id == state.ended:
            return {"id": ending.id, "outcome": ending.outcome, "summary": ending.summary}
    return None


def strengths(learner_turns: list[dict], cues: list[dict], limit: int = 3) -> list[dict]:
    found = []
    for key, title, why in STRENGTHS:
        if key == "space":
            cue = next((c for c in cues if c["judgement"] == "provides"), None)
            turn = next((t for t in learner_turns if cue and t["number"] == cue["response_turn"]), None)
        else:
            turn = next(
                (
                    t
                    for t in learner_turns
                    if t["coding"]["act"] == key
                    and not {f["flag"] for f in t["coding"]["flags"]} & CAUTION_FLAGS
                    or key in {f["flag"] for f in t["coding"]["flags"]}
                ),
                None,
            )
        if turn and all(item["turn"] != turn["number"] for item in found):
            found.append({"title": title, "why": why, "turn": turn["number"], "quote": turn["learner_text"]})
        if len(found) == limit:
            break
    return found


def things_to_try(
    learner_turns: list[dict], cues: list[dict], misses: list[dict], ratios: dict, *, plain_words=True, limit: int = 3
):
    found = []

    def add(title, turn, quote, suggestion, why):
        if len(found) < limit and all(item["turn"] != turn for item in found):
            found.append({"title": title, "turn": turn, "quote": quote, "suggestion": suggestion, "why": why})

    for miss in misses:
        add("Check before you tell", miss["turn"], miss["quote"], "", miss["message"])
    for turn in learner_turns:
        flags = {f["flag"] for f in turn["coding"]["flags"]}
        text = turn["learner_text"]
        if "premature_reassurance" in flags:
            add(
                "Hear the worry before reassuring",
                turn["number"],
                text,
                "It sounds like you are really frightened about what might happen. What worries you most?",
                "Reassurance given before the worry is heard can feel like being brushed aside.",
            )
        elif "blame" in flags:
            add(
                "Describe, don't blame",
                turn["number"],
                text,
                "Can we talk about what happened? I'd like to understand how it looked from where you were.",
                "Blame makes people defend themselves instead of thinking together.",
            )
        elif "minimising" in flags:
            add(
                "Acknowledge how big it is for them",
                turn["number"],
                text,
                "This is a lot to take in, and it matters so much to you.",
                "Making something sound small can leave a person feeling foolish for caring.",
            )
        elif "jargon" in flags and plain_words:
            add(
                "Use plain words",
                turn["number"],
                text,
                plain_rewrite(text, turn["coding"]),
                "People under stress take in plain words far more easily than clinical terms.",
            )
    for cue in cues:
        if cue["judgement"] == "reduces":
            add(
                "Stay with the feeling",
                cue["response_turn"],
                cue["response"],
                _reflection_of(cue["text"]),
                f"Just before this they said “{_snippet(cue['text'], 100)}”, and the conversation moved on.",
            )
    if ratios["closed_questions"] > max(1, ratios["open_questions"]):
        turn = next(t for t in learner_turns if t["coding"]["act"] == "closed_question")
        add(
            "Ask more open questions",
            turn["number"],
            turn["learner_text"],
            _open_version(turn["learner_text"]),
            "Most of your questions could be answered in a word; open ones invite the person's own story.",
        )
    return found
