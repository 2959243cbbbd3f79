"""Answering a survey through a personal link, then reading the report, in a real browser."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from attune.core.tests.test_browser import chromium, heading, page, sign_in  # noqa: F401 - fixtures
from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_answers_anonymously_and_the_lead_reads_the_report(page, world, settings, mailoutbox):  # noqa: F811
    import re

    from django.utils import timezone

    from attune.consultation import campaigns
    from attune.consultation.models import SurveyResponse

    settings.ATTUNE_MIN_GROUP_SIZE = 3
    campaign = campaigns.campaign_start(
        organisation=world.trust, created_by=world.lead, title="Neonatal climate",
        instrument_path=django_settings.CONTENT_DIR / "instruments" / "wellbeing-check.yaml",
        teams=[world.neonatal], closes_at=timezone.now() + timedelta(days=7),
    )  # fmt: skip
    for value in (3, 4):
        SurveyResponse.objects.create(
            campaign=campaign, team=world.neonatal,
            answers={"coping": value, "energy": value, "rest": value, "connected": value, "worn_out": 3},
        )  # fmt: skip
    token = re.search(r"/survey/([\w-]+)/", [m for m in mailoutbox if m.to == [world.learner.email]][0].body).group(1)

    page.goto(f"/survey/{token}/")
    expect(heading(page)).to_have_text("Neonatal climate")
    for question, answer in [
        ("1. Over the last two weeks I have felt able to cope with what work asked of me.", "Often"),
        ("2. I have had energy left for life outside work.", "Sometimes"),
        ("3. I have been able to rest between shifts.", "Often"),
        ("4. I have felt connected to the people I work with.", "Always"),
    ]:
        page.get_by_role("group", name=question).locator("label", has_text=answer).click()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Your answers are in.")).to_be_visible()
    # One answer waits until more come in or the survey closes; reading the report after the close
    # adds it to the results.
    campaign.closes_at = timezone.now()
    campaign.save()

    sign_in(page, world.lead.email, PASSWORD)
    page.goto(f"/consult/surveys/{campaign.pk}/report/")
    expect(heading(page)).to_have_text("Neonatal climate")
    # Scores 0 to 100: the two stored answers score 50 and 70, the browser's (4, 3, 4, 5) scores 75.
    row = page.get_by_role("table").first.locator("tr", has_text="Wellbeing")
    expect(row).to_contain_text("65.00")
    assert page.evaluate("window.__cspViolations") == []
