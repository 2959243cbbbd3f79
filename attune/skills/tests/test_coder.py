import pytest

from attune.skills.coder import MAX_CHARS, SkillCoder
from attune.skills.model import ModelFileMissing


@pytest.fixture(scope="module")
def coder():
    return SkillCoder().load()


def test_the_same_input_always_gives_the_same_output(coder):
    turns = [("What's worrying you most?", "I don't know what to think any more."), ("Okay.", "")]
    assert coder.code_many(turns) == coder.code_many(turns)
    assert coder.code_many(turns)[0] == coder.code(*turns[0])


def test_batching_does_not_change_results(coder):
    turns = [(f"Tell me more about {w}.", "It's been hard.") for w in ("feeding", "sleep", "the transfer")]
    assert coder.code_many(turns, batch_size=1) == coder.code_many(turns, batch_size=64)


def test_a_very_long_input_is_truncated_and_says_so(coder):
    result = coder.code("How are you? " * 800)
    assert len("How are you? " * 800) >= 10_000
    assert any(str(MAX_CHARS) in note for note in result["notes"])


def test_empty_text_is_other_with_a_note(coder):
    for text in ("", "   \n"):
        result = coder.code(text, "I'm scared.")
        assert result["act"] == "other"
        assert result["notes"] == ["The text was empty, so it is coded as other."]


def test_non_english_text_is_coded_with_low_confidence(coder):
    result = coder.code("Je suis vraiment désolée pour ce qui est arrivé à votre bébé cette nuit.")
    assert max(result["act_scores"].values()) < 0.5
    assert any("English" in note for note in result["notes"])


def test_jargon_comes_with_its_plain_alternative(coder):
    text = "We'll need to put in a cannula and do some bloods."
    result = coder.code(text)
    (jargon,) = [f for f in result["flags"] if f["flag"] == "jargon"]
    assert [a["term"] for a in jargon["alternatives"]] == ["cannula", "bloods"]
    assert [text[s:e] for s, e in jargon["spans"]] == ["cannula", "bloods"]
    assert "cannula" in result["explanation"]


def test_a_cue_gets_a_space_judgement_and_no_cue_gets_none(coder):
    cued = coder.code("Let's look at the feeding chart.", "I keep thinking I did this to her.")
    assert cued["cue"] is True
    assert cued["space"]["judgement"] == "reduces"
    explored = coder.code("What makes you think it was you?", "I keep thinking I did this to her.")
    assert explored["space"]["judgement"] == "provides"
    plain = coder.code("The feed is at two o'clock.", "")
    assert plain["cue"] is False and plain["space"] is None


def test_a_missing_model_file_names_the_make_target(tmp_path):
    with pytest.raises(ModelFileMissing, match="make train-skills"):
        SkillCoder(weights=tmp_path / "coder.npz").load()


def test_the_cue_classifier_sees_only_the_previous_line():
    from attune.skills.features import PREV_HAND_FEATURES, hand_features

    empty_prev = hand_features("What happened?", "")
    worried_prev = hand_features("What happened?", "I'm so scared, is she going to be okay?")
    prev_empty, prev_question, prev_emotion = PREV_HAND_FEATURES
    assert (empty_prev[prev_empty], worried_prev[prev_empty]) == (1.0, 0.0)
    assert (empty_prev[prev_question], worried_prev[prev_question]) == (0.0, 1.0)
    assert worried_prev[prev_emotion] > empty_prev[prev_emotion]
    # Changing the turn itself leaves those features alone.
    other_turn = hand_features("Okay.", "I'm so scared, is she going to be okay?")
    assert [other_turn[i] for i in PREV_HAND_FEATURES] == [worried_prev[i] for i in PREV_HAND_FEATURES]
