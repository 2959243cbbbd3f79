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
    expect(page.get_by_role("table")).to_contain_text(module.title)
    expect(page.get_by_role("button", name=f"Get certificate for {module.title}")).to_be_visible()
    assert page.evaluate("window.__cspViolations") == []


def test_a_learner_books_a_session_and_a_second_joins_the_waiting_list(page, world):  # noqa: F811
    from datetime import timedelta

    from django.utils import timezone

    from attune.learning.models import TrainingSession

    now = timezone.now()
    TrainingSession.objects.create(
        organisation=world.trust, facilitator=world.facilitator, title="Giving difficult news: practice day",
        description="Practise SPIKES with actors.", mode="in_person", venue="Education Centre",
        starts_at=now + timedelta(days=10), ends_at=now + timedelta(days=10, hours=6), capacity=1,
        booking_deadline=now + timedelta(days=8), cpd_hours=6,
    )  # fmt: skip
    sign_in(page, world.learner.email, PASSWORD)
    page.goto("/learn/")
    page.get_by_role("link", name="Live training sessions").click()
    page.get_by_role("link", name="Giving difficult news: practice day").click()
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("Your place is booked.")).to_be_visible()
    expect(page.get_by_role("link", name="Add it to your calendar")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, world.lead.email, PASSWORD)
    page.goto("/learn/sessions/")
    page.get_by_role("link", name="Giving difficult news: practice day").click()
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_text("You are number 1 on the waiting list.")).to_be_visible()
    assert page.evaluate("window.__cspViolations") == []
