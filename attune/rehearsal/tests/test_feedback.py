"""The debrief, computed from a played conversation."""

from attune.rehearsal.engine import engine, feedback
from attune.rehearsal.tests.conftest import coded


def turns_of(scenario, learner, *, level="standard"):
    state, opening = engine.start(scenario, level=level, seed=3)
    turns = [
        {
            "number": 0,
            "learner_text": "",
            "coding": None,
            "reply_text": opening.text,
            "reply_cue": opening.cue or "",
            "thought": opening.thought,
        }
    ]
    for number, (text, coding) in enumerate(learner, 1):
        state, reply = engine.step(scenario, state, text, coding)
        turns.append(
            {
                "number": number,
                "learner_text": text,
                "coding": coding,
                "reply_text": reply.text,
                "reply_cue": reply.cue or "",
                "thought": reply.thought,
            }
        )
    return state, turns


def test_it_quotes_the_learner_exactly_and_suggests_plain_words(small):
    typed = "  Your CRP is <high>, so it's an infection  "
    jargon = coded("information", ["jargon"])
    jargon["flags"][0]["alternatives"] = [{"span": [7, 10], "term": "CRP", "plain": "a blood test for infection"}]
    state, turns = turns_of(small, [("What do you know?", coded("open_question")), (typed, jargon)])
    report = feedback.debrief(small, state, turns)
    (item,) = [i for i in report["to_try"] if i["title"] == "Use plain words"]
    assert item["quote"] == typed
    assert item["suggestion"] == "  Your a blood test for infection is <high>, so it's an infection  "
    assert report["transcript"][2]["learner_text"] == typed


def test_it_reports_stages_misses_cues_and_ratios(small):
    state, turns = turns_of(
        small,
        [
            ("You've got an infection.", coded("information", space_score=0.1)),
            ("Is that okay?", coded("closed_question")),
            ("Are you working at the moment?", coded("closed_question")),
            ("What do you make of it?", coded("open_question")),
        ],
    )
    report = feedback.debrief(small, state, turns)
    assert [(s["id"], s["done"], s["turn"]) for s in report["stages"]] == [("perception", True, 4), ("news", True, 1)]
    assert report["misses"][0]["quote"] == "You've got an infection."
    assert report["cues"][0] == {
        "turn": 0,
        "kind": "emotion",
        "text": turns[0]["reply_text"],
        "response_turn": 1,
        "response": "You've got an infection.",
        "judgement": "reduces",
    }
    assert report["ratios"]["open_questions"] == 1
    assert report["ratios"]["closed_questions"] == 2
    assert report["ratios"]["open_share"] == 0.33
    titles = [item["title"] for item in report["to_try"]]
    assert titles == ["Check before you tell", "Ask more open questions"]
    assert report["to_try"][1]["suggestion"] == "What has this been like for you?"


def test_strengths_quote_the_turns_that_earned_them(small):
    state, turns = turns_of(
        small,
        [
            ("What do you know so far?", coded("open_question", space_score=0.9)),
            ("That sounds really frightening.", coded("empathy")),
        ],
    )
    report = feedback.debrief(small, state, turns)
    assert report["strengths"][0] == {
        "title": "You made space for a feeling",
        "why": "When they showed what they felt, you stayed with it.",
        "turn": 1,
        "quote": "What do you know so far?",
    }
    assert {s["quote"] for s in report["strengths"]} >= {"That sounds really frightening."}
    assert report["scores"]["stages"] == 0.5
