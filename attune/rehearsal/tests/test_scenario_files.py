"""The scenario schema: every shipped scenario loads, and broken files get precise errors."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from attune.core.content import ContentInvalid
from attune.rehearsal.engine.scenario import load_scenario, parse_scenario
from attune.rehearsal.tests.conftest import PLAYTHROUGHS

SCENARIOS = sorted((Path(settings.CONTENT_DIR) / "scenarios").glob("*.yaml"))


def errors_for(text):
    with pytest.raises(ContentInvalid) as caught:
        parse_scenario(text, "broken.yaml")
    return [str(e) for e in caught.value.errors]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_it_loads_every_shipped_scenario_with_enough_authored_lines(path):
    scenario = load_scenario(path)
    assert scenario.line_count >= 60
    assert (PLAYTHROUGHS / path.name).exists(), "every scenario needs a playthrough file"


def test_it_reports_a_yaml_syntax_error_with_its_line(small_text):
    broken = small_text.replace("minutes: 5", "minutes: 5: 6")
    (message,) = errors_for(broken)
    assert message.startswith("broken.yaml:6: not valid YAML")


def test_it_names_line_and_field_of_an_unknown_act(small_text):
    broken = small_text.replace("{act: [open_question]}", "{act: [open_quest]}")
    messages = errors_for(broken)
    assert any(m.startswith("broken.yaml:35: stages[0].done_when[0].act[0]: Input should be") for m in messages), (
        messages
    )


def test_it_names_a_missing_field(small_text):
    broken = small_text.replace("minutes: 5\n", "")
    assert "broken.yaml:1: minutes: this field is required but missing" in errors_for(broken)


def test_it_finds_references_to_stages_and_variables_that_do_not_exist(small_text):
    broken = small_text.replace("requires: [perception]", "requires: [perceptoin]").replace(
        "change: {trust: -2}", "change: {trsut: -2}"
    )
    messages = errors_for(broken)
    assert (
        "broken.yaml:44: sequence[0].requires[0]: there is no stage called 'perceptoin' (known: perception, news)"
        in messages
    )
    assert any(m.startswith("broken.yaml:30: rules[1].change.trsut: there is no state variable") for m in messages)


def test_it_requires_a_fallback_line_so_the_person_always_answers(small_text):
    broken = small_text.replace("  - id: default\n    say:", "  - id: default\n    when: {act: [empathy]}\n    say:")
    messages = errors_for(broken)
    assert any("stage 'perception' needs at least one line with no 'when'" in m for m in messages)


def test_it_refuses_a_key_written_twice_and_an_unexpected_field(small_text):
    assert any("appears twice" in m for m in errors_for(small_text.replace("minutes: 5", "minutes: 5\nminutes: 6")))
    messages = errors_for(small_text.replace("minutes: 5", "minutes: 5\nminuets: 6"))
    assert any(m.startswith("broken.yaml:7: minuets: this field is not expected here") for m in messages)


def test_it_requires_the_id_to_match_the_file_name(tmp_path, small_text):
    path = tmp_path / "other-name.yaml"
    path.write_text(small_text)
    with pytest.raises(ContentInvalid) as caught:
        load_scenario(path)
    assert "must match the file name 'other-name'" in str(caught.value)


def test_check_content_names_file_line_and_field(tmp_path, small_text, settings):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "small.yaml").write_text(small_text.replace("{act: [open_question]}", "{act: [nope]}"))
    settings.CONTENT_DIR = tmp_path
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("check_content", stderr=stderr)
    assert "small.yaml:35: stages[0].done_when[0].act[0]: Input should be" in stderr.getvalue()


def test_the_engine_imports_no_django():
    code = (
        "import sys; import attune.rehearsal.engine.engine, attune.rehearsal.engine.feedback, "
        "attune.rehearsal.engine.counterpart, attune.rehearsal.engine.playthrough; "
        "print('django' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
