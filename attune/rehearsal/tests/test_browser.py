"""A learner plays a conversation to its debrief in a real browser, with htmx doing the turns."""

import pytest
from playwright.sync_api import expect

from attune.core.tests.test_browser import chromium, heading, page, sign_in  # noqa: F401 - fixtures
from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_learner_plays_a_conversation_to_its_debrief(page, world):  # noqa: F811 - the page fixture
    sign_in(page, world.learner.email, PASSWORD)
    page.get_by_role("link", name="Practise", exact=True).first.click()
    expect(heading(page)).to_have_text("Practise a conversation")
    page.get_by_role("link", name="A first conversation: a grandmother waiting for news").click()
    page.get_by_label("Standard: as the scenario was written").check()
    page.get_by_role("button", name="Start the conversation").click()
    expect(heading(page)).to_have_text("A first conversation: a grandmother waiting for news")
    address = page.url

    turns = [
        "Hello, my name's Sam, I'm one of the nurses. Would it be okay if I sat with you for a minute?",
        "How are you doing, waiting here for Kai?",
    ]
    for number, text in enumerate(turns, 1):
        page.get_by_label("What do you say?").fill(text)
        page.get_by_role("button", name="Say it").click()
        # htmx swaps the conversation in place: the page does not navigate, and the box is ready again.
        expect(page.locator(".attune-turn--learner")).to_have_count(number)
        expect(page.get_by_label("What do you say?")).to_have_value("")
        assert page.url == address
    expect(page.locator(".attune-turn--learner").last).to_contain_text("waiting here for Kai?")
    expect(page.locator("#coaching")).to_contain_text("open question")

    page.get_by_role("button", name="End and get feedback").click()
    expect(page.get_by_role("heading", level=2, name="What went well")).to_be_visible()
    expect(page.locator("#turn-2")).to_contain_text("How are you doing, waiting here for Kai?")
    expect(page.locator("#turn-2")).to_contain_text("Open question")
    expect(page.get_by_text("Thinking:").first).to_be_visible()
    assert page.evaluate("window.__cspViolations") == []

    # Try turn 2 again: back in a conversation that keeps turn 1.
    page.get_by_role("button", name="Try turn 2 again").click()
    expect(page.locator(".attune-turn--learner")).to_have_count(1)
