"""The engine as a pure state machine: rules, stages, sequence misses, line choice, levels, determinism."""

from attune.rehearsal.engine import engine
from attune.rehearsal.tests.conftest import coded


def play(scenario, turns, *, level="standard", seed=1):
    state, opening = engine.start(scenario, level=level, seed=seed)
    replies = [opening]
    for text, coding in turns:
        state, reply = engine.step(scenario, state, text, coding)
        replies.append(reply)
    return state, replies


def test_it_moves_state_by_the_rules(small):
    state, _ = play(small, [("That sounds frightening.", coded("empathy"))])
    assert state.values == {"trust": 7.0, "distress": 4.0}


def test_it_marks_stages_and_moves_to_the_stage_after_the_furthest_done(small):
    state, _ = play(small, [("What do you know so far?", coded("open_question"))])
    assert state.stages_done == {"perception": 1}
    assert state.stage == "news"


def test_giving_the_news_before_perception_is_a_hard_miss(small):
    state, _ = play(small, [("You have an infection.", coded("information"))])
    assert state.misses == [{"rule": "news-first", "turn": 1, "missing": ["perception"]}]
    asked_first, _ = play(
        small,
        [("What do you know so far?", coded("open_question")), ("The test shows an infection.", coded("information"))],
    )
    assert asked_first.misses == []


def test_it_reveals_a_hidden_concern_only_once_trust_is_earned(small):
    state, replies = play(small, [("Hmm.", coded("other"))])
    assert "job" not in state.revealed
    state, replies = play(small, [("That sounds frightening.", coded("empathy"))])
    assert state.revealed == ["job"]
    assert replies[-1].cue == "concern"


def test_it_ends_when_an_ending_holds(small):
    state, replies = play(
        small,
        [
            ("That sounds frightening.", coded("empathy")),
            ("What do you know?", coded("open_question")),
            ("It shows an infection, and you sound really worried.", coded("empathy")),
        ],
    )
    assert state.ended == "agreed"
    assert replies[-1].outcome == "agreement"


def test_every_conversation_reaches_its_turn_limit(small):
    state, replies = play(small, [("Okay.", coded("other"))] * 6)
    assert state.ended == "time"


def test_it_judges_space_after_a_cue(small):
    # The opening carries a cue; a turn that gives space moves nothing here but is recorded as such.
    state, _ = engine.start(small, level="standard", seed=1)
    assert state.last_cue == "emotion"
    assert engine.space_judgement(coded(space_score=0.8)) == "provides"
    assert engine.space_judgement(coded(space_score=0.2)) == "reduces"


def test_the_same_seed_and_turns_give_the_same_conversation(small):
    turns = [("Okay.", coded("other"))] * 4
    first = play(small, turns, seed=7)
    second = play(small, turns, seed=7)
    assert [r.text for r in first[1]] == [r.text for r in second[1]]
    assert first[0] == second[0]


def test_different_seeds_give_replays_that_differ(small):
    turns = [("Okay.", coded("other"))] * 4
    texts = {tuple(r.text for r in play(small, turns, seed=seed)[1]) for seed in range(10)}
    assert len(texts) > 1


def test_difficulty_changes_behaviour_not_only_lines(small):
    turns = [("That sounds frightening.", coded("empathy")), ("Use the CRP.", coded("information", ["jargon"]))]
    gentle, _ = play(small, turns, level="gentle")
    challenging, replies = play(small, turns, level="challenging")
    assert gentle.values["trust"] > challenging.values["trust"]
    # The challenging person starts further away and is slower to trust...
    assert challenging.revealed == [] and gentle.revealed == ["job"]
    # ...and speaks their own lines.
    assert replies[1].line_id == "curt"


def test_step_does_not_change_the_state_it_was_given(small):
    state, _ = engine.start(small, level="standard", seed=1)
    before = state.to_dict()
    engine.step(small, state, "That sounds frightening.", coded("empathy"))
    assert state.to_dict() == before


def test_state_survives_a_round_trip_through_json(small):
    import json

    state, _ = play(small, [("What do you know so far?", coded("open_question"))])
    assert engine.State.from_dict(json.loads(json.dumps(state.to_dict()))) == state
