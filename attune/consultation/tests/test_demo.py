import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from attune.accounts.models import User
from attune.consultation.models import Campaign, Consultation


@pytest.mark.django_db
def test_the_demo_has_a_consultation_with_a_survey_report_themes_and_change(settings):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Consultation.objects.count() == 1 and Campaign.objects.count() == 2
    repeat = Campaign.objects.get(repeats__isnull=False)
    grace = User.objects.get(email="grace.lead@demo.attune.example")
    client = Client()
    client.force_login(grace)  # a team lead: no second factor needed
    report = client.get(reverse("consultation:campaign_report", args=[repeat.pk])).content.decode()
    assert "Change since Team climate across the trust, spring" in report
    assert "Ten protected minutes for questions" in report  # the agreed actions beside the change
    spring = client.get(reverse("consultation:campaign_report", args=[repeat.repeats.pk])).content.decode()
    assert "comments)" in spring  # comments in themes
    team = client.get(reverse("consultation:team_report", args=[repeat.pk, repeat.consultation.team.pk]))
    assert "How the team answered each question" in team.content.decode()
