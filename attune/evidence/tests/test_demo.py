import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from attune.accounts.models import User
from attune.evidence import outcomes
from attune.evidence.models import Programme


@pytest.mark.django_db
def test_the_demo_programme_shows_change_and_asks_sam_for_the_end_answers():
    call_command("seed_demo")
    call_command("seed_demo")
    programme = Programme.objects.get()
    assert programme.participants.count() == 10
    client = Client()
    sam = User.objects.get(email="sam.nurse@demo.attune.example")
    client.force_login(sam)
    assert "A few questions for your programme" in client.get("/").content.decode()
    result = outcomes.programme_outcome(programme)
    confidence = next(m for m in result.measures if m.measure.instrument_id == "hard-conversations-confidence")
    change = confidence.subscales[0].changes[0]
    assert change.paired is not None and change.paired.n == 8 and change.paired.mean_difference > 0
    assert result.climate  # the demo's two climate surveys, before and after
    assert result.summary["learning"] and result.summary["behaviour"] and result.summary["results"]
    client.force_login(User.objects.get(email="grace.lead@demo.attune.example"))
    page = client.get(reverse("evidence:mine", args=[programme.pk])).content.decode()
    assert "At the end" in page and "Not answered" in page  # no follow-up yet
