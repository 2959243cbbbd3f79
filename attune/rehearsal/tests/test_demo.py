import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from attune.accounts.models import User
from attune.rehearsal.models import Conversation


@pytest.mark.django_db
def test_the_demo_has_practice_to_show_and_seeding_again_adds_none():
    call_command("seed_demo")
    conversations = Conversation.objects.count()
    call_command("seed_demo")
    assert Conversation.objects.count() == conversations == 5
    sam = User.objects.get(email="sam.nurse@demo.attune.example")
    assert Conversation.objects.filter(learner=sam, shared_with__slug="demo-nhs-trust").count() == 1
    client = Client()
    client.force_login(sam)
    latest = Conversation.objects.filter(learner=sam).order_by("-started_at").first()
    page = client.get(reverse("rehearsal:debrief", args=[latest.pk])).content.decode()
    assert "(this one)" in page


@pytest.mark.django_db
def test_the_demo_has_training_sessions_with_a_waiting_list():
    from attune.learning.models import Booking, TrainingSession

    call_command("seed_demo")
    call_command("seed_demo")
    assert TrainingSession.objects.count() == 2
    assert Booking.objects.filter(status="waiting").count() == 1


@pytest.mark.django_db
def test_the_demo_journal_has_an_entry_shared_with_the_supervisor():
    from attune.reflection.models import EntryShare, JournalEntry

    call_command("seed_demo")
    call_command("seed_demo")
    assert JournalEntry.objects.count() == 2
    assert EntryShare.objects.get().supervisor.email == "tom.supervisor@demo.attune.example"


@pytest.mark.django_db
def test_the_demo_has_supervision_and_a_reflective_group_once():
    from attune.reflection.models import GroupSeries, SupervisionAgreement

    call_command("seed_demo")
    call_command("seed_demo")
    assert SupervisionAgreement.objects.get().status == "agreed"
    assert GroupSeries.objects.get().sessions.count() == 6
