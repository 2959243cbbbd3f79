"""A learner reads a module and passes its knowledge check in a real browser."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from attune.core.tests.test_browser import chromium, heading, page, sign_in  # noqa: F401 - fixtures
from attune.learning.modules import load_module
from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SLUG = "what-is-relational-practice"


def choose(page, question, answer):  # noqa: F811 - the page fixture
    # NHS.UK radios are styled labels over hidden inputs: a person clicks the label.
    page.get_by_role("group", name=question).locator("label", has_text=answer).click()
    expect(page.get_by_role("group", name=question).get_by_label(answer, exact=True)).to_be_checked()


def test_a_learner_reads_a_module_and_passes_its_check(page, world):  # noqa: F811 - the page fixture
    module = load_module(Path(settings.CONTENT_DIR) / "modules" / f"{SLUG}.md")
    sign_in(page, world.learner.email, PASSWORD)
    page.get_by_role("link", name="Learn", exact=True).first.click()
    page.get_by_role("link", name=module.title).click()
    page.get_by_role("link", name="Start").click()
    for section in module.sections:
        expect(heading(page)).to_have_text(section.heading)
        page.get_by_role("link", name="Next").click()
    expect(heading(page)).to_have_text("Knowledge check")

    # First try: every answer wrong, and feedback on each.
    for question in module.meta.check.questions:
        wrong = next(o for o in question.options if not o.correct)
        choose(page, question.question, wrong.text)
    page.get_by_role("button", name="Check my answers").click()
    expect(heading(page)).to_have_text(f"You got 0 of {len(module.meta.check.questions)}")
    expect(page.get_by_text("Not passed yet")).to_be_visible()

    page.get_by_role("link", name="try again").click()
    for question in module.meta.check.questions:
        right = question.options[question.correct_index]
        choose(page, question.question, right.text)
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_text("This module is complete and is in your learning record.")).to_be_visible()
    page.goto("/learn/my-learning/")
    expect(page.get_by_role("link", name=module.title)).to_be_visible()
    assert page.evaluate("window.__cspViolations") == []
