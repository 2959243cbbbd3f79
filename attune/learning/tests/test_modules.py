"""Module files: every shipped module is valid and complete; broken ones get precise errors."""

from pathlib import Path

import pytest
from django.conf import settings

from attune.core.content import ContentInvalid
from attune.learning.modules import load_module, parse_module, render_markdown, validate_file

MODULES = sorted((Path(settings.CONTENT_DIR) / "modules").glob("*.md"))
SCENARIOS = {p.stem for p in (Path(settings.CONTENT_DIR) / "scenarios").glob("*.yaml")}


def errors_for(text):
    with pytest.raises(ContentInvalid) as caught:
        parse_module(text, "broken.md", "broken")
    return [str(e) for e in caught.value.errors]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_every_shipped_module_is_valid_and_links_real_scenarios(path):
    assert validate_file(path, SCENARIOS) == []
    module = load_module(path)
    words = sum(len(s.markdown.split()) for s in module.sections)
    assert 350 <= words <= 1400, f"{path.name} has {words} words: a module takes 5 to 10 minutes"
    assert module.meta.scenarios, "every module links the practice scenarios that exercise it"


def test_there_are_at_least_twelve_modules_in_a_clear_order():
    modules = [load_module(p) for p in MODULES]
    assert len(modules) >= 12
    orders = [m.meta.order for m in modules]
    assert len(orders) == len(set(orders))


def test_broken_front_matter_names_the_file_and_line(module_text):
    (message,) = errors_for(module_text.replace("minutes: 5", "minutes: [5"))
    assert message.startswith("broken.md:6: not valid YAML")
    assert errors_for(module_text.replace("---\ntitle", "title", 1))[0] == (
        "broken.md:1: the file must start with a line of three dashes (---)"
    )


def test_a_check_needs_exactly_one_right_answer_and_a_reachable_pass_mark(module_text):
    messages = errors_for(module_text.replace("{text: B, feedback: Not B.}", "{text: B, correct: true, feedback: B.}"))
    assert "broken.md:13: check.questions[0]: exactly one option must be marked 'correct: true'" in messages
    messages = errors_for(module_text.replace("pass_mark: 2", "pass_mark: 4"))
    assert any("pass_mark is 4 but there are only 3 questions" in m for m in messages)


def test_a_missing_field_and_an_unknown_topic_are_named(module_text):
    messages = errors_for(module_text.replace("reflection: Think about it.\n", "").replace("foundations", "nope"))
    assert "broken.md:2: reflection: this field is required but missing" in messages
    assert any(m.startswith("broken.md:6: topic: Input should be 'foundations'") for m in messages)


def test_the_body_needs_sections(module_text):
    body_start = module_text.index("## First part")
    messages = errors_for(module_text[:body_start] + "Just one paragraph.\n")
    assert any("the body must start with a section heading" in m for m in messages)
    assert any("at least two '## ' sections" in m for m in messages)


def test_a_link_to_a_scenario_that_does_not_exist_is_reported(tmp_path, module_text):
    path = tmp_path / "small.md"
    path.write_text(module_text.replace("[first-conversation]", "[no-such-scenario]"))
    (error,) = validate_file(path, SCENARIOS)
    assert "there is no practice scenario called 'no-such-scenario'" in str(error)


def test_markdown_is_rendered_without_raw_html_or_unsafe_links():
    html = render_markdown(
        "Hi <script>alert(1)</script> [x](javascript:alert(1)) [y](https://example.org)\n\n| a |\n|---|\n| 1 |"
    )
    assert "<script>" not in html
    assert 'href="javascript' not in html
    assert '<a href="https://example.org" rel="noopener noreferrer">y</a>' in html
    assert '<th scope="col">a</th>' in html


def test_marking_gives_feedback_on_every_answer(module_text):
    module = parse_module(module_text, "small.md", "small")
    marked = module.mark({"one": 0, "two": 1, "three": None})
    assert [r.correct for r in marked.results] == [True, False, False]
    assert [r.feedback for r in marked.results] == ["Yes, A.", "Not D.", "You did not answer this question."]
    assert marked.score == 1 and not marked.passed
    assert module.mark({"one": 0, "two": 0, "three": 5}).passed is True
