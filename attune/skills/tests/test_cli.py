"""The command-line contract that other tools rely on."""

import json
import subprocess
import sys

import pytest

from attune.skills import __main__ as cli


def run(stdin: str, *args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "attune.skills", "code", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.fixture(scope="module")
def coded():
    lines = [
        json.dumps({"id": 1, "text": "What have the doctors told you so far?", "prev": "Nobody tells us anything."}),
        "this is not json",
        json.dumps({"id": "b", "prev": "no text here"}),
        json.dumps({"id": 3, "text": "I'm so sorry.", "prev": None}),
        json.dumps([1, 2]),
        json.dumps({"id": 5, "text": "Okay.", "prev": 7}),
        json.dumps({"id": 6, "text": "The transfer team comes at four."}),
    ]
    result = run("\n".join(lines) + "\n")
    return result, [json.loads(line) for line in result.stdout.splitlines()]


def test_it_writes_one_line_per_input_line_in_order(coded):
    result, out = coded
    assert result.returncode == 0
    assert [o.get("id") for o in out] == [1, None, "b", 3, None, 5, 6]


def test_good_lines_carry_the_documented_fields(coded):
    _, out = coded
    first = out[0]
    assert first["act"] in first["act_scores"]
    # Spelt out rather than taken from the taxonomy: other tools depend on these exact names.
    assert set(first["act_scores"]) == {
        "open_question",
        "closed_question",
        "simple_reflection",
        "complex_reflection",
        "empathy",
        "information",
        "advice",
        "other",
    }
    assert abs(sum(first["act_scores"].values()) - 1) < 0.01
    assert isinstance(first["explanation"], str) and first["explanation"].endswith(".")
    for flag in out[3]["flags"]:
        assert set(flag) >= {"flag", "score", "spans"}
    apology = next(f for f in out[3]["flags"] if f["flag"] == "apology")
    assert apology["score"] >= 0.9
    assert apology["spans"] == [[0, 12]]


def test_bad_lines_get_an_error_and_processing_goes_on(coded):
    _, out = coded
    assert out[1] == {"id": None, "error": "not valid JSON: Expecting value at column 1"}
    assert out[2] == {"id": "b", "error": 'missing "text" (a string)'}
    assert out[4] == {"id": None, "error": "each line must be a JSON object"}
    assert out[5] == {"id": 5, "error": '"prev" must be a string when given'}
    assert out[6]["act"] in out[6]["act_scores"]


def test_it_reads_a_file(tmp_path):
    path = tmp_path / "turns.jsonl"
    path.write_text(json.dumps({"id": "f", "text": "How are you feeling today?"}) + "\n")
    result = run("", str(path))
    assert result.returncode == 0
    assert json.loads(result.stdout)["id"] == "f"


def test_an_unreadable_input_is_the_only_failure(tmp_path):
    result = run("", str(tmp_path / "missing.jsonl"))
    assert result.returncode == 1
    assert "cannot read" in result.stderr
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage\n")
    result = run("", str(binary))
    assert result.returncode == 1
    assert "not UTF-8" in result.stderr


def test_a_missing_model_names_the_make_target(monkeypatch, tmp_path, capsys):
    from attune.skills import coder

    monkeypatch.setattr(coder, "WEIGHTS", tmp_path / "nowhere.zip")
    monkeypatch.setattr(coder.SkillCoder.__init__, "__defaults__", (tmp_path / "nowhere.zip", coder.METADATA))
    assert cli.main(["code", str(tmp_path / "x.jsonl")]) == 2
    assert "make train-skills" in capsys.readouterr().err


def test_thousands_of_lines_are_coded_in_batches(monkeypatch):
    """The coder is called once per chunk of lines, not once per line."""
    calls = []

    class CountingCoder:
        def code_many(self, turns):
            calls.append(len(turns))
            return [{"act": "other"} for _ in turns]

    lines = [json.dumps({"id": i, "text": f"line {i}"}) for i in range(3000)]
    out = list(cli.code_lines(lines, CountingCoder()))
    assert [o["id"] for o in out] == list(range(3000))
    assert calls == [1024, 1024, 952]
