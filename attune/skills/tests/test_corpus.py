"""The corpus meets its own rules: valid lines, enough examples of every code, a fixed split."""

import json
from collections import Counter

import pytest

from attune.skills import corpus
from attune.skills.taxonomy import ACTS, FLAGS


@pytest.fixture(scope="module")
def examples():
    return corpus.load()


def test_every_line_is_valid_and_ids_are_unique(examples):
    assert len(examples) == len({e.id for e in examples})


def test_it_has_enough_examples_of_every_act_and_flag(examples):
    assert len(examples) >= 3000
    acts = Counter(e.act for e in examples)
    flags = Counter(f for e in examples for f in e.flags)
    assert {a: acts[a] for a in ACTS if acts[a] < 200} == {}
    assert {f: flags[f] for f in FLAGS if flags[f] < 80} == {}


def test_the_test_split_is_by_conversation_and_at_least_a_fifth(examples):
    test = [e for e in examples if e.split == "test"]
    assert len(test) / len(examples) >= 0.2
    by_conversation = {}
    for e in examples:
        by_conversation.setdefault(e.conversation, set()).add(e.split)
    assert all(len(splits) == 1 for splits in by_conversation.values())


def test_the_split_depends_only_on_the_conversation_id():
    assert corpus.split_of("neo-001") == corpus.split_of("neo-001")
    shares = Counter(corpus.split_of(f"x-{i:04d}") for i in range(4000))
    assert 0.19 < shares["test"] / 4000 < 0.25


def test_the_validator_explains_bad_lines(tmp_path):
    path = tmp_path / "bad.jsonl"
    good = {
        "id": "t-001-01",
        "conversation": "t-001",
        "setting": "neonatal",
        "voice": "nurse",
        "register": "plain",
        "prev": "",
        "text": "Hello.",
        "act": "other",
        "flags": [],
        "cue": False,
        "space": None,
    }
    path.write_text(
        "\n".join(
            [
                json.dumps(good),
                "{broken",
                json.dumps(good | {"id": "t-001-02", "act": "lecture"}),
                json.dumps(good | {"id": "t-001-03", "cue": True}),
                json.dumps(good | {"id": "t-001-04", "flags": ["apology", "apology"]}),
            ]
        )
    )
    examples, problems = corpus.read_file(path)
    assert len(examples) == 1
    assert problems[0].startswith("bad.jsonl:2: not valid JSON")
    assert "bad.jsonl:3: act 'lecture' is not one of" in problems[1]
    assert problems[2] == "bad.jsonl:4: space must be 'provides' or 'reduces' when cue is true"
    assert problems[3] == "bad.jsonl:5: a flag is listed twice"
